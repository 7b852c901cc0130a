import { factories } from '@strapi/strapi';

// No content-API routes are registered: the audit log is browsed in the admin panel only.
export default factories.createCoreController('api::audit-entry.audit-entry');
