import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'img-src': ["'self'", 'data:', 'blob:'],
          // The desk previews an attachment's PDF in a frame on the fetched file (attachments.js).
          'frame-src': ["'self'", 'blob:'],
          'script-src': ["'self'", "'unsafe-inline'"],
        },
      },
    },
  },
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Uploaded files' temporary copies are removed however the request ends (src/middlewares/multipart-cleanup.ts).
  'global::multipart-cleanup',
  // Bodies are bounded here, and what is in them by global::input-limits (README "Input limits");
  // the parser is ours, built once (src/middlewares/body-parser.ts, installed in src/index.ts register).
  { name: 'strapi::body', config: { jsonLimit: '512kb', formLimit: '512kb', textLimit: '256kb' } },
  'global::input-limits',
  'strapi::session',
  'strapi::favicon',
  'global::private-uploads',
  'strapi::public',
];

export default config;
