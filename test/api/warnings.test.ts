import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const W = 'plugin::fangtiao.warning';
const N = 'plugin::fangtiao.notification';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser; // 东湖区 county clerk: registers; a "county department" recipient
let townLeader: TestUser; // 湖滨镇 leader: the township head concerned
let countyLeader: TestUser; // 东湖区 leader
let citySupervisor: TestUser; // 云溪市 supervisor (the city office)
let otherTownLeader: TestUser; // 东湖街道 leader: another township, never a recipient
let otherClerk: TestUser; // 西山县: sees nothing of 东湖区
let mediator: TestUser;
let expert: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  townLeader = await makeUser(strapi, 'leader', '990102002', orgs);
  countyLeader = await makeUser(strapi, 'leader', '990102', orgs);
  citySupervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  otherTownLeader = await makeUser(strapi, 'leader', '990102001', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
});
afterAll(stopStrapi);

const warningService = () => strapi.plugin('fangtiao').service('warning');

async function newPetition() {
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!));
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
}
const visit = (petition: string, level: string) =>
  api(strapi, clerk).post(`/api/petitions/${petition}/visits`, {
    data: { channel: 'visit', level, visitedAt: new Date(Date.now() + 1000).toISOString() },
  });

async function warningsOf(petition: string) {
  return strapi.db.query(W).findMany({
    where: { petition: { documentId: petition } },
    populate: { recipients: { select: ['id'] } },
    orderBy: { id: 'asc' },
  });
}
const recipientIds = (w: any) => (w.recipients ?? []).map((u: any) => u.id).sort();

describe('visit-count warnings (Lishui)', () => {
  let petition: string;

  it('ships the default rules', async () => {
    const res = await api(strapi, clerk).get('/api/warning-rules');
    expect(res.status).toBe(200);
    const codes = res.body.data.map((r: any) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['lishui-visits-2', 'lishui-visits-3', 'deadline-overdue', 'mediation-failed']));
  });

  it('one county visit raises nothing; township visits do not count', async () => {
    petition = await newPetition();
    expect((await visit(petition, 'county')).status).toBe(201);
    expect((await visit(petition, 'township')).status).toBe(201);
    expect(await warningsOf(petition)).toHaveLength(0);
  });

  it('the second visit at county level raises a yellow warning to the county clerks and the township head', async () => {
    expect((await visit(petition, 'county')).status).toBe(201);
    const ws = await warningsOf(petition);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ ruleCode: 'lishui-visits-2', colour: 'yellow', state: 'raised', level: 'township' });
    expect(recipientIds(ws[0])).toEqual([clerk.id, townLeader.id].sort());
    expect(recipientIds(ws[0])).not.toContain(otherTownLeader.id);
    const hours = (new Date(ws[0].dueAt).getTime() - new Date(ws[0].raisedAt).getTime()) / 3600_000;
    expect(hours).toBe(72);
  });

  it('the third (at city level) raises red to the county leaders and the city office; nothing twice', async () => {
    expect((await visit(petition, 'city')).status).toBe(201);
    const ws = await warningsOf(petition);
    expect(ws.map((w: any) => w.ruleCode)).toEqual(['lishui-visits-2', 'lishui-visits-3']);
    expect(ws[1]).toMatchObject({ colour: 'red', level: 'county' });
    expect(recipientIds(ws[1])).toEqual([countyLeader.id, citySupervisor.id].sort());
    expect((await visit(petition, 'county')).status).toBe(201);
    expect(await warningsOf(petition)).toHaveLength(2);
    const again = await warningService().scan();
    expect(again.byRule['lishui-visits-2'] ?? 0).toBe(0);
    expect(again.byRule['lishui-visits-3'] ?? 0).toBe(0);
  });

  it('recipients find it in their inbox; nobody reads anyone else’s', async () => {
    const inbox = await api(strapi, townLeader).get('/api/notifications');
    expect(inbox.status).toBe(200);
    const mine = inbox.body.data.find((n: any) => n.title.startsWith('黄色预警'));
    expect(mine).toBeTruthy();
    expect(inbox.body.meta.unread).toBeGreaterThan(0);
    expect((await api(strapi, otherTownLeader).post(`/api/notifications/${mine.documentId}/read`)).status).toBe(404);
    const read = await api(strapi, townLeader).post(`/api/notifications/${mine.documentId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.data.readAt).toBeTruthy();
    expect((await api(strapi, otherTownLeader).get('/api/notifications')).body.data).toHaveLength(0);
  });

  it('acknowledge → act → close, by recipients only; supervisors read', async () => {
    const [yellow] = await warningsOf(petition);
    const id = yellow.documentId;
    expect((await api(strapi, otherTownLeader).post(`/api/warnings/${id}/acknowledge`)).status).toBe(404); // another township's case
    expect((await api(strapi, countyLeader).post(`/api/warnings/${id}/acknowledge`)).status).toBe(403); // in scope, not a recipient
    expect((await api(strapi, citySupervisor).post(`/api/warnings/${id}/acknowledge`)).status).toBe(403);
    expect((await api(strapi, townLeader).post(`/api/warnings/${id}/act`, { data: { note: 'x' } })).status).toBe(409);
    const ack = await api(strapi, townLeader).post(`/api/warnings/${id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.data.state).toBe('acknowledged');
    expect((await api(strapi, clerk).post(`/api/warnings/${id}/act`, { data: {} })).status).toBe(400);
    expect((await api(strapi, clerk).post(`/api/warnings/${id}/act`, { data: { note: '已约谈信访人，制定化解方案' } })).status).toBe(200);
    const closed = await api(strapi, townLeader).post(`/api/warnings/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ state: 'closed', actionNote: '已约谈信访人，制定化解方案' });
    expect((await api(strapi, townLeader).post(`/api/warnings/${id}/close`)).status).toBe(409);
    const seen = await api(strapi, citySupervisor).get(`/api/warnings/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.triggerKey).toBeUndefined();
  });

  it('the warning notice PDF is issued by a clerk', async () => {
    const [, red] = await warningsOf(petition);
    const res = await api(strapi, clerk).post(`/api/warnings/${red.documentId}/notice`);
    expect(res.status).toBe(201);
    expect(res.body.data.kind).toBe('warning-notice');
  });

  it('unacknowledged past its response time, a warning escalates one level up', async () => {
    const [, red] = await warningsOf(petition);
    const cityLeader = await makeUser(strapi, 'leader', '990100', orgs);
    await strapi.db.query(W).update({ where: { id: red.id }, data: { dueAt: new Date(Date.now() - 3600_000) } });
    const n = await warningService().escalate(new Date());
    expect(n).toBe(1);
    const after: any = await strapi.db.query(W).findOne({ where: { id: red.id }, populate: { recipients: { select: ['id'] } } });
    expect(after.escalatedTo).toBe('city');
    expect(after.escalatedAt).toBeTruthy();
    expect(await warningService().escalate(new Date())).toBe(0);
    expect(recipientIds(after)).toContain(cityLeader.id);
    const notes = await strapi.db.query(N).findMany({ where: { userId: cityLeader.id, title: { $startsWith: '预警升级' } } });
    expect(notes).toHaveLength(1);
    // already a recipient: not notified twice
    expect(await strapi.db.query(N).count({ where: { userId: citySupervisor.id, title: { $startsWith: '预警升级' } } })).toBe(0);
  });

  it('jurisdiction and roles', async () => {
    const [yellow] = await warningsOf(petition);
    expect((await api(strapi, otherClerk).get(`/api/warnings/${yellow.documentId}`)).status).toBe(404);
    expect((await api(strapi, otherClerk).get('/api/warnings')).body.data).toHaveLength(0);
    expect((await api(strapi, clerk).get('/api/warnings')).body.data.length).toBeGreaterThanOrEqual(2);
    expect((await api(strapi, clerk).get('/api/warnings?mine=true')).body.data.map((w: any) => w.colour)).toEqual(['yellow']);
    expect((await api(strapi, expert).get('/api/warnings')).status).toBe(403);
    expect((await api(strapi, mediator).get('/api/warnings')).status).toBe(403);
    expect((await api(strapi, null).get('/api/warnings')).status).toBe(403);
    expect((await api(strapi, countyLeader).post(`/api/warnings/${yellow.documentId}/notice`)).status).toBe(403);
    expect((await api(strapi, mediator).get('/api/notifications')).status).toBe(200);
  });
});

describe('overdue and failed-mediation warnings (daily scan)', () => {
  it('a case past its deadline raises orange to its unit’s leader and clerks, once per deadline', async () => {
    const petition = await newPetition();
    const unitLeader = await makeUser(strapi, 'leader', '990102002', orgs);
    await strapi.db
      .query('api::petition.petition')
      .update({ where: { documentId: petition }, data: { dueAt: new Date(Date.now() - 86400_000) } });
    const r = await warningService().scan();
    expect(r.byRule['deadline-overdue']).toBeGreaterThanOrEqual(1);
    const ws = (await warningsOf(petition)).filter((w: any) => w.ruleCode === 'deadline-overdue');
    expect(ws).toHaveLength(1);
    expect(ws[0].colour).toBe('orange');
    expect(recipientIds(ws[0])).toEqual([townLeader.id, unitLeader.id].sort());
    const again = await warningService().scan();
    expect(again.raised).toBe(0);
    // A later deadline passing is a new trigger.
    await strapi.db
      .query('api::petition.petition')
      .update({ where: { documentId: petition }, data: { dueAt: new Date(Date.now() - 3600_000) } });
    expect((await warningService().scan()).byRule['deadline-overdue']).toBe(1);
  });

  it('a failed mediation raises yellow to the township', async () => {
    const petition = await newPetition();
    const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
    const move = (who: TestUser, action: string, input: object = {}) =>
      api(strapi, who).post(`/api/petitions/${petition}/transition`, { action, input });
    expect((await move(clerk, 'accept')).status).toBe(200);
    expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
    const failed = await move(mediator, 'mediation_failure', { reason: '双方分歧较大，未能达成协议', next: 'leader_handling' });
    if (failed.status !== 200) console.log(JSON.stringify(failed.body));
    expect(failed.status).toBe(200);
    await warningService().scan();
    const ws = (await warningsOf(petition)).filter((w: any) => w.ruleCode === 'mediation-failed');
    expect(ws).toHaveLength(1);
    expect(ws[0].colour).toBe('yellow');
    expect(recipientIds(ws[0])).toContain(townLeader.id);
  });
});

describe('rules are configured by administrators', () => {
  it('a bad rule is refused with every field named; a good one is used by the next scan', async () => {
    const admin = await adminSession(strapi);
    const CM = '/content-manager/collection-types/plugin::fangtiao.warning-rule';
    const bad = await admin.post(CM, {
      code: 'x',
      name: '',
      conditionKind: 'visit-count',
      colour: 'purple',
      recipients: [],
      responseHours: 0,
    });
    expect(bad.status).toBe(400);
    const good = await admin.post(CM, {
      code: 'township-visits-4',
      name: '乡镇来访4次',
      conditionKind: 'visit-count',
      minVisits: 4,
      minLevel: 'township',
      colour: 'blue',
      recipients: [{ role: 'clerk', level: 'county' }],
      responseHours: 24,
      active: true,
    });
    expect([200, 201]).toContain(good.status);
    const petition = await newPetition();
    for (let i = 0; i < 4; i += 1) await visit(petition, 'township');
    const ws = (await warningsOf(petition)).filter((w: any) => w.ruleCode === 'township-visits-4');
    expect(ws).toHaveLength(1);
    expect(ws[0].colour).toBe('blue');
  });
});
