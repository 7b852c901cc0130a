import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfText } from '../helpers/pdf';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { Calendar, DEFAULT_WORK_CALENDAR, dayKey } from '../../plugins/fangtiao/server/src/hearings/calendar';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const ROOM = 'plugin::fangtiao.room' as any;
const H = 'plugin::fangtiao.hearing' as any;
const N = 'plugin::fangtiao.notification' as any;
const CM_CAL = '/content-manager/single-types/plugin::fangtiao.work-calendar';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser,
  leader: TestUser,
  leader2: TestUser,
  mediator: TestUser,
  supervisor: TestUser,
  reviewer: TestUser,
  westLeader: TestUser,
  expertUser: TestUser;
let expertId: string;
let petitionId: string;
const rooms: Record<string, string> = {};
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
const cal = new Calendar(DEFAULT_WORK_CALENDAR);
const ms = (s: string) => new Date(s).getTime();

const tripartite = (extra: object = {}) => ({
  kind: 'tripartite_review',
  petition: petitionId,
  participants: [
    { role: 'chair', user: leader.documentId },
    { role: 'work_team', user: clerk.documentId },
    { role: 'expert', expert: expertId },
    { role: 'petitioner', party: 0 },
  ],
  ...extra,
});

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  leader2 = await makeUser(strapi, 'leader', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
  westLeader = await makeUser(strapi, 'leader', '990103', orgs);
  expertUser = await makeUser(strapi, 'expert', '990102', orgs);
  expertId = (
    await strapi.documents(PROFILE).create({
      data: {
        displayName: '王律师',
        user: expertUser.id,
        organisation: orgs.get('990102'),
        level: 'county',
        fields: ['law'],
        status: 'active',
        availability: everyDay,
      } as any,
    })
  ).documentId;
  await strapi.documents('plugin::fangtiao.expert-pool' as any).create({
    data: { name: '东湖区法律专家库', organisation: orgs.get('990102'), level: 'county', field: 'law', members: [expertId] } as any,
  });
  for (const [key, name, capacity, org] of [
    ['small', '东湖区信访局第一会议室', 8, '990102'],
    ['large', '东湖区听证室', 40, '990102'],
    ['west', '西山县会议室', 20, '990103'],
  ] as const) {
    rooms[key] = (
      await strapi
        .documents(ROOM)
        .create({ data: { name, capacity, organisation: orgs.get(org), address: '人民路1号', active: true } as any })
    ).documentId;
  }
  petitionId = (await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!))).body.data.documentId;
  const move = (who: TestUser, action: string, input: object = {}) =>
    api(strapi, who).post(`/api/petitions/${petitionId}/transition`, { action, input });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'escalate_leader', { leader: leader.id })).status).toBe(200);
});
afterAll(stopStrapi);

describe('a tripartite review, end to end', () => {
  let slots: any;
  let hearing: any;

  test('the earliest common slot: after 3 working days of notice, in office hours, in the smallest room that fits', async () => {
    const res = await api(strapi, leader).post('/api/hearings/slots', { data: tripartite() });
    expect(res.status).toBe(200);
    slots = res.body.data;
    const earliest = cal.earliestAfterNotice(Date.now(), 3);
    expect(ms(slots.earliestAllowed)).toBe(earliest);
    expect(slots.slots.length).toBe(5);
    for (const s of slots.slots) {
      expect(ms(s.start)).toBeGreaterThanOrEqual(earliest);
      expect(ms(s.end) - ms(s.start)).toBe(120 * 60_000);
      expect(cal.isWorkingDay(ms(s.start))).toBe(true);
      expect(cal.withinOfficeHours(ms(s.start), ms(s.end))).toBe(true);
      expect(s.room.name).toBe('东湖区信访局第一会议室');
    }
    // Nobody is busy yet: the first slot is the first office-hours stretch long enough after the notice period.
    const first = cal.workingIntervals(earliest, earliest + 14 * 86_400_000).find((i) => i.end - i.start >= 120 * 60_000)!;
    expect(ms(slots.slots[0].start)).toBe(first.start);
  });

  test('the pickers: staff of the jurisdiction, experts of the pools serving it, the case’s parties by name only', async () => {
    const res = await api(strapi, leader).get(`/api/hearings/people?petition=${petitionId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.staff.map((s: any) => s.documentId)).toEqual(
      expect.arrayContaining([leader.documentId, clerk.documentId, mediator.documentId]),
    );
    expect(res.body.data.staff.map((s: any) => s.documentId)).not.toContain(westLeader.documentId);
    expect(res.body.data.experts).toEqual([expect.objectContaining({ documentId: expertId, name: '王律师' })]);
    expect(res.body.data.parties).toEqual([{ index: 0, name: '张三' }]);
    expect(JSON.stringify(res.body.data)).not.toMatch(/idNumber|phone|1380013/);
    expect((await api(strapi, westLeader).get(`/api/hearings/people?petition=${petitionId}`)).status).toBe(404);
    expect((await api(strapi, mediator).get('/api/hearings/people')).status).toBe(403);
  });

  test('bad requests name every field; a case outside the jurisdiction is 404; too few roles is 400', async () => {
    const bad = await api(strapi, leader).post('/api/hearings/slots', {
      data: {
        kind: 'tripartite_review',
        petition: petitionId,
        minutes: 45,
        participants: [
          { role: 'chair', user: mediator.documentId },
          { role: 'panel', name: '李代表', category: 'deputy' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['minutes', 'participants.1.role', 'participants', 'participants.0.user']));
    expect(
      (
        await api(strapi, westLeader).post('/api/hearings/slots', {
          data: tripartite({ participants: [{ role: 'chair', user: westLeader.documentId }] }),
        })
      ).status,
    ).toBe(404);
    expect((await api(strapi, leader).post('/api/hearings/slots', { data: { ...tripartite(), kind: 'trial' } })).status).toBe(400);
  });

  test('scheduling before the notice period is 409; at the proposed slot 201 with a notice per participant', async () => {
    const early = await api(strapi, leader).post('/api/hearings', {
      data: tripartite({ start: new Date(cal.earliestAfterNotice(Date.now(), 1) + 10 * 3_600_000).toISOString() }),
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/提前3个工作日/);
    const res = await api(strapi, leader).post('/api/hearings', { data: tripartite({ start: slots.slots[0].start }) });
    expect(res.status).toBe(201);
    hearing = res.body.data;
    expect(hearing).toMatchObject({
      kind: 'tripartite_review',
      state: 'scheduled',
      isPublic: false,
      room: { name: '东湖区信访局第一会议室' },
    });
    expect(hearing.participants.map((p: any) => [p.role, p.name])).toEqual([
      ['chair', leader.username],
      ['work_team', clerk.username],
      ['expert', '王律师'],
      ['petitioner', '张三'],
    ]);
    expect(hearing.participants.every((p: any) => p.notice?.version === 1)).toBe(true);
    expect(JSON.stringify(hearing)).not.toMatch(/\d{17}[\dX]/);
  });

  test('each notice is a hearing-notice PDF addressed to its participant; the petitioner’s is downloadable by staff, the expert downloads its own', async () => {
    const pdf = await binary(api(strapi, clerk).get(`/api/hearings/${hearing.documentId}/notices/3`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body);
    expect(text).toContain('听证通知书');
    expect(text).toContain('张三');
    expect(text).toContain('三方会审');
    expect(text).toContain('东湖区信访局第一会议室');
    const own = await binary(api(strapi, expertUser).get(`/api/hearings/${hearing.documentId}/notices/2`));
    expect(own.status).toBe(200);
    expect(await pdfText(own.body)).toContain('王律师');
    // An expert on the hearing gets its own notice only.
    expect((await api(strapi, expertUser).get(`/api/hearings/${hearing.documentId}/notices/3`)).status).toBe(404);
    expect((await api(strapi, westLeader).get(`/api/hearings/${hearing.documentId}/notices/0`)).status).toBe(404);
    expect((await api(strapi, clerk).get(`/api/hearings/${hearing.documentId}/notices/9`)).status).toBe(404);
  });

  test('staff and the expert taking part get an in-app notice; the one who scheduled does not', async () => {
    const inbox = async (u: TestUser) => strapi.db.query(N).findMany({ where: { userId: u.id, kind: 'hearing' } });
    expect(await inbox(clerk)).toHaveLength(1);
    expect(await inbox(expertUser)).toHaveLength(1);
    expect(await inbox(leader)).toHaveLength(0);
  });

  test('clashes are refused by name: the same chair, the same room, or the expert booked for a consultation', async () => {
    const sameChair = await api(strapi, leader).post('/api/hearings', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader.documentId }],
        start: slots.slots[0].start,
        videoLink: 'https://meet.example.cn/abc',
      },
    });
    expect(sameChair.status).toBe(409);
    expect(sameChair.body.error.message).toContain(leader.username);
    const sameRoom = await api(strapi, leader2).post('/api/hearings', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader2.documentId }],
        start: slots.slots[0].start,
        room: rooms.small,
      },
    });
    expect(sameRoom.status).toBe(409);
    expect(sameRoom.body.error.message).toContain('东湖区信访局第一会议室');
    // Without a room named, the other room is chosen.
    const other = await api(strapi, leader2).post('/api/hearings', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader2.documentId }],
        start: slots.slots[0].start,
      },
    });
    expect(other.status).toBe(201);
    expect(other.body.data.room.name).toBe('东湖区听证室');
    // The expert's consultation at that time clashes with the hearing (one grid for both).
    const consult = await api(strapi, leader).post(`/api/petitions/${petitionId}/consultations`, {
      data: {
        question: '征地补偿标准如何适用？',
        field: 'law',
        mode: 'video',
        windowStart: slots.slots[0].start,
        windowEnd: new Date(ms(slots.slots[0].start) + 2 * 86_400_000).toISOString(),
      },
    });
    expect(consult.status).toBe(201);
    const book = await api(strapi, leader).post(`/api/consultations/${consult.body.data.documentId}/bookings`, {
      data: { expert: expertId, start: slots.slots[0].start },
    });
    expect(book.status).toBe(409);
    // A second search proposes times after the first hearing for the same people.
    const again = await api(strapi, leader).post('/api/hearings/slots', { data: tripartite() });
    expect(ms(again.body.data.slots[0].start)).toBeGreaterThanOrEqual(ms(hearing.end));
  });

  test('under a race for the same room and time exactly one hearing is scheduled', async () => {
    const start = slots.slots[2].start;
    const chairs: TestUser[] = [];
    for (let i = 0; i < 8; i += 1) chairs.push(await makeUser(strapi, 'leader', '990102', orgs));
    const results = await Promise.all(
      chairs.map((c) =>
        api(strapi, c).post('/api/hearings', {
          data: {
            kind: 'joint_consultation',
            organisation: orgs.get('990102'),
            participants: [{ role: 'chair', user: c.documentId }],
            start,
            room: rooms.large,
          },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  test('a holiday entered in the admin panel is skipped; a bad calendar is refused with its fields', async () => {
    const admin = await adminSession(strapi);
    // The admin panel labels the calendar's fields in Chinese, with a hint on the date picker.
    const conf = (await admin.get('/content-manager/content-types/plugin::fangtiao.work-calendar/configuration')).body.data.contentType
      .metadatas;
    expect(conf.holidays.edit).toMatchObject({ label: '放假日', description: expect.stringContaining('添加日期') });
    expect(conf.workdays.edit.label).toBe('调休上班日');
    const current = (await admin.get(CM_CAL)).body.data;
    const day = dayKey(ms(slots.slots[0].start));
    const bad = await admin.put(CM_CAL, { ...current, hours: [{ start: '17:00', end: '09:00' }], holidays: ['2026-13-01'] });
    expect(bad.status).toBe(400);
    const saved = await admin.put(CM_CAL, {
      hours: current.hours,
      holidays: [...current.holidays, day],
      workdays: current.workdays,
      confirmedThrough: current.confirmedThrough,
    });
    expect(saved.status).toBe(200);
    const res = await api(strapi, leader2).post('/api/hearings/slots', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader2.documentId }],
        videoLink: 'https://meet.example.cn/x',
        from: new Date(ms(slots.slots[0].start) - 86_400_000).toISOString(),
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.slots.some((s: any) => dayKey(ms(s.start)) === day)).toBe(false);
    await admin.put(CM_CAL, {
      hours: current.hours,
      holidays: current.holidays,
      workdays: current.workdays,
      confirmedThrough: current.confirmedThrough,
    });
  });

  test('rescheduling frees the old time and sends everyone a new notice', async () => {
    // A search for the hearing's new time does not count its own time as busy.
    const search = await api(strapi, leader).post('/api/hearings/slots', { data: { hearing: hearing.documentId } });
    expect(search.status).toBe(200);
    expect(search.body.data.slots[0].start).toBe(hearing.start);
    expect(hearing.participants[3]).toMatchObject({ role: 'petitioner', party: 0 });
    const noReason = await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/reschedule`, {
      data: { start: slots.slots[1].start },
    });
    expect(noReason.status).toBe(400);
    const res = await api(strapi, clerk).post(`/api/hearings/${hearing.documentId}/reschedule`, {
      data: { start: slots.slots[1].start, reason: '专家临时出差' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.start).toBe(slots.slots[1].start);
    expect(res.body.data.participants.every((p: any) => p.notice.version === 2)).toBe(true);
    expect(res.body.data.history.map((h: any) => h.action)).toEqual(['schedule', 'reschedule']);
    expect(res.body.data.history.map((h: any) => h.byName)).toEqual([leader.username, clerk.username]);
    const inbox = await strapi.db.query(N).findMany({ where: { userId: leader.id, kind: 'hearing' } });
    expect(inbox.some((n: any) => /改期/.test(n.title))).toBe(true);
    // The old time is free again for the chair.
    const old = await api(strapi, leader).post('/api/hearings', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader.documentId }],
        start: slots.slots[0].start,
        videoLink: 'https://meet.example.cn/abc',
      },
    });
    expect(old.status).toBe(201);
    hearing = res.body.data;
  });

  test('minutes before the hearing is 409; a mediator may not record; a flow move the case forbids changes nothing', async () => {
    const minutes = {
      attendance: hearing.participants.map((p: any) => ({ participant: p.index, present: true })),
      opinions: [{ participant: 2, opinion: '补偿标准适用正确' }],
      conclusion: '维持原处理意见，依法予以解释说明',
      outcome: 'accepted',
    };
    expect((await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/minutes`, { data: minutes })).status).toBe(409);
    // The hearing took place: move it into the past (as time would).
    const row: any = await strapi.db.query(H).findOne({ where: { documentId: hearing.documentId } });
    await strapi.db
      .query(H)
      .update({ where: { id: row.id }, data: { start: new Date(Date.now() - 3 * 3_600_000), end: new Date(Date.now() - 3_600_000) } });
    expect((await api(strapi, mediator).post(`/api/hearings/${hearing.documentId}/minutes`, { data: minutes })).status).toBe(403);
    const missing = await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/minutes`, {
      data: { ...minutes, attendance: [], conclusion: '' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['attendance', 'conclusion']),
    );
    const forbidden = await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/minutes`, {
      data: { ...minutes, move: { action: 'review_opinion', input: { opinion: '维持' } } },
    });
    expect(forbidden.status).toBe(409);
    expect((await api(strapi, leader).get(`/api/hearings/${hearing.documentId}`)).body.data.state).toBe('scheduled');
    expect((await api(strapi, leader).get(`/api/petitions/${petitionId}`)).body.data.state).toBe('leader_handling');
  });

  test('the chair records the minutes and the conclusion concludes the case through the flow; "not accepted" raises the warning', async () => {
    await strapi.db
      .query('plugin::fangtiao.warning-rule' as any)
      .update({ where: { code: 'hearing-not-accepted' }, data: { active: true } });
    const res = await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/minutes`, {
      data: {
        attendance: hearing.participants.map((p: any) => ({ participant: p.index, present: p.role !== 'work_team' })),
        opinions: [{ participant: 2, opinion: '补偿标准适用正确，程序合法' }],
        conclusion: '维持原处理意见，依法予以解释说明',
        outcome: 'not-accepted',
        move: { action: 'conclude', input: { conclusion: '经三方会审，维持原处理意见' } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'held',
      outcome: 'not-accepted',
      caseMove: { action: 'conclude', from: 'leader_handling', to: 'concluded' },
    });
    expect(res.body.data.minutes.attendance.filter((a: any) => !a.present)).toHaveLength(1);
    const p = (await api(strapi, leader).get(`/api/petitions/${petitionId}`)).body.data;
    expect(p.state).toBe('concluded');
    const moves: any[] = await strapi.db
      .query('api::petition-move.petition-move' as any)
      .findMany({ where: { petition: { documentId: petitionId } }, orderBy: { id: 'asc' } });
    expect(moves[moves.length - 1]).toMatchObject({ action: 'conclude', fromState: 'leader_handling', toState: 'concluded' });
    expect((await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/minutes`, { data: {} })).status).toBe(409);
    // The minutes as a PDF to print and sign: attendance, opinions, conclusion, the case move.
    const held = (await api(strapi, leader).get(`/api/hearings/${hearing.documentId}`)).body.data;
    expect(held.minutes.document).toMatchObject({ version: 1 });
    const pdf = await binary(api(strapi, mediator).get(`/api/hearings/${hearing.documentId}/record`));
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.body)).replace(/\s+/g, '');
    for (const item of [
      '三方会审笔录',
      '王律师（专家）',
      '补偿标准适用正确',
      '缺席',
      '信访人不接受结论',
      '办结：领导包案处理中→已办结',
      '记录人（签名）',
    ])
      expect(text).toContain(item);
    expect((await api(strapi, westLeader).get(`/api/hearings/${hearing.documentId}/record`)).status).toBe(404);
    const warnings: any[] = await strapi.db
      .query('plugin::fangtiao.warning' as any)
      .findMany({ where: { petition: { documentId: petitionId } }, populate: { rule: { select: ['code'] } } });
    expect(warnings.map((w) => w.rule?.code)).toContain('hearing-not-accepted');
  });
});

describe('public hearings, calendars, access', () => {
  let pub: any;
  let casePetition: string;

  beforeAll(async () => {
    casePetition = (
      await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '张三反映欧阳娜娜占地' }))
    ).body.data.documentId;
    await api(strapi, clerk).post(`/api/petitions/${casePetition}/transition`, { action: 'accept', input: {} });
  });

  test('a public petition hearing needs a panel of three; its announcement names nobody in full', async () => {
    const base = {
      kind: 'petition_hearing',
      petition: casePetition,
      participants: [
        { role: 'chair', user: leader2.documentId },
        { role: 'work_team', user: clerk.documentId },
        { role: 'petitioner', party: 0 },
        { role: 'panel', name: '李代表', category: 'deputy' },
        { role: 'panel', name: '赵委员', category: 'cppcc' },
      ],
    };
    const few = await api(strapi, leader2).post('/api/hearings', { data: base });
    expect(few.status).toBe(400);
    expect(few.body.error.details.errors[0].message).toMatch(/评议员至少3人/);
    const res = await api(strapi, leader2).post('/api/hearings', {
      data: { ...base, participants: [...base.participants, { role: 'panel', name: '钱大妈', category: 'resident' }] },
    });
    expect(res.status).toBe(201);
    pub = res.body.data;
    expect(pub.isPublic).toBe(true);
    const ann = await request(strapi.server.httpServer).get('/api/hearing-announcements');
    expect(ann.status).toBe(200);
    const mine = ann.body.data.find((a: any) => a.id === pub.documentId);
    expect(mine).toMatchObject({ kind: '信访听证', petitioners: ['张某'], panel: { 人大代表: 1, 政协委员: 1, 群众代表: 1 } });
    const text = JSON.stringify(ann.body.data);
    expect(text).not.toContain('张三');
    expect(text).not.toContain('欧阳娜娜');
    expect(text).not.toMatch(/\d{17}[\dX]|1380013/);
    // The tripartite review (not public) is not announced.
    expect(ann.body.data.every((a: any) => a.kind !== '三方会审')).toBe(true);
  });

  test('week calendars: my own, a colleague’s and a room’s in the jurisdiction; experts only their own', async () => {
    const week = (u: TestUser, resource: string, at: string) =>
      api(strapi, u).get(`/api/schedule/week?resource=${encodeURIComponent(resource)}&week=${encodeURIComponent(at)}`);
    const mine = await week(leader2, 'me', pub.start);
    expect(mine.status).toBe(200);
    expect(mine.body.data.days).toHaveLength(7);
    expect(mine.body.data.events.map((e: any) => e.documentId)).toContain(pub.documentId);
    const room = await week(clerk, `room:${pub.room.documentId}`, pub.start);
    expect(room.body.data.resource).toMatchObject({ type: 'room' });
    expect(room.body.data.events.map((e: any) => e.documentId)).toContain(pub.documentId);
    expect((await week(supervisor, `user:${leader2.documentId}`, pub.start)).status).toBe(200);
    expect((await week(westLeader, `user:${leader2.documentId}`, pub.start)).status).toBe(404);
    expect((await week(westLeader, `room:${rooms.small}`, pub.start)).status).toBe(404);
    expect((await week(expertUser, `user:${leader2.documentId}`, pub.start)).status).toBe(404);
    expect((await week(expertUser, 'me', pub.start)).status).toBe(200);
    expect((await week(clerk, 'desk:1', pub.start)).status).toBe(400);
  });

  test('who reaches what', async () => {
    expect((await api(strapi, reviewer).get('/api/hearings')).status).toBe(403);
    expect((await api(strapi, null).get('/api/hearings')).status).toBe(403);
    expect((await api(strapi, mediator).post('/api/hearings', { data: {} })).status).toBe(403);
    expect((await api(strapi, supervisor).post('/api/hearings/slots', { data: {} })).status).toBe(403);
    expect((await api(strapi, westLeader).get(`/api/hearings/${pub.documentId}`)).status).toBe(404);
    expect((await api(strapi, westLeader).post(`/api/hearings/${pub.documentId}/cancel`, { data: { reason: '测试' } })).status).toBe(404);
    const list = await api(strapi, supervisor).get('/api/hearings');
    expect(list.status).toBe(200);
    expect(list.body.data.map((h: any) => h.documentId)).toContain(pub.documentId);
    expect((await api(strapi, westLeader).get('/api/hearings')).body.data).toEqual([]);
    const mine = await api(strapi, expertUser).get('/api/hearings/mine');
    expect(mine.status).toBe(200);
    expect(mine.body.data.length).toBeGreaterThan(0);
    expect((await api(strapi, expertUser).get('/api/hearings')).status).toBe(403);
  });

  test('reminders 24 h and 1 h before go to the staff taking part, each once', async () => {
    const svc = strapi.plugin('fangtiao').service('hearing-notices') as any;
    const row: any = await strapi.db.query(H).findOne({ where: { documentId: pub.documentId } });
    const before = await strapi.db.query(N).count({ where: { userId: clerk.id, kind: 'hearing', title: { $contains: '提醒' } } });
    const start = new Date(row.start).getTime();
    // Other hearings may be due at these times too; the clerk takes part only in this one.
    await svc.sendDueReminders(new Date(start - 20 * 3_600_000));
    await svc.sendDueReminders(new Date(start - 19 * 3_600_000));
    expect(await strapi.db.query(H).findOne({ where: { id: row.id }, select: ['remindedDay', 'remindedHour'] })).toMatchObject({
      remindedDay: true,
      remindedHour: false,
    });
    await svc.sendDueReminders(new Date(start - 50 * 60_000));
    await svc.sendDueReminders(new Date(start - 40 * 60_000));
    expect(await strapi.db.query(H).findOne({ where: { id: row.id }, select: ['remindedDay', 'remindedHour'] })).toMatchObject({
      remindedDay: true,
      remindedHour: true,
    });
    const titles = (await strapi.db.query(N).findMany({ where: { userId: clerk.id, kind: 'hearing', title: { $contains: '提醒' } } })).map(
      (n: any) => n.title,
    );
    expect(titles.length - before).toBe(2);
    expect(titles.join()).toMatch(/24小时.*1小时|1小时.*24小时/);
  });

  test('cancelling frees everyone and tells them', async () => {
    const res = await api(strapi, leader2).post(`/api/hearings/${pub.documentId}/cancel`, { data: { reason: '信访人申请延期' } });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('cancelled');
    expect((await api(strapi, leader2).post(`/api/hearings/${pub.documentId}/cancel`, { data: { reason: '再次' } })).status).toBe(409);
    const notes = await strapi.db.query(N).findMany({ where: { userId: clerk.id, kind: 'hearing' } });
    expect(notes.some((n: any) => /取消/.test(n.title))).toBe(true);
    const ann = await request(strapi.server.httpServer).get('/api/hearing-announcements');
    expect(ann.body.data.find((a: any) => a.id === pub.documentId)).toBeUndefined();
  });
});

describe('joint consultations', () => {
  test('an urgent one for a major dispute is called at once: no notice period', async () => {
    const res = await api(strapi, leader2).post('/api/hearings/slots', {
      data: {
        kind: 'joint_consultation',
        urgent: true,
        organisation: orgs.get('990102'),
        participants: [{ role: 'chair', user: leader2.documentId }],
        videoLink: 'https://meet.example.cn/now',
        minutes: 60,
      },
    });
    expect(res.status).toBe(200);
    const now = Date.now();
    expect(ms(res.body.data.earliestAllowed)).toBeLessThanOrEqual(now + 30 * 60_000);
    expect(ms(res.body.data.slots[0].start)).toBeLessThan(cal.earliestAfterNotice(now, 2));
  });

  test('a notice that cannot be issued (the disk full) does not undo the hearing: it stands, without that paper', async () => {
    const docs = strapi.plugin('fangtiao').service('document') as any;
    const issue = docs.issue;
    docs.issue = async () => {
      throw new Error('ENOSPC: no space left on device');
    };
    try {
      const res = await api(strapi, leader2).post('/api/hearings', {
        data: {
          kind: 'joint_consultation',
          urgent: true,
          organisation: orgs.get('990102'),
          participants: [{ role: 'chair', user: leader2.documentId }],
          videoLink: 'https://meet.example.cn/disk',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.data.participants[0].notice).toBeNull();
      expect((await api(strapi, leader2).get(`/api/hearings/${res.body.data.documentId}`)).body.data.state).toBe('scheduled');
    } finally {
      docs.issue = issue;
    }
  });

  // The job runs on a fixed clock (Beijing time), never the wall clock: on a Friday the current
  // week has no slot left after a working day's notice, which once made this suite red Fri–Sun.
  const beijing = (local: string) => new Date(`${local}+08:00`);
  const jointRows = async () =>
    (await strapi.db
      .query(H)
      .findMany({ where: { recurrenceKey: { $notNull: true } }, populate: { organisation: { select: ['code'] } } })) as any[];
  const keysOf = (rows: any[], code: string) =>
    rows
      .filter((r) => r.organisation.code === code)
      .map((r) => r.recurrenceKey.split(':')[2])
      .sort();
  const clearJoint = async () => {
    const ids = (await jointRows()).map((r) => r.id);
    await strapi.db.connection('fangtiao_schedule_units').where({ owner_kind: 'h' }).whereIn('owner_id', ids).del();
    await strapi.db.query(H).deleteMany({ where: { id: { $in: ids } } });
  };

  test('the job schedules one per organisation and period on the cadence, and never twice (a Monday)', async () => {
    const townshipLeader = await makeUser(strapi, 'leader', '990102002', orgs);
    await strapi
      .documents(ROOM)
      .create({ data: { name: '湖滨镇会议室', capacity: 10, organisation: orgs.get('990102002'), active: true } as any });
    const svc = strapi.plugin('fangtiao').service('hearing-recurrence') as any;
    const monday = beijing('2026-11-30T09:00:00');
    const first = await svc.generate(monday);
    const rows = await jointRows();
    expect(keysOf(rows, '990102002')).toEqual(['2026-W49', '2026-W50']);
    const county = rows.filter((r) => r.organisation.code === '990102');
    // The county's half-month ends today (16–30 Nov): after a working day's notice only December is left.
    expect(county.map((r) => r.recurrenceKey.split(':')[2]).sort()).toEqual(['2026-12-H1']);
    const township = rows.filter((r) => r.organisation.code === '990102002');
    expect(JSON.parse(JSON.stringify(township[0].participants))[0]).toMatchObject({ role: 'chair', user: townshipLeader.id });
    // The W49 meeting is on a working day of that week, after a working day's notice (Tuesday on).
    const w49 = township.find((r) => r.recurrenceKey.endsWith('2026-W49'));
    expect(new Date(w49.start).getTime()).toBeGreaterThanOrEqual(beijing('2026-12-01T08:30:00').getTime());
    expect(new Date(w49.start).getTime()).toBeLessThan(beijing('2026-12-05T00:00:00').getTime());
    expect(first.created).toBe(rows.length);
    expect(first.noLeader).toBeGreaterThan(0); // organisations without a leader (e.g. the city here) are counted
    const again = await svc.generate(monday);
    expect(again.created).toBe(0);
    expect(again.existing).toBe(rows.length);
  });

  test('on a Friday the week has no slot left after the notice: the job books next week only and says why', async () => {
    const svc = strapi.plugin('fangtiao').service('hearing-recurrence') as any;
    await clearJoint();
    const res = await svc.generate(beijing('2026-12-04T10:00:00'));
    expect(keysOf(await jointRows(), '990102002')).toEqual(['2026-W50']);
    expect(res.periodOver).toBeGreaterThanOrEqual(1);
    // 23:30 on Sunday, Beijing time, is still week 49 there: it is over, week 50 is already booked.
    const sunday = await svc.generate(beijing('2026-12-06T23:30:00'));
    expect(sunday).toMatchObject({ created: 0, periodOver: expect.any(Number) });
    expect(sunday.periodOver).toBeGreaterThanOrEqual(1);
    // 00:30 on Monday in Beijing is Sunday 16:30 UTC: the week is 50, booked from Tuesday; week 51 follows.
    await clearJoint();
    const monday = await svc.generate(beijing('2026-12-07T00:30:00'));
    const rows = (await jointRows()).filter((r) => r.organisation.code === '990102002');
    expect(rows.map((r) => r.recurrenceKey.split(':')[2]).sort()).toEqual(['2026-W50', '2026-W51']);
    expect(new Date(rows.find((r) => r.recurrenceKey.endsWith('W50')).start).getTime()).toBeGreaterThanOrEqual(
      beijing('2026-12-08T08:30:00').getTime(),
    );
    expect(monday.created).toBeGreaterThanOrEqual(2);
  });

  test('around National Day the week of the holiday gets nothing; the next week is booked after the holiday', async () => {
    const svc = strapi.plugin('fangtiao').service('hearing-recurrence') as any;
    // Wednesday 30 September 2026: the next working day is Thursday 8 October (1–7 October off).
    await clearJoint();
    const res = await svc.generate(beijing('2026-09-30T09:00:00'));
    const rows = (await jointRows()).filter((r) => r.organisation.code === '990102002');
    expect(rows.map((r) => r.recurrenceKey.split(':')[2]).sort()).toEqual(['2026-W41']);
    expect(res.periodOver).toBeGreaterThanOrEqual(1);
    const start = new Date(rows[0].start).getTime();
    expect(start).toBeGreaterThanOrEqual(beijing('2026-10-08T08:30:00').getTime());
    expect(start).toBeLessThan(beijing('2026-10-12T00:00:00').getTime());
  });

  test('the first release’s expert grid moves into the shared grid at start', async () => {
    const knex = strapi.db.connection;
    await knex.schema.createTable('fangtiao_booking_units', (t: any) => {
      t.integer('expert_id');
      t.integer('unit');
      t.integer('booking_id');
    });
    await knex('fangtiao_booking_units').insert({ expert_id: 999999, unit: 1, booking_id: 888888 });
    await strapi.plugin('fangtiao').service('schedule').indexes();
    expect(await knex.schema.hasTable('fangtiao_booking_units')).toBe(false);
    const moved = await knex('fangtiao_schedule_units').where({ resource_kind: 'e', resource_id: 999999 });
    expect(moved).toEqual([expect.objectContaining({ unit: 1, owner_kind: 'b', owner_id: 888888 })]);
  });
});
