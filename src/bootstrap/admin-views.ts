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

/** System fields shown but never edited in the admin panel (the server sets them). */
const READ_ONLY: Record<string, string[]> = {
  'api::case-type.case-type': ['version'],
  'plugin::fangtiao.generated-document': ['version'],
};

/**
 * Chinese labels and hints for the settings administrators edit in the admin panel (the
 * Content Manager shows attribute names otherwise). A label is set only while it is still
 * Strapi's default (the attribute name), so an admin's own wording stays.
 */
const SETTINGS_LABELS: Record<string, Labels> = {
  'plugin::fangtiao.work-calendar': {
    hours: ['办公时间', '如 [{"start":"08:30","end":"12:00"},{"start":"14:00","end":"17:30"}]，整点或半点'],
    holidays: ['放假日', '法定节假日及调休放假日：选择日期后点“添加日期”'],
    workdays: ['调休上班日', '周末调休上班的日期：选择日期后点“添加日期”'],
    confirmedThrough: ['已确认至', '国务院放假安排已录入到哪一天；排期超过此日会提示'],
  },
  'plugin::fangtiao.hearing-type': {
    code: ['类型代码'],
    name: ['名称'],
    roles: ['参加人员要求', '勾选参加的角色并填写最少、最多人数；须有一名主持人'],
    noticeWorkingDays: ['提前通知工作日数', '至少提前几个工作日通知参加人员'],
    isPublic: ['公开举行', '公开的听证会发布听证公告（信访人姓名隐去）'],
    defaultMinutes: ['默认时长（分钟）', '30 分钟的整数倍'],
    needsCase: ['须关联案件'],
  },
  'plugin::fangtiao.warning-rule': {
    code: ['规则代码', '2–60 位小写字母、数字或连字符，如 visit-count-county'],
    name: ['规则名称'],
    conditionKind: ['触发条件', 'visit-count 来访次数；overdue 超期；hearing-outcome 听证结论；mediation-failed 调解失败'],
    minVisits: ['来访次数', '“来访次数”条件：达到几次触发'],
    minLevel: ['到访层级', '“来访次数”条件：计入此层级及以上的来访'],
    outcomes: ['触发的听证结论', '“听证结论”条件：如 ["not-accepted"]'],
    colour: ['预警颜色', 'red 红、orange 橙、yellow 黄、blue 蓝'],
    recipients: ['接收人', '逐行选择接收人的角色和所在层级（责任单位或其上级）'],
    responseHours: ['响应时限（小时）', '接收人须在此时限内签收处置'],
    issuer: ['发出单位', '预警单上署名的单位，如 市信访联席办'],
    active: ['启用'],
    description: ['说明'],
  },
  'api::case-type.case-type': {
    name: ['名称'],
    code: ['类型代码', '小写字母开头，2–40 位小写字母、数字或连字符'],
    category: ['纠纷类别'],
    formSchema: ['登记表单', '用字段列表设计本类案件的登记表单'],
    version: ['版本', '表单结构每改一次自动加一（只读）'],
    defaultMediation: ['默认分流调解', '登记后默认建议转人民调解'],
    deadlines: ['期限设置（天）', '留空用法定期限；如 {"acceptanceDays":15,"conclusionDays":60}'],
    documentTemplates: ['文书模板'],
    onlineIntake: ['接受网上信访', '勾选后，群众可在信访人页面（/p/）网上提交本类事项'],
    publicFields: ['群众可填字段', '网上提交时向群众显示的表单字段键名列表，如 ["disputeAmount","disputeDate"]'],
  },
  'plugin::fangtiao.credit-ground': {
    code: ['情形代码', '2–60 位小写字母、数字或连字符'],
    name: ['情形名称'],
    legalBasis: ['法律依据', '引用的法律法规条文'],
    basisKind: ['依据文书', 'mediation-agreement 人民调解协议书；no-further-petition-pledge 息访承诺书'],
    active: ['启用'],
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
  for (const uid of new Set([...Object.keys(SETTINGS_LABELS), ...Object.keys(READ_ONLY)])) {
    const labels = SETTINGS_LABELS[uid] ?? {};
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
    for (const field of READ_ONLY[uid] ?? []) {
      const m = metadatas[field];
      if (!m || m.edit?.editable === false) continue;
      metadatas[field] = { ...m, edit: { ...m.edit, editable: false } };
      changed = true;
    }
    if (changed) await contentTypes.updateConfiguration({ uid }, { settings: conf.settings, metadatas, layouts: conf.layouts });
  }
}
