/**
 * 查找案件 on the desk in a real browser: one search box that tells what it holds (a name, an
 * ID number, a phone number, a reference number), one list with what each case matched; a
 * supervisor, who reads personal data masked, is told that numbers cannot be searched.
 */
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { deskBrowser, DESKTOP, PHONE } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const desk = deskBrowser({ prefix: 'desk-search', expectedStatuses: [400] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let base: string;
let clerk: TestUser;
let supervisor: TestUser;
let otherCounty: TestUser;
let mine: any;
const ID = idNumber('990102', '19700315', '456');

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  otherCounty = await makeUser(strapi, 'clerk', '990103', orgs);
  const reg = async (who: TestUser, org: string, over: object) =>
    (await api(strapi, who).post('/api/petitions', petitionInput(orgs.get(org)!, over))).body.data;
  mine = await reg(clerk, '990102002', { subject: '宅基地边界纠纷', parties: [{ name: '王小明', idNumber: ID, phone: '13912345678' }] });
  await reg(otherCounty, '990103', { subject: '林地承包纠纷', parties: [{ name: '王小红' }] });
});
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

async function searchFor(page: Page, text: string) {
  await page.locator('#search-q').fill(text);
  await page.getByRole('button', { name: '查找', exact: true }).click();
}

test('a clerk finds a case by the start of a name and by the whole ID number, each row saying what it matched (desktop)', async () => {
  const { context, page } = await newPage(DESKTOP);
  await login(page, clerk.username);
  await page.getByRole('navigation').getByRole('link', { name: '查找' }).click();
  await page.locator('#search-q').fill('王小');
  await expect(page.locator('#search-hint').textContent()).resolves.toBe('按姓名或事项查找');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  const hit = page.locator('.search-hit');
  await hit.first().waitFor();
  await expect(hit.count()).resolves.toBe(1); // 王小红 is another county's
  await expect(hit.textContent()).resolves.toContain('匹配 姓名（名称）：王小明');
  await expect(hit.textContent()).resolves.toContain(mine.referenceNo);
  await shot(page, 'name');

  await page.locator('#search-q').fill(ID);
  await expect(page.locator('#search-hint').textContent()).resolves.toBe('按身份证号码查找');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.getByText('匹配 身份证号码：王小明').waitFor();
  await expect(page.locator('.search-hit').textContent()).resolves.toContain(ID); // the registering clerk handles it
  await page.locator('.search-hit a').click();
  await page.getByRole('heading', { name: '宅基地边界纠纷' }).waitFor();
  await context.close();
});

test('a supervisor at phone width searches by name and sees numbers masked; a number is refused with the reason', async () => {
  const { context, page } = await newPage(PHONE);
  await login(page, supervisor.username);
  await page.goto(`${base}/desk#/search`);
  await page.locator('#search-q').fill('13912345678');
  await expect(page.locator('#search-hint').textContent()).resolves.toContain('您只能按姓名或编号查找');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator('.search-results .banner-error', { hasText: '不能按号码查找' }).waitFor();
  await searchFor(page, '王小');
  await page.locator('.search-hit').first().waitFor();
  await expect(page.locator('.search-hit').count()).resolves.toBe(2); // the city sees both counties
  const row = page.locator('.search-hit', { hasText: mine.referenceNo });
  await expect(row.textContent()).resolves.toContain('139****5678');
  await expect(row.textContent()).resolves.not.toContain(ID);
  await shot(page, 'supervisor-phone');
  await context.close();
});
