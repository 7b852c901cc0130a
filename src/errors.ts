import createError from 'http-errors';
import { errors } from '@strapi/utils';
import type { Refusal } from './case-flow/refusal';
import { throwIfInvalid } from './validation';

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

/**
 * Throws a refusal of the rules (see case-flow/refusal.ts) as its HTTP error: 409 and 403 with
 * the reason, 400 naming each field at fault (`pathOf` maps a field to its path in the body).
 */
export function refuse(plan: Refusal, pathOf: (field: string) => (string | number)[] = (f) => f.split('.')): never {
  if (plan.status === 409) throw conflict(plan.reason);
  if (plan.status === 403) throw forbidden(plan.reason);
  const fields = plan.fields ?? (plan.field ? [plan.field] : []);
  throwIfInvalid(
    fields.length ? fields.map((f) => ({ path: pathOf(f), message: plan.reason })) : [{ path: ['action'], message: plan.reason }],
  );
  throw new errors.ValidationError(plan.reason);
}
