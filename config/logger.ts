import { winston, formats } from '@strapi/logger';

// STRAPI_LOG_LEVEL=error keeps test output to what matters.
export default {
  level: process.env.STRAPI_LOG_LEVEL ?? 'http',
  format: formats.prettyPrint(),
  transports: [new winston.transports.Console()],
};
