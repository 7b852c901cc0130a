import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';

/**
 * The petitions list's common shape — filters on the list's plain fields, a sort, a page — is read
 * by the query engine (src/api/petition/services/petition-list.ts), not through the document
 * service. Every answer must be the one the general path gives (FANGTIAO_PLAIN_LIST=off), in the
 * caller's jurisdiction; every other shape must still go the general way, with its checks.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let township: TestUser;
let citySupervisor: TestUser;
let westClerk: TestUser;
let plainReads = 0;

const STATES = ['registered', 'accepted', 'in_mediation', 'concluded'];

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  township = await makeUser(strapi, 'clerk', '990102001', orgs);
  citySupervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  westClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  const day = 86_400_000;
  for (let i = 0; i < 14; i += 1) {
    const [who, org] = i % 3 === 2 ? [westClerk, '990103'] : i % 2 ? [township, '990102001'] : [clerk, '990102'];
    const res = await api(strapi, who).post(
      '/api/petitions',
      petitionInput(orgs.get(org)!, { subject: `列表事项${i % 4}`, channel: i % 2 ? 'letter' : 'visit' }),
    );
    expect(res.status).toBe(201);
    // States, deadlines, flags and counts that differ, and two deadlines alike (the tie-break by id).
    await strapi.db.query(UID.petition).update({
      where: { documentId: res.body.data.documentId },
      data: { state: STATES[i % 4], dueAt: new Date(Date.UTC(2027, 0, 1) + (i % 5) * day), isBacklog: i % 4 === 1, visitCount: i % 3 },
    });
  }
  const service = strapi.service(UID.petition) as any;
  const findPlain = service.findPlain.bind(service);
  service.findPlain = (...args: unknown[]) => {
    plainReads += 1;
    return findPlain(...args);
  };
});
afterAll(stopStrapi);

async function both(user: TestUser, query: string) {
  const before = plainReads;
  const fast = await api(strapi, user).get(`/api/petitions?${query}`);
  const tookPlain = plainReads > before;
  process.env.FANGTIAO_PLAIN_LIST = 'off';
  try {
    const general = await api(strapi, user).get(`/api/petitions?${query}`);
    return { fast, general, tookPlain };
  } finally {
    delete process.env.FANGTIAO_PLAIN_LIST;
  }
}

const COMMON = [
  '',
  'filters[state][$eq]=accepted&sort=dueAt:asc&pagination[pageSize]=2&pagination[page]=2',
  'filters[state][$in][0]=accepted&filters[state][$in][1]=registered&sort[0]=dueAt:desc&sort[1]=referenceNo',
  'filters[state][$notIn][0]=concluded&sort=dueAt',
  'filters[isBacklog][$eq]=true&sort=referenceNo:desc',
  'filters[dueAt][$lt]=2027-01-03T00:00:00.000Z&filters[visitCount][$gte]=1&sort=dueAt:asc',
  'filters[registeredAt][$gte]=2020-01-01&filters[channel]=visit',
  'filters[subject][$eq]=列表事项1&sort=dueAt:asc,referenceNo:desc',
  'filters[state][$ne]=registered&pagination[start]=1&pagination[limit]=3&sort=dueAt',
  'pagination[pageSize]=1000',
  'pagination[page]=9&pagination[pageSize]=4&sort=updatedAt:desc',
  // The desk's own list (desk/src/routes/cases.ts): the organisation's name populated.
  'sort=dueAt:asc&pagination[page]=1&pagination[pageSize]=20&filters[state][$eq]=accepted&populate[organisation][fields][0]=name',
  'populate[organisation][fields][0]=name&populate[organisation][fields][1]=code&populate[organisation][fields][2]=level',
];

test.each(COMMON)(
  'the list %p is read by the query engine and answers as the general path does, for every level of office',
  async (query) => {
    for (const user of [clerk, township, citySupervisor, westClerk]) {
      const { fast, general, tookPlain } = await both(user, query);
      expect(tookPlain).toBe(true);
      expect(fast.status).toBe(200);
      expect(fast.body).toEqual(general.body);
    }
  },
);

test('the plain read stays in the jurisdiction: a county clerk never gets the other county, a township clerk only its township', async () => {
  const page = async (user: TestUser) => (await api(strapi, user).get('/api/petitions?pagination[pageSize]=100')).body;
  const all = (await strapi.db.query(UID.petition).findMany({ select: ['documentId', 'countyCode', 'townshipCode'] })) as any[];
  const ids = (body: any) => body.data.map((p: any) => p.documentId).sort();
  expect(ids(await page(clerk))).toEqual(
    all
      .filter((p) => p.countyCode === '990102')
      .map((p) => p.documentId)
      .sort(),
  );
  expect(ids(await page(township))).toEqual(
    all
      .filter((p) => p.townshipCode === '990102001')
      .map((p) => p.documentId)
      .sort(),
  );
  expect(ids(await page(westClerk))).toEqual(
    all
      .filter((p) => p.countyCode === '990103')
      .map((p) => p.documentId)
      .sort(),
  );
  expect((await page(citySupervisor)).meta.pagination.total).toBe(all.length);
  // No scope column in the rows.
  expect(Object.keys((await page(clerk)).data[0])).not.toContain('countyCode');
});

const GENERAL = [
  ['populate', 'populate[organisation]=true'],
  ["a populate of more than the organisation's plain fields", 'populate[organisation][fields][0]=countyCode'],
  ['a populate of another relation', 'populate[caseType][fields][0]=name'],
  ['a populate deeper than the organisation', 'populate[organisation][fields][0]=name&populate[organisation][populate][parent]=true'],
  ['fields', 'fields[0]=subject'],
  ['a group operator', 'filters[$or][0][state]=accepted&filters[$or][1][state]=registered'],
  ['a relation filter', 'filters[organisation][code][$eq]=990102'],
  ['a personal field', 'filters[parties][name][$eq]=张三'],
  ['a private scope column', 'filters[countyCode][$eq]=990103'],
  ['a value its type does not take', 'filters[state][$eq]=bogus'],
  ['a malformed date', 'filters[dueAt][$lt]=yesterday'],
  ['$null', 'filters[concludedAt][$null]=true'],
  ['an unknown operator', 'filters[state][$foo]=accepted'],
  ['a json field', 'filters[fiveClarityMissing][$eq]=x'],
  ['page 0', 'pagination[page]=0'],
  ['page and offset mixed', 'pagination[page]=1&pagination[limit]=2'],
  ['withCount', 'pagination[withCount]=false'],
  ['an unknown sort field', 'sort=countyCode:asc'],
  ['a sort on a JSON field', 'sort=fiveClarityMissing:asc'],
  ['an unknown parameter', 'foo=bar'],
  ['mine', 'mine=true'],
] as const;

test.each(GENERAL)('a list with %s goes the general way, with its answer and checks unchanged', async (_what, query) => {
  const { fast, general, tookPlain } = await both(clerk, query);
  expect(tookPlain).toBe(false);
  expect(fast.status).toBe(general.status);
  expect(fast.body).toEqual(general.body);
  expect(fast.status).toBeLessThan(500);
});
