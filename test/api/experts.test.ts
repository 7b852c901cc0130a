import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startMailbox } from '../helpers/mailbox';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfText } from '../helpers/pdf';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;
const N = 'plugin::fangtiao.notification' as any;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
/** Every message the app sent (the mailbox's own list, emptied between tests with `mails.length = 0`). */
let mails: Awaited<ReturnType<typeof startMailbox>>['mails'] = [];
let clerk: TestUser, mediator: TestUser, leader: TestUser, supervisor: TestUser, reviewer: TestUser, otherMediator: TestUser;
const ex: Record<string, { user: TestUser; profile: string }> = {};
let petitionId: string;

const DAY = 86_400_000;
const H = 3_600_000;
/** Shanghai midnight three days from now: the wished window starts there. */
const base = Math.floor((Date.now() + 8 * H) / DAY) * DAY - 8 * H + 3 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
const ask = (field = 'law', extra: object = {}) => ({
  data: {
    question: '宅基地边界争议的权属如何认定？',
    field,
    urgency: 'urgent',
    mode: 'video',
    windowStart: iso(base),
    windowEnd: iso(base + 2 * DAY),
    ...extra,
  },
});

async function expert(key: string, org: string, level: 'county' | 'city') {
  const user = await makeUser(strapi, 'expert', org, orgs);
  const p: any = await strapi.documents(PROFILE).create({
    data: {
      displayName: `专家${key}`,
      title: '律师',
      user: user.id,
      organisation: orgs.get(org),
      level,
      fields: ['law'],
      languages: ['普通话'],
      weeklyLimit: 5,
      status: 'active',
      availability: everyDay,
    } as any,
  });
  ex[key] = { user, profile: p.documentId };
}

beforeAll(async () => {
  mailbox = await startMailbox();
  mails = mailbox.mails;
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
  otherMediator = await makeUser(strapi, 'mediator', '990103', orgs);
  for (const k of ['A', 'B', 'C']) await expert(k, '990102', 'county');
  await expert('D', '990100', 'city');
  await expert('W', '990103', 'county');
  const pool = (name: string, org: string, level: string, field: string, members: string[]) =>
    strapi
      .documents(POOL)
      .create({ data: { name, organisation: orgs.get(org), level, field, members: members.map((k) => ex[k].profile) } as any });
  await pool('东湖区法律专家库', '990102', 'county', 'law', ['A', 'B', 'C']);
  await pool('东湖区心理专家库', '990102', 'county', 'psychology', []);
  await pool('云溪市法律专家库', '990100', 'city', 'law', ['D']);
  await pool('云溪市心理专家库', '990100', 'city', 'psychology', ['D']);
  await pool('西山县法律专家库', '990103', 'county', 'law', ['W']);

  const input = petitionInput(orgs.get('990102002')!);
  input.data.parties.push({ name: '李四', role: 'respondent', address: '新桥村1组', ...CONSENTS } as any);
  petitionId = (await api(strapi, clerk).post('/api/petitions', input)).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (who: TestUser, action: string, i: object = {}) =>
    api(strapi, who).post(`/api/petitions/${petitionId}/transition`, { action, input: i });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
});
afterAll(async () => {
  await stopStrapi();
  await mailbox.stop();
});

test('an expert edits its own availability and declarations; bad input names every field', async () => {
  const bad = await api(strapi, ex.A.user).put('/api/experts/me', {
    data: { availability: { weekly: [{ weekday: 9, start: '9', end: '08:00' }] }, status: 'away' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(
    expect.arrayContaining(['availability.weekly.0.weekday', 'availability.weekly.0.start', 'status']),
  );
  const ok = await api(strapi, ex.A.user).put('/api/experts/me', {
    data: { declarations: [{ kind: 'relation', party: '张三', note: '表兄' }], availability: everyDay },
  });
  expect(ok.status).toBe(200);
  expect(ok.body.data.declarations).toHaveLength(1);
  expect((await api(strapi, mediator).get('/api/experts/me')).status).toBe(403);
});

describe('a consultation on a hard case, end to end', () => {
  let consultation: any;
  let booking: any;
  const slot = base + 10 * H; // 10:00 Shanghai

  test('the mediator asks: suggestions from the county pool without the conflicted expert, recusal recorded', async () => {
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask());
    expect(res.status).toBe(201);
    consultation = res.body.data;
    expect(consultation).toMatchObject({ level: 'county', state: 'open', escalatedAt: null });
    const names = consultation.suggestions.map((s: any) => s.displayName);
    expect(names.sort()).toEqual(['专家B', '专家C']);
    expect(consultation.suggestions[0]).not.toHaveProperty('user');
    expect(consultation.suggestions[0]).not.toHaveProperty('declarations');
    expect(consultation.recusals).toEqual([expect.objectContaining({ expert: ex.A.profile, reason: expect.stringMatching(/利害关系/) })]);
    expect(consultation).not.toHaveProperty('countyCode');
  });

  test('booking the conflicted expert is refused (409); outside availability 409; the mediator books B', async () => {
    const url = `/api/consultations/${consultation.documentId}/bookings`;
    expect((await api(strapi, mediator).post(url, { data: { expert: ex.A.profile, start: iso(slot) } })).status).toBe(409);
    expect((await api(strapi, mediator).post(url, { data: { expert: ex.B.profile, start: iso(base + 20 * H) } })).status).toBe(409);
    expect((await api(strapi, mediator).post(url, { data: { expert: ex.W.profile, start: iso(slot) } })).status).toBe(400);
    expect((await api(strapi, mediator).post(url, { data: { expert: ex.B.profile, start: iso(slot + 10 * 60_000) } })).status).toBe(400);
    const res = await api(strapi, mediator).post(url, { data: { expert: ex.B.profile, start: iso(slot) } });
    expect(res.status).toBe(201);
    booking = res.body.data;
    expect(booking).toMatchObject({ state: 'requested', start: iso(slot), end: iso(slot + H) });
    const inbox = await api(strapi, ex.B.user).get('/api/notifications');
    expect(inbox.body.data.some((n: any) => /新的专家咨询预约/.test(n.title))).toBe(true);
  });

  test('only the booked expert accepts; then reminders go out 24 h before, in-app and by email, once', async () => {
    expect((await api(strapi, ex.C.user).post(`/api/bookings/${booking.documentId}/accept`)).status).toBe(403);
    expect((await api(strapi, mediator).post(`/api/bookings/${booking.documentId}/accept`)).status).toBe(403);
    const ok = await api(strapi, ex.B.user).post(`/api/bookings/${booking.documentId}/accept`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.state).toBe('accepted');
    const svc = strapi.plugin('fangtiao').service('experts');
    mails.length = 0;
    expect(await svc.sendDueReminders(new Date(slot - 23 * H))).toBe(1);
    expect(await svc.sendDueReminders(new Date(slot - 22 * H))).toBe(0);
    const rows = await strapi.db.query(N).findMany({ where: { userId: ex.B.user.id, kind: 'consultation-reminder' } });
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toMatch(/24小时/);
    const deadline = Date.now() + 10_000;
    while (!mails.some((m) => m.to.includes(`${ex.B.user.username}@test.invalid`)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const mail = mails.find((m) => m.to.includes(`${ex.B.user.username}@test.invalid`));
    expect(mail).toBeDefined();
    expect(mail!.data).toMatch(/Subject:/);
    expect(await svc.sendDueReminders(new Date(slot - 30 * 60_000))).toBe(1);
    // The scheduled 'reminders' job calls the same service (and counts what it sent).
    const jobs = strapi.plugin('fangtiao').service('jobs');
    const started = await jobs.runNow('reminders');
    let run = started;
    for (let i = 0; i < 50 && run.status === 'running'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      run = await jobs.getRun(String(started.id));
    }
    expect(run).toMatchObject({ status: 'done', counts: { consultations: 0 } });
  });

  test('the expert calendar feed: private token, text/calendar, no party names', async () => {
    const t = await api(strapi, ex.B.user).post('/api/experts/me/calendar-token');
    expect(t.status).toBe(200);
    const url: string = t.body.data.calendarUrl;
    const feed = await request(strapi.server.httpServer).get(url);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/text\/calendar/);
    expect(feed.text).toContain('BEGIN:VEVENT');
    expect(feed.text).toContain(`DTSTART:${iso(slot).replace(/[-:]/g, '').replace('.000', '')}`);
    expect(feed.text).not.toMatch(/张三|李四/);
    expect((await request(strapi.server.httpServer).get(url.replace(/token=.*/, 'token=wrong'))).status).toBe(404);
  });

  test('the load spreads: B now has one, so C is suggested first', async () => {
    const res = await api(strapi, leader).post(`/api/petitions/${petitionId}/consultations`, ask());
    expect(res.status).toBe(201);
    expect(res.body.data.suggestions.map((s: any) => s.displayName)).toEqual(['专家C', '专家B']);
    expect(res.body.data.suggestions[1].load).toBe(1);
  });

  test('cancel and reschedule need a reason; rescheduling moves the held time', async () => {
    expect(
      (await api(strapi, mediator).post(`/api/bookings/${booking.documentId}/reschedule`, { data: { start: iso(slot + 2 * H) } })).status,
    ).toBe(400);
    const res = await api(strapi, mediator).post(`/api/bookings/${booking.documentId}/reschedule`, {
      data: { start: iso(slot + 2 * H), reason: '当事人临时有事' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'requested', start: iso(slot + 2 * H) });
    expect(res.body.data.history.at(-1)).toMatchObject({ action: 'reschedule', reason: '当事人临时有事' });
    expect((await api(strapi, ex.B.user).post(`/api/bookings/${booking.documentId}/accept`)).status).toBe(200);
    const inbox = await api(strapi, ex.B.user).get('/api/notifications');
    expect(inbox.body.data.some((n: any) => /改期/.test(n.title))).toBe(true);
  });

  test('the expert records its opinion; the consultation record PDF lands on the case', async () => {
    expect((await api(strapi, ex.B.user).post(`/api/bookings/${booking.documentId}/opinion`, { data: {} })).status).toBe(400);
    const res = await api(strapi, ex.B.user).post(`/api/bookings/${booking.documentId}/opinion`, {
      data: { opinion: '宅基地使用权应以县政府颁发的证书为准，建议当事人协商确定边界。' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('done');
    expect(res.body.data.document).toMatchObject({ kind: 'consultation-record', version: 1 });
    const docs = await api(strapi, mediator).get(`/api/petitions/${petitionId}/documents`);
    const rec = docs.body.data.find((d: any) => d.kind === 'consultation-record');
    expect(rec).toBeDefined();
    const text = pdfText((await binary(api(strapi, mediator).get(`/api/documents/${rec.documentId}/download`))).body);
    expect(text).toContain('专家咨询记录');
    expect(text).toContain('专家B');
    const c = await api(strapi, mediator).get(`/api/consultations/${consultation.documentId}`);
    expect(c.body.data.state).toBe('done');
    // The expert downloads the record it wrote; another expert cannot.
    const own = await binary(api(strapi, ex.B.user).get(`/api/bookings/${booking.documentId}/record`));
    expect(own.status).toBe(200);
    expect(pdfText(own.body)).toContain('宅基地使用权');
    expect((await api(strapi, ex.C.user).get(`/api/bookings/${booking.documentId}/record`)).status).toBe(404);
  });

  test('the weekly load limit holds at booking time too (409)', async () => {
    await strapi.db.query(PROFILE).update({ where: { documentId: ex.B.profile }, data: { weeklyLimit: 1 } });
    const next = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask());
    expect(next.body.data.suggestions.map((s: any) => s.displayName)).not.toContain('专家B');
    const res = await api(strapi, mediator).post(`/api/consultations/${next.body.data.documentId}/bookings`, {
      data: { expert: ex.B.profile, start: iso(slot + 4 * H) },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/上限/);
    await strapi.db.query(PROFILE).update({ where: { documentId: ex.B.profile }, data: { weeklyLimit: 5 } });
  });
});

describe('tiered: county first, then the city pool', () => {
  test('nobody in the county pool → escalates to the city pool and the case records it', async () => {
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask('psychology'));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ level: 'city', escalationReason: expect.stringMatching(/县级专家库/) });
    expect(res.body.data.escalatedAt).toEqual(expect.any(String));
    expect(res.body.data.suggestions.map((s: any) => s.displayName)).toEqual(['专家D']);
    const list = await api(strapi, clerk).get(`/api/petitions/${petitionId}/consultations`);
    expect(list.body.data.find((c: any) => c.documentId === res.body.data.documentId).level).toBe('city');
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry' as any)
      .findMany({ where: { action: 'consultation-escalated', targetDocumentId: petitionId } });
    expect(audit.length).toBeGreaterThan(0);
  });

  test('a difficult case goes to the city pool directly; the city expert sees it on its desk and takes it', async () => {
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask('law', { difficult: true }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ level: 'city', difficult: true });
    const id = res.body.data.documentId;
    const desk = await api(strapi, ex.D.user).get('/api/experts/desk');
    expect(desk.status).toBe(200);
    expect(desk.body.data.map((c: any) => c.documentId)).toContain(id);
    expect((await api(strapi, ex.C.user).get('/api/experts/desk')).body.data.map((c: any) => c.documentId)).not.toContain(id);
    expect((await api(strapi, ex.C.user).post(`/api/consultations/${id}/take`, { data: { start: iso(base + DAY + 9 * H) } })).status).toBe(
      404,
    );
    const took = await api(strapi, ex.D.user).post(`/api/consultations/${id}/take`, { data: { start: iso(base + DAY + 9 * H) } });
    expect(took.status).toBe(201);
    expect(took.body.data.state).toBe('accepted');
    // Its slot is now held: the same expert cannot be booked over it.
    const other = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask('psychology'));
    const clash = await api(strapi, mediator).post(`/api/consultations/${other.body.data.documentId}/bookings`, {
      data: { expert: ex.D.profile, start: iso(base + DAY + 9 * H + 30 * 60_000) },
    });
    expect(clash.status).toBe(409);
  });
});

test('50 concurrent requests for one slot: exactly one 201, 49 × 409', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const r = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, ask());
    expect(r.status).toBe(201);
    ids.push(r.body.data.documentId);
  }
  const start = iso(base + DAY + 15 * H);
  const results = await Promise.all(
    ids.map((id) => api(strapi, mediator).post(`/api/consultations/${id}/bookings`, { data: { expert: ex.C.profile, start } })),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  // Cancelling (with a reason) frees the slot: another consultation can then have it.
  const winner = results.find((r) => r.status === 201)!.body.data;
  const loser = ids[results.findIndex((r) => r.status === 409)];
  expect((await api(strapi, mediator).post(`/api/bookings/${winner.documentId}/cancel`, { data: {} })).status).toBe(400);
  expect((await api(strapi, ex.C.user).post(`/api/bookings/${winner.documentId}/cancel`, { data: { reason: '临时出差' } })).status).toBe(
    200,
  );
  expect((await api(strapi, mediator).post(`/api/bookings/${winner.documentId}/cancel`, { data: { reason: '再取消' } })).status).toBe(409);
  expect((await api(strapi, mediator).post(`/api/consultations/${loser}/bookings`, { data: { expert: ex.C.profile, start } })).status).toBe(
    201,
  );
});

describe('roles and jurisdiction', () => {
  test('who may ask (403 for others), 404 outside the jurisdiction', async () => {
    for (const who of [clerk, supervisor, reviewer, ex.B.user]) {
      expect((await api(strapi, who).post(`/api/petitions/${petitionId}/consultations`, ask())).status).toBe(403);
    }
    expect((await api(strapi, otherMediator).post(`/api/petitions/${petitionId}/consultations`, ask())).status).toBe(404);
    expect((await api(strapi).post(`/api/petitions/${petitionId}/consultations`, ask())).status).toBe(403);
  });

  test('reading consultations: case readers in the jurisdiction; others 404; reviewers 403', async () => {
    const list = await api(strapi, supervisor).get(`/api/petitions/${petitionId}/consultations`);
    expect(list.status).toBe(200);
    const id = list.body.data[0].documentId;
    expect((await api(strapi, supervisor).get(`/api/consultations/${id}`)).status).toBe(200);
    expect((await api(strapi, otherMediator).get(`/api/consultations/${id}`)).status).toBe(404);
    expect((await api(strapi, otherMediator).get(`/api/petitions/${petitionId}/consultations`)).status).toBe(404);
    expect((await api(strapi, reviewer).get(`/api/consultations/${id}`)).status).toBe(403);
    expect((await api(strapi, otherMediator).get(`/api/consultations/${id}/suggestions`)).status).toBe(404);
    expect((await api(strapi, clerk).get(`/api/consultations/${id}/suggestions`)).status).toBe(403);
  });

  test('expert-only endpoints', async () => {
    for (const who of [clerk, mediator, leader, supervisor, reviewer]) {
      expect((await api(strapi, who).get('/api/experts/desk')).status).toBe(403);
      expect((await api(strapi, who).put('/api/experts/me', { data: {} })).status).toBe(403);
    }
    expect((await api(strapi, ex.W.user).get('/api/experts/me/bookings')).status).toBe(200);
  });
});

test("admin panel: a pool's week of bookings (专家排班)", async () => {
  const admin = await adminSession(strapi);
  const pools = await admin.get('/fangtiao/expert-pools');
  expect(pools.status).toBe(200);
  const law = pools.body.data.find((p: any) => p.name === '东湖区法律专家库');
  const week = await admin.get(`/fangtiao/expert-pools/${law.documentId}/week?week=${encodeURIComponent(iso(base + DAY))}`);
  expect(week.status).toBe(200);
  expect(week.body.data.experts.map((e: any) => e.displayName).sort()).toEqual(['专家A', '专家B', '专家C']);
  expect(week.body.data.bookings.length).toBeGreaterThan(0);
  expect(JSON.stringify(week.body.data)).not.toMatch(/张三|李四/);
  expect((await request(strapi.server.httpServer).get('/fangtiao/expert-pools')).status).toBe(401);
});

describe('roles × endpoints (only 401/403 mean "may not"; bodies are refused or moves are spent, so nothing changes)', () => {
  type Who = 'public' | 'clerk' | 'mediator' | 'expert' | 'leader' | 'reviewer' | 'supervisor';
  const ALL: Who[] = ['public', 'clerk', 'mediator', 'expert', 'leader', 'reviewer', 'supervisor'];
  const MATRIX: { endpoint: string; allowed: Who[]; body?: object }[] = [
    { endpoint: 'POST /api/petitions/:p/consultations', allowed: ['mediator', 'leader'], body: { data: {} } },
    { endpoint: 'GET /api/petitions/:p/consultations', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
    { endpoint: 'GET /api/consultations/:c', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
    { endpoint: 'GET /api/consultations/:c/suggestions', allowed: ['mediator', 'leader'] },
    { endpoint: 'POST /api/consultations/:c/bookings', allowed: ['mediator', 'leader'], body: { data: {} } },
    { endpoint: 'POST /api/consultations/:c/take', allowed: ['expert'], body: { data: {} } },
    { endpoint: 'GET /api/experts/me', allowed: ['expert'] },
    { endpoint: 'PUT /api/experts/me', allowed: ['expert'], body: { data: {} } },
    { endpoint: 'GET /api/experts/me/bookings', allowed: ['expert'] },
    { endpoint: 'GET /api/experts/desk', allowed: ['expert'] },
    { endpoint: 'POST /api/bookings/:b/accept', allowed: ['expert'] },
    { endpoint: 'POST /api/bookings/:b/decline', allowed: ['expert'] },
    { endpoint: 'POST /api/bookings/:b/opinion', allowed: ['expert'], body: { data: {} } },
    { endpoint: 'GET /api/bookings/:b/record', allowed: ['expert'] },
    { endpoint: 'POST /api/bookings/:b/cancel', allowed: ['expert', 'mediator', 'leader'], body: { data: { reason: '矩阵测试' } } },
    { endpoint: 'POST /api/bookings/:b/reschedule', allowed: ['expert', 'mediator', 'leader'], body: { data: { reason: '矩阵测试' } } },
  ];
  let ids: Record<string, string>;
  let users: Record<Who, TestUser | null>;
  beforeAll(async () => {
    const done: any = await strapi.db
      .query('plugin::fangtiao.consultation-booking' as any)
      .findOne({ where: { state: 'done' }, populate: { consultation: true } });
    ids = { ':p': petitionId, ':c': done.consultation.documentId, ':b': done.documentId };
    users = { public: null, clerk, mediator, expert: ex.B.user, leader, reviewer, supervisor };
  });
  for (const row of MATRIX) {
    test(row.endpoint, async () => {
      const [method, raw] = row.endpoint.split(' ');
      const url = raw.replace(/:[pcb]\b/g, (k) => ids[k]);
      for (const who of ALL) {
        const a = api(strapi, users[who]);
        const res = method === 'GET' ? await a.get(url) : method === 'PUT' ? await a.put(url, row.body) : await a.post(url, row.body);
        const reached = res.status !== 401 && res.status !== 403;
        expect({ who, reached, status: res.status }).toEqual({ who, reached: row.allowed.includes(who), status: res.status });
      }
    });
  }
});
