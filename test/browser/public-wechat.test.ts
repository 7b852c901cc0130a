/**
 * The petitioner's page (/p/) as WeChat's in-app browser on a low-end phone opens it: 360×640,
 * WeChat's user agent, and without the APIs such webviews lack or suppress (`<dialog>`,
 * `showPicker`, `alert`/`confirm`/`prompt`, the clipboard, newer built-ins) — any use of them
 * is a page error and fails the test. On every screen (login by phone and by e-mail, the list,
 * a case with a request for information, review and questionnaire, the online form and its
 * receipt): no horizontal scrolling, no text under 16 px, every tap target at least 44 px.
 * The e-mail way is walked end to end (the code read from a local SMTP server). p.js is
 * checked to be ES5 (esbuild refuses newer syntax it cannot lower). Screenshots:
 * test/artifacts/wechat-*.png.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { transformSync } from 'esbuild';
import { deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { decoded, startMailbox } from '../helpers/mailbox';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const LOW_END = { width: 360, height: 640 };
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 10; V1914A Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4313 MMWEBSDK/20220805 Mobile Safari/537.36 MMWEBID/6170 MicroMessenger/8.0.27.2220(0x28001B3B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const PHONE_NUMBER = '13912348888';
const EMAIL = 'wang.xm@example.cn';

/** What a WeChat webview may lack or suppress: removed, or made to throw (a page error). */
function withoutMissingApis() {
  const blocked = (name: string) => () => {
    throw new Error(`${name} is not available in WeChat's webview`);
  };
  const w = window as any;
  for (const name of ['alert', 'confirm', 'prompt']) w[name] = blocked(name);
  delete w.HTMLDialogElement;
  delete w.structuredClone;
  delete w.requestIdleCallback;
  delete (HTMLInputElement.prototype as any).showPicker;
  delete (Array.prototype as any).at;
  delete (Object as any).hasOwn;
  delete (String.prototype as any).replaceAll;
  Object.defineProperty(navigator, 'clipboard', { value: undefined });
  Object.defineProperty(navigator, 'share', { value: undefined });
}

const desk = deskBrowser({ prefix: 'wechat', expectedStatuses: [401] });
const { shot, problems } = desk;
let strapi: Core.Strapi;
let base: string;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let referenceNo: string;

beforeAll(async () => {
  mailbox = await startMailbox();
  strapi = await startStrapi();
  base = await desk.open(strapi);
  const orgs = await organisations(strapi);
  const clerk: TestUser = await makeUser(strapi, 'clerk', '990102', orgs);
  const created = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, {
      subject: '邻里排水沟堵塞，雨天积水进屋',
      parties: [{ name: '王小明', phone: PHONE_NUMBER, address: '新桥村1组' }],
    }),
  );
  expect(created.status).toBe(201);
  referenceNo = created.body.data.referenceNo;
  const id = created.body.data.documentId;
  const move = (action: string, input: object = {}) => api(strapi, clerk).post(`/api/petitions/${id}/transition`, { action, input });
  expect((await move('accept')).status).toBe(200);
  expect((await move('assign_unit', { unit: orgs.get('990102002') })).status).toBe(200);
  expect((await move('conclude', { conclusion: '已协调疏通' })).status).toBe(200);
  const replyBy = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  expect(
    (await api(strapi, clerk).post(`/api/petitions/${id}/info-requests`, { data: { message: '请补充积水照片', replyBy } })).status,
  ).toBe(201);
  const form = {
    fields: [
      { key: 'disputeDate', label: '纠纷发生日期', type: 'date', required: true },
      { key: 'kind', label: '纠纷种类', type: 'select', required: true, options: [{ value: 'drain', label: '排水' }] },
    ],
  };
  await strapi.documents('api::case-type.case-type').create({
    data: {
      name: '邻里纠纷',
      code: 'neighbour-wechat',
      formSchema: form,
      onlineIntake: true,
      publicFields: ['disputeDate', 'kind'],
    } as any,
  });
}, 180_000);
afterAll(async () => {
  await desk.close();
  await mailbox.stop();
});
afterEach(() => expect(problems.splice(0)).toEqual([]));

/** The low-end phone checks on the screen as it is now, then its screenshot. */
async function checkScreen(page: Page, name: string) {
  const m = await page.evaluate(() => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const small: string[] = [];
    document.querySelectorAll('body *').forEach((el) => {
      const own = Array.prototype.some.call(el.childNodes, (n: Node) => n.nodeType === 3 && n.textContent!.trim());
      if (own && visible(el) && parseFloat(getComputedStyle(el).fontSize) < 16)
        small.push(`${el.tagName}.${el.className}: ${getComputedStyle(el).fontSize}`);
    });
    const tiny: string[] = [];
    document.querySelectorAll('a, button, input, select, textarea').forEach((el) => {
      if (!visible(el)) return;
      // A tick box is tapped through its label, which wraps it.
      const target =
        (el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio' ? (el.closest('label') ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.height < 44 || r.width < 44)
        tiny.push(
          `${el.tagName} "${(el.textContent || (el as any).name || '').trim().slice(0, 20)}": ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    });
    return { scrollWidth: document.documentElement.scrollWidth, base: parseFloat(getComputedStyle(document.body).fontSize), small, tiny };
  });
  expect({ screen: name, ...m }).toEqual({ screen: name, scrollWidth: expect.any(Number), base: expect.any(Number), small: [], tiny: [] });
  expect(m.scrollWidth).toBeLessThanOrEqual(LOW_END.width);
  expect(m.base).toBeGreaterThanOrEqual(16);
  await shot(page, name);
}

test('p.js is plain ES5 (older WeChat kernels), and the JS + CSS stay within the 150 KB budget', () => {
  const dir = path.join(__dirname, '..', '..', 'public', 'p');
  const js = fs.readFileSync(path.join(dir, 'p.js'), 'utf8');
  expect(() => transformSync(js, { target: 'es5', loader: 'js' })).not.toThrow();
  expect(js).not.toMatch(/=>|`|\b(let|const|class|async|await)\s/);
  expect((js.length + fs.readFileSync(path.join(dir, 'p.css')).length) / 1024).toBeLessThan(150);
});

test('in WeChat at 360×640: every screen fits, reads at 16 px or more, taps at 44 px or more; the e-mail login works end to end', async () => {
  const context = await desk.browser.newContext({
    viewport: LOW_END,
    userAgent: WECHAT_UA,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15000);
  await context.addInitScript(withoutMissingApis);
  const page = desk.watch(await context.newPage());
  const bytes: number[] = [];
  page.on('response', async (r) => {
    if (/\/p\/p\.(js|css)$/.test(r.url())) bytes.push((await r.body()).length);
  });
  expect(await page.evaluate(() => navigator.userAgent)).toContain('MicroMessenger/8.0');

  // Login by phone (the default way), then the e-mail way's form.
  await page.goto(`${base}/p/`);
  await page.getByLabel('手机号码').waitFor();
  expect(await page.evaluate(() => typeof (window as any).HTMLDialogElement)).toBe('undefined');
  await checkScreen(page, 'login-phone');
  await page.getByRole('button', { name: '用电子邮箱' }).click();
  await page.getByLabel('电子邮箱').waitFor();
  await checkScreen(page, 'login-email');
  await page.getByRole('button', { name: '用手机号' }).click();

  await page.getByLabel('手机号码').fill(PHONE_NUMBER);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: PHONE_NUMBER }).orderBy('id', 'desc').first();
  await page.getByLabel('短信验证码').fill(JSON.parse(row.params).code);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '邻里排水沟堵塞，雨天积水进屋' }).waitFor();
  await checkScreen(page, 'cases');

  // The case: a request for information, review (two taps, no confirm dialog), questionnaire.
  await page.getByRole('link', { name: '邻里排水沟堵塞，雨天积水进屋' }).click();
  await page.locator('#state').waitFor();
  await page.getByText('请补充积水照片').waitFor();
  await checkScreen(page, 'case');
  await page.getByRole('button', { name: '申请复查' }).click();
  await page.getByRole('button', { name: '确认申请复查' }).click();
  await page.locator('#state', { hasText: '已申请复查' }).waitFor();
  await checkScreen(page, 'case-review-requested');

  // The online form, with the ID box opened and a type's fields shown, then its receipt.
  await page.getByRole('link', { name: '← 我的事项' }).click();
  await page.getByRole('link', { name: '网上提交信访事项' }).click();
  await page.getByLabel('事发地（乡镇或村）').selectOption({ label: '湖滨镇 新桥村' });
  await page.getByLabel('事项类型').selectOption({ label: '邻里纠纷' });
  await page.getByLabel('纠纷发生日期（必填）').fill('2026-11-02');
  await page.getByLabel('纠纷种类（必填）').selectOption('drain');
  await page.getByLabel('事项摘要').fill('邻居排水沟堵塞');
  await page.getByLabel('姓名').fill('王小明');
  await page.locator('#pphone').fill(PHONE_NUMBER);
  await page.getByLabel(/电子邮箱/).fill(EMAIL);
  await page.getByText('我已阅读并同意').click();
  await page.getByText('我单独同意处理身份证号').click();
  await page.getByRole('textbox', { name: '身份证号' }).waitFor();
  await checkScreen(page, 'new');
  await page.getByText('我单独同意处理身份证号').click();
  await page.getByRole('button', { name: '提交' }).click();
  await page.locator('#qcode').waitFor();
  const filed = (await page.locator('#ref').textContent())!;
  await checkScreen(page, 'receipt');

  // Out, and back in by e-mail: the code comes by mail, and the case filed with that address is there.
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByRole('button', { name: '用电子邮箱' }).click();
  await page.getByLabel('电子邮箱').fill(EMAIL);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送到邮箱').waitFor();
  const mail = decoded(mailbox.to(EMAIL).at(-1)!);
  const code = mail.text.match(/验证码为 (\d{6})/)![1];
  await page.getByLabel('邮件验证码').fill(code);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '邻居排水沟堵塞' }).waitFor();
  const listed = await page.locator('ul.plain li .muted').allTextContents();
  expect(listed).toEqual([filed]);
  expect(listed).not.toContain(referenceNo);
  await checkScreen(page, 'cases-by-email');

  const kb = bytes.reduce((s, b) => s + b, 0) / 1024;
  expect(kb).toBeGreaterThan(0);
  expect(kb).toBeLessThan(150);
  await context.close();
});
