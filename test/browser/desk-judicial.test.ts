/**
 * 司法确认 on the desk's case page, in chromium: the mediator generates the joint application
 * (a PDF download); the clerk records the court's filing and then its ruling. Desktop and phone width.
 */
import type { Core } from '@strapi/strapi';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';

const desk = deskBrowser({ prefix: 'desk-judicial', expectedStatuses: [400, 401, 403, 404, 409] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let base: string;
let clerk: TestUser;
let mediator: TestUser;
let petitionId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  const input = petitionInput(orgs.get('990102002')!);
  input.data.parties.push({ name: '李四', role: 'respondent', address: '新桥村1组', ...CONSENTS } as any);
  petitionId = (await api(strapi, clerk).post('/api/petitions', input)).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (who: TestUser, action: string, i: object = {}) =>
    api(strapi, who).post(`/api/petitions/${petitionId}/transition`, { action, input: i });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
  expect(
    (await move(mediator, 'mediation_success', { agreedTerms: '乙方疏通排水沟', terms: [{ obligor: '乙方', what: '疏通排水沟' }] })).status,
  ).toBe(200);
  expect((await api(strapi, mediator).post(`/api/petitions/${petitionId}/documents/mediation-agreement`)).status).toBe(201);
});

afterAll(() => desk.close());
afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

test('the mediator generates the 司法确认申请书 from the case page and gets the PDF', async () => {
  const { context, page } = await newPage(DESKTOP);
  await login(page, mediator.username);
  await page.goto(`${base}/desk/#/case/${petitionId}`);
  const box = page.locator('[data-section="judicial"]');
  await box.getByText(/申请期限至/).waitFor();
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    box.getByRole('button', { name: '生成司法确认申请书' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/司法确认申请书.*\.pdf$/);
  await shot(page, 'application');
  await context.close();
});

test('the clerk records the filing and then the ruling, at phone width', async () => {
  const { context, page } = await newPage();
  await login(page, clerk.username);
  await page.goto(`${base}/desk/#/case/${petitionId}`);
  const box = page.locator('[data-section="judicial"]');
  await box.getByText('尚未登记法院立案').waitFor();
  await box.getByRole('button', { name: '登记立案' }).click();
  await box.getByLabel('案号').fill('（2026）浙0102民特8号');
  await box.getByRole('button', { name: '保存立案' }).click();
  const after = page.locator('[data-section="judicial"]');
  await after.getByText(/案号（2026）浙0102民特8号/).waitFor();
  await after.getByRole('button', { name: '登记裁定' }).click();
  await after.getByLabel('裁定结果').selectOption('confirmed');
  await after.getByRole('button', { name: '保存裁定' }).click();
  await page
    .locator('[data-section="judicial"]')
    .getByText(/裁定确认调解协议有效/)
    .waitFor();
  await shot(page, 'ruling-phone');
  await context.close();
});
