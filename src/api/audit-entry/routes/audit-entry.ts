// The audit log has no content-API routes at all: it is read in the admin panel and
// written only by the audit service.
export default { type: 'content-api', routes: [] };
