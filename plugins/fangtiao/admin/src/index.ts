import { createElement, type ComponentType } from 'react';

import { Page, type StrapiApp } from '@strapi/strapi/admin';

import { Bell, Calendar, ChartPie, Clock, Discuss, GridFour } from '@strapi/icons';

import { FormSchemaIcon } from './components/FormSchemaIcon';
import { PLUGIN_ID, trad } from './pluginId';
import type { AdminAction } from '../../server/src/admin-actions';
import { needs } from './permissions';

/**
 * A page shows in the menu only for admin roles granted its action, and checks again when
 * opened (a bookmarked URL bypasses the menu); the server answers 403 anyway.
 */
const protectedPage = (load: () => Promise<{ default: ComponentType }>, a: AdminAction) => () =>
  load().then((m) => ({
    default: () => createElement(Page.Protect, { permissions: needs(a), children: createElement(m.default) }),
  })) as any;

/** The plugin's pages in the admin menu, each behind its admin action. */
function addMenuPages(app: StrapiApp) {
  // 考核指标: the measures dashboard (charts, drill-down to the ledger, XLSX export).
  app.addMenuLink({
    to: `plugins/${PLUGIN_ID}/dashboard`,
    icon: ChartPie,
    intlLabel: { id: trad('dashboard.title'), defaultMessage: '考核指标' },
    permissions: needs('measuresRead'),
    Component: protectedPage(() => import('./pages/Dashboard'), 'measuresRead'),
  });

  // 专家排班: a pool's week of availability and bookings.
  app.addMenuLink({
    to: `plugins/${PLUGIN_ID}/expert-schedule`,
    icon: Calendar,
    intlLabel: { id: trad('expert-schedule.title'), defaultMessage: '专家排班' },
    permissions: needs('expertsRead'),
    Component: protectedPage(() => import('./pages/ExpertSchedule'), 'expertsRead'),
  });

  // 听证排期: the week of a person, expert or room — hearings and consultations from the busy grid.
  app.addMenuLink({
    to: `plugins/${PLUGIN_ID}/hearing-schedule`,
    icon: Discuss,
    intlLabel: { id: trad('hearing-schedule.title'), defaultMessage: '听证排期' },
    permissions: needs('scheduleRead'),
    Component: protectedPage(() => import('./pages/HearingSchedule'), 'scheduleRead'),
  });

  // 定时任务: the scheduled jobs, their last runs, run now with progress.
  app.addMenuLink({
    to: `plugins/${PLUGIN_ID}/jobs`,
    icon: Clock,
    intlLabel: { id: trad('jobs.title'), defaultMessage: '定时任务' },
    permissions: needs('jobsRead'),
    Component: protectedPage(() => import('./pages/Jobs'), 'jobsRead'),
  });
}

/**
 * The case type's low-code form: a field-list editor with a live preview instead of a
 * raw JSON box. The server registers the same custom field (type json) and checks the
 * schema on save with src/case-types/form-schema.ts, which the editor reuses.
 */
function registerFormSchemaField(app: StrapiApp) {
  app.customFields.register({
    name: 'form-schema',
    pluginId: PLUGIN_ID,
    type: 'json',
    icon: FormSchemaIcon,
    intlLabel: { id: trad('form-schema.label'), defaultMessage: '表单结构' },
    intlDescription: {
      id: trad('form-schema.description'),
      defaultMessage: '用字段列表设计案件类型的登记表单：字段、类型、必填、选项、显示条件，带实时预览',
    },
    components: {
      // the content manager gives the input its field props (name, label, required, …)
      Input: async () => import('./components/FormSchemaInput').then((m) => ({ default: m.default as unknown as ComponentType })),
    },
  });
}

/**
 * The list-like settings: pickers instead of raw JSON boxes (the server registers the same
 * custom fields, type json; the settings guard checks the value on save).
 */
function registerSettingsFields(app: StrapiApp) {
  const settingsInput = (name: keyof typeof import('./settings/inputs')) => async () =>
    import('./settings/inputs').then((m) => ({ default: m[name] as unknown as ComponentType }));
  const SETTINGS_FIELDS = [
    {
      name: 'date-list',
      icon: Calendar,
      label: '日期列表',
      description: '用日期选择器添加、删除日期（放假日、调休上班日）',
      Input: settingsInput('DateListInput'),
    },
    {
      name: 'recipients',
      icon: Bell,
      label: '预警接收人',
      description: '逐行选择接收人的角色和所在层级',
      Input: settingsInput('RecipientsInput'),
    },
    {
      name: 'role-counts',
      icon: GridFour,
      label: '参加人员要求',
      description: '各角色是否参加及最少、最多人数',
      Input: settingsInput('RoleCountsInput'),
    },
  ];
  for (const f of SETTINGS_FIELDS) {
    app.customFields.register({
      name: f.name,
      pluginId: PLUGIN_ID,
      type: 'json',
      icon: f.icon,
      intlLabel: { id: trad(`${f.name}.label`), defaultMessage: f.label },
      intlDescription: { id: trad(`${f.name}.description`), defaultMessage: f.description },
      components: { Input: f.Input },
    });
  }
}

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: '访调' });
    addMenuPages(app);
    registerFormSchemaField(app);
    registerSettingsFields(app);
  },
  bootstrap() {},
  async registerTrads({ locales }: { locales: string[] }) {
    return locales.map((locale) => ({ data: {}, locale }));
  },
};
