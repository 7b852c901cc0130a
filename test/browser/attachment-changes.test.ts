/**
 * Attachments on the record, in headless Chromium: the clerk registers a case whose type requires
 * a 附件 field with the file chosen on the register page (sent with the registration); the case's
 * mediator withdraws a file with a reason asked in place, replaces another (第2版) and marks the
 * person's own material, which offers no withdrawal.
 * Screenshots: test/artifacts/attachment-changes-*.png.
 */
import type { Core } from '@strapi/strapi';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { adminSession, api, CM_CASE_TYPES, idNumber, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const desk = deskBrowser({ prefix: 'attachment-changes', expectedStatuses: [400] });
const { shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let petition: string;
let png: Buffer;

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2a6f97' } })
    .png()
    .toBuffer();
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, {
    name: '借贷纠纷',
    code: 'loan-contract',
    formSchema: { fields: [{ key: 'contract', label: '借条', type: 'attachment', required: true }] },
  });
  expect(type.status).toBe(201);
  const open = await admin.post(CM_CASE_TYPES, { name: '相邻纠纷', code: 'neighbour-files', formSchema: { fields: [] } });
  const parties = [
    {
      name: '王小红',
      idNumber: idNumber('990102', '19800101', '452'),
      phone: '13912345677',
      mediationConsent: true,
      consentWay: 'written',
    },
  ];
  petition = (
    await petitionIn(strapi, 'in_mediation', {
      clerk,
      mediator,
      organisation: orgs.get('990102002')!,
      input: { caseType: open.body.data.documentId, parties },
    })
  ).id;
  const up = await (await import('supertest'))
    .default(strapi.server.httpServer)
    .post('/api/attachments')
    .set('Authorization', `Bearer ${mediator.jwt}`)
    .field('ownerKind', 'petition')
    .field('owner', petition)
    .attach('files', PDF, { filename: '误传的笔录.pdf', contentType: 'application/pdf' })
    .attach('files', png, { filename: '现场.png', contentType: 'image/png' });
  expect(up.status).toBe(201);
  // What the person sent from /p/ (the upload path of the petitioner's page).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ft-attc-')), '收据.pdf');
  fs.writeFileSync(file, PDF);
  await strapi
    .plugin('fangtiao')
    .service('attachment')
    .upload('petition', petition, null, [{ filepath: file, originalFilename: '收据.pdf', size: PDF.length }], {
      publicActor: '手机139****5677',
    });
}, 180_000);
afterAll(() => desk.close());
afterEach(() => expect(problems.splice(0)).toEqual([]));

async function pageAs(user: TestUser, hash: string, width = 1280) {
  const context = await desk.browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15000);
  const page = desk.watch(await context.newPage());
  await page.addInitScript((jwt) => window.sessionStorage?.setItem('fangtiao.desk.jwt', jwt), user.jwt);
  await page.goto(`${base}/desk/#${hash}`);
  return { context, page };
}

test('the clerk registers a case whose type requires 借条: refused without the file, registered with it in the same request', async () => {
  const { context, page } = await pageAs(clerk, '/register');
  await page.getByRole('heading', { name: '登记信访事项' }).waitFor();
  await page.getByLabel('信访渠道').selectOption('letter');
  await page.getByLabel('事项摘要').fill('民间借贷到期未还');
  await page.getByLabel('责任单位').selectOption(orgs.get('990102002')!);
  await page.getByLabel('案件类型').selectOption({ label: '借贷纠纷' });
  const party = page.locator('.party').first();
  await party.getByLabel('姓名').fill('张借');
  await party.getByLabel('身份证号码').fill(idNumber('990102', '19800101', '462'));
  await party.getByLabel('联系电话').fill('13800138462');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await page.locator('.summary').getByText(/借条/).waitFor(); // required: the page says so before sending
  await page
    .getByLabel('借条：选择文件')
    .setInputFiles({ name: '借条.jpg', mimeType: 'image/jpeg', buffer: await sharp(png).jpeg().toBuffer() });
  await page.locator('.att-field').getByText('借条.jpg').waitFor();
  await shot(page, 'register');
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await page.getByText(/已登记信访事项 .+：民间借贷到期未还/).waitFor();
  await context.close();
  const found = (await api(strapi, clerk).get(`/api/petitions?filters[subject][$eq]=${encodeURIComponent('民间借贷到期未还')}`)).body
    .data[0];
  const form = (await api(strapi, clerk).get(`/api/petitions/${found.documentId}/form`)).body.data.data;
  const files = (await api(strapi, clerk).get(`/api/attachments?ownerKind=form-field&owner=${found.documentId}&field=contract`)).body.data;
  expect(files.map((f: any) => f.name)).toEqual(['借条.jpg']);
  expect(form.contract).toEqual([files[0].documentId]);
});

const WHAT = {
  desktop:
    'the mediator withdraws a wrong file with a reason (asked first), replaces a photo with a clearer one (第2版, both in its versions) and marks what the person sent',
  phone: 'at 390 px the tile still offers 撤回 and 替换 within the width, and the withdrawn file stays gone',
};
for (const [label, width] of [
  ['desktop', 1280],
  ['phone', 390],
] as const) {
  test(`${label}: ${WHAT[label]}`, async () => {
    const { context, page } = await pageAs(mediator, `/case/${petition}`, width);
    const card = page.locator('#attachments');
    const wrong = card.locator('.att-tile', { hasText: width === 1280 ? '误传的笔录.pdf' : '第2版' });
    if (width === 1280) {
      await wrong.getByRole('button', { name: '撤回' }).click();
      await wrong.getByRole('button', { name: '确认撤回' }).click();
      await wrong.getByText('请填写撤回原因').waitFor();
      await wrong.getByLabel('撤回“误传的笔录.pdf”的原因').fill('上传错了案件');
      await shot(page, 'withdraw');
      await wrong.getByRole('button', { name: '确认撤回' }).click();
      await card.locator('.att-tile', { hasText: '误传的笔录.pdf' }).waitFor({ state: 'detached' });
      const photo = card.locator('.att-tile', { hasText: '现场.png' });
      await photo
        .getByLabel('替换“现场.png”（上传新版本）')
        .setInputFiles({ name: '现场（清晰）.png', mimeType: 'image/png', buffer: png });
      const newer = card.locator('.att-tile', { hasText: '现场（清晰）.png' });
      await newer.getByText(/第2版/).waitFor();
      await newer.getByRole('button', { name: '版本', exact: true }).click();
      await newer.locator('.att-versions li').nth(1).waitFor();
      await expect(newer.locator('.att-versions').textContent()).resolves.toMatch(
        /第1版 · 现场\.png · .*已替换.*第2版 · 现场（清晰）\.png · .*现行/,
      );
      // The person's own material: no 撤回 or 替换, only 标注 (with its note).
      const sent = card.locator('.att-tile', { hasText: '收据.pdf' });
      await expect(sent.getByRole('button', { name: '撤回', exact: true }).count()).resolves.toBe(0);
      await sent.getByRole('button', { name: '标注', exact: true }).click();
      await sent.getByLabel('标注“收据.pdf”').fill('与本案无关，仅作留存');
      await sent.getByRole('button', { name: '保存标注' }).click();
      await card.locator('.att-tile', { hasText: '收据.pdf' }).getByText('标注：与本案无关，仅作留存').waitFor();
      await expect(card.locator('.att-tile').count()).resolves.toBe(2);
    } else {
      await wrong.getByRole('button', { name: '撤回' }).waitFor();
      await wrong.getByText('替换').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expect(card.getByText('误传的笔录.pdf').count()).resolves.toBe(0);
    }
    await shot(page, `after-${label}`);
    await context.close();
  });
}

test('the clerk of another case (not handling it) sees no withdraw button', async () => {
  const other = await makeUser(strapi, 'clerk', '990102', orgs);
  const { context, page } = await pageAs(other, `/case/${petition}`);
  await page.locator('#attachments .att-tile').first().waitFor();
  await expect(page.locator('#attachments').getByRole('button', { name: '撤回' }).count()).resolves.toBe(0);
  await context.close();
});
