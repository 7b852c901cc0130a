import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../constants';

/** The form schema a petition was filled with: its case type's frozen version. */
export default factories.createCoreService('api::case-type.case-type', ({ strapi }) => ({
  async schemaVersion(caseTypeDocumentId: string, version?: number) {
    const type = await strapi.db.query(UID.caseType).findOne({
      where: { documentId: caseTypeDocumentId },
      select: ['id', 'documentId', 'version', 'name', 'code', 'defaultMediation', 'deadlines'],
    });
    if (!type) throw new errors.ValidationError('案件类型不存在', { errors: [{ path: ['caseType'], message: '案件类型不存在' }] });
    const v = version ?? type.version;
    const frozen = await strapi.db.query('api::case-type-version.case-type-version').findOne({
      where: { caseType: type.id, version: v },
      select: ['version', 'formSchema'],
    });
    return { type, version: v, formSchema: frozen?.formSchema ?? { fields: [] } };
  },
}));
