import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { PETITION_HANDLER_FIELDS, UID } from '../constants';
import type { Caller } from '../jurisdiction/current';
import { documentsIn, maskForm, ownPersonalData, personalFormKeys, type ModelOf, type PersonalKind } from './fields';

type Ctx = { method: string; path: string; state?: RequestState };

/**
 * What this request itself just wrote about a petition it registered: whom it made the handler
 * and which form fields are personal. The response to that request is masked from this, with no
 * query to read it back; nothing else reads it (it lives on the request's state).
 */
type Written = { handler: number | null; formKinds: Record<string, PersonalKind> };
type RequestState = { fangtiaoRegistered?: Map<string, Written> };
const writtenIn = (ctx: Ctx | undefined): Map<string, Written> | undefined => ctx?.state?.fangtiaoRegistered;

export function noteRegistered(
  ctx: { state?: RequestState } | undefined,
  documentId: string,
  handler: number | null,
  formSchema: Parameters<typeof personalFormKeys>[0],
) {
  if (!ctx?.state) return;
  (ctx.state.fangtiaoRegistered ??= new Map<string, Written>()).set(documentId, { handler, formKinds: personalFormKeys(formSchema) });
}

/** Strapi's schema of a content type or component, for the type-driven walks. */
export const modelOf =
  (strapi: Core.Strapi): ModelOf =>
  (uid) =>
    strapi.getModel(uid as any) as any;

/** The documentIds among `documentIds` of `uid` that the caller handles (named in one of its handler relations). */
export async function handledBy(
  strapi: Core.Strapi,
  uid: string,
  documentIds: string[],
  handlerFields: string[],
  caller: Caller,
  ctx?: Ctx,
): Promise<Set<string>> {
  const written = uid === UID.petition ? writtenIn(ctx) : undefined;
  const known = new Set(documentIds.filter((id) => written?.get(id)?.handler === caller.id));
  const ask = documentIds.filter((id) => !known.has(id));
  if (!ask.length) return known;
  const rows = await strapi.db.query(uid as StrapiUID.Schema).findMany({
    where: { documentId: { $in: ask }, $or: handlerFields.map((f) => ({ [f]: { id: caller.id } })) },
    select: ['documentId'],
  });
  for (const r of rows as Array<{ documentId: string }>) known.add(r.documentId);
  return known;
}

/** Personal form fields by `<case type documentId>:<version>`, for versions read so far. */
const kindsOfVersion = new Map<string, Record<string, PersonalKind>>();

/** The personal form fields of each petition, by its case type and the schema version it was filled with. */
export async function formKindsOf(
  strapi: Core.Strapi,
  petitionDocumentIds: string[],
  ctx?: Ctx,
): Promise<Map<string, Record<string, PersonalKind>>> {
  const out = new Map<string, Record<string, PersonalKind>>();
  const written = writtenIn(ctx);
  for (const id of petitionDocumentIds) if (written?.has(id)) out.set(id, written.get(id)!.formKinds);
  const ask = petitionDocumentIds.filter((id) => !out.has(id));
  if (!ask.length) return out;
  const rows = await strapi.db.query(UID.petition).findMany({
    where: { documentId: { $in: ask } },
    select: ['documentId', 'caseTypeVersion'],
    populate: { caseType: { select: ['documentId'] } },
  });
  for (const r of rows as any[]) {
    if (!r.caseType) continue;
    // A saved schema version never changes (a changed schema is a new version): its personal fields are read once.
    const key = r.caseTypeVersion != null ? `${r.caseType.documentId}:${r.caseTypeVersion}` : null;
    let kinds = key ? kindsOfVersion.get(key) : undefined;
    if (!kinds) {
      const v = await strapi.service(UID.caseType).schemaVersion(r.caseType.documentId, r.caseTypeVersion ?? undefined);
      kinds = personalFormKeys(v.formSchema);
      // Only a version that was found (an absent one reads as an empty form).
      if (key && v.formSchema?.fields?.length) kindsOfVersion.set(key, kinds);
    }
    out.set(r.documentId, kinds);
  }
  return out;
}

/** One audit entry per document whose personal data the response carried, clear or masked. */
export async function auditPersonalReads(
  strapi: Core.Strapi,
  ctx: Ctx,
  reads: Array<{ uid: string; documentId: string; masked: boolean }>,
) {
  if (!reads.length) return;
  await strapi.service(UID.auditEntry).record(
    reads.map((r) => ({
      action: 'read-personal',
      targetUid: r.uid,
      targetDocumentId: r.documentId,
      detail: { masked: r.masked, route: `${ctx.method} ${ctx.path}` },
    })),
  );
}

/**
 * Masks the personal data in response records of `uid` for a caller who does not handle
 * them, and in every record populated under them whoever the caller is (read it directly
 * to see it in clear), and audits every read, clear or masked.
 */
export async function discloseOrMask(
  strapi: Core.Strapi,
  ctx: Ctx,
  caller: Caller,
  uid: string,
  records: unknown[],
  handlerFields: string[],
) {
  const models = modelOf(strapi);
  const found = records.flatMap((r) => documentsIn(models, uid, r));
  if (!found.length) return;
  const petitionsWithForms = found.filter((f) => f.uid === UID.petition && f.doc.formData && typeof f.doc.formData === 'object');
  const forms = await formKindsOf(strapi, [...new Set(petitionsWithForms.map((f) => f.doc.documentId as string))], ctx);
  // A list page of plain fields holds none: no query for handlers then.
  const holding = found.filter((f) => ownPersonalData(models, f.uid, f.doc, forms.get(f.doc.documentId), false));
  if (!holding.length) return;
  const top = [...new Set(holding.filter((f) => !f.nested).map((f) => f.doc.documentId as string))];
  const clear = await handledBy(strapi, uid, top, handlerFields, caller, ctx);
  const reads = holding.map((f) => {
    const masked = f.nested || !clear.has(f.doc.documentId);
    if (masked) ownPersonalData(models, f.uid, f.doc, forms.get(f.doc.documentId), true);
    return { uid: f.uid, documentId: f.doc.documentId as string, masked };
  });
  await auditPersonalReads(strapi, ctx, reads);
}

/** A petition's form (GET/PUT /petitions/:id/form): its ID and phone fields by the schema's field types, masked and audited as above. */
export async function discloseForm(
  strapi: Core.Strapi,
  ctx: Ctx,
  caller: Caller,
  petitionDocumentId: string,
  form: { schema: any; data: any },
) {
  const kinds = personalFormKeys(form.schema);
  if (!form.data || typeof form.data !== 'object' || !maskForm(form.data, kinds, false)) return;
  const clear = (await handledBy(strapi, UID.petition, [petitionDocumentId], PETITION_HANDLER_FIELDS, caller)).has(petitionDocumentId);
  if (!clear) maskForm(form.data, kinds, true);
  await auditPersonalReads(strapi, ctx, [{ uid: UID.petition, documentId: petitionDocumentId, masked: !clear }]);
}
