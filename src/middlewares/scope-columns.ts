import { SCOPE_COLUMNS } from '../jurisdiction/scope';

const HIDDEN = new Set<string>(SCOPE_COLUMNS);

/** Removes the scope columns from a response body, at any depth, in place. */
export function stripScopeColumns(value: unknown, depth = 0): void {
  if (depth > 12 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) stripScopeColumns(v, depth + 1);
    return;
  }
  if (Buffer.isBuffer(value) || typeof (value as any).pipe === 'function') return;
  for (const key of Object.keys(value)) {
    if (HIDDEN.has(key)) delete (value as any)[key];
    else stripScopeColumns((value as any)[key], depth + 1);
  }
}

/**
 * The scope columns are the kernel's bookkeeping, never part of an answer: a custom
 * controller that returns a row as stored (an export job, say) must not show them.
 * One server middleware for every content-API response, not a rule each controller keeps.
 */
export const hideScopeColumns = () => async (ctx: any, next: () => Promise<void>) => {
  await next();
  if (ctx.path.startsWith('/api/') && ctx.body && typeof ctx.body === 'object') stripScopeColumns(ctx.body);
};
