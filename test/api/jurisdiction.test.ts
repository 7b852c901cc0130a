import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let countyClerk: TestUser; // 东湖区
let townshipClerk: TestUser; // 湖滨镇, inside 东湖区
let otherCountyClerk: TestUser; // 西山县
let citySupervisor: TestUser;
const refs: Record<string, { id: string; ref: string }> = {};

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  countyClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  townshipClerk = await makeUser(strapi, 'clerk', '990102002', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  citySupervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  const make = async (key: string, who: TestUser, org: string) => {
    const res = await api(strapi, who).post('/api/petitions', petitionInput(orgs.get(org)!, { subject: `事项${key}` }));
    expect(res.status).toBe(201);
    refs[key] = { id: res.body.data.documentId, ref: res.body.data.referenceNo };
  };
  await make('A', countyClerk, '990102002'); // 湖滨镇
  await make('B', countyClerk, '990102001'); // 东湖街道
  await make('C', otherCountyClerk, '990103001'); // 西山镇
});
afterAll(stopStrapi);

const subjects = async (user: TestUser, query = '') => {
  const res = await api(strapi, user).get(`/api/petitions?sort=subject${query}`);
  expect(res.status).toBe(200);
  return res.body.data.map((p: any) => p.subject);
};

test('a county clerk lists only the petitions of its county', async () => {
  expect(await subjects(countyClerk)).toEqual(['事项A', '事项B']);
});

test('a township clerk lists only its township, a city supervisor the whole city', async () => {
  expect(await subjects(townshipClerk)).toEqual(['事项A']);
  expect(await subjects(citySupervisor)).toEqual(['事项A', '事项B', '事项C']);
});

test('the list count and pagination respect the scope too', async () => {
  const res = await api(strapi, countyClerk).get('/api/petitions');
  expect(res.body.meta.pagination.total).toBe(2);
});

test("a clerk of another county gets 404 for this county's petition, by id, update and filter", async () => {
  expect((await api(strapi, otherCountyClerk).get(`/api/petitions/${refs.A.id}`)).status).toBe(404);
  const put = await api(strapi, otherCountyClerk).put(`/api/petitions/${refs.A.id}`, { data: { demands: '篡改' } });
  expect(put.status).toBe(404);
  expect(await subjects(otherCountyClerk, `&filters[referenceNo][$eq]=${refs.A.ref}`)).toEqual([]);
  const still = await api(strapi, countyClerk).get(`/api/petitions/${refs.A.id}`);
  expect(still.body.data.demands).not.toBe('篡改');
});

test('a township clerk cannot register a petition for a unit outside its township', async () => {
  const res = await api(strapi, townshipClerk).post('/api/petitions', petitionInput(orgs.get('990102001')!));
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body.error)).toContain('organisation');
});

test('organisations are scoped the same way: a township sees itself and its villages', async () => {
  const res = await api(strapi, townshipClerk).get('/api/organisations?sort=code');
  expect(res.body.data.map((o: any) => o.code)).toEqual(['990102002', '990102002001', '990102002002']);
  expect((await api(strapi, townshipClerk).get(`/api/organisations/${orgs.get('990103')}`)).status).toBe(404);
});

test('reference numbers are numbered per county and year', async () => {
  const year = new Date().getFullYear();
  expect(refs.A.ref).toBe(`990102-${year}-000001`);
  expect(refs.B.ref).toBe(`990102-${year}-000002`);
  expect(refs.C.ref).toBe(`990103-${year}-000001`);
});

test('the scope is in the query itself: the scope columns are not readable or writable by clients', async () => {
  const res = await api(strapi, countyClerk).get(`/api/petitions/${refs.A.id}`);
  expect(res.body.data.countyCode).toBeUndefined();
  const put = await api(strapi, countyClerk).put(`/api/petitions/${refs.A.id}`, { data: { countyCode: '990103' } });
  expect([200, 400]).toContain(put.status);
  expect(await subjects(otherCountyClerk)).toEqual(['事项C']);
});
