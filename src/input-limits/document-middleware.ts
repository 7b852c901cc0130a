import type { Core } from '@strapi/strapi';
import type { DocumentContext, DocumentMiddleware } from '../kernel/document-middleware';
import { UID } from '../constants';
import { throwIfInvalid } from '../validation';
import { attributeProblems, type Attributes } from './rules';

/**
 * The models clients write case data into. Their writes are checked against the limits by
 * attribute type (one-line string, long text, number, repeatable component, JSON) whoever
 * writes: the app's services, the plugin through the document service, the admin panel's
 * Content Manager. (Bodies of every content-API request are also checked, schema-less, by
 * the global::input-limits request middleware, which covers writes through the query engine.)
 */
const GUARDED = new Set<string>([
  UID.petition,
  UID.visit,
  'api::mediation-session.mediation-session',
  'api::petition-move.petition-move',
  // The plugin's models that hold what staff type in (the plugin's own UIDs, by name: the app does not import the plugin).
  'plugin::fangtiao.credit-flag',
  'plugin::fangtiao.credit-flag-move',
  'plugin::fangtiao.backlog-package',
  'plugin::fangtiao.consultation',
  'plugin::fangtiao.consultation-booking',
  'plugin::fangtiao.expert-profile',
  'plugin::fangtiao.warning',
]);

export const inputLimitsMiddleware =
  (strapi: Core.Strapi): DocumentMiddleware =>
  async (documentContext, next) => {
    const context = documentContext as DocumentContext;
    if ((context.action !== 'create' && context.action !== 'update') || !GUARDED.has(context.uid)) return next();
    const data = context.params?.data;
    if (data && typeof data === 'object') {
      const attributes = strapi.getModel(context.uid as any).attributes as unknown as Attributes;
      const component = (uid: string) => (strapi.components as any)[uid]?.attributes as Attributes | undefined;
      throwIfInvalid(attributeProblems(attributes, data, component), '提交的内容超出限制');
    }
    return next();
  };
