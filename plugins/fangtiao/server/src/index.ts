import type { Core } from '@strapi/strapi';
import { generatedDocument, documentExport } from './documents/strapi/schema';
import documentService from './documents/strapi/service';
import documentExportService from './documents/strapi/export-service';
import documentController from './documents/strapi/controller';
import documentRoutes from './documents/strapi/routes';
import { creditContentTypes, creditController, creditGuardMiddleware, creditRoutes, creditService } from './credit/strapi';
import { measuresAdminController, measuresAdminRoutes, measuresController, measuresRoutes, measuresService } from './measures/strapi';
import { UID } from './constants';

/** Indexes Strapi's schema sync does not make. Idempotent. */
async function indexes(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(UID.generatedDocument as any);
  const col = (a: string) => (meta.attributes as any)[a].columnName;
  await strapi.db.connection.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_documents_version" ON "${meta.tableName}" ("${col('subjectKey')}", "${col('kind')}", "${col('version')}")`,
  );
}

/**
 * 访调 local plugin. Domain modules (documents, experts, hearings, warnings, credit,
 * measures) register their content types, services, controllers and routes here.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // The case type's form schema, edited with the plugin's field-list editor in the admin panel.
    strapi.customFields.register({ name: 'form-schema', plugin: 'fangtiao', type: 'json' });
    // Credit flags are never deleted and change only through their moves.
    strapi.documents.use(creditGuardMiddleware(strapi) as any);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await indexes(strapi);
    await strapi.plugin('fangtiao').service('credit').seedGrounds();
  },
  destroy(_: { strapi: Core.Strapi }) {},
  config: { default: {}, validator() {} },
  contentTypes: {
    'generated-document': generatedDocument,
    'document-export': documentExport,
    ...creditContentTypes,
  },
  services: { document: documentService, 'document-export': documentExportService, credit: creditService, measures: measuresService },
  controllers: { document: documentController, credit: creditController, measures: measuresController, 'measures-admin': measuresAdminController },
  routes: { documents: documentRoutes, credit: creditRoutes, measures: measuresRoutes, 'measures-admin': measuresAdminRoutes },
  policies: {},
  middlewares: {},
};
