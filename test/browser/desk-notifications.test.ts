/**
 * 通知设置 on the desk in a real browser: from the inbox, a mediator opens the settings, turns
 * e-mail off for deadline reminders and chooses the daily digest; the choices are stored for
 * that user only and shown again on the next visit.
 */
import type { Core } from '@strapi/strapi';
import { deskBrowser, DESKTOP, PHONE } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, type TestUser } from '../helpers/fixtures';

const desk = deskBrowser({ prefix: 'desk-notifications' });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let mediator: TestUser;
let clerk: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  await desk.open(strapi);
  const orgs = await organisations(strapi);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
});
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

test('a mediator turns deadline e-mails off and chooses the daily digest from the inbox (phone), and sees them kept (desktop)', async () => {
  const { context, page } = await newPage(PHONE);
  await login(page, mediator.username);
  await page.goto(`${desk.base}/desk/#/inbox`);
  await page.getByRole('link', { name: '通知设置' }).click();
  const deadline = page.getByLabel('办理期限临近（3日内）');
  await deadline.waitFor();
  await expect(deadline.isChecked()).resolves.toBe(true);
  await deadline.uncheck();
  await page.getByLabel(/每日汇总为一封邮件/).check();
  await shot(page, 'settings-phone');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('通知设置已保存').waitFor();
  const stored = (await api(strapi, mediator).get('/api/notifications/preferences')).body.data;
  expect(stored.digest).toBe(true);
  expect(stored.kinds.find((k: any) => k.kind === 'deadline').email).toBe(false);
  expect(stored.kinds.find((k: any) => k.kind === 'case-assigned').email).toBe(true);
  expect((await api(strapi, clerk).get('/api/notifications/preferences')).body.data.digest).toBe(false);
  await context.close();

  const again = await newPage(DESKTOP);
  await login(again.page, mediator.username);
  await again.page.goto(`${desk.base}/desk/#/inbox-settings`);
  await again.page.getByLabel('办理期限临近（3日内）').waitFor();
  await expect(again.page.getByLabel('办理期限临近（3日内）').isChecked()).resolves.toBe(false);
  await expect(again.page.getByLabel(/每日汇总为一封邮件/).isChecked()).resolves.toBe(true);
  await shot(again.page, 'settings-desktop');
  await again.context.close();
});
