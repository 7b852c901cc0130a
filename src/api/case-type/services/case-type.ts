import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../constants';

/** Frozen versions never change, so they are kept once read (by case type id and version). */
const frozenSchemas = new Map<string, unknown>();

/** The form schema a petition was filled with: its case type's frozen version. */
export default factories.createCoreService('api::case-type.case-type', ({ strapi }) => ({
  async schemaVersion(caseTypeDocumentId: string, version?: number) {
    const type = await strapi.db.query(UID.caseType).findOne({
      where: { documentId: caseTypeDocumentId },
      select: ['id', 'documentId', 'version', 'name', 'code', 'defaultMediation', 'deadlines'],
    });
    if (!type) throw new errors.ValidationError('案件类型不存在', { errors: [{ path: ['caseType'], message: '案件类型不存在' }] });
    const v = version ?? type.version;
    const key = `${type.id}:${v}`;
    if (!frozenSchemas.has(key)) {
      const frozen = await strapi.db.query('api::case-type-version.case-type-version').findOne({
        where: { caseType: type.id, version: v },
        select: ['version', 'formSchema'],
      });
      if (!frozen) return { type, version: v, formSchema: { fields: [] } };
      frozenSchemas.set(key, frozen.formSchema);
    }
    return { type, version: v, formSchema: frozenSchemas.get(key) as any };
  },
}));
