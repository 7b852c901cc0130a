import type { Core } from '@strapi/strapi';
import { generatedDocument, documentExport } from './documents/strapi/schema';
import documentController from './documents/strapi/controller';
import documentRoutes from './documents/strapi/routes';
import { creditContentTypes, creditController, creditGuardMiddleware, creditRoutes } from './credit/strapi';
import {
  ledgersController,
  ledgersRoutes,
  measureContentTypes,
  measureSettings,
  measuresAdminController,
  measuresAdminRoutes,
  measuresController,
  measuresRoutes,
} from './measures/strapi';
import { jobContentTypes, jobsController, jobsRoutes } from './jobs/strapi';
import { warningContentTypes, warningController, warningRoutes, warningSettings } from './warnings/strapi';
import { backlogContentTypes, backlogController, backlogRoutes } from './backlog/strapi';
import { notificationContentTypes, notificationController, notificationRoutes } from './notifications/strapi';
import { expertContentTypes, expertsAdminController, expertsAdminRoutes, expertsController, expertsRoutes } from './experts/strapi';
import { judicialContentTypes, judicialController, judicialRoutes } from './judicial/strapi';
import { settingsGuard } from './settings-guard';
import {
  hearingContentTypes,
  hearingSettings,
  hearingsAdminController,
  hearingsAdminRoutes,
  hearingsController,
  hearingsRoutes,
} from './hearings/strapi';
import { createPublicTables, viewLog, infoRequestController, infoRequestRoutes, publicController, publicRoutes } from './public/strapi';
import {
  attachmentContentTypes,
  attachmentController,
  attachmentRoutes,
  publicAttachmentController,
  publicAttachmentRoutes,
} from './attachments/strapi';
import { caseFile, caseFileController, caseFileRoutes } from './casefile/strapi';
import { performanceCheck, performanceController, performanceRoutes } from './performance/strapi';
import { caseSubsidy, subsidyController, subsidyRate, subsidyRoutes } from './subsidy/strapi';
import { UID } from './constants';
import { migrateToPrivateStorage } from './documents/strapi/storage-migration';
import { adminActionDefinitions } from './admin-actions';
import { services } from './services';
import { getService } from './utils/get-service';
import { dbNames } from './utils/db-names';

/** Indexes Strapi's schema sync does not make. Idempotent. */
async function indexes(strapi: Core.Strapi) {
  const { table, column: col } = dbNames(strapi, UID.generatedDocument);
  await strapi.db.connection.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS "ux_fangtiao_documents_version" ON "${table}" ("${col('subjectKey')}", "${col('kind')}", "${col('version')}")`,
  );
}

/**
 * 访调 local plugin. Domain modules (documents, experts, hearings, warnings, credit,
 * measures) register their content types, services, controllers and routes here.
 */
export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    // The admin panel's pages and routes of this plugin, granted per admin role (Super Admin: all).
    await strapi.service('admin::permission').actionProvider.registerMany(adminActionDefinitions());
    // The case type's form schema, edited with the plugin's field-list editor in the admin panel.
    strapi.customFields.register({ name: 'form-schema', plugin: 'fangtiao', type: 'json' });
    // The list-like settings, edited with pickers (admin/src/settings/inputs.tsx) instead of raw JSON.
    for (const name of ['date-list', 'recipients', 'role-counts']) strapi.customFields.register({ name, plugin: 'fangtiao', type: 'json' });
    // Credit flags are never deleted and change only through their moves.
    strapi.documents.use(creditGuardMiddleware(strapi) as any);
    // Settings saved in the admin panel (warning rules, hearing types, the working calendar, measure targets) are checked field by field.
    strapi.documents.use(settingsGuard(strapi, { ...warningSettings, ...hearingSettings, ...measureSettings }) as any);
  },
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await indexes(strapi);
    // Issued documents, signed scans and export zips: out of public/uploads into private storage (once).
    await migrateToPrivateStorage(strapi);
    // Exports whose builder died are resumed under a lease, on every instance (cron or not).
    await getService(strapi, 'document-export').startRecovery();
    await getService(strapi, 'credit').seedGrounds();
    // The busy grid shared by expert consultations and hearings: unique (person or room, unit).
    await getService(strapi, 'schedule').indexes();
    // Hearings: the four hearing types and the working calendar when missing; the recurrence key unique.
    await getService(strapi, 'hearings').indexes();
    await getService(strapi, 'hearings').seed();
    // Early warnings, backlog packages, scheduled jobs (once per cluster; off with CRON_ENABLED=false).
    await getService(strapi, 'warning').indexes();
    await getService(strapi, 'warning').seedRules();
    await getService(strapi, 'backlog').indexes();
    await getService(strapi, 'jobs').indexes();
    await getService(strapi, 'performance').indexes();
    // The measures' monthly aggregates and the indexes of the day's events (measures/strapi/aggregates.ts).
    await getService(strapi, 'measures').indexes();
    // The petitioner's page (/p/): one-time codes, sessions, query codes, deliveries, the SMS log.
    await createPublicTables(strapi);
    if (strapi.config.get('server.cron.enabled') !== false) getService(strapi, 'jobs').start();
  },
  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await getService(strapi, 'jobs').stop();
    await getService(strapi, 'document-export').stopRecovery();
    // The petitioner's page's batched view entries reach the audit log before the app stops.
    await viewLog(strapi).flush();
  },
  config: { default: {}, validator() {} },
  contentTypes: {
    'generated-document': generatedDocument,
    'document-export': documentExport,
    ...creditContentTypes,
    ...expertContentTypes,
    ...jobContentTypes,
    ...warningContentTypes,
    ...backlogContentTypes,
    ...notificationContentTypes,
    ...hearingContentTypes,
    ...measureContentTypes,
    ...judicialContentTypes,
    'case-file': caseFile,
    'performance-check': performanceCheck,
    'subsidy-rate': subsidyRate,
    'case-subsidy': caseSubsidy,
    ...attachmentContentTypes,
  },
  services,
  controllers: {
    jobs: jobsController,
    warning: warningController,
    backlog: backlogController,
    notification: notificationController,
    document: documentController,
    credit: creditController,
    measures: measuresController,
    'measures-admin': measuresAdminController,
    ledgers: ledgersController,
    experts: expertsController,
    'experts-admin': expertsAdminController,
    hearings: hearingsController,
    'hearings-admin': hearingsAdminController,
    public: publicController,
    judicial: judicialController,
    'info-request': infoRequestController,
    attachment: attachmentController,
    'public-attachment': publicAttachmentController,
    'case-file': caseFileController,
    performance: performanceController,
    subsidy: subsidyController,
  },
  routes: {
    jobs: jobsRoutes,
    warnings: warningRoutes,
    backlog: backlogRoutes,
    notifications: notificationRoutes,
    documents: documentRoutes,
    credit: creditRoutes,
    measures: measuresRoutes,
    'measures-admin': measuresAdminRoutes,
    ledgers: ledgersRoutes,
    experts: expertsRoutes,
    'experts-admin': expertsAdminRoutes,
    hearings: hearingsRoutes,
    'hearings-admin': hearingsAdminRoutes,
    public: publicRoutes,
    judicial: judicialRoutes,
    'info-requests': infoRequestRoutes,
    attachments: attachmentRoutes,
    'public-attachments': publicAttachmentRoutes,
    'case-files': caseFileRoutes,
    performance: performanceRoutes,
    subsidies: subsidyRoutes,
  },
  policies: {},
  middlewares: {},
};
