// Versions are written by the case-type service and read with their petitions; no routes of their own.
export default { type: 'content-api', routes: [] };
