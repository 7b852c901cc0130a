import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

export type SettingsCheck = {
  /** The summary of the 400 (e.g. 预警规则有误). */
  message: string;
  /** Every problem of the record as it will be saved, each with its field. */
  check: (record: any) => { path: string[]; message: string }[];
};

/**
 * Settings administrators edit in the admin panel (warning rules, hearing types, the working
 * calendar, measure targets) are checked like any input when saved: the record as it will be
 * (stored values with the change on top), every bad field named in a 400. One document
 * middleware for all of them, keyed by content type.
 */
export const settingsGuard = (strapi: Core.Strapi, checks: Record<string, SettingsCheck>) => async (context: any, next: () => Promise<unknown>) => {
  const c = checks[context.uid];
  if (!c || (context.action !== 'create' && context.action !== 'update')) return next();
  const data = context.params?.data ?? {};
  const current = context.action === 'update' ? await strapi.db.query(context.uid).findOne({ where: { documentId: context.params.documentId } }) : null;
  const problems = c.check({ ...(current ?? {}), ...data });
  if (problems.length) throw new errors.ValidationError(c.message, { errors: problems });
  return next();
};
