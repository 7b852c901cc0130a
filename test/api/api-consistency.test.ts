import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser, mediator: TestUser, leader: TestUser, supervisor: TestUser;
const experts: Record<string, string> = {};
let petitionId: string;

const DAY = 86_400_000;
const H = 3_600_000;
/** Shanghai midnight three days from now: the wished window starts there. */
const base = Math.floor((Date.now() + 8 * H) / DAY) * DAY - 8 * H + 3 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
const paths = (res: request.Response) => (res.body.error?.details?.errors ?? []).map((e: any) => e.path.join('.'));

async function expert(key: string, org: string, level: 'county' | 'city', declarations: object[] = []) {
  const user = await makeUser(strapi, 'expert', org, orgs);
  const p: any = await strapi.documents(PROFILE).create({
    data: {
      displayName: `专家${key}`,
      title: '律师',
      user: user.id,
      organisation: orgs.get(org),
      level,
      fields: ['law'],
      weeklyLimit: 5,
      status: 'active',
      availability: everyDay,
      declarations,
    } as any,
  });
  experts[key] = p.documentId;
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  // The county pool's only law expert declared he is related to the petitioner 张三.
  await expert('A', '990102', 'county', [{ kind: 'relation', party: '张三', note: '表兄' }]);
  await expert('D', '990100', 'city');
  const pool = (name: string, org: string, level: string, members: string[]) =>
    strapi
      .documents(POOL)
      .create({ data: { name, organisation: orgs.get(org), level, field: 'law', members: members.map((k) => experts[k]) } as any });
  await pool('东湖区法律专家库', '990102', 'county', ['A']);
  await pool('云溪市法律专家库', '990100', 'city', ['D']);

  petitionId = (await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!))).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (action: string, input: object = {}) =>
    api(strapi, clerk).post(`/api/petitions/${petitionId}/transition`, { action, input });
  expect((await move('accept')).status).toBe(200);
  expect((await move('divert', { committee, mediator: mediator.id })).status).toBe(200);
});
afterAll(stopStrapi);

describe('every list pages the same way: pagination[page], pagination[pageSize], meta.pagination', () => {
  const lists: [string, () => TestUser][] = [
    ['/api/warnings', () => leader],
    ['/api/credit-flags', () => supervisor],
    ['/api/backlog-packages', () => leader],
    ['/api/notifications', () => clerk],
    ['/api/petitions', () => clerk],
  ];

  test.each(lists)('%s takes pagination[page] and pagination[pageSize] and answers meta.pagination', async (url, who) => {
    const res = await api(strapi, who()).get(`${url}?pagination[page]=2&pagination[pageSize]=1`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toMatchObject({ page: 2, pageSize: 1, pageCount: expect.any(Number), total: expect.any(Number) });
    expect(res.body.data.length).toBeLessThanOrEqual(1);
  });

  test.each(lists.slice(0, 4))('%s refuses the old page and pageSize, naming them and what to use', async (url, who) => {
    const res = await api(strapi, who()).get(`${url}?page=2&pageSize=10`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['page', 'pageSize']);
    expect(res.body.error.message).toContain('pagination[page]');
  });

  test.each(lists.slice(0, 4))('%s refuses a page that is not a positive whole number, naming it', async (url, who) => {
    const res = await api(strapi, who()).get(`${url}?pagination[page]=abc&pagination[pageSize]=0`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['pagination.page', 'pagination.pageSize']);
  });

  test('a page size over 100 is 100, as on every Strapi list', async () => {
    const res = await api(strapi, leader).get('/api/warnings?pagination[pageSize]=500');
    expect(res.body.meta.pagination.pageSize).toBe(100);
  });
});

describe('organisations do not show or take their internal scope columns', () => {
  test('the list shows name, code and level, and no scope column, not even as null', async () => {
    const res = await api(strapi, clerk).get('/api/organisations?filters[code][$eq]=990102001');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    for (const hidden of ['cityCode', 'countyCode', 'townshipCode', 'villageCode']) expect(res.body.data[0]).not.toHaveProperty(hidden);
  });

  test.each([
    ['filters[countyCode][$eq]=990102', 'filters.countyCode', '筛选'],
    ['filters[parent][cityCode][$eq]=990100', 'filters.parent.cityCode', '筛选'],
    ['sort=countyCode', 'sort.countyCode', '排序'],
    ['fields[0]=name&fields[1]=townshipCode', 'fields.townshipCode', '选取'],
  ])('?%s is a 400 naming the field, in Chinese', async (q, path, use) => {
    const res = await api(strapi, clerk).get(`/api/organisations?${q}`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([path]);
    expect(res.body.error.message).toContain(`不是公开字段，不能用于${use}`);
  });

  test('a county’s organisations are found by their codes instead', async () => {
    const res = await api(strapi, supervisor).get('/api/organisations?filters[code][$startsWith]=990102&sort=code');
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: any) => o.code)[0]).toBe('990102');
    expect(res.body.data.every((o: any) => o.code.startsWith('990102'))).toBe(true);
  });
});

describe('an expert who must stand aside on a case (回避)', () => {
  let consultation: any;

  test('a request whose county expert stands aside escalates to the city saying so', async () => {
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, {
      data: {
        question: '宅基地边界争议的权属如何认定？',
        field: 'law',
        urgency: 'urgent',
        mode: 'video',
        windowStart: iso(base),
        windowEnd: iso(base + 2 * DAY),
      },
    });
    expect(res.status).toBe(201);
    consultation = res.body.data;
    expect(consultation.level).toBe('city');
    expect(consultation.escalationReason).toBe('县级专家库该领域的专家均须回避（1人）');
    expect(consultation.escalationReason).not.toContain('期望时间内无合适专家');
    expect(consultation.suggestions.map((s: any) => s.documentId)).toEqual([experts.D]);
  });

  test('booking him is a 409 saying why, and nothing is booked', async () => {
    const res = await api(strapi, mediator).post(`/api/consultations/${consultation.documentId}/bookings`, {
      data: { expert: experts.A, start: iso(base + 10 * H) },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^该专家须回避：与本案当事人存在利害关系/);
    const after = await api(strapi, mediator).get(`/api/consultations/${consultation.documentId}`);
    expect(after.body.data.state).toBe('open');
  });

  test('the hearing planner does not offer him for this case, but does for others', async () => {
    const forCase = await api(strapi, leader).get(`/api/hearings/people?petition=${petitionId}`);
    expect(forCase.status).toBe(200);
    const offered = forCase.body.data.experts.map((x: any) => x.documentId);
    expect(offered).toContain(experts.D);
    expect(offered).not.toContain(experts.A);
    const general = await api(strapi, leader).get('/api/hearings/people');
    expect(general.body.data.experts.map((x: any) => x.documentId)).toContain(experts.A);
  });
});
