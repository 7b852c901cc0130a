/**
 * The desk's work screens in a real browser: 专家咨询 on the case page (a mediator asks,
 * sees the suggested experts least loaded first, books one) and the expert's 咨询任务 tab
 * (accepts the booking, writes the opinion and downloads the 专家咨询记录 PDF; takes an open
 * request of its pool in a slot of its own).
 *
 * Chromium: Debian's /usr/bin/chromium. Screenshots: test/artifacts/desk-work-*.png.
 */
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, attachSignedScan, idNumber, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;
const DAY = 86_400_000;
const H = 3_600_000;
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };

const desk = deskBrowser({ prefix: 'desk-work', expectedStatuses: [400, 401, 403, 404, 409, 501] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let base: string;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let petitionId: string;
const ex: Record<string, { user: TestUser; profile: string }> = {};

async function expert(key: string, org: string) {
  const user = await makeUser(strapi, 'expert', org, orgs);
  const p: any = await strapi.documents(PROFILE).create({
    data: {
      displayName: `专家${key}`,
      title: '律师',
      user: user.id,
      organisation: orgs.get(org),
      level: 'county',
      fields: ['law'],
      languages: ['普通话'],
      weeklyLimit: 5,
      status: 'active',
      availability: everyDay,
    } as any,
  });
  ex[key] = { user, profile: p.documentId };
}

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  for (const k of ['A', 'B', 'C']) await expert(k, '990102');
  // C declared a relation to the petitioner: recused.
  await strapi
    .documents(PROFILE)
    .update({ documentId: ex.C.profile, data: { declarations: [{ kind: 'relation', party: '张三', note: '表兄' }] } as any });
  await strapi.documents(POOL).create({
    data: {
      name: '东湖区法律专家库',
      organisation: orgs.get('990102'),
      level: 'county',
      field: 'law',
      members: [ex.A.profile, ex.B.profile, ex.C.profile],
    } as any,
  });
  petitionId = (await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!))).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (action: string, i: object = {}) => api(strapi, clerk).post(`/api/petitions/${petitionId}/transition`, { action, input: i });
  expect((await move('accept')).status).toBe(200);
  expect((await move('divert', { committee, mediator: mediator.id })).status).toBe(200);
});

afterAll(() => desk.close());

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

describe('专家咨询', () => {
  let bookedKey = '';

  test('the mediator asks for a consultation on the case, sees suggestions (recusal noted) and books the first', async () => {
    const { context, page } = await newPage();
    await login(page, mediator.username);
    await page.goto(`${base}/desk/#/case/${petitionId}`);
    const card = page.locator('#consultations');
    await card.getByText('尚无专家咨询').waitFor();
    await card.getByRole('button', { name: '申请专家咨询' }).click();
    // Too short a question: the server's message next to the field.
    await card.getByLabel('咨询的问题').fill('边界');
    await card.getByRole('button', { name: '提交申请' }).click();
    await card.locator('.field.has-error').first().waitFor();
    expect(await card.locator('.field.has-error .field-error').first().textContent()).toMatch(/至少5个字/);
    await card.getByLabel('咨询的问题').fill('排水沟占用宅基地边界，权属如何认定？');
    await card.getByLabel('紧急程度').selectOption('urgent');
    await card.getByLabel('咨询方式').selectOption('video');
    await shot(page, 'consult-form');
    await card.getByRole('button', { name: '提交申请' }).click();
    const sugs = card.locator('.cx-sug');
    await sugs
      .first()
      .waitFor()
      .catch(async (e) => {
        await shot(page, 'consult-failed');
        throw e;
      });
    expect(await sugs.count()).toBe(2);
    const names = await sugs.locator('strong').allTextContents();
    expect(names.sort()).toEqual(['专家A', '专家B']);
    expect(await card.locator('.cx-recusal').first().textContent()).toMatch(/专家C/);
    await shot(page, 'consult-suggestions');
    bookedKey = (await sugs.first().locator('strong').textContent())!.replace('专家', '');
    await sugs.first().getByRole('button', { name: /预约/ }).click();
    await page.locator('.messages .banner-success').waitFor();
    await card.locator('.cx-booking[data-state="requested"]').waitFor();
    expect(await card.locator('.cx-item').first().getAttribute('data-state')).toBe('booked');
    await shot(page, 'consult-booked');
    await context.close();
  });

  test('the booked expert accepts in 咨询任务, writes the opinion; the mediator downloads the consultation record', async () => {
    const { context, page } = await newPage();
    await login(page, ex[bookedKey].user.username);
    await page.getByRole('link', { name: '咨询任务' }).click();
    const item = page.locator('.cx-item[data-booking]').first();
    await item.getByRole('button', { name: '接受' }).click();
    await page.locator('.cx-item[data-booking][data-state="accepted"]').waitFor();
    await page.getByRole('button', { name: '出具咨询意见' }).click();
    await page.getByLabel('咨询意见').fill('排水沟位于双方宅基地界线上，按1998年确权图为共用设施，双方共同负责疏通。');
    await page.getByRole('button', { name: '提交意见并出具记录' }).click();
    // The record is issued; the expert downloads the record it wrote through its booking.
    const record = page.locator('.doc-list li[data-doc="consultation-record"]');
    await record.waitFor({ timeout: 60000 });
    expect(await record.textContent()).toMatch(/第1版/);
    const [own] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      record.getByRole('button', { name: '下载专家咨询记录' }).click(),
    ]);
    expect(
      fs
        .readFileSync((await own.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await shot(page, 'expert-opinion');
    await context.close();

    // The case page shows the outcome and the record too.
    const m = await newPage(DESKTOP);
    await login(m.page, mediator.username);
    await m.page.goto(`${base}/desk/#/case/${petitionId}`);
    await m.page.locator('#consultations .cx-item[data-state="done"]').waitFor();
    const download = m.page
      .locator('#consultations .doc-list li[data-doc="consultation-record"]')
      .getByRole('button', { name: '下载专家咨询记录' });
    const [file] = await Promise.all([m.page.waitForEvent('download', { timeout: 60000 }), download.click()]);
    expect(
      fs
        .readFileSync((await file.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await shot(m.page, 'consult-done-desktop');
    await m.context.close();
  });

  test('another expert of the pool takes an open request in a slot of its own', async () => {
    const other = bookedKey === 'A' ? 'B' : 'A';
    const day = Math.floor((Date.now() + 8 * H) / DAY) * DAY - 8 * H + 2 * DAY;
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/consultations`, {
      data: {
        question: '调解协议中赔偿数额是否合理？',
        field: 'law',
        urgency: 'normal',
        mode: 'phone',
        windowStart: new Date(day).toISOString(),
        windowEnd: new Date(day + 3 * DAY).toISOString(),
      },
    });
    expect(res.status).toBe(201);
    const { context, page } = await newPage(DESKTOP);
    await login(page, ex[other].user.username);
    await page.getByRole('link', { name: '咨询任务' }).click();
    const open = page.locator(`.cx-item[data-consultation="${res.body.data.documentId}"]`);
    await open.waitFor();
    // 20:00 is outside the expert's hours: refused, the reason shown.
    const start = open.getByLabel(/咨询时间/);
    const value = await start.inputValue();
    await start.fill(value.replace(/T\d\d:\d\d/, 'T20:00'));
    await open.getByRole('button', { name: '接单' }).click();
    await open.locator('.field.has-error').waitFor();
    await start.fill(value);
    await open.getByRole('button', { name: '接单' }).click();
    await page.locator('.messages .banner-success').waitFor();
    await page.locator('.cx-item[data-booking][data-state="accepted"]').waitFor();
    expect(await page.locator(`.cx-item[data-consultation="${res.body.data.documentId}"]`).count()).toBe(0);
    await shot(page, 'expert-desk-desktop');
    await context.close();
  });
});

describe('消息', () => {
  test('the mediator sees the unread count on the bell, marks one read and follows another to the case', async () => {
    const rows = (await api(strapi, mediator).get('/api/notifications')).body;
    const unread = rows.meta.unread;
    expect(unread).toBeGreaterThanOrEqual(2);
    const { context, page } = await newPage();
    await login(page, mediator.username);
    await page.waitForFunction((n) => document.querySelector('.ib-bell .ib-count')?.textContent === String(n), unread);
    await page.locator('.ib-bell').click();
    await page.getByRole('heading', { name: '消息' }).waitFor();
    const items = page.locator('.ib-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(rows.data.length);
    expect(await page.locator('.ib-item.is-unread').count()).toBe(unread);
    await shot(page, 'inbox');
    await items.first().getByRole('button', { name: '标为已读' }).click();
    await page.waitForFunction((n) => document.querySelector('.ib-bell .ib-count')?.textContent === String(n), unread - 1);
    expect(await items.first().getAttribute('data-read')).toBe('true');
    // The unread filter leaves the read one out.
    await page.getByRole('link', { name: '未读', exact: true }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.ib-item').length === n, unread - 1);
    await page.locator('.ib-item').first().getByRole('button', { name: '查看' }).click();
    await page.waitForURL(new RegExp(`#/case/${petitionId}`));
    await page.locator('#consultations').waitFor();
    await page.waitForFunction((n) => document.querySelector('.ib-bell .ib-count')?.textContent === String(n), unread - 2);
    await context.close();
  });
});

describe('预警', () => {
  test('a clerk sees the warnings in scope with their colours, and acknowledges, acts on and closes its own', async () => {
    const leader = await makeUser(strapi, 'leader', '990102', orgs);
    const petition = (
      await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '湖滨镇征地补偿款发放纠纷' }))
    ).body.data.documentId;
    const visit = (level: string) =>
      api(strapi, clerk).post(`/api/petitions/${petition}/visits`, {
        data: { channel: 'visit', level, visitedAt: new Date(Date.now() + 1000).toISOString() },
      });
    for (const level of ['county', 'county', 'city']) expect((await visit(level)).status).toBe(201);
    const listed = (await api(strapi, clerk).get('/api/warnings')).body.data;
    expect(listed.map((w: any) => w.colour).sort()).toEqual(['red', 'yellow']);

    const { context, page } = await newPage();
    await login(page, clerk.username);
    await page.getByRole('link', { name: '预警' }).click();
    const yellow = page.locator('.wn-item[data-colour="yellow"]');
    const red = page.locator('.wn-item[data-colour="red"]');
    await yellow.waitFor();
    await red.waitFor();
    expect(await yellow.locator('.wn-chip').textContent()).toBe('黄色预警');
    expect(await yellow.textContent()).toMatch(/签收期限/);
    // Red goes to the county leaders: the clerk reads it but cannot act on it (it may issue its
    // warning notice, 预警单, which is the clerk's document).
    expect(await red.getByRole('button').filter({ hasNotText: '预警单' }).count()).toBe(0);
    expect(await red.getByRole('button', { name: '预警单（PDF）' }).count()).toBe(1);
    await shot(page, 'warnings');
    await yellow.getByRole('button', { name: '签收' }).click();
    await page.locator('.wn-item[data-colour="yellow"][data-state="acknowledged"]').waitFor();
    await page.locator('.wn-item[data-colour="yellow"]').getByRole('button', { name: '反馈处置情况' }).click();
    await page.getByLabel('处置情况').fill('已约谈双方，补偿款于本周内发放到位。');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.wn-item[data-colour="yellow"][data-state="acted"]').waitFor();
    await page.locator('.wn-item[data-colour="yellow"]').getByRole('button', { name: '办结' }).click();
    await page.locator('.wn-item[data-colour="yellow"][data-state="closed"]').waitFor();
    // The red filter shows only the red one.
    await page.locator('.wn-filter', { hasText: '红色' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('.wn-item').length === 1 && !!document.querySelector('.wn-item[data-colour="red"]'),
    );
    await context.close();

    // The county leader (a red recipient) acknowledges it on a desktop screen.
    const l = await newPage(DESKTOP);
    await login(l.page, leader.username);
    await l.page.goto(`${base}/desk/#/warnings`);
    await l.page.locator('.wn-item[data-colour="red"]').getByRole('button', { name: '签收' }).click();
    await l.page.locator('.wn-item[data-colour="red"][data-state="acknowledged"]').waitFor();
    await shot(l.page, 'warnings-desktop');
    await l.context.close();
  });
});

describe('信用记录', () => {
  test('a clerk proposes a credit flag on a mediated case; a reviewer approves it in 信用审核', async () => {
    const reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
    const input = petitionInput(orgs.get('990102002')!, { subject: '新桥村排水沟疏通协议未履行' });
    const respondentId = idNumber('990102', '19750505', '456');
    input.data.parties.push({ name: '李四', role: 'respondent', idNumber: respondentId, address: '新桥村1组', ...CONSENTS } as any);
    const petition = (await api(strapi, clerk).post('/api/petitions', input)).body.data.documentId;
    const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
    const move = (who: TestUser, action: string, body: object = {}) =>
      api(strapi, who).post(`/api/petitions/${petition}/transition`, { action, input: body });
    expect((await move(clerk, 'accept')).status).toBe(200);
    expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
    const ok = await move(mediator, 'mediation_success', {
      agreedTerms: '李四疏通排水沟',
      terms: [{ obligor: '李四', what: '疏通排水沟', where: '新桥村1组', byWhen: '2026-01-15' }],
      facts: '双方因排水沟堵塞发生纠纷',
      disputes: '排水沟疏通责任',
    });
    expect(ok.status).toBe(200);
    const agreement = await api(strapi, mediator).post(`/api/petitions/${petition}/documents/mediation-agreement`);
    expect(agreement.status).toBe(201);
    await attachSignedScan(strapi, clerk, agreement.body.data.documentId); // the signed version a flag must rest on

    const { context, page } = await newPage();
    await login(page, clerk.username);
    await page.goto(`${base}/desk/#/case/${petition}`);
    const card = page.locator('#credit');
    await card.getByText('本案无信用记录').waitFor();
    await card.getByRole('button', { name: '提请信用记录' }).click();
    // Nothing filled: every missing field named by the server.
    await card.getByRole('button', { name: '提请审核' }).click();
    await card.locator('.panel-error:not([hidden])').waitFor();
    expect(await card.locator('.field.has-error').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'credit-missing');
    await card.getByLabel('当事人').selectOption({ label: `李四（${respondentId}）` });
    await card.getByLabel('失信情形').selectOption({ label: '拒不履行人民调解协议' });
    expect(await card.getByLabel('所依据的文书').inputValue()).not.toBe('');
    await card.locator('.cr-evidence input[type=checkbox]').first().check();
    await card.getByLabel('失信事实').fill('调解协议约定李四于2026年1月15日前疏通排水沟，经人民调解委员会两次督促，至今未履行。');
    await shot(page, 'credit-propose');
    await card.getByRole('button', { name: '提请审核' }).click();
    await card.locator('.cr-item[data-state="proposed"]').waitFor();
    await context.close();

    const r = await newPage();
    await login(r.page, reviewer.username);
    await r.page.getByRole('link', { name: '信用审核' }).click();
    const item = r.page.locator('.cr-item[data-state="proposed"]');
    await item.waitFor();
    await shot(r.page, 'credit-review');
    await item.getByRole('button', { name: '审核通过' }).click();
    await r.page.getByLabel('审核意见（可选）').fill('事实清楚，证据充分。');
    await r.page.getByRole('button', { name: '确认通过' }).click();
    await r.page.getByText('没有待审核的信用记录').waitFor();
    await r.page.goto(`${base}/desk/#/case/${petition}`);
    await r.page.locator('#credit .cr-item[data-state="approved"]').waitFor();
    await r.context.close();
  });
});
