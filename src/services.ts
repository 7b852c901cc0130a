import type { Core } from '@strapi/strapi';
import { UID } from './constants';
import type { PetitionService } from './api/petition/services/petition';

/** Typed access to the app's services, so callers get their methods checked. */
export const petitions = (strapi: Core.Strapi) => strapi.service(UID.petition) as unknown as PetitionService;
