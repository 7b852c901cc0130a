import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

/**
 * The audit log's list in the admin panel: who did what to which record, newest first.
 * Set once (while the list still has Strapi's default columns), so an admin's own choice stays.
 */
export async function configureAuditLogView(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const conf = await contentTypes.findConfiguration({ uid: UID.auditEntry });
  if (!conf?.layouts?.list || conf.layouts.list[0] !== 'id') return;
  await contentTypes.updateConfiguration(
    { uid: UID.auditEntry },
    {
      settings: { ...conf.settings, defaultSortBy: 'at', defaultSortOrder: 'DESC', pageSize: 50 },
      metadatas: conf.metadatas,
      layouts: { ...conf.layouts, list: ['at', 'actorName', 'role', 'organisationCode', 'action', 'targetUid', 'targetDocumentId', 'ip'] },
    },
  );
}

type Labels = Record<string, [label: string, description?: string]>;

/**
 * Chinese labels and hints for the settings administrators edit in the admin panel (the
 * Content Manager shows attribute names otherwise). A label is set only while it is still
 * Strapi's default (the attribute name), so an admin's own wording stays.
 */
const SETTINGS_LABELS: Record<string, Labels> = {
  'plugin::fangtiao.work-calendar': {
    hours: ['办公时间', '如 [{"start":"08:30","end":"12:00"},{"start":"14:00","end":"17:30"}]，整点或半点'],
    holidays: ['放假日', '法定节假日及调休放假日，如 ["2026-10-01","2026-10-02"]'],
    workdays: ['调休上班日', '周末调休上班的日期，如 ["2026-10-10"]'],
    confirmedThrough: ['已确认至', '国务院放假安排已录入到哪一天；排期超过此日会提示'],
  },
  'plugin::fangtiao.hearing-type': {
    code: ['类型代码'],
    name: ['名称'],
    roles: ['参加人员要求', '各角色人数，如 {"chair":{"min":1,"max":1},"panel":{"min":3}}；角色：chair 主持人、work_team 工作专班、expert 专家、petitioner 信访人、panel 评议员、observer 列席人员'],
    noticeWorkingDays: ['提前通知工作日数', '至少提前几个工作日通知参加人员'],
    isPublic: ['公开举行', '公开的听证会发布听证公告（信访人姓名隐去）'],
    defaultMinutes: ['默认时长（分钟）', '30 分钟的整数倍'],
    needsCase: ['须关联案件'],
  },
  'plugin::fangtiao.room': {
    name: ['名称'],
    organisation: ['所属单位'],
    capacity: ['容纳人数'],
    address: ['地址'],
    videoLink: ['视频会议链接', '常设视频会议室的链接（可选）'],
    active: ['可用'],
  },
  'plugin::fangtiao.measure-target': {
    measure: ['指标'],
    kind: ['目标类型', 'fixed 固定值；yoy 同比系数；none 不设目标'],
    value: ['目标值', '固定值；比率以百分数填写（95 即 95%）'],
    factor: ['同比系数', '上年同期的倍数（0.5 即同比减半）'],
    from: ['起始日期', '自此日起适用；留空为一直适用'],
    note: ['备注'],
  },
};

export async function configureSettingsViews(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  for (const [uid, labels] of Object.entries(SETTINGS_LABELS)) {
    const conf = await contentTypes.findConfiguration({ uid });
    if (!conf?.metadatas) continue;
    let changed = false;
    const metadatas = { ...conf.metadatas };
    for (const [field, [label, description]] of Object.entries(labels)) {
      const m = metadatas[field];
      if (!m || m.edit?.label !== field) continue;
      metadatas[field] = { ...m, edit: { ...m.edit, label, ...(description ? { description } : {}) }, list: { ...m.list, label } };
      changed = true;
    }
    if (changed) await contentTypes.updateConfiguration({ uid }, { settings: conf.settings, metadatas, layouts: conf.layouts });
  }
}
