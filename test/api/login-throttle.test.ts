import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { PASSWORD } from '../helpers/browser';
import { TABLE, counterOf } from '../../src/access/login-throttle';

/**
 * Login throttling (src/access/login-throttle.ts): failures are counted per account and per IP
 * in the database, successes are not. Defaults: 5 failures lock an account, 50 an IP, for 15
 * minutes from the first failure. Every request here comes from the same IP, as a whole office
 * behind one address does.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
});
afterAll(stopStrapi);
beforeEach(() => strapi.db.connection(TABLE).delete());
afterEach(() => {
  delete process.env.FANGTIAO_LOGIN_IP_FAILURES;
});

const login = (identifier: string, password: string) =>
  request(strapi.server.httpServer).post('/api/auth/local').send({ identifier, password });
const clerk = () => makeUser(strapi, 'clerk', '990102', orgs);
const fail = async (u: TestUser | string, times: number) => {
  for (let i = 0; i < times; i += 1) expect((await login(typeof u === 'string' ? u : u.username, 'Wrong-password-9')).status).toBe(400);
};

test('20 successful logins from one IP within a minute all succeed and count nothing', async () => {
  const users = [await clerk(), await clerk()];
  for (let i = 0; i < 20; i += 1) expect((await login(users[i % 2].username, PASSWORD)).status).toBe(200);
  const rows = await strapi.db.connection(TABLE).select('throttle_key', 'failures');
  expect(rows.every((r: any) => Number(r.failures) === 0)).toBe(true);
});

test('5 wrong passwords lock the account (429 with Retry-After, in Chinese), even with the right password; a colleague at the same IP still logs in', async () => {
  const victim = await clerk();
  const colleague = await clerk();
  await fail(victim, 5);
  const locked = await login(victim.username, PASSWORD);
  expect(locked.status).toBe(429);
  expect(locked.body.error.message).toMatch(/^该账号登录失败次数过多，已暂时锁定，请 1[45] 分钟后再试$/);
  expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
  expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  // Under its email address it is the same account.
  expect((await login(`${victim.username}@test.invalid`, PASSWORD)).status).toBe(429);
  expect((await login(colleague.username, PASSWORD)).status).toBe(200);
});

test('the lock lifts when the 15-minute window has passed', async () => {
  const u = await clerk();
  await fail(u, 5);
  expect((await login(u.username, PASSWORD)).status).toBe(429);
  await strapi.db
    .connection(TABLE)
    .where({ throttle_key: `user:${u.id}` })
    .update({ window_start: Date.now() - 15 * 60_000 - 1 });
  expect((await login(u.username, PASSWORD)).status).toBe(200);
});

test("a successful login clears the account's failures: 4 typos, a success, 4 typos leave it open", async () => {
  const u = await clerk();
  await fail(u, 4);
  expect((await login(u.username, PASSWORD)).status).toBe(200);
  await fail(u, 4);
  expect((await login(u.username, PASSWORD)).status).toBe(200);
});

test('guesses sent in parallel cannot slip past the limit', async () => {
  const u = await clerk();
  const answers = await Promise.all(Array.from({ length: 12 }, () => login(u.username, 'Wrong-password-9')));
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  expect((await login(u.username, PASSWORD)).status).toBe(429);
});

test('failures across many accounts lock the IP at its limit, for every account from it', async () => {
  process.env.FANGTIAO_LOGIN_IP_FAILURES = '8';
  const u = await clerk();
  for (let i = 0; i < 8; i += 1) await fail(`nobody${i}`, 1);
  const locked = await login(u.username, PASSWORD);
  expect(locked.status).toBe(429);
  expect(locked.body.error.message).toMatch(/^本机登录失败次数过多，请 1[45] 分钟后再试$/);
  expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
});

test('the counters are rows in the database, which every instance reads: clearing the row unlocks the account', async () => {
  const u = await clerk();
  await fail(u, 5);
  expect(await counterOf(strapi, `user:${u.id}`)).toMatchObject({ failures: 5 });
  expect((await login(u.username, PASSWORD)).status).toBe(429);
  await strapi.db
    .connection(TABLE)
    .where({ throttle_key: `user:${u.id}` })
    .delete();
  expect((await login(u.username, PASSWORD)).status).toBe(200);
});

test('wrong current passwords on a password change count against the account too', async () => {
  const u = await clerk();
  const change = (currentPassword: string) =>
    request(strapi.server.httpServer)
      .post('/api/auth/change-password')
      .set('Authorization', `Bearer ${u.jwt}`)
      .send({ currentPassword, password: 'New-password-2', passwordConfirmation: 'New-password-2' });
  for (let i = 0; i < 5; i += 1) expect((await change('Wrong-password-9')).status).toBe(400);
  expect((await change(PASSWORD)).status).toBe(429);
  expect((await login(u.username, PASSWORD)).status).toBe(429);
});
