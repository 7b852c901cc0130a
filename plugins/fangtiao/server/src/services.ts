/**
 * The plugin's services by name, as Strapi registers them, and their types: `getService`
 * (utils/get-service.ts) is typed by this map, so a caller gets the service's own methods.
 */
import documentService from './documents/strapi/service';
import documentExportService from './documents/strapi/export-service';
import { creditService } from './credit/strapi';
import { ledgersService, measuresService } from './measures/strapi';
import { jobsService } from './jobs/strapi';
import { warningService } from './warnings/strapi';
import { backlogService } from './backlog/strapi';
import { notificationService } from './notifications/strapi';
import { expertServices } from './experts/strapi';
import scheduleService from './schedule/strapi/service';
import { hearingServices } from './hearings/strapi';
import { publicServices } from './public/strapi';
import { judicialService } from './judicial/strapi';
import { caseFileServices } from './casefile/strapi';
import { performanceServices } from './performance/strapi';
import { subsidyServices } from './subsidy/strapi';
import { attachmentChangeService, attachmentService } from './attachments/strapi';

export const services = {
  jobs: jobsService,
  warning: warningService,
  backlog: backlogService,
  notification: notificationService,
  document: documentService,
  'document-export': documentExportService,
  credit: creditService,
  measures: measuresService,
  ledgers: ledgersService,
  ...expertServices,
  schedule: scheduleService,
  ...hearingServices,
  ...publicServices,
  judicial: judicialService,
  ...caseFileServices,
  ...performanceServices,
  ...subsidyServices,
  attachment: attachmentService,
  'attachment-change': attachmentChangeService,
};

export type ServiceName = keyof typeof services;
/** What each service name gives: the object its factory makes. */
export type Services = { [N in ServiceName]: ReturnType<(typeof services)[N]> };
