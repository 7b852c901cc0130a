/**
 * The desk screens of issue #16 for two finished server features: the 以案定补 ledger (#/subsidies,
 * with its XLSX) and the 一案一档 batch export (from the case list and from the ledger), at desktop
 * and phone width (390 px). Screenshots in test/artifacts/desk-subsidies-*.png.
 */
import fs from 'fs';
import ExcelJS from 'exceljs';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { deskBrowser, DESKTOP, PHONE_390 } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { zipEntries } from '../helpers/pdf';
import { monthOf } from '../../plugins/fangtiao/server/src/subsidy/rules';

const desk = deskBrowser({ prefix: 'desk-subsidies' });
const { newPage, login, shot, problems } = desk;
const RATE = 'plugin::fangtiao.subsidy-rate' as any;

let strapi: Core.Strapi;
let clerk: TestUser, supervisor: TestUser, mediator: TestUser;
/** The reference numbers of the two mediated cases concluded this month (the ledger's rows). */
let refs: string[];
const month = () => monthOf(new Date());

beforeAll(async () => {
  strapi = await startStrapi();
  await desk.open(strapi);
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  // What an admin sets (Content Manager → 以案定补标准): 一般 200 元, 疑难复杂 350.5 元.
  await strapi.documents(RATE).create({ data: { complexity: 'ordinary', amount: 200 } });
  await strapi.documents(RATE).create({ data: { complexity: 'difficult', amount: 350.5 } });
  const actors = { clerk, mediator, organisation: orgs.get('990102002')! };
  const a = await petitionIn(strapi, 'concluded', { ...actors, input: { subject: '以案定补：邻里排水纠纷' } });
  const b = await petitionIn(strapi, 'concluded', { ...actors, input: { subject: '以案定补：土地承包纠纷', isDifficult: true } });
  refs = [a.petition.referenceNo, b.petition.referenceNo];
});
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const fileOf = async (download: { path(): Promise<string | null> }) => fs.readFileSync((await download.path())!);

describe('以案定补台账', () => {
  it('a clerk opens the month’s ledger from the navigation, sees each case and the totals, downloads the XLSX and opens a case (desktop)', async () => {
    const { context, page } = await newPage(DESKTOP);
    await login(page, clerk.username);
    await nav(page, '以案定补');
    const table = page.locator('table.sb-table');
    await table.waitFor();
    await expect(page.locator('#sb-month').inputValue()).resolves.toBe(month());
    await expect(table.locator('tbody tr').count()).resolves.toBe(2);
    for (const ref of refs) await table.getByText(ref).waitFor();
    await expect(table.locator('tbody').textContent()).resolves.toContain('疑难复杂');
    await expect(table.locator('tr.sb-total').textContent()).resolves.toBe('合计 2 件¥550.50');
    await expect(table.locator('tr.sb-subtotal').textContent()).resolves.toContain('小计 2 件');
    await expect(page.locator('#sb-tiles').textContent()).resolves.toContain('¥550.50');
    await shot(page, 'ledger-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe(`以案定补台账-${month()}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await fileOf(download));
    const rows = book.worksheets[0]
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows.at(-1)).toEqual(expect.arrayContaining(['合计', '2 件', 550.5]));
    // Each case number opens the case.
    await table.getByRole('link', { name: refs[0] }).click();
    await page.getByRole('heading', { name: '以案定补：邻里排水纠纷' }).waitFor();
    await context.close();
  });

  it('a supervisor at phone width picks another committee and month and sees an empty ledger, then its own committee’s', async () => {
    const { context, page } = await newPage(PHONE_390);
    await login(page, supervisor.username);
    await page.goto(`${desk.base}/desk#/subsidies`);
    await page.locator('table.sb-table').waitFor();
    await shot(page, 'ledger-phone');
    // Nothing wider than the screen: the rows are cards, the totals one line each.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    const picker = page.getByLabel('调解组织');
    await expect(picker.locator('option', { hasText: '湖滨镇人民调解委员会' }).count()).resolves.toBe(1);
    const other = await picker
      .locator('option')
      .evaluateAll((os: HTMLOptionElement[]) => os.find((o) => o.value && o.text !== '湖滨镇人民调解委员会')!.value);
    await picker.selectOption(other);
    await page.getByRole('button', { name: '查看' }).click();
    await page.locator('#sb-empty').waitFor();
    await expect(page.getByRole('button', { name: '批量导出一案一档' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('调解组织').selectOption({ label: '湖滨镇人民调解委员会' });
    await page.getByLabel('月份').fill('2020-01');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByText('2020-01 没有办结的调解案件').waitFor();
    expect(page.url()).toMatch(/#\/subsidies\?month=2020-01&committee=/);
    await context.close();
  });

  it('a mediator has no 以案定补 tab, and the address sends them to their cases', async () => {
    const { context, page } = await newPage(PHONE_390);
    await login(page, mediator.username);
    await expect(page.getByRole('navigation').getByRole('link', { name: '以案定补' }).count()).resolves.toBe(0);
    await page.goto(`${desk.base}/desk#/subsidies`);
    await page.waitForURL(/#\/cases$/);
    await expect(page.locator('.sb-table').count()).resolves.toBe(0);
    await context.close();
  });
});

describe('一案一档 batch export', () => {
  it('a clerk exports the month’s case files from the ledger, sees the progress case by case, and gets one PDF per case (desktop)', async () => {
    const { context, page } = await newPage(DESKTOP);
    await login(page, clerk.username);
    await page.goto(`${desk.base}/desk#/subsidies?month=${month()}`);
    await page.locator('table.sb-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '批量导出一案一档' }).click()]);
    expect(download.suggestedFilename()).toBe('一案一档批量导出.zip');
    await expect(page.locator('.export-progress-text').textContent()).resolves.toBe('已生成 2 / 2 件案件的一案一档');
    await shot(page, 'ledger-case-files');
    expect(zipEntries(await fileOf(download)).sort()).toEqual(refs.map((r) => `${r}-一案一档.pdf`).sort());
    await page.getByText('已导出 一案一档批量导出.zip（2 件案件的一案一档）').waitFor();
    await context.close();
  });

  it('a clerk at phone width exports the case files of the case list’s filter', async () => {
    const { context, page } = await newPage(PHONE_390);
    await login(page, clerk.username);
    await page.getByRole('searchbox').fill('土地承包');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.list-count').getByText('共 1 件').waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '批量导出一案一档' }).click()]);
    await expect(page.locator('.export-progress-text').textContent()).resolves.toBe('已生成 1 / 1 件案件的一案一档');
    await shot(page, 'cases-case-files-phone');
    expect(zipEntries(await fileOf(download))).toEqual([`${refs[1]}-一案一档.pdf`]);
    await context.close();
  });
});
