import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { Caller } from '../jurisdiction/current';
import type { Level } from '../jurisdiction/scope';
import { petitionFlow, petitionRecords, petitions } from '../services';
import { acceptanceDue } from '../case-flow/deadlines';

/** A neighbour-dispute case type with a small form, as an admin would build it. */
const NEIGHBOUR_FORM = {
  fields: [
    { key: 'disputeAmount', label: '争议金额', type: 'money', required: true, min: 0 },
    { key: 'disputeDate', label: '纠纷发生日期', type: 'date', required: true },
    {
      key: 'kind',
      label: '纠纷种类',
      type: 'select',
      required: true,
      options: [
        { value: 'drain', label: '排水' },
        { value: 'boundary', label: '地界' },
        { value: 'noise', label: '噪声' },
      ],
    },
    { key: 'hasInjury', label: '是否有人受伤', type: 'boolean' },
    { key: 'injuryNote', label: '伤情说明', type: 'textarea', required: true, visibleWhen: { field: 'hasInjury', equals: true } },
  ],
};

/** Acts as a demo user would, through the same services the API uses. */
export async function as(strapi: Core.Strapi, username: string): Promise<Caller> {
  const u = await strapi.db.query(UID.user).findOne({
    where: { username },
    select: ['id', 'username'],
    populate: { role: { select: ['type'] }, organisation: { select: ['id', 'documentId', 'level', 'code'] } },
  });
  const o = u.organisation;
  return {
    id: u.id,
    username: u.username,
    role: u.role.type,
    jurisdiction: { level: o.level as Level, code: o.code, organisationId: o.id, organisationDocumentId: o.documentId },
  };
}

export const orgId = async (strapi: Core.Strapi, code: string) =>
  (await strapi.db.query(UID.organisation).findOne({ where: { code }, select: ['documentId'] })).documentId;

/** A party of a demo case, with written consent to mediation. */
const party = (name: string, idNumber: string, role = 'petitioner') => ({
  name,
  idNumber,
  role,
  phone: '13800138000',
  address: '湖滨镇新桥村',
  mediationConsent: true,
  consentWay: 'written',
});
const FORM = { disputeAmount: 3000, disputeDate: '2026-10-20', kind: 'drain', hasInjury: false };

/** Who acts on the demo cases of 湖滨镇, and how a case is registered there. */
type Demo = {
  strapi: Core.Strapi;
  clerk: Caller;
  mediator: Caller;
  committee: string;
  hubin: string;
  register: (who: Caller, data: Record<string, unknown>) => Promise<{ documentId: string }>;
};

/**
 * A few cases in different states, so the desk and the measures have something to show:
 * one just registered, one in mediation with a session, one mediated to a close, one past
 * its acceptance deadline (backlog), and one in the other county.
 */
export async function loadDemoCases(strapi: Core.Strapi) {
  const type = await strapi.documents(UID.caseType).create({
    data: {
      name: '邻里纠纷',
      code: 'neighbour',
      category: 'neighbourhood',
      defaultMediation: true,
      formSchema: NEIGHBOUR_FORM,
      onlineIntake: true,
      publicFields: ['disputeDate', 'kind'],
    } as any,
  });
  const register = (who: Caller, data: Record<string, unknown>) =>
    petitions(strapi).register({ channel: 'visit', caseType: type.documentId, ...data }, who);
  const committee = (await strapi.db.query(UID.committee).findOne({ where: { name: '湖滨镇人民调解委员会' }, select: ['documentId'] }))
    .documentId;
  const demo: Demo = {
    strapi,
    clerk: await as(strapi, 'clerk.donghu'),
    mediator: await as(strapi, 'mediator.hubin'),
    committee,
    hubin: await orgId(strapi, '990102002'),
    register,
  };

  await register(demo.clerk, {
    subject: '新桥村排水沟堵塞纠纷',
    demands: '要求疏通排水沟',
    history: '首次到镇反映',
    organisation: demo.hubin,
    formData: FORM,
    parties: [party('张建华', '990102198003150017'), party('李国平', '990102197506220035', 'respondent')],
  });
  await caseInMediation(demo);
  await caseMediated(demo);
  await caseOverdue(demo);
  await register(await as(strapi, 'clerk.xishan'), {
    subject: '西山镇林地承包纠纷',
    demands: '要求确认承包范围',
    organisation: await orgId(strapi, '990103001'),
    formData: { ...FORM, kind: 'boundary' },
    parties: [party('周桂兰', '990103197803030023')],
  });
}

/** Accepted, diverted to the committee's mediator, one session recorded. */
async function caseInMediation({ strapi, clerk, mediator, committee, hubin, register }: Demo) {
  const inMediation = await register(clerk, {
    subject: '石塘村宅基地地界纠纷',
    demands: '要求重新确认地界',
    history: '曾到村委会反映两次',
    organisation: hubin,
    formData: { ...FORM, kind: 'boundary' },
    parties: [party('王秀英', '990102196809120029'), party('赵永强', '990102197210050057', 'respondent')],
  });
  await petitionFlow(strapi).transition(inMediation.documentId, 'accept', {}, clerk);
  await petitionFlow(strapi).transition(inMediation.documentId, 'divert', { committee, mediator: mediator.id }, clerk);
  await petitionRecords(strapi).recordSession(
    inMediation.documentId,
    { participants: '王秀英、赵永强、村调委会主任', summary: '双方陈述意见，约定现场勘界', place: '石塘村村委会' },
    mediator,
  );
}

/** Mediated to an agreement, with a satisfied return visit. */
async function caseMediated({ strapi, clerk, mediator, committee, hubin, register }: Demo) {
  const mediated = await register(clerk, {
    subject: '邻里噪声扰民纠纷',
    demands: '要求停止夜间施工噪声',
    history: '电话反映一次',
    organisation: hubin,
    formData: { ...FORM, kind: 'noise', disputeAmount: 0 },
    parties: [party('陈美玲', '990102198511300026'), party('刘志刚', '990102198001010010', 'respondent')],
  });
  await petitionFlow(strapi).transition(mediated.documentId, 'accept', {}, clerk);
  await petitionFlow(strapi).transition(mediated.documentId, 'divert', { committee, mediator: mediator.id }, clerk);
  await petitionFlow(strapi).transition(
    mediated.documentId,
    'mediation_success',
    {
      agreedTerms: '刘志刚自即日起晚十时至早七时停止施工',
      terms: [{ obligor: '刘志刚', what: '夜间停止施工', how: '晚十时至早七时不施工', where: '湖滨镇新桥村', byWhen: '即日起' }],
    },
    mediator,
  );
  await petitionRecords(strapi).recordReturnVisit(mediated.documentId, { result: 'satisfied', comment: '噪声问题已解决' }, clerk);
}

/** Past its acceptance deadline: a backlog case (积案). */
async function caseOverdue({ strapi, clerk, hubin, register }: Demo) {
  const overdue = await register(clerk, {
    subject: '征地补偿款分配诉求',
    demands: '要求重新核算补偿款',
    organisation: hubin,
    formData: { ...FORM, kind: 'boundary', disputeAmount: 52000 },
    parties: [party('孙德明', '990102196507080017')],
  });
  // Registered 18 days before the demo starts, so its 15-day acceptance deadline passed 3 days ago
  // (a due date after its registration date, whatever day the demo is started).
  const registeredAt = new Date(Date.now() - 18 * 86_400_000);
  const due = acceptanceDue(registeredAt);
  await strapi.db
    .query(UID.petition)
    .update({ where: { documentId: overdue.documentId }, data: { registeredAt, acceptanceDueAt: due, dueAt: due, isBacklog: true } });
}
