import type { Core, UID as StrapiUID } from '@strapi/strapi';
import type { DocumentContext, DocumentMiddleware } from '../kernel/document-middleware';
import { errors } from '@strapi/utils';
import { currentCaller } from './current';
import { childScope, inScope, pickScope, scopeFilter, SCOPE_COLUMNS, type Jurisdiction, type Level, type ScopeColumns } from './scope';
import { guardReadParams } from './query-guard';
import { idsWithComponentHash } from '../personal-data/lookup';

/** Roles that handle cases and may look a person up by the exact ID or phone number; the others read them masked. */
const EXACT_PERSONAL_LOOKUP = new Set(['clerk', 'mediator', 'leader', 'reviewer']);
export const mayLookUpExactly = (role: string | null | undefined): boolean => !!role && EXACT_PERSONAL_LOOKUP.has(role);

type Schema = { attributes: Record<string, any>; pluginOptions?: Record<string, any> };

/**
 * A content type is scoped when it has the scope columns. Its columns come from its
 * "anchor" relation (`organisation` unless pluginOptions.fangtiao.scopeFrom names another
 * scoped relation, e.g. a visit's petition); an organisation derives them from its parent.
 */
export function isScoped(schema: Schema | undefined): boolean {
  return !!schema && SCOPE_COLUMNS.every((c) => c in schema.attributes);
}

const anchorOf = (schema: Schema): string => schema.pluginOptions?.fangtiao?.scopeFrom ?? 'organisation';
const isSelfScoped = (schema: Schema) => anchorOf(schema) === 'parent';

type Ref = { documentId?: string; id?: number } | null | undefined;

/** Reads the one related record named by a relation input, in any of Strapi's shapes. */
export function relationRef(value: unknown): Ref {
  if (value === null) return null;
  if (typeof value === 'string') return { documentId: value };
  if (typeof value === 'number') return { id: value };
  if (Array.isArray(value)) return value.length ? relationRef(value[value.length - 1]) : null;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    const given = (x: unknown) => (Array.isArray(x) ? x.length > 0 : x !== undefined && x !== null);
    if (v.set !== undefined) return relationRef(v.set);
    if (given(v.connect)) return relationRef(v.connect);
    if (given(v.disconnect)) return null;
    if ('connect' in v || 'disconnect' in v) return undefined; // no change
    if (v.documentId || v.id) return { documentId: v.documentId, id: v.id };
  }
  return undefined;
}

async function scopeOfRef(strapi: Core.Strapi, target: string, ref: Ref): Promise<(ScopeColumns & { level?: Level }) | null> {
  if (!ref) return null;
  const where = ref.documentId ? { documentId: ref.documentId } : { id: ref.id };
  const row = await strapi.db.query(target as StrapiUID.Schema).findOne({ where, select: [...SCOPE_COLUMNS, 'id'] });
  return row ? pickScope(row) : null;
}

/** Computes the scope columns for the data being written, or undefined when the anchor is not in it. */
async function scopeForData(strapi: Core.Strapi, uid: string, schema: Schema, data: Record<string, any>, documentId?: string) {
  if (isSelfScoped(schema)) {
    if (!('parent' in data) && !('code' in data) && !('level' in data)) return undefined;
    let parentRef = relationRef(data.parent);
    let { level, code } = data;
    if (documentId && (parentRef === undefined || !level || !code)) {
      const self = await strapi.db.query(uid as StrapiUID.Schema).findOne({
        where: { documentId },
        select: ['level', 'code'],
        populate: { parent: { select: ['id'] } },
      });
      if (parentRef === undefined) parentRef = self?.parent ? { id: self.parent.id } : null;
      level ??= self?.level;
      code ??= self?.code;
    }
    const parent = parentRef ? await scopeOfRef(strapi, schema.attributes.parent.target, parentRef) : null;
    if (parentRef && !parent) throw new errors.ValidationError('上级机构不存在', { path: ['parent'] });
    return childScope(parent, level, code);
  }
  const anchor = anchorOf(schema);
  if (!(anchor in data)) return undefined;
  const ref = relationRef(data[anchor]);
  if (ref === undefined) return undefined;
  const cols = await scopeOfRef(strapi, schema.attributes[anchor].target, ref);
  if (!cols) throw new errors.ValidationError(`${anchor} 不存在或不在管辖范围内`, { path: [anchor] });
  return cols;
}

/**
 * Stamps `data` (a create or an update of a scoped type) with the scope columns of its anchor,
 * after checking the anchor is within the caller's jurisdiction `j` (none: an internal write).
 * Scope columns the client sent are dropped first: they are only ever derived.
 */
export async function stampScope(
  strapi: Core.Strapi,
  uid: string,
  schema: Schema,
  data: Record<string, unknown>,
  j: Pick<Jurisdiction, 'level' | 'code'> | null,
  creating: boolean,
  documentId?: string,
): Promise<void> {
  for (const c of SCOPE_COLUMNS) delete data[c];
  const cols = await scopeForData(strapi, uid, schema, data, documentId);
  if (cols) {
    if (j && !inScope(j, cols)) {
      const field = isSelfScoped(schema) ? 'parent' : anchorOf(schema);
      throw new errors.ValidationError(`${field} 不存在或不在管辖范围内`, { path: [field] });
    }
    Object.assign(data, cols);
  } else if (creating && !isSelfScoped(schema)) {
    throw new errors.ValidationError(`缺少 ${anchorOf(schema)}`, { path: [anchorOf(schema)] });
  }
}

const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

/**
 * Jurisdiction scoping for every read and write an end user makes through the document
 * service: reads get the scope filter in the query itself, writes are checked against it
 * and stamped with the scope columns of their anchor. Admin-panel and internal calls
 * (cron jobs, bootstrap) are not scoped.
 */
export const jurisdictionMiddleware =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (documentContext, next) => {
    const context = documentContext as DocumentContext;
    const schema = context.contentType;
    const reading = READS.has(context.action);
    if (!isScoped(schema) && !reading) return next();
    const params = (context.params ??= {});
    const caller = await currentCaller(strapi);
    const j = caller?.jurisdiction ?? null;

    if (reading) {
      if (!caller) return next();
      // Filters, sort and populate at every depth: checked, and scoped where they reach scoped records.
      const lookups = guardReadParams(context.uid, params, (uid) => strapi.getModel(uid as any) as any, {
        jurisdiction: j,
        personal: mayLookUpExactly(caller.role) ? 'exact' : 'none',
      });
      for (const l of lookups) l.into.id.$in = await idsWithComponentHash(strapi, l.uid, l.attr, l.hashAttr, l.hashes);
      if (!isScoped(schema)) return next();
      if (!j) throw new errors.ForbiddenError('用户未关联组织机构');
      params.filters = params.filters ? { $and: [params.filters, scopeFilter(j)] } : scopeFilter(j);
      return next();
    }
    if (caller && !j) throw new errors.ForbiddenError('用户未关联组织机构');

    if (context.action === 'create' || context.action === 'update') {
      const data = (params.data ??= {});
      if (context.action === 'update' && j) {
        const existing = await strapi.db
          .query(context.uid as StrapiUID.Schema)
          .findOne({ where: { documentId: params.documentId, ...scopeFilter(j) }, select: ['id'] });
        if (!existing) throw new errors.NotFoundError('记录不存在');
      }
      await stampScope(strapi, context.uid, schema, data, j, context.action === 'create', params.documentId);
      return next();
    }

    if (j && context.action === 'delete') {
      const existing = await strapi.db
        .query(context.uid as StrapiUID.Schema)
        .findOne({ where: { documentId: params.documentId, ...scopeFilter(j) }, select: ['id'] });
      if (!existing) throw new errors.NotFoundError('记录不存在');
    }
    return next();
  };
