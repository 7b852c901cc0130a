import type { Core } from '@strapi/strapi';
import type { DocumentContext, DocumentMiddleware } from '../kernel/document-middleware';
import { errors } from '@strapi/utils';
import { UID } from '../constants';
import { checkFormSchema } from './form-schema';
import { parseJsonAttributes, throwIfInvalid } from '../validation';

const VERSION_UID = 'api::case-type-version.case-type-version';

const sameSchema = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * 网上公开字段 (`publicFields`): the keys of the form's fields a person fills online — a list of
 * keys of this type's form (checked against the form saved with it, when it is).
 */
function publicFieldProblems(data: Record<string, any>) {
  if (!('publicFields' in data) || data.publicFields == null) return [];
  const list = data.publicFields;
  if (!Array.isArray(list) || list.some((k) => typeof k !== 'string'))
    return [{ path: ['publicFields'], message: '网上公开字段应为表单字段名的列表，如 ["disputeDate"]' }];
  const keys = Array.isArray(data.formSchema?.fields) ? new Set(data.formSchema.fields.map((f: any) => f.key)) : null;
  const unknown = keys ? list.filter((k: string) => !keys.has(k)) : [];
  return unknown.length ? [{ path: ['publicFields'], message: `表单中没有这些字段：${unknown.join('、')}` }] : [];
}

/**
 * Case types are edited in the admin panel. A bad form schema is refused with every
 * problem listed; a changed schema becomes a new frozen version, so petitions filled with
 * an older one keep validating against the schema they were filled with.
 */
export const caseTypeMiddleware =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (documentContext, next) => {
    const context = documentContext as DocumentContext;
    if (context.uid !== UID.caseType || (context.action !== 'create' && context.action !== 'update')) return next();
    // The Content Manager sends the JSON fields (deadlines) as text: stored and checked as values.
    const { value: data, problems: unreadable } = parseJsonAttributes(strapi.getModel(UID.caseType) as any, context.params.data ?? {});
    throwIfInvalid(unreadable, '案件类型有误');
    context.params.data = data;
    delete data.version;
    throwIfInvalid(publicFieldProblems(data), '案件类型有误');
    if (!('formSchema' in data) && context.action === 'update') return next();
    const schema = data.formSchema ?? { fields: [] };
    const problems = checkFormSchema(schema);
    if (problems.length) {
      throw new errors.ValidationError(`表单结构有误：${problems.map((p) => `${p.path} ${p.message}`).join('；')}`, {
        errors: problems.map((p) => ({ path: ['formSchema', ...String(p.path).split('.')], message: p.message, name: 'ValidationError' })),
      });
    }
    return strapi.db.transaction(async () => {
      let version = 1;
      if (context.action === 'update') {
        const current = await strapi.db.query(UID.caseType).findOne({
          where: { documentId: context.params.documentId },
          select: ['id', 'version', 'formSchema'],
        });
        // A type saved without a form has none stored: the same as an empty one (no new version).
        if (current && sameSchema(current.formSchema ?? { fields: [] }, schema)) return next();
        version = (current?.version ?? 0) + 1;
      }
      data.version = version;
      const saved = await next();
      // A create or update returns the case type written.
      await strapi.db.query(VERSION_UID).create({ data: { caseType: (saved as { id: number }).id, version, formSchema: schema } });
      return saved;
    });
  };
