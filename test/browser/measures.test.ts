/**
 * The supervisor's 考核指标 view on the desk, in headless Chromium: log in on the desk, open
 * the measures from the navigation, see the charts, drill into the backlog, export the XLSX.
 * Screenshots go to test/artifacts/measures-*.png.
 */
import type { Core } from '@strapi/strapi';
import ExcelJS from 'exceljs';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';

/** Every console error is a problem here. */
const desk = deskBrowser({ prefix: 'measures' });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let supervisor: TestUser;

beforeAll(async () => {
  const worker = process.env.JEST_WORKER_ID;
  process.env.JEST_WORKER_ID = `measures_${worker ?? '0'}`;
  try {
    strapi = await startStrapi();
  } finally {
    process.env.JEST_WORKER_ID = worker;
  }
  await desk.open(strapi);
  const orgs = await organisations(strapi);
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  // Two petitions: one overdue (a backlog case), one visited at national level.
  for (const [i, subject] of ['逾期未办结事项', '进京来访事项'].entries()) {
    const p = (
      await api(strapi, clerk).post(
        '/api/petitions',
        petitionInput(orgs.get('990102002')!, {
          subject,
          parties: [{ name: '张三', idNumber: idNumber('990102', '19800101', String(200 + i)) }],
        }),
      )
    ).body.data;
    await api(strapi, clerk).post(`/api/petitions/${p.documentId}/transition`, { action: 'accept', input: {} });
    if (i === 0)
      await strapi.db
        .query(UID.petition)
        .update({ where: { documentId: p.documentId }, data: { conclusionDueAt: new Date(Date.now() - 60_000) } });
    else await api(strapi, clerk).post(`/api/petitions/${p.documentId}/visits`, { data: { channel: 'visit', level: 'national' } });
  }
}, 180_000);

afterAll(() => desk.close());

test('a supervisor opens the measures from the desk, sees the charts, drills into the backlog and exports the ledger', async () => {
  const { context, page } = await newPage(DESKTOP);
  await login(page, supervisor.username);
  await page.getByRole('link', { name: '考核指标' }).click();
  await page.getByRole('heading', { name: '指标一览' }).waitFor();
  await page.locator('#m-table tr', { hasText: '信访积案数' }).waitFor();
  expect(await page.locator('#m-table tr', { hasText: '信访积案数' }).locator('td').nth(1).textContent()).toBe('1');
  expect(await page.locator('#m-table tr', { hasText: '进京访批次' }).locator('td').nth(1).textContent()).toBe('1');
  // Both charts are drawn (Chart.js attaches itself to the canvases).
  expect(await page.evaluate(() => ['m-rates', 'm-counts'].every((id) => !!(window as any).Chart.getChart(id)))).toBe(true);
  await shot(page, 'dashboard');

  await page.locator('#m-table tr', { hasText: '信访积案数' }).getByRole('button', { name: '台账' }).click();
  await page.locator('#m-rows tr', { hasText: '逾期未办结事项' }).waitFor();
  expect(await page.locator('#m-rows tr').count()).toBe(2); // header + the one backlog case
  await shot(page, 'drilldown');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出台账 XLSX' }).click()]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  expect(wb.getWorksheet('指标')!.getRow(2).getCell(2).value).toBe(1);
  expect(wb.getWorksheet('信访积案数')!.getRow(2).getCell(2).value).toBe('逾期未办结事项');

  // After the nightly job (考核指标月度汇总): the same figures, and the page says up to when the months were counted.
  expect(await page.locator('#m-scope').textContent()).not.toContain('月度汇总');
  await strapi.plugin('fangtiao').service('measures').refreshAggregates(new Date());
  await page.reload();
  await page.locator('#m-table tr', { hasText: '信访积案数' }).waitFor();
  expect(await page.locator('#m-scope').textContent()).toMatch(/月度汇总截至 \d{4}-\d{2}-\d{2} 00:00，其后实时/);
  expect(await page.locator('#m-table tr', { hasText: '信访积案数' }).locator('td').nth(1).textContent()).toBe('1');
  expect(await page.locator('#m-table tr', { hasText: '进京访批次' }).locator('td').nth(1).textContent()).toBe('1');
  await shot(page, 'dashboard-aggregates');
  await context.close();
  expect(problems).toEqual([]);
}, 120_000);
