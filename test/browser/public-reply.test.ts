/**
 * On a 360 px phone in headless Chromium: the office asks the person for more information
 * (补充材料), the person logs in with the code from the log provider, reads the request, replies
 * with text and a photo, and the desk reads the reply; then the person requests review (复查) of
 * the concluded case. No horizontal scrolling. Screenshots: test/artifacts/public-reply-*.png.
 */
import type { Core } from '@strapi/strapi';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const NARROW = { width: 360, height: 740 };
const PHONE_NUMBER = '13912345679';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
// 401 before the person logs in; 400 for the desk's empty request sent on purpose.
const desk = deskBrowser({ prefix: 'public-reply', expectedStatuses: [400, 401] });
const { shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let clerk: TestUser;
let documentId: string;
let referenceNo: string;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const created = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, {
      subject: '宅基地界址纠纷',
      parties: [{ name: '王小红', idNumber: idNumber('990102', '19800101', '322'), phone: PHONE_NUMBER, address: '新桥村2组' }],
    }),
  );
  expect(created.status).toBe(201);
  documentId = created.body.data.documentId;
  referenceNo = created.body.data.referenceNo;
  const move = (action: string, input: object = {}) =>
    api(strapi, clerk).post(`/api/petitions/${documentId}/transition`, { action, input });
  expect((await move('accept')).status).toBe(200);
  expect((await move('assign_unit', { unit: orgs.get('990102002') })).status).toBe(200);
  expect((await move('conclude', { conclusion: '已现场核实界址' })).status).toBe(200);
}, 180_000);
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

/** The clerk's desk on a laptop, signed in with the clerk's token. */
async function deskPage() {
  const context = await desk.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15000);
  const page = desk.watch(await context.newPage());
  await page.addInitScript((jwt) => sessionStorage.setItem('fangtiao.desk.jwt', jwt), clerk.jwt);
  await page.goto(`${base}/desk/#/case/${documentId}`);
  await page.locator('#info-requests').waitFor();
  return { context, page };
}

test('the clerk asks from the desk case page: a message and a reply-by date, and the petitioner gets the SMS', async () => {
  const { context, page } = await deskPage();
  await page.getByRole('button', { name: '要求补充材料' }).click();
  await page.getByRole('button', { name: '发送' }).click();
  await page.getByText('请写明需要当事人补充的材料或信息').waitFor();
  await page.getByLabel('需要补充的材料或信息').fill('请补充宅基地使用证照片');
  await page.getByLabel('答复期限').fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: '发送' }).click();
  await page.getByText('已发送，并已短信通知信访人').waitFor();
  await page.locator('#info-requests').getByText('等待当事人答复').waitFor();
  await shot(page, 'desk-asked');
  const sms = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: PHONE_NUMBER, template: 'info-request' }).first();
  expect(JSON.parse(sms.params)).toMatchObject({ referenceNo });
  await context.close();
});

test('on a 360 px phone the person reads the request, replies with text and a photo, the desk sees it, and they request review', async () => {
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

  await page.goto(`${base}/p/#/case/${encodeURIComponent(referenceNo)}`);
  await page.getByLabel('手机号码').fill(PHONE_NUMBER);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  const row = await strapi.db
    .connection('fangtiao_sms_log')
    .where({ to_phone: PHONE_NUMBER, template: 'otp' })
    .orderBy('id', 'desc')
    .first();
  await page.getByLabel('短信验证码').fill(JSON.parse(row.params).code);
  await page.getByRole('button', { name: '登录' }).click();

  await page.getByText('请补充宅基地使用证照片').waitFor();
  await page.getByLabel('您的答复').fill('已拍照，见附件');
  await page.getByLabel(/附件/).setInputFiles({ name: '使用证.png', mimeType: 'image/png', buffer: PNG });
  await shot(page, 'form');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
  await page.getByRole('button', { name: '提交答复' }).click();
  await page.getByText(/您已于.+答复：已拍照，见附件（附件：使用证\.png）/).waitFor();
  await shot(page, 'replied');

  const onDesk = await deskPage();
  await onDesk.page.locator('#info-requests').getByText('已拍照，见附件').waitFor();
  await onDesk.page.getByRole('button', { name: '附件：使用证.png' }).waitFor();
  await shot(onDesk.page, 'desk-replied');
  await onDesk.context.close();

  // Two taps: the first asks to confirm on the button itself (no dialog), the second sends.
  await page.getByRole('button', { name: '申请复查' }).click();
  await page.getByRole('button', { name: '确认申请复查' }).click();
  await page.locator('#state', { hasText: '已申请复查' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
  await shot(page, 'review');
  await context.close();

  // The desk's timeline says the request came from the person online.
  const after = await deskPage();
  await after.page.locator('.col-side').getByText('信访人网上申请').waitFor();
  await after.context.close();
});
