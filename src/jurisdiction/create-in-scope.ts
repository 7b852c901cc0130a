/** Module jurisdiction/: a case record created below the document service, with everything its middlewares do. Imports: Strapi, the scope, input limits, audit, entry events. */
import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../constants';
import { currentCaller } from './current';
import { CASE_DATA } from './query-scope';
import { isScoped, stampScope } from './document-middleware';
import { attributeProblems, typeProblems, type Attributes, type TypedAttribute } from '../input-limits/rules';
import { throwIfInvalid } from '../validation';
import { emitEntryEvent } from '../database/entry-events';

type Values = Record<string, unknown>;
type Row = Values & { id: number; documentId: string };
type Model = { attributes: Record<string, TypedAttribute & { component?: string; repeatable?: boolean }> };

/**
 * Creates a record of case data through the query engine, doing in order what the document
 * service and the kernel's document middlewares do for a create: the input limits and value
 * types (in place of Strapi's entity validator), the jurisdiction check and scope stamp of its
 * anchor, the components, the record, the audit entry, and the `entry.create` event for
 * webhooks. For the hot writes whose every value the service has built and checked itself (a
 * registration and its intake visit): Strapi's validator builds a yup schema for each attribute
 * of the type and of each component on every write — 6 ms of a 20 ms registration (README,
 * Benchmarks). Runs in the caller's transaction when one is open.
 */
export async function createInScope(strapi: Core.Strapi, uid: string, input: Values): Promise<Row> {
  const model = strapi.getModel(uid as StrapiUID.Schema) as unknown as Model;
  if (!CASE_DATA[uid] || !isScoped(model)) throw new Error(`createInScope: ${uid} is not scoped case data`);
  const componentAttributes = (c: string) => (strapi.components as unknown as Record<string, Model | undefined>)[c]?.attributes;
  const data: Values = { ...input };
  throwIfInvalid(
    attributeProblems(model.attributes as Attributes, data, componentAttributes as (c: string) => Attributes | undefined),
    '提交的内容超出限制',
  );
  throwIfInvalid(typeProblems(model.attributes, data, componentAttributes, true));

  // The anchor decides the scope; an end user may create only within its jurisdiction.
  const caller = await currentCaller(strapi);
  if (caller && !caller.jurisdiction) throw new errors.ForbiddenError('用户未关联组织机构');
  await stampScope(strapi, uid, model, data, caller?.jurisdiction ?? null, true);

  const fields = Object.keys(input).filter((k) => !k.endsWith('Code'));
  for (const [key, attr] of Object.entries(model.attributes)) {
    if (attr.type !== 'component' || !(key in data) || data[key] === null) continue;
    const links = [];
    for (const value of attr.repeatable ? (data[key] as Values[]) : [data[key] as Values]) {
      const { id: _given, ...values } = value; // a new component row, never one named by the client
      const made = await strapi.db.query(attr.component as StrapiUID.Schema).create({ data: values });
      links.push({ id: made.id, __pivot: { field: key, component_type: attr.component } });
    }
    data[key] = attr.repeatable ? links : links[0];
  }
  const row = (await strapi.db.query(uid as StrapiUID.Schema).create({ data: { ...data, publishedAt: new Date() } })) as Row;
  await strapi.service(UID.auditEntry).record({ action: 'create', targetUid: uid, targetDocumentId: row.documentId, detail: { fields } });
  emitEntryEvent(strapi, uid, 'entry.create', row);
  return row;
}
