/**
 * The petitioner's page (/p/) on a phone (360 px wide) in headless Chromium: a one-time code
 * through the log provider, their own concluded case and its agreement, opening it online
 * records the delivery, the return-visit questionnaire in a few taps, and the satisfaction
 * measure moves. Also: no horizontal scrolling, and the JS + CSS the page loads (its budget
 * is 150 KB). Screenshots: test/artifacts/public-*.png.
 */
import type { Core } from '@strapi/strapi';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, CONSENTS, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const NARROW = { width: 360, height: 740 };
const PHONE_NUMBER = '13912345678';
// 401 before login (the page asks for its session), 400 for the wrong code typed on purpose.
const desk = deskBrowser({ prefix: 'public', expectedStatuses: [400, 401] });
const { shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let supervisor: TestUser;
let referenceNo: string;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  const created = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, {
      subject: '邻里排水沟堵塞',
      parties: [
        { name: '王小明', idNumber: idNumber('990102', '19800101', '321'), phone: PHONE_NUMBER, address: '新桥村1组', ...CONSENTS },
        { name: '李四', role: 'respondent', idNumber: idNumber('990102', '19750505', '456'), address: '新桥村1组', ...CONSENTS },
      ],
    }),
  );
  expect(created.status).toBe(201);
  const id = created.body.data.documentId;
  referenceNo = created.body.data.referenceNo;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (who: TestUser, action: string, input: object = {}) =>
    api(strapi, who).post(`/api/petitions/${id}/transition`, { action, input });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
  expect(
    (
      await move(mediator, 'mediation_success', {
        agreedTerms: '李四疏通排水沟',
        terms: [{ obligor: '李四', what: '疏通排水沟', where: '新桥村1组', byWhen: '2026-01-15' }],
        facts: '排水沟堵塞',
        disputes: '疏通责任',
      })
    ).status,
  ).toBe(200);
  expect((await api(strapi, mediator).post(`/api/petitions/${id}/documents/mediation-agreement`)).status).toBe(201);
}, 180_000);
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

test('on a 360 px phone: from the SMS link, code login, own case and its agreement, opened = delivered, three taps of questionnaire, the satisfaction measure moves', async () => {
  const context = await desk.browser.newContext({
    viewport: NARROW,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15000);
  const page = desk.watch(await context.newPage());
  const assets: { url: string; bytes: number }[] = [];
  page.on('response', async (r) => {
    if (/\.(js|css)(\?|$)/.test(r.url())) assets.push({ url: r.url(), bytes: (await r.body()).length });
  });
  const satisfaction = async () =>
    (await api(strapi, supervisor).get('/api/measures?kind=month')).body.data.measures.find((m: any) => m.key === 'satisfactionRate');
  const before = await satisfaction();

  // The link of the return-visit SMS: the case page, which asks for a login first and comes back.
  await page.goto(`${base}/p/#/case/${encodeURIComponent(referenceNo)}`);
  await page.getByLabel('手机号码').fill(PHONE_NUMBER);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  await shot(page, 'login');
  const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: PHONE_NUMBER }).orderBy('id', 'desc').first();
  const code = JSON.parse(row.params).code as string;
  // A wrong code first: the page says so and how many tries are left.
  await page.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('还可尝试4次').waitFor();
  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('button', { name: '登录' }).click();

  await page.locator('#state').waitFor();
  expect(await page.locator('#state').textContent()).toBe('已办结');
  await page.getByText('负责单位：湖滨镇').waitFor();
  await shot(page, 'case');

  const link = page.getByRole('link', { name: '人民调解协议书（PDF）' });
  const href = (await link.getAttribute('href'))!;
  // The PDF opens in a new tab; the request is the delivery.
  const pdf = await page.request.get(`${base}${href}`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const delivery = await strapi.db.connection('fangtiao_document_deliveries').where({ method: 'electronic' }).first();
  expect(delivery).toBeTruthy();
  await page.reload();
  await page.getByText(/已于\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}网上送达/).waitFor();

  await page.getByRole('button', { name: '部分解决' }).click();
  await page.getByRole('button', { name: '基本满意' }).click();
  await page.getByLabel('意见建议（可不填）').fill('沟已疏通，但还有异味');
  await shot(page, 'questionnaire');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.getByText('您已完成评价，感谢！').waitFor();

  const after = await satisfaction();
  expect(after.numerator).toBe(before.numerator + 1);
  expect(after.denominator).toBe(before.denominator + 1);
  const rv = (await strapi.db.query('api::petition.petition').findOne({ where: { referenceNo } })).returnVisit;
  expect(rv).toMatchObject({ resolved: 'partly', result: 'basically_satisfied', comment: '沟已疏通，但还有异味', channel: 'online' });

  await page.getByRole('link', { name: '← 我的事项' }).click();
  await page.getByRole('link', { name: '邻里排水沟堵塞' }).waitFor();

  // No horizontal scrolling at 360 px, large text, and the page weight within its budget.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(18);
  const kb = assets.reduce((s, a) => s + a.bytes, 0) / 1024;
  expect(kb).toBeLessThan(150);
  await shot(page, 'done');
  await context.close();
});
