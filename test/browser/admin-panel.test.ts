/**
 * The admin panel as administrators use it, in headless Chromium against the production admin
 * bundle (built once by global setup, then taken from .cache/admin-build): log in, edit and
 * save every setting an admin edits (working calendar, warning rule, hearing type, room,
 * measure target, credit ground) with the panel's own editors, and create and change a case
 * type. What was saved is read back from the database. Screenshots: test/artifacts/admin-panel-*.png.
 */
import type { Core } from '@strapi/strapi';
import type { Page, Response } from 'playwright-core';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { organisations } from '../helpers/fixtures';

const EMAIL = 'settings.admin@test.invalid';
const PASSWORD = 'Admin-password-1';
const CM = '/admin/content-manager';

// The panel's own 4xx (e.g. a refused save) are asserted where they happen, not treated as noise.
const desk = deskBrowser({ prefix: 'admin-panel', expectedStatuses: [400, 401] });
const { newPage, shot } = desk;

let strapi: Core.Strapi;
let page: Page;
/** Strapi's MISSING_TRANSLATION console errors (reported, and kept to what Strapi itself misses). */
const missingTranslations = new Set<string>();
/** Warnings only a development bundle logs (Redux Toolkit's invariant middlewares). */
const devOnly: string[] = [];

const one = (uid: string, where: object) => strapi.db.query(uid as any).findOne({ where });

/** Clicks 保存 and waits for the Content Manager's answer. */
async function save(expected = 200): Promise<Response> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/content-manager/') && ['PUT', 'POST'].includes(r.request().method())),
    page.getByRole('button', { name: '保存', exact: true }).click(),
  ]);
  if (res.status() !== expected) throw new Error(`save answered ${res.status()}: ${(await res.text()).slice(0, 600)}`);
  return res;
}

/** Picks `option` in the Content Manager's select labelled `label`. */
async function choose(label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

beforeAll(async () => {
  strapi = await startStrapi({ serveAdminPanel: true });
  await desk.open(strapi);
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi
    .service('admin::user')
    .create({ email: EMAIL, firstname: '管理', lastname: '员', password: PASSWORD, isActive: true, roles: [superAdmin.id] });
  ({ page } = await newPage(DESKTOP));
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    const id =
      /MISSING_TRANSLATION.*?"([^"]+)"/.exec(m.text())?.[1] ?? (m.text().includes('MISSING_TRANSLATION') ? m.text().slice(0, 120) : null);
    if (id) missingTranslations.add(id);
    if (/InvariantMiddleware/.test(m.text())) devOnly.push(m.text().slice(0, 200));
  });
  await page.goto(`${desk.base}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.includes('/auth/'), { timeout: 60_000 });
}, 300_000);

afterAll(async () => {
  if (missingTranslations.size)
    console.log(`MISSING_TRANSLATION (zh-Hans), ${missingTranslations.size} ids:\n${[...missingTranslations].sort().join('\n')}`);
  desk.problems.splice(0); // console noise of Strapi's own panel is not this test's subject
  await desk.close();
});

test('the home page greets in Chinese, with no guided tour and no media-library banner', async () => {
  await page.goto(`${desk.base}/admin`);
  await page.getByText('欢迎使用访调管理后台').waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, 'home');
  expect(await page.getByText('Introducing the new Media Library').count()).toBe(0);
  expect(await page.getByRole('dialog').count()).toBe(0);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('STRAPI_GUIDED_TOUR') ?? '{}').enabled)).toBe(false);
});

test('internal collections are not listed in the Content Manager', async () => {
  await page.goto(`${desk.base}${CM}`);
  await page.getByText('工作日历 Work calendar').first().waitFor();
  const text = await page.locator('body').innerText();
  for (const hidden of ['流转记录', '案件类型版本', '定时任务运行', '失信记录流转']) expect(text).not.toContain(hidden);
  for (const shown of ['工作日历', '预警规则', '听证类型', '会议室', '考核目标', '失信情形', '案件类型']) expect(text).toContain(shown);
});

test('an admin adds a holiday and an adjusted working day to the working calendar with the date picker and saves', async () => {
  await page.goto(`${desk.base}${CM}/single-types/plugin::fangtiao.work-calendar`);
  const holidays = page.getByTestId('date-list-holidays');
  await holidays.waitFor();
  await expect(page.getByText('放假日', { exact: true }).count()).resolves.toBeGreaterThan(0);
  for (const [list, day] of [
    [holidays, '2027/10/4'],
    [page.getByTestId('date-list-workdays'), '2027/9/26'],
  ] as const) {
    await list.getByRole('combobox').fill(day);
    await list.getByRole('combobox').press('Tab');
    await list.getByRole('button', { name: '添加日期' }).click();
  }
  await holidays.getByText('2027-10-04（周一）').waitFor();
  await shot(page, 'work-calendar');
  await save();
  const cal = await one('plugin::fangtiao.work-calendar', {});
  expect(cal.holidays).toContain('2027-10-04');
  expect(cal.workdays).toContain('2027-09-26');
  expect(Array.isArray(cal.hours)).toBe(true);
});

test('an admin adds a recipient to a warning rule with the pickers and saves', async () => {
  const rule = await one('plugin::fangtiao.warning-rule', { code: { $notNull: true } });
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.warning-rule/${rule.documentId}`);
  const editor = page.getByTestId('recipients-recipients');
  await editor.waitFor();
  const before = (rule.recipients as unknown[]).length;
  await editor.getByRole('button', { name: '添加接收人' }).click();
  const n = before + 1;
  const row = editor.getByTestId('recipient-row').nth(n - 1);
  for (const [i, option] of [
    [0, '督查'],
    [1, '市'],
  ] as const) {
    await row.getByRole('combobox').nth(i).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }
  await shot(page, 'warning-rule');
  await save();
  const saved = await one('plugin::fangtiao.warning-rule', { documentId: rule.documentId });
  expect(saved.recipients).toHaveLength(n);
  expect(saved.recipients[n - 1]).toEqual({ role: 'supervisor', level: 'city' });
});

test('an admin lets observers take part in a hearing type with the role table and saves', async () => {
  const kind = await one('plugin::fangtiao.hearing-type', { code: 'petition_hearing' });
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.hearing-type/${kind.documentId}`);
  await page.getByTestId('role-counts-roles').waitFor();
  const observer = page.getByTestId('role-row-observer');
  if (!kind.roles.observer) await observer.getByRole('checkbox').click();
  await observer.getByLabel('列席人员最多人数').fill('5');
  await shot(page, 'hearing-type');
  await save();
  const saved = await one('plugin::fangtiao.hearing-type', { documentId: kind.documentId });
  expect(saved.roles.observer).toEqual({ min: kind.roles.observer?.min ?? 0, max: 5 });
  expect(saved.roles.chair).toEqual(kind.roles.chair);
});

test('an admin refuses a hearing type without a chair and sees why', async () => {
  const kind = await one('plugin::fangtiao.hearing-type', { code: 'tripartite_review' });
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.hearing-type/${kind.documentId}`);
  await page.getByTestId('role-counts-roles').waitFor();
  await page.getByTestId('role-row-chair').getByRole('checkbox').click();
  await save(400);
  await page.getByText('须有一名主持人').first().waitFor();
  await shot(page, 'hearing-type-refused');
  expect((await one('plugin::fangtiao.hearing-type', { documentId: kind.documentId })).roles.chair).toEqual(kind.roles.chair);
});

test('an admin creates a room of an organisation', async () => {
  await organisations(strapi);
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.room/create`);
  await page.locator('input[name="name"]').fill('东湖区第二听证室');
  await page.getByRole('combobox', { name: '所属单位' }).click();
  await page.getByRole('option').first().click();
  await page.locator('input[name="capacity"]').fill('30');
  await save(201);
  const room = await strapi.db
    .query('plugin::fangtiao.room' as any)
    .findOne({ where: { name: '东湖区第二听证室' }, populate: ['organisation'] });
  expect(room).toMatchObject({ capacity: 30, organisation: { documentId: expect.any(String) } });
});

test('an admin sets a measure target', async () => {
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.measure-target/create`);
  await page.locator('input[name="value"]').waitFor();
  const measure = (strapi.getModel('plugin::fangtiao.measure-target' as any).attributes as any).measure.enum[0];
  await choose('指标', measure);
  await page.locator('input[name="value"]').fill('95');
  await save(201);
  expect(Number((await one('plugin::fangtiao.measure-target', { measure })).value)).toBe(95);
});

test('an admin adds a credit ground', async () => {
  await page.goto(`${desk.base}${CM}/collection-types/plugin::fangtiao.credit-ground/create`);
  await page.locator('input[name="code"]').fill('e2e-ground');
  await page.locator('input[name="name"]').fill('拒不履行调解协议（测试）');
  await page.locator('textarea[name="legalBasis"]').fill('《中华人民共和国人民调解法》第三十一条');
  await choose('依据文书', 'mediation-agreement');
  await save(201);
  expect(await one('plugin::fangtiao.credit-ground', { code: 'e2e-ground' })).toMatchObject({ basisKind: 'mediation-agreement' });
});

test('an admin creates a case type, then changes its name and deadlines; its version stays read-only', async () => {
  await page.goto(`${desk.base}${CM}/collection-types/api::case-type.case-type/create`);
  await page.getByTestId('form-schema-editor').waitFor({ timeout: 90_000 });
  await page.locator('input[name="name"]').fill('物业纠纷（测试）');
  await page.locator('input[name="code"]').fill('e2e-property');
  await save(201);
  const created = await one('api::case-type.case-type', { code: 'e2e-property' });
  expect(created.version).toBe(1);

  await page.goto(`${desk.base}${CM}/collection-types/api::case-type.case-type/${created.documentId}`);
  await page.locator('input[name="name"]').fill('物业服务纠纷（测试）');
  // The deadlines stay a JSON box: typed as text, stored as the value.
  await page
    .locator(
      `xpath=//label[normalize-space()='期限设置（天）']/ancestor::div[.//div[contains(@class,'cm-content')]][1]//div[contains(@class,'cm-content')]`,
    )
    .click();
  await page.keyboard.press('ControlOrMeta+a');
  // The editor closes brackets itself: this types {"acceptanceDays":10}.
  await page.keyboard.type('{"acceptanceDays":10');
  expect(await page.locator('input[name="version"]').isDisabled()).toBe(true);
  await shot(page, 'case-type');
  await save();
  const changed = await one('api::case-type.case-type', { documentId: created.documentId });
  expect(changed.name).toBe('物业服务纠纷（测试）');
  expect(changed.deadlines).toEqual({ acceptanceDays: 10 });
  expect(changed.version).toBe(1);
});

test('the panel is a production bundle and everything the project adds is translated', async () => {
  expect(devOnly).toEqual([]);
  expect([...missingTranslations].filter((id) => id.startsWith('fangtiao.'))).toEqual([]);
});
