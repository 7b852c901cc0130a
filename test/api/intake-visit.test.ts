import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { periodOf } from '../../plugins/fangtiao/server/src/measures/periods';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

/** Registering a 来访 petition is its first visit: no second entry, and nothing counts it twice. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let countyClerk: TestUser;
let otherClerk: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  countyClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
});
afterAll(stopStrapi);

const register = async (overrides: Record<string, unknown> = {}) => {
  const res = await api(strapi, countyClerk).post('/api/petitions', petitionInput(orgs.get('990102')!, overrides));
  expect(res.status).toBe(201);
  return res.body.data;
};
const visitsOf = (documentId: string) =>
  strapi.db.query('api::visit.visit').findMany({ where: { petition: { documentId } }, orderBy: { id: 'asc' } });

test('a clerk registering a 来访 petition at the county finds its first visit on the timeline, at the county, not a repeat', async () => {
  const p = await register();
  expect(p.visitCount).toBe(1);
  const visits = await visitsOf(p.documentId);
  expect(visits).toHaveLength(1);
  expect(visits[0]).toMatchObject({
    channel: 'visit',
    level: 'county',
    isIntake: true,
    isRepeat: false,
    isLeapfrog: false,
    purpose: 'petition',
  });
  const timeline = await api(strapi, countyClerk).get(`/api/petitions/${p.documentId}/timeline`);
  expect(timeline.body.data.map((i: any) => i.kind)).toEqual(['registered', 'visit']);
  // Another county's clerk sees neither the petition nor its visit.
  expect((await api(strapi, otherClerk).get(`/api/petitions/${p.documentId}/timeline`)).status).toBe(404);
});

test('a letter (来信) registers no visit', async () => {
  const p = await register({ channel: 'letter' });
  expect(p.visitCount).toBe(0);
  expect(await visitsOf(p.documentId)).toHaveLength(0);
});

test('a group visit (集体访) is recorded with the group headcount', async () => {
  const p = await register({ parties: [{ kind: 'group', name: '新桥村村民', headcount: 12, role: 'petitioner' }] });
  expect((await visitsOf(p.documentId))[0].headcount).toBe(12);
});

test('one further county visit after a 来访 registration raises no visit-count warning (the registration is the first petition, not a visit after it)', async () => {
  const p = await register();
  const res = await api(strapi, countyClerk).post(`/api/petitions/${p.documentId}/visits`, {
    data: { channel: 'visit', level: 'county', visitedAt: new Date(Date.now() + 1000).toISOString() },
  });
  expect(res.status).toBe(201);
  const warnings = await strapi.db.query('plugin::fangtiao.warning').findMany({ where: { petition: { documentId: p.documentId } } });
  expect(warnings).toHaveLength(0);
  // The second visit after it does (2 county visits after the first petition).
  await api(strapi, countyClerk).post(`/api/petitions/${p.documentId}/visits`, {
    data: { channel: 'visit', level: 'county', visitedAt: new Date(Date.now() + 2000).toISOString() },
  });
  const after = await strapi.db.query('plugin::fangtiao.warning').findMany({ where: { petition: { documentId: p.documentId } } });
  expect(after.map((w: any) => w.ruleCode)).toEqual(['lishui-visits-2']);
});

test('the repeat-visit measure counts the registration visit once, as a visit and not as a repeat', async () => {
  const before = await measure();
  await register();
  const after = await measure();
  expect(after.denominator - before.denominator).toBe(1);
  expect(after.numerator - before.numerator).toBe(0);
});

async function measure(): Promise<{ numerator: number; denominator: number }> {
  const res = await api(strapi, supervisor).get(`/api/measures?period=${periodOf('year', new Date()).key}`);
  expect(res.status).toBe(200);
  const m = res.body.data.measures.find((x: any) => x.key === 'repeatRatio');
  return { numerator: Number(m.numerator ?? 0), denominator: Number(m.denominator ?? 0) };
}
