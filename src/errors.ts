import createError from 'http-errors';

/**
 * 409 Conflict: the move is not allowed now (the flow, a window, a clash). Strapi's own
 * errors have no 409, so this is an http-errors HttpError, which Strapi's error
 * middleware formats like its own ({ data: null, error: { status, name, message, details } }).
 */
export function conflict(message: string, details?: Record<string, unknown>) {
  return createError(409, message, { name: 'ConflictError', details });
}

/**
 * 403 with the reason. Strapi's authorisation step turns its own ForbiddenError into a bare
 * "Forbidden"; an http-errors 403 keeps the message for the user.
 */
export function forbidden(message: string) {
  return createError(403, message, { name: 'ForbiddenError' });
}
