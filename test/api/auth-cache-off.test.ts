import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations } from '../helpers/fixtures';
import { UID } from '../../src/constants';

/** FANGTIAO_AUTH_CACHE_MS=0 turns every auth cache off: even a raw SQL change applies on the next request. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
const before = process.env.FANGTIAO_AUTH_CACHE_MS;

beforeAll(async () => {
  process.env.FANGTIAO_AUTH_CACHE_MS = '0';
  strapi = await startStrapi();
  orgs = await organisations(strapi);
});
afterAll(async () => {
  await stopStrapi();
  if (before === undefined) delete process.env.FANGTIAO_AUTH_CACHE_MS;
  else process.env.FANGTIAO_AUTH_CACHE_MS = before;
});

test('a user blocked by raw SQL is refused on its next request', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(200);
  await strapi.db.connection(strapi.db.metadata.get(UID.user).tableName).where({ id: clerk.id }).update({ blocked: true });
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(401);
});

test('a role moved by raw SQL applies on the next request', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(200);
  const link = (strapi.db.metadata.get(UID.user).attributes as any).role.joinTable;
  const expert = await strapi.db.query(UID.role).findOne({ where: { type: 'expert' } });
  await strapi.db
    .connection(link.name)
    .where({ [link.joinColumn.name]: clerk.id })
    .update({ [link.inverseJoinColumn.name]: expert.id });
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(403);
});

test("a role's permission removed by raw SQL applies on the next request", async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(200);
  const role = await strapi.db.query(UID.role).findOne({ where: { type: 'clerk' } });
  const perm = await strapi.db.query(UID.permission).findOne({ where: { action: 'api::petition.petition.find', role: role.id } });
  await strapi.db.connection(strapi.db.metadata.get(UID.permission).tableName).where({ id: perm.id }).delete();
  expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(403);
});
