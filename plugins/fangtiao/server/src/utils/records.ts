import { SCOPE_COLUMNS } from '@fangtiao/kernel/pure';

/**
 * Deletes the scope columns (the jurisdiction's bookkeeping, never shown) from a record about
 * to be returned, in place, and returns it. Unary, so `rows.map(strip)` works.
 */
export function strip<T>(record: T): T {
  if (record && typeof record === 'object') for (const k of SCOPE_COLUMNS) delete (record as Record<string, unknown>)[k];
  return record;
}

/** A `strip` that also deletes a module's own internal keys (trigger keys, batch ids…). */
export function stripping(internal: readonly string[]) {
  return <T>(record: T): T => {
    if (record && typeof record === 'object') for (const k of internal) delete (record as Record<string, unknown>)[k];
    return strip(record);
  };
}
