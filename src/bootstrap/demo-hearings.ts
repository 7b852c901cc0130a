import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { petitionFlow, petitions } from '../services';
import { as, orgId } from './demo-cases';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;
const ROOM = 'plugin::fangtiao.room' as any;
const workdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:30', end: '17:30' }));

/**
 * Experts, rooms and a hearing for the demo: 周律师 in 东湖区's law pool, three rooms, and a
 * backlog case in leader handling with a tripartite review at the earliest free slot (its
 * notices issued), so the desk's 听证与会商 and 日程 screens have something to show.
 */
export async function loadDemoHearings(strapi: Core.Strapi) {
  const donghu = await orgId(strapi, '990102');
  const hubin = await orgId(strapi, '990102002');
  const expertUser = await strapi.db.query(UID.user).findOne({ where: { username: 'expert.donghu' }, select: ['id'] });
  const expert = await strapi.documents(PROFILE).create({
    data: {
      displayName: '周律师',
      title: '律师、法律顾问',
      user: expertUser.id,
      organisation: donghu,
      level: 'county',
      fields: ['law'],
      languages: ['普通话'],
      weeklyLimit: 5,
      status: 'active',
      availability: { weekly: workdays, exceptions: [] },
    } as any,
  });
  await strapi.documents(POOL).create({
    data: { name: '东湖区法律专家库', organisation: donghu, level: 'county', field: 'law', members: [expert.documentId] } as any,
  });
  for (const [name, capacity, org, address] of [
    ['东湖区信访局第一会议室', 10, donghu, '东湖区人民路1号3楼'],
    ['东湖区信访听证室', 40, donghu, '东湖区人民路1号1楼'],
    ['湖滨镇综治中心会议室', 12, hubin, '湖滨镇政府2楼'],
  ] as const) {
    await strapi.documents(ROOM).create({ data: { name, capacity, organisation: org, address, active: true } as any });
  }

  const clerk = await as(strapi, 'clerk.donghu');
  const leader = await as(strapi, 'leader.donghu');
  const type = await strapi.db.query(UID.caseType).findOne({ where: { code: 'neighbour' }, select: ['documentId'] });
  const hard = await petitions(strapi).register(
    {
      channel: 'visit',
      caseType: type.documentId,
      subject: '村集体土地收益分配诉求',
      demands: '要求按户籍人口重新分配土地收益',
      history: '多次到镇、区反映，调解未果',
      organisation: hubin,
      formData: { disputeAmount: 86000, disputeDate: '2026-06-01', kind: 'boundary', hasInjury: false },
      parties: [{ name: '马玉兰', idNumber: '990102197104180026', role: 'petitioner', phone: '13900139000', address: '湖滨镇石塘村' }],
    },
    clerk,
  );
  await petitionFlow(strapi).transition(hard.documentId, 'accept', {}, clerk);
  await petitionFlow(strapi).transition(hard.documentId, 'escalate_leader', { leader: leader.id }, clerk);
  await strapi
    .plugin('fangtiao')
    .service('hearings')
    .create(
      {
        kind: 'tripartite_review',
        petition: hard.documentId,
        organisation: donghu,
        participants: [
          { role: 'chair', user: leader.id },
          { role: 'work_team', user: clerk.id },
          { role: 'expert', expert: expert.documentId },
          { role: 'petitioner', party: 0 },
        ],
      },
      leader,
    );
}
