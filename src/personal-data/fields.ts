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

export function hasPersonalData(record: unknown): boolean {
  return !holders(record).next().done;
}

/** Masks every personal field in place. */
export function maskRecord(record: unknown): void {
  for (const o of holders(record)) {
    for (const [k, mask] of Object.entries(PERSONAL_FIELDS)) if (typeof o[k] === 'string' && o[k]) o[k] = mask(o[k]);
  }
}
