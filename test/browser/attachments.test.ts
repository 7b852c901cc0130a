/**
 * Attachments in headless Chromium: the mediator attaches a photo to a form field of the case
 * type and a PDF to a mediation session on the desk, sees the thumbnail, previews and downloads;
 * the clerk uploads the signed scan of an issued agreement from the document list (the phone's
 * camera offered); the person adds evidence on their page (/p/) at 360 px.
 * Screenshots: test/artifacts/attachments-*.png.
 */
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { adminSession, api, CM_CASE_TYPES, idNumber, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

const NARROW = { width: 360, height: 740 };
const PHONE_NUMBER = '13912345688';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const desk = deskBrowser({ prefix: 'attachments', expectedStatuses: [401] });
const { shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let clerk: TestUser;
let mediator: TestUser;
let inMediation: { id: string; referenceNo: string };
let concluded: string;
let png: Buffer;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a6f97' } })
    .png()
    .toBuffer();
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, {
    name: '宅基地纠纷',
    code: 'homestead-photos',
    formSchema: { fields: [{ key: 'sitePhotos', label: '现场照片', type: 'attachment' }] },
  });
  expect(type.status).toBe(201);
  const consent = { mediationConsent: true, consentWay: 'written' };
  const parties = [
    { name: '王小红', idNumber: idNumber('990102', '19800101', '352'), phone: PHONE_NUMBER, address: '新桥村2组', ...consent },
    { name: '李四', role: 'respondent', address: '新桥村1组', ...consent },
  ];
  const organisation = orgs.get('990102002')!;
  const a = await petitionIn(strapi, 'in_mediation', {
    clerk,
    mediator,
    organisation,
    input: { caseType: type.body.data.documentId, parties, subject: '宅基地界址纠纷' },
  });
  inMediation = { id: a.id, referenceNo: a.petition.referenceNo };
  const s = await api(strapi, mediator).post(`/api/petitions/${a.id}/sessions`, {
    data: { heldAt: '2026-11-02T02:00:00Z', place: '村委会', participants: '王小红、李四', summary: '现场勘验' },
  });
  expect(s.status).toBe(201);
  const b = await petitionIn(strapi, 'concluded', { clerk, mediator, organisation, input: { parties } });
  concluded = b.id;
  expect((await api(strapi, clerk).post(`/api/petitions/${concluded}/documents/mediation-agreement`)).status).toBe(201);
}, 180_000);
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

async function deskPage(user: TestUser, petition: string) {
  const context = await desk.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15000);
  const page = desk.watch(await context.newPage());
  // Init scripts run in every frame: the PDF preview's frame has no storage.
  await page.addInitScript((jwt) => window.sessionStorage?.setItem('fangtiao.desk.jwt', jwt), user.jwt);
  await page.goto(`${base}/desk/#/case/${petition}`);
  await page.locator('#attachments').waitFor();
  return { context, page };
}

test('the mediator attaches a photo to a form field and a PDF to a session: thumbnail, preview and download', async () => {
  const { context, page } = await deskPage(mediator, inMediation.id);
  await page.locator('[data-action="edit-form"]').click();
  await page.getByLabel('添加文件').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: png });
  await page.locator('.att-field .att-tile img').waitFor();
  await page.getByRole('button', { name: '保存表单' }).click();
  await page.getByText('表单已保存').waitFor();
  // The saved form shows the field's file with its thumbnail, and so does the case's card.
  await page.locator('.generated-form, .kv').locator('.att-tile', { hasText: '现场.png' }).locator('img').first().waitFor();
  const card = page.locator('#attachments');
  await card.getByRole('heading', { name: '表单：现场照片' }).waitFor();

  await card.getByLabel('附加到').selectOption({ label: '调解记录 2026年11月2日 10:00 村委会' });
  await card.getByLabel('选择文件或拍照').setInputFiles({ name: '勘验笔录.pdf', mimeType: 'application/pdf', buffer: PDF });
  const tile = card.locator('.att-tile', { hasText: '勘验笔录.pdf' });
  await tile.waitFor();
  await card.getByRole('heading', { name: /^调解记录/ }).waitFor();
  await tile.getByRole('button', { name: '预览' }).click();
  await tile.locator('iframe.att-frame').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), tile.getByRole('button', { name: '下载' }).click()]);
  expect(download.suggestedFilename()).toBe('勘验笔录.pdf');
  await shot(page, 'desk');
  const audits = await strapi.db.query('api::audit-entry.audit-entry').count({ where: { action: 'download-attachment' } });
  expect(audits).toBeGreaterThanOrEqual(1);
  await context.close();
});

test('a .exe renamed .pdf is refused on the desk with the reason under the picker', async () => {
  const { context, page } = await deskPage(mediator, inMediation.id);
  const card = page.locator('#attachments');
  await card.getByLabel('选择文件或拍照').setInputFiles({
    name: '证据.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a pdf', 'latin1'),
  });
  await card.getByText('文件“证据.pdf”不是PDF、JPG、PNG或WebP文件').waitFor();
  problems.splice(0); // the 400 is the point of this test
  await context.close();
});

test('the clerk uploads the signed scan of the issued agreement from the document list, with the phone camera offered', async () => {
  const { context, page } = await deskPage(clerk, concluded);
  const input = page.getByLabel('上传第1版调解协议书签署件');
  expect(await input.getAttribute('capture')).toBe('environment');
  await input.setInputFiles({ name: '签署件.jpg', mimeType: 'image/jpeg', buffer: await sharp(png).jpeg().toBuffer() });
  await page.getByText('已上传第1版调解协议书签署件').waitFor();
  await page.getByRole('button', { name: '查看第1版签署件' }).waitFor();
  await shot(page, 'signed-scan');
  await context.close();
});

test('on a 360 px phone the person adds evidence to their case and sees it listed', async () => {
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
  await page.goto(`${base}/p/#/case/${encodeURIComponent(inMediation.referenceNo)}`);
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
  await page.getByText('您尚未提交证据材料').waitFor();
  await page.getByLabel(/补充证据材料/).setInputFiles([
    { name: '界址照片.png', mimeType: 'image/png', buffer: png },
    { name: '证明.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await page.getByRole('button', { name: '上传' }).click();
  await page.getByText('已上传2个文件').waitFor();
  await page.locator('#evidence-list').getByText('界址照片.png').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
  await shot(page, 'p-evidence');
  await context.close();
  const onDesk = await api(strapi, clerk).get(`/api/petitions/${inMediation.id}/attachments`);
  // Both files of the one upload (in the order the multipart parser hands them over).
  expect(
    onDesk.body.data
      .filter((a: any) => a.source === 'public')
      .map((a: any) => a.name)
      .sort(),
  ).toEqual(['界址照片.png', '证明.pdf'].sort());
});
