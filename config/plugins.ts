import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  fangtiao: {
    enabled: true,
    resolve: './plugins/fangtiao',
  },
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET'),
      jwt: { expiresIn: '12h' },
      register: { allowedFields: [] },
    },
  },
  upload: {
    config: {
      sizeLimit: 20 * 1024 * 1024,
      security: {
        allowedTypes: ['image/*', 'application/pdf', 'text/plain', 'text/csv'],
        deniedTypes: ['image/svg+xml', 'application/x-msdownload', 'application/x-sh'],
      },
    },
  },
});

export default config;
