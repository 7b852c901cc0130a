/**
 * A move the rules refuse, with the HTTP status it is answered with and the fields at fault.
 * One shape for the petition flow, credit flags and hearings: the rules build it (pure),
 * the Strapi side throws it (`refuse` in src/errors.ts).
 */
export type Refusal = {
  ok: false;
  status: 400 | 403 | 409;
  reason: string;
  /** The first field at fault (400). */
  field?: string;
  /** All fields at fault (400). */
  fields?: string[];
};

/** The refusal of a move; `fields` name the inputs at fault (the first is also `field`). */
export function refusal(status: Refusal['status'], reason: string, fields?: string[]): Refusal {
  return fields && fields.length ? { ok: false, status, reason, field: fields[0], fields } : { ok: false, status, reason };
}
