import type { Core } from '@strapi/strapi';
import ExcelJS from 'exceljs';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary } from '../helpers/pdf';
import { api, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { monthOf } from '../../plugins/fangtiao/server/src/subsidy/rules';

/** 以案定补: rates set by admins; computed when a mediated case concludes; the monthly ledger per committee, JSON and XLSX. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let supervisor: TestUser;
let otherCountyClerk: TestUser;
let mediatorOnly: TestUser;
let contractType: string;
const RATE = 'plugin::fangtiao.subsidy-rate';

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  mediatorOnly = await makeUser(strapi, 'mediator', '990102002', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  contractType = (
    await strapi.documents('api::case-type.case-type').create({ data: { name: '合同纠纷', code: 'contract-subsidy' } as any })
  ).documentId;
  // What an admin sets in the admin panel (Content Manager → 以案定补标准).
  await strapi.documents(RATE as any).create({ data: { complexity: 'ordinary', amount: 200 } as any });
  await strapi.documents(RATE as any).create({ data: { complexity: 'difficult', amount: 300 } as any });
  await strapi.documents(RATE as any).create({ data: { caseType: contractType, complexity: 'difficult', amount: 500.5 } as any });

  const actors = { clerk, mediator, organisation: orgs.get('990102002')! };
  await petitionIn(strapi, 'concluded', actors);
  await petitionIn(strapi, 'concluded', { ...actors, input: { caseType: contractType, isDifficult: true } });
  await petitionIn(strapi, 'concluded', { ...actors, via: 'unit' }); // not mediated: no subsidy
});
afterAll(stopStrapi);

const month = () => monthOf(new Date());

test("each mediated case is booked once at its conclusion, at its case type's rate for its complexity", async () => {
  const res = await api(strapi, clerk).get(`/api/subsidies?month=${month()}`);
  expect(res.status).toBe(200);
  const rows = res.body.data.rows;
  expect(rows.map((r: any) => [r.caseTypeName, r.complexity, r.amount]).sort()).toEqual(
    [
      [null, 'ordinary', 200],
      ['合同纠纷', 'difficult', 500.5],
    ].sort(),
  );
  expect(rows.every((r: any) => r.committeeName === '湖滨镇人民调解委员会' && r.month === month())).toBe(true);
  expect(res.body.data.totals).toMatchObject({
    cases: 2,
    amount: 700.5,
    mediators: [expect.objectContaining({ cases: 2, amount: 700.5 })],
  });
});

test('the ledger is per committee and in jurisdiction: another committee and another county see nothing', async () => {
  const committees = (await api(strapi, clerk).get('/api/committees')).body.data;
  const hubin = committees.find((c: any) => c.name === '湖滨镇人民调解委员会').documentId;
  const other = committees.find((c: any) => c.name !== '湖滨镇人民调解委员会').documentId;
  expect((await api(strapi, supervisor).get(`/api/subsidies?month=${month()}&committee=${hubin}`)).body.data.totals.cases).toBe(2);
  expect((await api(strapi, supervisor).get(`/api/subsidies?month=${month()}&committee=${other}`)).body.data.totals.cases).toBe(0);
  expect((await api(strapi, otherCountyClerk).get(`/api/subsidies?month=${month()}`)).body.data.totals.cases).toBe(0);
  expect((await api(strapi, mediatorOnly).get(`/api/subsidies?month=${month()}`)).status).toBe(403);
});

test('a bad month is a 400 naming the field', async () => {
  const res = await api(strapi, clerk).get('/api/subsidies?month=2026-13');
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors[0].path).toEqual(['month']);
});

test('the supervisor exports the month as XLSX with the cases and the totals; the export is audited', async () => {
  const res = await binary(api(strapi, supervisor).get(`/api/subsidies/export?month=${month()}`));
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toContain(encodeURIComponent(`以案定补台账-${month()}.xlsx`));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body);
  const sheet = book.worksheets[0];
  const values = sheet
    .getSheetValues()
    .filter(Boolean)
    .map((r: any) => r.slice(1));
  expect(values[0]).toEqual(['调解组织', '调解员', '案件编号', '案件类型', '复杂程度', '办结日期（北京时间）', '补贴金额（元）', '备注']);
  expect(values.at(-1)).toEqual(expect.arrayContaining(['合计', '2 件', 700.5]));
  const audit = await strapi.db.query('api::audit-entry.audit-entry').findMany({ where: { action: 'export-subsidy-ledger' } });
  expect(audit).toHaveLength(1);
});
