/**
 * The desk's session in a real browser, with 4-second access tokens: the desk refreshes them
 * silently (before they expire, and once after a 401), 退出登录 ends the session on the server,
 * and a session ended elsewhere sends the person back to the login form.
 *
 * Chromium: Debian's /usr/bin/chromium. Screenshots: test/artifacts/desk-session-*.png.
 */
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { makeUser, organisations, type TestUser } from '../helpers/fixtures';

const LIFETIME_S = 4;
const desk = deskBrowser({ prefix: 'desk-session', expectedStatuses: [401] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let clerk: TestUser;
const before = process.env.FANGTIAO_ACCESS_TOKEN_SECONDS;

beforeAll(async () => {
  process.env.FANGTIAO_ACCESS_TOKEN_SECONDS = String(LIFETIME_S);
  strapi = await startStrapi();
  await desk.open(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', await organisations(strapi));
});
afterAll(async () => {
  await desk.close();
  if (before === undefined) delete process.env.FANGTIAO_ACCESS_TOKEN_SECONDS;
  else process.env.FANGTIAO_ACCESS_TOKEN_SECONDS = before;
});
afterEach(() => expect(problems.splice(0)).toEqual([]));

const tokens = (page: Page) =>
  page.evaluate(() => ({ jwt: sessionStorage.getItem('fangtiao.desk.jwt'), refresh: sessionStorage.getItem('fangtiao.desk.refresh') }));
const me = (jwt: string) => request(strapi.server.httpServer).get('/api/users/me').set('Authorization', `Bearer ${jwt}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Goes to the register form, then back to "my cases", loading each from the server. */
async function work(page: Page) {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登记信访事项' }).click();
  await page.getByRole('heading', { name: '登记信访事项' }).waitFor();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的案件' }).click();
  await page.getByRole('heading', { name: '我的案件' }).waitFor();
  await page.getByText('暂无案件').waitFor();
}

test('the desk keeps working after its access token expires, refreshing it without a 401', async () => {
  const { context, page } = await newPage();
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 401) refused.push(r.url());
  });
  await login(page, clerk.username);
  const first = await tokens(page);
  expect(first.refresh).toBeTruthy();
  for (let round = 0; round < 3; round += 1) {
    await sleep(LIFETIME_S * 1000 + 500);
    expect((await me(first.jwt!)).status).toBe(401); // the first token has expired on the server
    await work(page);
  }
  const now = await tokens(page);
  expect(now.jwt).not.toBe(first.jwt);
  expect((await me(now.jwt!)).status).toBe(200);
  expect(refused).toEqual([]);
  await context.close();
});

test('a call refused with 401 is refreshed and sent again once', async () => {
  const { context, page } = await newPage();
  await login(page, clerk.username);
  // A token the server does not accept (as after a clock skew), with a good refresh token.
  await page.evaluate(() => sessionStorage.setItem('fangtiao.desk.jwt', 'e30.e30.x'));
  await work(page);
  expect((await me((await tokens(page)).jwt!)).status).toBe(200);
  await context.close();
});

test('退出登录 ends the session on the server: its access and refresh tokens are refused', async () => {
  const { context, page } = await newPage();
  await login(page, clerk.username);
  const held = await tokens(page);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByText('已退出登录').waitFor();
  await shot(page, 'logged-out');
  expect(await tokens(page)).toEqual({ jwt: null, refresh: null });
  expect((await me(held.jwt!)).status).toBe(401);
  expect((await request(strapi.server.httpServer).post('/api/auth/refresh').send({ refreshToken: held.refresh })).status).toBe(401);
  await context.close();
});

test('a session ended elsewhere (the password changed) sends the person back to the login form', async () => {
  const { context, page } = await newPage();
  await login(page, clerk.username);
  await strapi.plugin('users-permissions').service('user').edit(clerk.id, { password: 'Changed-password-3' });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登记信访事项' }).click();
  await page.getByText('登录已失效，请重新登录').waitFor();
  await page.getByRole('button', { name: '登录' }).waitFor();
  await shot(page, 'ended-elsewhere');
  await context.close();
});
