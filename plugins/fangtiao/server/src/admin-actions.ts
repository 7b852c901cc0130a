/**
 * The plugin's admin-panel actions (管理后台权限), registered with Strapi's admin RBAC: the
 * Super Admin has them all; any other admin role (Editor, Author, or one made for the office)
 * only those granted under Settings → Roles → Plugins → 访调. Every admin route and menu link
 * of the plugin names one. Pure data, no Strapi import: the admin panel bundles it too.
 */
export const PLUGIN_NAME = 'fangtiao';

export const ADMIN_ACTIONS = {
  measuresRead: { uid: 'measures.read', subCategory: '考核指标', displayName: '查看考核指标与台账' },
  measuresExport: { uid: 'measures.export', subCategory: '考核指标', displayName: '导出考核指标与台账' },
  scheduleRead: { uid: 'schedule.read', subCategory: '听证排期', displayName: '查看人员、专家和会议室的周日程' },
  expertsRead: { uid: 'experts.read', subCategory: '专家排班', displayName: '查看专家库与专家排班' },
  jobsRead: { uid: 'jobs.read', subCategory: '定时任务', displayName: '查看定时任务与运行记录' },
  jobsRun: { uid: 'jobs.run', subCategory: '定时任务', displayName: '立即运行定时任务' },
} as const;

export type AdminAction = keyof typeof ADMIN_ACTIONS;

/** The full action id as Strapi's admin RBAC knows it, e.g. `plugin::fangtiao.jobs.run`. */
export const actionId = (a: AdminAction) => `plugin::${PLUGIN_NAME}.${ADMIN_ACTIONS[a].uid}`;

/** What `actionProvider.registerMany` takes. */
export const adminActionDefinitions = () =>
  Object.values(ADMIN_ACTIONS).map((a) => ({
    section: 'plugins',
    pluginName: PLUGIN_NAME,
    uid: a.uid,
    subCategory: a.subCategory,
    displayName: a.displayName,
  }));

/** An admin route's config: a signed-in admin whose roles hold `action` (403 otherwise). */
export const requiresAdmin = (action: AdminAction) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } }],
});
