/**
 * 一案一档 and 履行回访 on the desk's case page, in chromium: a clerk builds the case file and
 * downloads its PDF; the mediator confirms a due term's performance. Desktop and phone width.
 */
import type { Core } from '@strapi/strapi';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';

const desk = deskBrowser({ prefix: 'desk-casework', expectedStatuses: [400, 401, 403, 404, 409] });
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
    (
      await move(mediator, 'mediation_success', {
        agreedTerms: '乙方疏通排水沟',
        terms: [{ obligor: '乙方', what: '疏通排水沟', byWhen: '2026年3月1日前' }],
      })
    ).status,
  ).toBe(200);
  expect((await api(strapi, mediator).post(`/api/petitions/${petitionId}/documents/mediation-agreement`)).status).toBe(201);
  // The daily job, on the due day: the term is asked of the mediator.
  const job = jobDefinitions(strapi).find((d) => d.name === 'performance-follow-up')!;
  await job.run({
    now: new Date('2026-03-01T01:00:00Z'),
    cursor: null,
    count: () => {},
    progress: async () => {},
    saveCursor: async () => {},
  } as any);
});

afterAll(() => desk.close());
afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

test('the clerk builds the case file from the case page and downloads its PDF', async () => {
  const { context, page } = await newPage(DESKTOP);
  await login(page, clerk.username);
  await page.goto(`${base}/desk/#/case/${petitionId}`);
  const card = page.locator('#case-file');
  await card.getByText(/尚未立卷/).waitFor();
  await card.getByRole('button', { name: '生成一案一档' }).click();
  await card.getByText(/已生成第1版/).waitFor({ timeout: 60000 });
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    card.getByRole('button', { name: '下载PDF' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/^990102-\d{4}-\d{6}-一案一档\.pdf$/);
  await shot(page, 'case-file');
  await context.close();
});

test('the mediator confirms the due term was not performed, at phone width', async () => {
  const { context, page } = await newPage();
  await login(page, mediator.username);
  await page.goto(`${base}/desk/#/case/${petitionId}`);
  const card = page.locator('#performance');
  await card.getByText('待回访确认').waitFor();
  await card.getByLabel('回访情况').fill('乙方尚未疏通');
  await card.getByRole('button', { name: '未履行' }).click();
  await card.locator('[data-state="not_performed"]').waitFor();
  await card.getByText('乙方尚未疏通').waitFor();
  await shot(page, 'performance-phone');
  await context.close();
});
