/**
 * What the expert modules share (profiles, matching, consultations, booking): model UIDs, the
 * public fields of an expert, and notifications.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { EXPERT_FIELDS } from '../rules';
import { EXPERT_UID } from './schema';
import { getService } from '../../utils/get-service';

export const PROFILE = EXPERT_UID.profile;
export const POOL = EXPERT_UID.pool;
export const CONSULT = EXPERT_UID.consultation;
export const BOOKING = EXPERT_UID.booking;

export const notFound = (message: string) => new errors.NotFoundError(message);

/** The expert fields others may see (nothing personal: no user, no declarations, no token). */
export const PUBLIC_EXPERT = ['documentId', 'displayName', 'title', 'level', 'fields', 'tags', 'languages', 'status'];
export const label = (f: string) => (EXPERT_FIELDS as any)[f] ?? f;

export type Input = Record<string, any>;

/** Notifies users in-app and by email through the notifications module (when present). */
export async function notify(
  strapi: Core.Strapi,
  userIds: Array<number | null | undefined>,
  message: { kind: string; title: string; body?: string; link?: string },
) {
  const ids = [...new Set(userIds.filter((x): x is number => Number.isInteger(x)))];
  if (!ids.length) return 0;
  let svc: ReturnType<typeof getService<'notification'>> | null;
  try {
    svc = getService(strapi, 'notification');
  } catch {
    svc = null;
  }
  if (svc?.notify) return svc.notify(ids, message);
  strapi.log.info(`[experts] notify ${ids.join(',')}: ${message.title}`);
  return ids.length;
}
