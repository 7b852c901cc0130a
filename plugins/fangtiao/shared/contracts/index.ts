/**
 * Request and response types of the plugin's endpoints, one file per module, written once and
 * shared by the server (controllers, services) and the admin panel's pages — as Strapi's
 * content-releases does in `shared/contracts`. Types only: nothing here exists at run time, so
 * the admin bundle and the server build import them with `import type`.
 *
 * Each endpoint is a namespace named after what it does (GetJobs, RunJob…) holding its
 * `Request` (params, query, body as the controller reads them) and `Response` (the JSON body).
 * May import nothing but other contracts.
 */
export type * as Jobs from './jobs';
export type * as Schedule from './schedule';
export type * as Measures from './measures';
export type * as Experts from './experts';
export type * as Credit from './credit';
export type * as Settings from './settings';
export type * as Common from './common';
export type * as Hearings from './hearings';
export type * as Warnings from './warnings';
export type * as Backlog from './backlog';
export type * as Documents from './documents';
export type * as Attachments from './attachments';
export type * as CaseFile from './casefile';
export type * as Subsidy from './subsidy';
export type * as Performance from './performance';
export type * as Judicial from './judicial';
export type * as Notifications from './notifications';
export type * as Public from './public';
