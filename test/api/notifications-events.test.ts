import type { Core } from '@strapi/strapi';
import { startMailbox } from '../helpers/mailbox';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { formatDateTime } from '@fangtiao/kernel/pure';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const N = 'plugin::fangtiao.notification' as any;
const P = 'api::petition.petition' as any;
const DAY = 86_400_000;
const H = 3_600_000;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
/** Every message the app sent (the mailbox's own list, emptied between tests with `mails.length = 0`). */
let mails: Awaited<ReturnType<typeof startMailbox>>['mails'] = [];
let clerk: TestUser, mediator: TestUser, mediator2: TestUser, leader: TestUser, expertUser: TestUser;
let westClerk: TestUser, westMediator: TestUser, westLeader: TestUser;
let expertProfile: string;
let committee: string;

const svc = () => strapi.plugin('fangtiao').service('notification');
const kindsOf = async (u: TestUser, kind: string) => strapi.db.query(N).findMany({ where: { userId: u.id, kind }, orderBy: { id: 'asc' } });
const everyone = () => [clerk, mediator, mediator2, leader, expertUser, westClerk, westMediator, westLeader];
const mailTo = (u: TestUser) => mails.filter((m) => m.to.includes(`${u.username}@test.invalid`));
/** E-mail goes out in the background: wait until `u` has `n` messages (or time runs out). */
async function mailsFor(u: TestUser, n: number, waitMs = 10_000) {
  const until = Date.now() + waitMs;
  while (mailTo(u).length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  // Give a message that should not come a moment to show up.
  await new Promise((r) => setTimeout(r, 300));
  return mailTo(u);
}

async function acceptedCase(by: TestUser, org: string) {
  const id = (await api(strapi, by).post('/api/petitions', petitionInput(orgs.get(org)!))).body.data.documentId;
  expect((await api(strapi, by).post(`/api/petitions/${id}/transition`, { action: 'accept', input: {} })).status).toBe(200);
  return id as string;
}
const divert = (id: string, to: TestUser) =>
  api(strapi, clerk).post(`/api/petitions/${id}/transition`, { action: 'divert', input: { committee, mediator: to.id } });

beforeAll(async () => {
  mailbox = await startMailbox();
  mails = mailbox.mails;
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  mediator2 = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  expertUser = await makeUser(strapi, 'expert', '990102', orgs);
  westClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  westMediator = await makeUser(strapi, 'mediator', '990103', orgs);
  westLeader = await makeUser(strapi, 'leader', '990103', orgs);
  const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
  expertProfile = (
    await strapi.documents('plugin::fangtiao.expert-profile' as any).create({
      data: {
        displayName: '王律师',
        user: expertUser.id,
        organisation: orgs.get('990102'),
        level: 'county',
        fields: ['law'],
        languages: ['普通话'],
        weeklyLimit: 5,
        status: 'active',
        availability: everyDay,
      } as any,
    })
  ).documentId;
  await strapi.documents('plugin::fangtiao.expert-pool' as any).create({
    data: { name: '东湖区法律专家库', organisation: orgs.get('990102'), level: 'county', field: 'law', members: [expertProfile] } as any,
  });
  committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
});
afterAll(async () => {
  await stopStrapi();
  await mailbox.stop();
});

describe('a case diverted to a mediator', () => {
  test('the mediator alone hears of it, in the inbox and by e-mail, with a link to the case', async () => {
    const id = await acceptedCase(clerk, '990102002');
    mails.length = 0;
    expect((await divert(id, mediator)).status).toBe(200);
    const told = await strapi.db.query(N).findMany({ where: { kind: 'case-assigned' } });
    expect(told.map((n: any) => n.userId)).toEqual([mediator.id]);
    expect(told[0]).toMatchObject({ link: `/desk/#/case/${id}`, title: expect.stringContaining('新分流调解案件') });
    expect(await mailsFor(mediator, 1)).toHaveLength(1);
    expect(mails.filter((m) => !m.to.includes(`${mediator.username}@test.invalid`))).toEqual([]);
  });

  test('a failing inbox never fails the move: the case is diverted and the failure logged', async () => {
    const id = await acceptedCase(clerk, '990102002');
    const query = strapi.db.query.bind(strapi.db);
    const spy = jest.spyOn(strapi.db, 'query').mockImplementation(((uid: any) => {
      if (uid === N) throw new Error('inbox down');
      return query(uid);
    }) as any);
    try {
      const res = await divert(id, mediator2);
      expect(res.status).toBe(200);
      expect(res.body.data.state).toBe('in_mediation');
    } finally {
      spy.mockRestore();
    }
    expect(await kindsOf(mediator2, 'case-assigned')).toEqual([]);
  });
});

describe('a consultation asked of an expert, and its answer', () => {
  test('the expert is told of the request, the requester of the answer; nobody else', async () => {
    const id = await acceptedCase(clerk, '990102002');
    expect((await divert(id, mediator)).status).toBe(200);
    const start = Math.floor((Date.now() + 8 * H) / DAY) * DAY - 8 * H + 3 * DAY;
    const asked = await api(strapi, mediator).post(`/api/petitions/${id}/consultations`, {
      data: {
        question: '宅基地边界争议的权属如何认定？',
        field: 'law',
        urgency: 'urgent',
        mode: 'video',
        windowStart: new Date(start).toISOString(),
        windowEnd: new Date(start + 2 * DAY).toISOString(),
      },
    });
    expect(asked.status).toBe(201);
    const booked = await api(strapi, mediator).post(`/api/consultations/${asked.body.data.documentId}/bookings`, {
      data: { expert: expertProfile, start: new Date(start + 10 * H).toISOString() },
    });
    expect(booked.status).toBe(201);
    const request = await strapi.db.query(N).findMany({ where: { kind: 'consultation-request' } });
    expect(request.map((n: any) => n.userId)).toEqual([expertUser.id]);
    expect(request[0].link).toBe(`/desk/#/consultations/${asked.body.data.documentId}`);
    const b = booked.body.data.documentId;
    expect((await api(strapi, expertUser).post(`/api/bookings/${b}/accept`)).status).toBe(200);
    expect(
      (await api(strapi, expertUser).post(`/api/bookings/${b}/opinion`, { data: { opinion: '应以县政府颁发的证书为准。' } })).status,
    ).toBe(200);
    const answer = await strapi.db.query(N).findMany({ where: { kind: 'consultation-answer' } });
    expect(answer.map((n: any) => n.userId)).toEqual([mediator.id]);
  });
});

describe('a hearing scheduled and changed', () => {
  test('participants who are users are told, not the one who scheduled, nobody in another county', async () => {
    const data = {
      kind: 'joint_consultation',
      organisation: orgs.get('990102'),
      participants: [
        { role: 'chair', user: leader.documentId },
        { role: 'work_team', user: clerk.documentId },
      ],
      videoLink: 'https://meet.example.cn/abc',
    };
    const slots = await api(strapi, leader).post('/api/hearings/slots', { data });
    expect(slots.status).toBe(200);
    const made = await api(strapi, leader).post('/api/hearings', { data: { ...data, start: slots.body.data.slots[0].start } });
    expect(made.status).toBe(201);
    expect((await kindsOf(clerk, 'hearing')).map((n: any) => n.title)).toEqual([expect.stringContaining('会议通知')]);
    const moved = await api(strapi, leader).post(`/api/hearings/${made.body.data.documentId}/reschedule`, {
      data: { start: slots.body.data.slots[1].start, reason: '领导临时出差' },
    });
    expect(moved.status).toBe(200);
    const told = await strapi.db.query(N).findMany({ where: { kind: 'hearing' } });
    expect(told.map((n: any) => n.userId)).toEqual([clerk.id, clerk.id]);
    expect(told[1]).toMatchObject({ title: expect.stringContaining('改期'), link: `/desk/#/hearings/${made.body.data.documentId}` });
  });
});

describe('a deadline 3 days away', () => {
  test('the clerk, mediator and leader of the case are reminded once per deadline; other counties and far deadlines not', async () => {
    const now = new Date('2026-12-10T01:00:00Z'); // 09:00 Shanghai, 10 December
    const near = await acceptedCase(clerk, '990102002');
    expect((await divert(near, mediator)).status).toBe(200);
    // A leader who also took the case on (包案): set directly, as the flow sets it from other states.
    const row: any = await strapi.db.query(P).findOne({ where: { documentId: near }, select: ['id'] });
    await strapi.db.query(P).update({ where: { id: row.id }, data: { leader: leader.id } });
    const far = await acceptedCase(clerk, '990102002');
    const west = await acceptedCase(westClerk, '990103');
    const due = (documentId: string, at: string) => strapi.db.query(P).updateMany({ where: { documentId }, data: { dueAt: new Date(at) } });
    await due(near, '2026-12-13T15:59:59Z'); // the end of 13 December, Shanghai: the third day ahead
    await due(far, '2026-12-14T15:59:59Z'); // the fourth day ahead: not yet
    await due(west, '2026-12-12T15:59:59Z');
    await svc().remindDeadlines(now);
    const told = await strapi.db.query(N).findMany({ where: { kind: 'deadline' } });
    expect(told.map((n: any) => n.userId).sort()).toEqual([clerk.id, mediator.id, leader.id, westClerk.id].sort());
    const ours = told.filter((n: any) => n.userId !== westClerk.id);
    for (const n of ours)
      expect(n).toMatchObject({
        link: `/desk/#/case/${near}`,
        title: expect.stringContaining(formatDateTime(new Date('2026-12-13T15:59:59Z'))),
      });
    // The next day's run (and a re-run) remind nobody again; an extended deadline is a new one.
    expect(await svc().remindDeadlines(new Date(now.getTime() + DAY))).toBe(1); // only the far case, now in the window: its clerk
    const again = await strapi.db.query(N).findMany({ where: { kind: 'deadline' } });
    expect(again.filter((n: any) => n.link === `/desk/#/case/${near}`)).toHaveLength(3);
    await due(near, '2026-12-14T15:59:59Z');
    await svc().remindDeadlines(new Date(now.getTime() + DAY));
    expect(await strapi.db.query(N).count({ where: { kind: 'deadline', link: `/desk/#/case/${near}` } })).toBe(6);
    for (const u of [westMediator, westLeader, mediator2, expertUser]) expect(await kindsOf(u, 'deadline')).toEqual([]);
  });
});

describe('preferences: e-mail per kind and the daily digest', () => {
  test('each user reads and changes only their own; bad input names the field', async () => {
    const mine = await api(strapi, westMediator).get('/api/notifications/preferences');
    expect(mine.status).toBe(200);
    expect(mine.body.data.digest).toBe(false);
    expect(mine.body.data.kinds).toEqual(expect.arrayContaining([{ kind: 'case-assigned', label: expect.any(String), email: true }]));
    const bad = await api(strapi, westMediator).put('/api/notifications/preferences', {
      data: { digest: 'yes', email: { nonsense: true, deadline: 1 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['digest', 'email.deadline', 'email.nonsense']);
    const ok = await api(strapi, westMediator).put('/api/notifications/preferences', { data: { email: { deadline: false } } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.kinds.find((k: any) => k.kind === 'deadline').email).toBe(false);
    expect(
      (await api(strapi, westClerk).get('/api/notifications/preferences')).body.data.kinds.find((k: any) => k.kind === 'deadline').email,
    ).toBe(true);
    expect((await api(strapi, null).get('/api/notifications/preferences')).status).toBe(403);
  });

  test('a kind turned off still reaches the inbox but sends no e-mail', async () => {
    expect(
      (await api(strapi, mediator2).put('/api/notifications/preferences', { data: { email: { 'case-assigned': false } } })).status,
    ).toBe(200);
    const id = await acceptedCase(clerk, '990102002');
    mails.length = 0;
    expect((await divert(id, mediator2)).status).toBe(200);
    expect((await kindsOf(mediator2, 'case-assigned')).map((n: any) => n.link)).toEqual([`/desk/#/case/${id}`]);
    expect(await mailsFor(mediator2, 1, 2000)).toEqual([]);
  });

  test('on the digest: no e-mail per notification, one digest e-mail a day with them all, sent once', async () => {
    expect(
      (await api(strapi, mediator).put('/api/notifications/preferences', { data: { digest: true, email: { hearing: false } } })).status,
    ).toBe(200);
    mails.length = 0;
    const ids = [await acceptedCase(clerk, '990102002'), await acceptedCase(clerk, '990102002')];
    for (const id of ids) expect((await divert(id, mediator)).status).toBe(200);
    await svc().notify([mediator.id], { kind: 'hearing', title: '会议通知：不发邮件的类型', link: '/desk/#/hearings/x' });
    expect(await mailsFor(mediator, 1, 2000)).toEqual([]);
    // Once per cluster: the job's slot is claimed by one instance only.
    const runner = strapi.plugin('fangtiao').service('jobs').runner();
    const slot = `test-digest-${Date.now()}`;
    expect(await runner.claim('notification-digest', slot)).not.toBeNull();
    expect(await runner.claim('notification-digest', slot)).toBeNull();
    expect(await svc().sendDigests(new Date(Date.now() + 1000))).toBe(1);
    const got = await mailsFor(mediator, 1);
    expect(got).toHaveLength(1);
    expect(got[0].data).toMatch(/Subject:/);
    const left = await strapi.db.query(N).findMany({ where: { userId: mediator.id, emailedAt: { $null: true } } });
    // Only the kind turned off stays un-emailed.
    expect(left.map((n: any) => n.kind)).toEqual(['hearing']);
    expect(await svc().sendDigests(new Date(Date.now() + 2000))).toBe(0);
    expect(await mailsFor(mediator, 2, 2000)).toHaveLength(1);
  });
});

test('no event reaches a user of another county', async () => {
  const all = await strapi.db.query(N).findMany({ where: { userId: { $in: [westMediator.id, westLeader.id] } } });
  expect(all).toEqual([]);
  const west = await strapi.db.query(N).findMany({ where: { userId: westClerk.id } });
  expect(west.map((n: any) => n.kind)).toEqual(['deadline']);
  expect(everyone()).toHaveLength(8);
});
