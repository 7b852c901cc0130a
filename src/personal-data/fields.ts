/** Module personal-data/: ID numbers, phones, masking, disclosure, encryption at rest and keyed look-ups. Imports: Strapi, Node crypto, constants, jurisdiction/current and its own files (id-number.ts, phone.ts: nothing). */
import { maskIdNumber, maskPhone } from './mask';

/**
 * Personal data is found by TYPE, never by attribute name: a schema attribute carries
 * `pluginOptions.fangtiao.personal` ('id-number' | 'phone'), and a case type's form field
 * has type 'id-number' or 'phone'. Masking, audit and the query guard all ask here.
 */
export type PersonalKind = 'id-number' | 'phone';

export const MASKS: Record<PersonalKind, (v: string) => string> = { 'id-number': maskIdNumber, phone: maskPhone };

type Attr = { type: string; target?: string; component?: string; pluginOptions?: any };
type Model = { attributes: Record<string, Attr> };
export type ModelOf = (uid: string) => Model | undefined;
type Obj = Record<string, any>;

export function personalKindOf(attr: Attr | undefined): PersonalKind | null {
  const kind = attr?.pluginOptions?.fangtiao?.personal;
  return kind === 'id-number' || kind === 'phone' ? kind : null;
}

/** The personal fields of a case type's form schema: field key → kind. */
export function personalFormKeys(
  formSchema: { fields?: Array<{ key?: string; type?: string }> } | null | undefined,
): Record<string, PersonalKind> {
  const out: Record<string, PersonalKind> = {};
  for (const f of formSchema?.fields ?? []) if (f.key && (f.type === 'id-number' || f.type === 'phone')) out[f.key] = f.type;
  return out;
}

/** A document found in a response: its model, the record, and whether it hangs under another one. */
export type FoundDoc = { uid: string; doc: Obj; nested: boolean };

/** Every document (object with a documentId) in a response record, the record first. */
export function documentsIn(modelOf: ModelOf, uid: string, record: unknown, nested = false, out: FoundDoc[] = []): FoundDoc[] {
  if (Array.isArray(record)) {
    for (const r of record) documentsIn(modelOf, uid, r, nested, out);
    return out;
  }
  if (!record || typeof record !== 'object') return out;
  const doc = record as Obj;
  if (doc.documentId) out.push({ uid, doc, nested });
  walkOwn(modelOf, uid, doc, (attr, key, holder) => {
    if (attr.type === 'relation' && attr.target && holder[key]) documentsIn(modelOf, attr.target, holder[key], true, out);
  });
  return out;
}

/**
 * The attributes a walk can care about — relations, components and personal fields — per
 * model, computed once: a list page's rows are walked on every request, and most of a
 * model's attributes are plain fields no caller here looks at.
 */
const walked = new WeakMap<Model, Array<[string, Attr]>>();
function walkedAttributes(model: Model): Array<[string, Attr]> {
  let list = walked.get(model);
  if (!list) {
    list = Object.entries(model.attributes).filter(([, a]) => a.type === 'relation' || a.type === 'component' || personalKindOf(a));
    walked.set(model, list);
  }
  return list;
}

/**
 * Calls `visit` for each relation and personal attribute present in the record and in its
 * components (not across relations).
 */
function walkOwn(modelOf: ModelOf, uid: string, record: Obj, visit: (attr: Attr, key: string, holder: Obj) => void) {
  const model = modelOf(uid);
  if (!model) return;
  for (const [key, attr] of walkedAttributes(model)) {
    if (!(key in record)) continue;
    if (attr.type === 'component' && attr.component && record[key]) {
      const items = Array.isArray(record[key]) ? record[key] : [record[key]];
      for (const item of items) if (item && typeof item === 'object') walkOwn(modelOf, attr.component, item, visit);
    } else visit(attr, key, record);
  }
}

/**
 * Whether the document's own fields (its components and, given its form's kinds, its
 * form data) hold personal data, and masks them when `mask` is set.
 */
export function ownPersonalData(
  modelOf: ModelOf,
  uid: string,
  doc: Obj,
  formKinds: Record<string, PersonalKind> | undefined,
  mask: boolean,
): boolean {
  let found = false;
  walkOwn(modelOf, uid, doc, (attr, key, holder) => {
    const kind = personalKindOf(attr);
    if (kind && typeof holder[key] === 'string' && holder[key]) {
      found = true;
      if (mask) holder[key] = MASKS[kind](holder[key]);
    }
  });
  if (formKinds && doc.formData && typeof doc.formData === 'object') {
    if (maskForm(doc.formData, formKinds, mask)) found = true;
  }
  return found;
}

/** Masks (when asked) the personal fields of form data by their kinds; whether any held a value. */
export function maskForm(data: Obj, kinds: Record<string, PersonalKind>, mask = true): boolean {
  let found = false;
  for (const [key, kind] of Object.entries(kinds)) {
    if (typeof data[key] === 'string' && data[key]) {
      found = true;
      if (mask) data[key] = MASKS[kind](data[key]);
    }
  }
  return found;
}
