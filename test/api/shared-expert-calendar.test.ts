import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerkEast: TestUser, leaderEast: TestUser, clerkWest: TestUser, leaderWest: TestUser;
const ex: Record<string, { user: TestUser; profile: string }> = {};
const east = { petition: '', referenceNo: '', consultations: [] as string[] };
const west = { petition: '', referenceNo: '', consultation: '' };

const DAY = 86_400_000;
const H = 3_600_000;
/** Shanghai midnight three days from now. */
const base = Math.floor((Date.now() + 8 * H) / DAY) * DAY - 8 * H + 3 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
const ask = {
  data: {
    question: '土地承包经营权流转纠纷如何处理？',
    field: 'law',
    urgency: 'normal',
    mode: 'video',
    windowStart: iso(base),
    windowEnd: iso(base + 2 * DAY),
    difficult: true,
  },
};

async function cityExpert(key: string) {
  const user = await makeUser(strapi, 'expert', '990100', orgs);
  const p: any = await strapi.documents(PROFILE).create({
    data: {
      displayName: `市专家${key}`,
      title: '律师',
      user: user.id,
      organisation: orgs.get('990100'),
      level: 'city',
      fields: ['law'],
      languages: ['普通话'],
      weeklyLimit: 10,
      status: 'active',
      availability: everyDay,
    } as any,
  });
  ex[key] = { user, profile: p.documentId };
}

/** A county's leader registers-by-clerk a case and asks the city pool (a difficult case), then books `expert` at `start`. */
async function consultationBooked(clerk: TestUser, leader: TestUser, org: string, expert: string, start: number, petition?: string) {
  let id = petition;
  if (!id) {
    const created = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get(org)!, {
        parties: [{ name: `当事人${org}`, idNumber: idNumber(org), phone: '13900139000', address: '某村' }],
      }),
    );
    expect(created.status).toBe(201);
    id = created.body.data.documentId as string;
  }
  const c = await api(strapi, leader).post(`/api/petitions/${id}/consultations`, ask);
  expect(c.status).toBe(201);
  const b = await api(strapi, leader).post(`/api/consultations/${c.body.data.documentId}/bookings`, {
    data: { expert: ex[expert].profile, start: iso(start) },
  });
  expect(b.status).toBe(201);
  const ref = (await strapi.documents('api::petition.petition').findOne({ documentId: id, fields: ['referenceNo'] as any })) as any;
  return { petition: id, consultation: c.body.data.documentId as string, referenceNo: ref.referenceNo as string };
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerkEast = await makeUser(strapi, 'clerk', '990102', orgs);
  leaderEast = await makeUser(strapi, 'leader', '990102', orgs);
  clerkWest = await makeUser(strapi, 'clerk', '990103', orgs);
  leaderWest = await makeUser(strapi, 'leader', '990103', orgs);
  await cityExpert('D');
  await cityExpert('E');
  await strapi.documents(POOL).create({
    data: {
      name: '云溪市法律专家库',
      organisation: orgs.get('990100'),
      level: 'city',
      field: 'law',
      members: [ex.D.profile, ex.E.profile],
    } as any,
  });
  // 东湖区 books the shared expert D at 10:00 and E at 14:00 on one case; 西山县 books D at 15:00.
  const e1 = await consultationBooked(clerkEast, leaderEast, '990102', 'D', base + DAY + 10 * H);
  const e2 = await consultationBooked(clerkEast, leaderEast, '990102', 'E', base + DAY + 14 * H, e1.petition);
  Object.assign(east, { petition: e1.petition, referenceNo: e1.referenceNo, consultations: [e1.consultation, e2.consultation] });
  Object.assign(west, await consultationBooked(clerkWest, leaderWest, '990103', 'D', base + DAY + 15 * H));
});
afterAll(stopStrapi);

const week = (who: TestUser, resource: string) =>
  api(strapi, who).get(`/api/schedule/week?resource=${encodeURIComponent(resource)}&week=${encodeURIComponent(iso(base + DAY))}`);

describe('the week calendar of a city-pool expert', () => {
  test("a 西山县 clerk sees its own county's consultation in full and 东湖区's only as a busy block", async () => {
    const res = await week(clerkWest, `expert:${ex.D.profile}`);
    expect(res.status).toBe(200);
    const events = res.body.data.events;
    expect(events).toHaveLength(2);
    const [busy, own] = events;
    expect(busy).toEqual({
      type: 'busy',
      documentId: null,
      title: '忙',
      label: '忙',
      state: null,
      stateLabel: null,
      start: iso(base + DAY + 10 * H),
      end: expect.any(String),
      place: null,
      caseReference: null,
    });
    expect(own).toMatchObject({
      type: 'consultation',
      documentId: west.consultation,
      caseReference: west.referenceNo,
      start: iso(base + DAY + 15 * H),
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(east.referenceNo);
    for (const id of [east.petition, ...east.consultations]) expect(text).not.toContain(id);
  });

  test('a 东湖区 clerk sees the mirror image', async () => {
    const events = (await week(clerkEast, `expert:${ex.D.profile}`)).body.data.events;
    expect(events.map((e: any) => [e.type, e.caseReference])).toEqual([
      ['consultation', east.referenceNo],
      ['busy', null],
    ]);
  });

  test("the expert's own calendar shows every one of its consultations in full", async () => {
    const events = (await week(ex.D.user, 'me')).body.data.events;
    expect(events.map((e: any) => e.caseReference)).toEqual([east.referenceNo, west.referenceNo]);
  });
});

describe("an expert reading a case's consultations", () => {
  test('sees only the consultations it is booked on, with only its own booking', async () => {
    const list = await api(strapi, ex.D.user).get(`/api/petitions/${east.petition}/consultations`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: any) => c.documentId)).toEqual([east.consultations[0]]);
    const mine = await api(strapi, ex.D.user).get(`/api/consultations/${east.consultations[0]}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.bookings.map((b: any) => b.expert.documentId)).toEqual([ex.D.profile]);
    expect((await api(strapi, ex.D.user).get(`/api/consultations/${east.consultations[1]}`)).status).toBe(404);
    expect((await api(strapi, ex.E.user).get(`/api/petitions/${west.petition}/consultations`)).body.data).toEqual([]);
  });

  test('case staff still see every consultation on the case', async () => {
    const list = await api(strapi, leaderEast).get(`/api/petitions/${east.petition}/consultations`);
    expect(list.body.data.map((c: any) => c.documentId).sort()).toEqual([...east.consultations].sort());
  });
});

describe('a hearing another county holds with a shared expert', () => {
  let hearing: any;

  beforeAll(async () => {
    const res = await api(strapi, leaderEast).post('/api/hearings', {
      data: {
        kind: 'joint_consultation',
        organisation: orgs.get('990102'),
        participants: [
          { role: 'chair', user: leaderEast.documentId },
          { role: 'expert', expert: ex.D.profile },
        ],
        videoLink: 'https://meet.example.cn/east',
      },
    });
    expect(res.status).toBe(201);
    hearing = res.body.data;
  });

  test("is a busy block on the expert's week for the other county, and in full for its own", async () => {
    const at = (who: TestUser) =>
      api(strapi, who).get(
        `/api/schedule/week?resource=${encodeURIComponent(`expert:${ex.D.profile}`)}&week=${encodeURIComponent(hearing.start)}`,
      );
    const westView = (await at(clerkWest)).body.data.events.filter((e: any) => e.start === hearing.start);
    expect(westView).toEqual([expect.objectContaining({ type: 'busy', label: '忙', documentId: null, place: null })]);
    expect(JSON.stringify(westView)).not.toContain(hearing.title);
    const eastView = (await at(clerkEast)).body.data.events.filter((e: any) => e.start === hearing.start);
    expect(eastView).toEqual([
      expect.objectContaining({ type: 'hearing', documentId: hearing.documentId, title: hearing.title, place: '视频会议' }),
    ]);
  });

  test('is readable by the expert taking part, not by another city-pool expert', async () => {
    expect((await api(strapi, ex.D.user).get(`/api/hearings/${hearing.documentId}`)).status).toBe(200);
    expect((await api(strapi, ex.E.user).get(`/api/hearings/${hearing.documentId}`)).status).toBe(404);
    expect((await api(strapi, clerkWest).get(`/api/hearings/${hearing.documentId}`)).status).toBe(404);
  });
});
