import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../constants';
import { checkFormSchema } from './form-schema';
import { parseJsonAttributes, throwIfInvalid } from '../validation';

const VERSION_UID = 'api::case-type-version.case-type-version';

const sameSchema = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Case types are edited in the admin panel. A bad form schema is refused with every
 * problem listed; a changed schema becomes a new frozen version, so petitions filled with
 * an older one keep validating against the schema they were filled with.
 */
export const caseTypeMiddleware =
  (strapi: Core.Strapi) =>
  async (context: { uid: string; action: string; params: any }, next: () => Promise<any>) => {
    if (context.uid !== UID.caseType || (context.action !== 'create' && context.action !== 'update')) return next();
    // The Content Manager sends the JSON fields (deadlines) as text: stored and checked as values.
    const { value: data, problems: unreadable } = parseJsonAttributes(strapi.getModel(UID.caseType) as any, context.params.data ?? {});
    throwIfInvalid(unreadable, '案件类型有误');
    context.params.data = data;
    delete data.version;
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
      await strapi.db.query(VERSION_UID).create({ data: { caseType: saved.id, version, formSchema: schema } });
      return saved;
    });
  };
