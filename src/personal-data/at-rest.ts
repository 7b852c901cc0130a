import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { decrypt, encrypt, encryptedUnder, currentKeyId, isEncrypted, lookupHash } from './cipher';
import { idNumberProblem } from './id-number';
import { isValidPhone, normalisePhone } from './phone';
import { personalKindOf, type PersonalKind } from './fields';

/**
 * Where personal data is encrypted: in the query engine's own field conversion, the one
 * place every read and write of a column passes — the document service, `strapi.db.query`,
 * populate of components and relations alike. Strapi converts each scalar column with the
 * field its `createField(attribute)` returns; for attributes marked personal (by type, see
 * fields.ts) it returns ours, which encrypts on the way in and decrypts on the way out.
 * A JSON attribute marked `formData` encrypts the ID and phone numbers inside it.
 * Raw SQL (knex) sees ciphertext: that is the point.
 */

export const hashOf = (kind: PersonalKind, value: string) => lookupHash(kind === 'phone' ? normalisePhone(value) : value);
/** The keyed hash of an e-mail address (the petitioner's page logs in by it): case-folded, in its own namespace. */
export const emailHash = (email: string) => lookupHash(`email:${email.trim().toLowerCase()}`);
/** The hash attribute beside a personal attribute (`idNumber` → `idNumberHash`). */
export const hashAttribute = (attr: string) => `${attr}Hash`;

const looksPersonal = (v: string) => (v.length === 18 && !idNumberProblem(v)) || isValidPhone(v);

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

const personalField = {
  toDB: (value: unknown) =>
    value === null || value === undefined || value === '' ? value : isEncrypted(value) ? value : encrypt(String(value)),
  fromDB: (value: unknown) => (typeof value === 'string' ? decrypt(value) : value),
};

function formDataField(json: { toDB(v: unknown): unknown; fromDB(v: unknown): unknown }) {
  return {
    toDB: (value: unknown) => json.toDB(mapStrings(value, (s) => (!isEncrypted(s) && looksPersonal(s) ? encrypt(s) : s))),
    fromDB: (value: unknown) => mapStrings(json.fromDB(value), (s) => (isEncrypted(s) ? decrypt(s) : s)),
  };
}

let patched = false;
/** Makes the query engine's field conversion honour our marks (once per process). */
function patchFieldConversion() {
  if (patched) return;
  patched = true;
  const fields = require('@strapi/database/dist/fields/index.js');
  const original = fields.createField;
  let formField: ReturnType<typeof formDataField> | null = null;
  fields.createField = (attribute: any) => {
    if (attribute?.fangtiaoPersonal) return personalField;
    if (attribute?.fangtiaoFormData) return (formField ??= formDataField(original({ type: 'json' })));
    return original(attribute);
  };
}

/** The personal attributes of every model (content types and components), by type. */
function personalAttributes(strapi: Core.Strapi): Array<{ uid: string; attr: string; kind: PersonalKind }> {
  const out: Array<{ uid: string; attr: string; kind: PersonalKind }> = [];
  const models = { ...strapi.contentTypes, ...strapi.components } as Record<string, any>;
  for (const [uid, model] of Object.entries(models)) {
    for (const [attr, a] of Object.entries<any>(model.attributes ?? {})) {
      const kind = personalKindOf(a);
      if (kind) out.push({ uid, attr, kind });
    }
  }
  return out;
}

function groupByModel(personal: Array<{ uid: string; attr: string; kind: PersonalKind }>) {
  const byModel = new Map<string, Array<{ attr: string; kind: PersonalKind }>>();
  for (const p of personal) byModel.set(p.uid, [...(byModel.get(p.uid) ?? []), p]);
  return byModel;
}

/** Marks the database metadata, keeps the lookup hashes in step on every write, and migrates what is stored. */
export async function protectPersonalData(strapi: Core.Strapi) {
  patchFieldConversion();
  const personal = personalAttributes(strapi);
  for (const { uid, attr, kind } of personal) {
    const meta: any = strapi.db.metadata.get(uid as any);
    meta.attributes[attr].fangtiaoPersonal = kind;
    if (!meta.attributes[hashAttribute(attr)])
      throw new Error(`${uid}.${attr} is personal data but has no ${hashAttribute(attr)} attribute for lookups`);
  }
  (strapi.db.metadata.get(UID.petition as any).attributes as any).formData.fangtiaoFormData = true;

  const byModel = groupByModel(personal);
  const stamp = (data: any, uid: string) => {
    if (!data || typeof data !== 'object') return;
    for (const { attr, kind } of byModel.get(uid) ?? []) {
      if (!(attr in data)) continue;
      const v = data[attr];
      data[hashAttribute(attr)] = typeof v === 'string' && v && !isEncrypted(v) ? hashOf(kind, v) : v ? data[hashAttribute(attr)] : null;
    }
  };
  strapi.db.lifecycles.subscribe({
    models: [...byModel.keys()],
    beforeCreate: (e: any) => stamp(e.params.data, e.model.uid),
    beforeUpdate: (e: any) => stamp(e.params.data, e.model.uid),
    beforeCreateMany: (e: any) =>
      (Array.isArray(e.params.data) ? e.params.data : [e.params.data]).forEach((d: any) => stamp(d, e.model.uid)),
    beforeUpdateMany: (e: any) => stamp(e.params.data, e.model.uid),
  } as any);

  await reencryptStored(strapi, byModel);
}

/**
 * Encrypts what is stored in clear or under an older key, and rehashes it, in batches.
 * Runs at every start (cheap when nothing is left: one indexed count per column) and is
 * what `npm run pii:rotate` runs after a new key is put first in FANGTIAO_PII_KEYS.
 */
export async function reencryptStored(strapi: Core.Strapi, byModel?: Map<string, Array<{ attr: string; kind: PersonalKind }>>) {
  const knex = strapi.db.connection;
  const current = `enc:${currentKeyId()}:%`;
  let changed = 0;
  const models = byModel ?? groupByModel(personalAttributes(strapi));
  for (const [uid, attrs] of models) {
    const meta: any = strapi.db.metadata.get(uid as any);
    for (;;) {
      const q = knex(meta.tableName).select('id').limit(500);
      q.where((w: any) => {
        for (const { attr } of attrs) {
          const c = meta.attributes[attr].columnName ?? attr;
          w.orWhere((x: any) => x.whereNotNull(c).andWhere(c, '<>', '').andWhere(c, 'not like', current));
        }
      });
      const ids = (await q).map((r: any) => r.id);
      if (!ids.length) break;
      for (const id of ids) {
        const row: any = await strapi.db.query(uid as any).findOne({ where: { id }, select: attrs.map((a) => a.attr) });
        await strapi.db.query(uid as any).update({ where: { id }, data: Object.fromEntries(attrs.map((a) => [a.attr, row[a.attr]])) });
        changed += 1;
      }
    }
  }
  // Form data has no column to ask with LIKE, so its rows are read once per key: after a full
  // pass under the current key every write has gone through the field conversion, and the
  // start skips it (not a hot path then, whatever the number of petitions).
  const store = strapi.store({ type: 'plugin', name: 'fangtiao', key: 'pii-at-rest' });
  const done: any = await store.get();
  if (done?.formDataKey === currentKeyId()) {
    if (changed) strapi.log.info(`[personal data] encrypted or re-encrypted ${changed} stored records under key ${currentKeyId()}`);
    return changed;
  }
  const pmeta: any = strapi.db.metadata.get(UID.petition as any);
  const fcol = pmeta.attributes.formData.columnName ?? 'form_data';
  let after = 0;
  for (;;) {
    const rows = await knex(pmeta.tableName).select('id', fcol).whereNotNull(fcol).andWhere('id', '>', after).orderBy('id').limit(500);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    for (const r of rows) {
      const text = typeof r[fcol] === 'string' ? r[fcol] : JSON.stringify(r[fcol]);
      const stale = [...text.matchAll(/"enc:([A-Za-z0-9]+):/g)].some((m) => m[1] !== currentKeyId());
      const plain = [...text.matchAll(/"([^"\\]{11,18})"/g)].some((m) => looksPersonal(m[1]));
      if (!stale && !plain) continue;
      const row: any = await strapi.db.query(UID.petition).findOne({ where: { id: r.id }, select: ['formData'] });
      await strapi.db.query(UID.petition).update({ where: { id: r.id }, data: { formData: row.formData } });
      changed += 1;
    }
  }
  await store.set({ value: { formDataKey: currentKeyId() } });
  if (changed) strapi.log.info(`[personal data] encrypted or re-encrypted ${changed} stored records under key ${currentKeyId()}`);
  return changed;
}

export { encryptedUnder };
