import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import request from 'supertest';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';
import { PASSWORD } from '../helpers/browser';

/**
 * Each instance keeps who a caller is (user, role, organisation, the users-permissions
 * settings) for FANGTIAO_AUTH_CACHE_MS, 5 s here (src/access/user-cache.ts). A change made
 * through this instance applies on the very next request; one made behind its back (another
 * instance, raw SQL) applies within the 5 s on SQLite, and at once on PostgreSQL, whose
 * notices clear the caches (src/access/cluster-bus.ts). auth-cache-off.test.ts: with 0, at once.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
});
afterAll(stopStrapi);

const list = (u: TestUser) => api(strapi, u).get('/api/petitions');
const orgId = async (code: string) => (await strapi.db.query(UID.organisation).findOne({ where: { code } })).id;

/** A new session for the user, as the desk's login makes one. */
const relogin = async (u: TestUser): Promise<TestUser> => {
  const res = await request(strapi.server.httpServer).post('/api/auth/local').send({ identifier: u.username, password: PASSWORD });
  expect(res.status).toBe(200);
  return { ...u, jwt: res.body.jwt };
};

test('a user blocked through Strapi is refused on its next request, and logs in again once unblocked', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await list(clerk)).status).toBe(200);
  await strapi.db.query(UID.user).update({ where: { id: clerk.id }, data: { blocked: true } });
  expect((await list(clerk)).status).toBe(401);
  expect((await api(strapi, clerk).get('/api/users/me')).status).toBe(401);
  await strapi.db.query(UID.user).update({ where: { id: clerk.id }, data: { blocked: false } });
  expect((await list(clerk)).status).toBe(401); // blocking ended the session (src/access/sessions.ts)
  expect((await list(await relogin(clerk))).status).toBe(200);
});

test('a role change through Strapi ends the session; the next login has the new role', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await list(clerk)).status).toBe(200);
  const expert = await strapi.db.query(UID.role).findOne({ where: { type: 'expert' } });
  await strapi.db.query(UID.user).update({ where: { id: clerk.id }, data: { role: expert.id } });
  expect((await list(clerk)).status).toBe(401);
  const again = await relogin(clerk);
  expect((await list(again)).status).toBe(403); // experts read no case lists
  expect((await api(strapi, again).get('/api/users/me')).status).toBe(200);
});

test('a move to another organisation ends the session at once (the cached scope goes with it); the next login lists the new jurisdiction', async () => {
  const here = await makeUser(strapi, 'clerk', '990102', orgs);
  const there = await makeUser(strapi, 'clerk', '990103', orgs);
  const created = await api(strapi, here).post('/api/petitions', petitionInput(orgs.get('990102002')!));
  expect(created.status).toBe(201);
  const ids = async (u: TestUser) => ((await list(u)).body.data as any[]).map((p) => p.documentId);
  expect(await ids(there)).not.toContain(created.body.data.documentId);
  await strapi.db.query(UID.user).update({ where: { id: there.id }, data: { organisation: await orgId('990102') } });
  expect((await list(there)).status).toBe(401);
  expect(await ids(await relogin(there))).toContain(created.body.data.documentId);
});

test("users-permissions' advanced settings changed through the store apply on the next request", async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  await strapi.db.query(UID.user).update({ where: { id: clerk.id }, data: { confirmed: false } });
  expect((await list(clerk)).status).toBe(200); // email confirmation is off
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = (await store.get({ key: 'advanced' })) as Record<string, unknown>;
  try {
    await store.set({ key: 'advanced', value: { ...advanced, email_confirmation: true } });
    expect((await list(clerk)).status).toBe(401);
  } finally {
    await store.set({ key: 'advanced', value: advanced });
  }
  expect((await list(clerk)).status).toBe(200);
});

const postgres = process.env.DATABASE_CLIENT === 'postgres';

test(`a user blocked behind the instance's back (raw SQL) is refused ${postgres ? 'within 100 ms (the database notice clears the cache)' : 'within 5 s'}`, async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await list(clerk)).status).toBe(200);
  const users = strapi.db.metadata.get(UID.user).tableName;
  await strapi.db.connection(users).where({ id: clerk.id }).update({ blocked: true });
  const blockedAt = Date.now();
  if (postgres) {
    // src/access/cluster-bus.ts: the trigger's NOTIFY reaches this instance's listener, which clears the caches.
    let lastLetInAfter = 0;
    for (;;) {
      const sentAt = Date.now();
      const status = (await list(clerk)).status;
      if (status === 401) break;
      expect(status).toBe(200);
      lastLetInAfter = sentAt - blockedAt;
      expect(lastLetInAfter).toBeLessThan(1000);
    }
    expect(lastLetInAfter).toBeLessThanOrEqual(100);
    return;
  }
  expect((await list(clerk)).status).toBe(200); // SQLite: still the cached user (one process: only raw SQL gets here)
  await new Promise((r) => setTimeout(r, 5200));
  expect((await list(clerk)).status).toBe(401);
});

test('API tokens: a miss is remembered, a token is not — a new token works at once, a deleted one is refused at once', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  expect((await list(clerk)).status).toBe(200); // the JWT was looked up as an API token: a miss
  const admin = await adminSession(strapi);
  const created = await admin.post('/admin/api-tokens', { name: 'reader', description: '', type: 'read-only', lifespan: null });
  expect(created.status).toBe(201);
  const withToken = () =>
    request(strapi.server.httpServer).get('/api/organisations').set('Authorization', `Bearer ${created.body.data.accessKey}`);
  expect((await withToken()).status).not.toBe(401); // authenticated (what it may read is the token's business)
  expect((await admin.delete(`/admin/api-tokens/${created.body.data.id}`)).status).toBe(200);
  expect((await withToken()).status).toBe(401);
  expect((await list(clerk)).status).toBe(200);
});
