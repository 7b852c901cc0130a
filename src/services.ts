import type { Core } from '@strapi/strapi';
import { UID } from './constants';
import type { PetitionService } from './api/petition/services/petition';
import type flowFactory from './api/petition/services/petition-flow';
import type recordsFactory from './api/petition/services/petition-records';
import type exportFactory from './api/petition/services/petition-export';
import type searchFactory from './api/petition/services/petition-search';

/** Typed access to the app's services, so callers get their methods checked. */
export const petitions = (strapi: Core.Strapi) => strapi.service(UID.petition) as unknown as PetitionService;
export const petitionFlow = (strapi: Core.Strapi) =>
  strapi.service('api::petition.petition-flow') as unknown as ReturnType<typeof flowFactory>;
export const petitionRecords = (strapi: Core.Strapi) =>
  strapi.service('api::petition.petition-records') as unknown as ReturnType<typeof recordsFactory>;
export const petitionExport = (strapi: Core.Strapi) =>
  strapi.service('api::petition.petition-export') as unknown as ReturnType<typeof exportFactory>;
export const petitionSearch = (strapi: Core.Strapi) =>
  strapi.service('api::petition.petition-search') as unknown as ReturnType<typeof searchFactory>;
