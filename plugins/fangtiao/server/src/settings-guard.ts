import type { Core } from '@strapi/strapi';
import { parseJsonAttributes, throwIfInvalid } from '@fangtiao/kernel';

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
 *
 * The Content Manager sends an edited JSON field as its text: it is parsed here, once, and the
 * parsed value is what the checks see and what is stored.
 */
export const settingsGuard =
  (strapi: Core.Strapi, checks: Record<string, SettingsCheck>) => async (context: any, next: () => Promise<unknown>) => {
    const c = checks[context.uid];
    if (!c || (context.action !== 'create' && context.action !== 'update')) return next();
    const { value: data, problems: unreadable } = parseJsonAttributes(strapi.getModel(context.uid), context.params?.data ?? {});
    throwIfInvalid(unreadable, c.message);
    context.params = { ...context.params, data };
    const current =
      context.action === 'update' ? await strapi.db.query(context.uid).findOne({ where: { documentId: context.params.documentId } }) : null;
    const problems = c.check({ ...(current ?? {}), ...data });
    throwIfInvalid(problems, c.message);
    return next();
  };
