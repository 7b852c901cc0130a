/**
 * Writes on one petition at the same moment — two clerks' browsers, or requests spread over
 * several instances — must not interleave their read-check-write (src/database/row-lock.ts):
 * on PostgreSQL without the row lock, parallel visits lost updates of the visit count and two
 * acceptances of one registered petition both committed. On SQLite, which runs one write
 * transaction at a time, the same claims hold and are checked the same way.
 */
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let clerk: TestUser;
let org: string;

beforeAll(async () => {
  strapi = await startStrapi();
  const orgs = await organisations(strapi);
  org = orgs.get('990102002')!;
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
});
afterAll(stopStrapi);

async function registered(): Promise<string> {
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(org));
  expect(res.status).toBe(201);
  return res.body.data.documentId;
}

test('twelve visits recorded on one petition at once: the petition counts them all', async () => {
  // Registered as a letter (来信): a 来访 registration would bring its own first visit.
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(org, { channel: 'letter' }));
  expect(res.status).toBe(201);
  const id: string = res.body.data.documentId;
  const visit = () =>
    api(strapi, clerk).post(`/api/petitions/${id}/visits`, { data: { channel: 'visit', level: 'township', headcount: 1 } });
  const answers = await Promise.all(Array.from({ length: 12 }, visit));
  expect(answers.map((r) => r.status)).toEqual(Array(12).fill(201));
  const petition = await api(strapi, clerk).get(`/api/petitions/${id}`);
  expect(petition.body.data.visitCount).toBe(12);
  const visits = await strapi.db.query('api::visit.visit').count({ where: { petition: { documentId: id } } });
  expect(visits).toBe(12);
});

test('the same petition accepted six times at once: one acceptance, five refused with 409, one move recorded', async () => {
  const id = await registered();
  const accept = () => api(strapi, clerk).post(`/api/petitions/${id}/transition`, { action: 'accept', input: {} });
  const answers = await Promise.all(Array.from({ length: 6 }, accept));
  expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  const moves: { fromState: string; toState: string }[] = await strapi.db
    .query('api::petition-move.petition-move')
    .findMany({ where: { petition: { documentId: id } } });
  expect(moves.map((m) => `${m.fromState}→${m.toState}`)).toEqual(['registered→accepted']);
  expect((await api(strapi, clerk).get(`/api/petitions/${id}`)).body.data.state).toBe('accepted');
});
