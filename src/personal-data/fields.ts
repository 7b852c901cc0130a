import { maskIdNumber, maskPhone } from './mask';

/** Personal-data fields inside a record, by path. Only these are masked and audited. */
export const PERSONAL_FIELDS: Record<string, (v: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
};

type Obj = Record<string, any>;

/** Visits every object nested in a record (components, repeatables) holding personal fields. */
function* holders(value: unknown): Generator<Obj> {
  if (Array.isArray(value)) {
    for (const v of value) yield* holders(v);
  } else if (value && typeof value === 'object') {
    const o = value as Obj;
    if (Object.keys(PERSONAL_FIELDS).some((k) => typeof o[k] === 'string' && o[k])) yield o;
    for (const v of Object.values(o)) if (v && typeof v === 'object') yield* holders(v);
  }
}

const PERSONAL_KEYS = Object.keys(PERSONAL_FIELDS);

/**
 * Whether any object nested in the record holds a personal field. The same walk as
 * holders(), without a generator: it runs on every row of every list response.
 */
export function hasPersonalData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPersonalData);
  if (!value || typeof value !== 'object') return false;
  const o = value as Obj;
  for (const k of PERSONAL_KEYS) if (typeof o[k] === 'string' && o[k]) return true;
  for (const v of Object.values(o)) if (v && typeof v === 'object' && hasPersonalData(v)) return true;
  return false;
}

/** Masks every personal field in place. */
export function maskRecord(record: unknown): void {
  for (const o of holders(record)) {
    for (const [k, mask] of Object.entries(PERSONAL_FIELDS)) if (typeof o[k] === 'string' && o[k]) o[k] = mask(o[k]);
  }
}
