// Written and read through the petition's own routes (/api/petitions/:id/...), inside its jurisdiction.
export default { type: 'content-api', routes: [] };
