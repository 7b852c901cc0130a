/**
 * The desk's hearing screens in a real browser: a leader schedules a tripartite review from
 * the case page (the earliest common slot proposed first, the notice period shown), opens
 * the hearing and downloads a participant's notice; schedules a public petition hearing with
 * a panel of three; the 日程 week calendar shows both (columns on a desktop, a day list on a
 * phone) and the expert's own week with its notice; the review is rescheduled with a reason
 * (the search proposes its own time as free); once it has taken place the chair records the
 * minutes with the case's 办结 move.
 *
 * Chromium: Debian's /usr/bin/chromium. Screenshots: test/artifacts/desk-hearings-*.png.
 */
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { Calendar, DEFAULT_WORK_CALENDAR, dayKey } from '../../plugins/fangtiao/server/src/hearings/calendar';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const POOL = 'plugin::fangtiao.expert-pool' as any;
const ROOM = 'plugin::fangtiao.room' as any;
const H = 'plugin::fangtiao.hearing' as any;
const DAY = 86_400_000;
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
const cal = new Calendar(DEFAULT_WORK_CALENDAR);

const desk = deskBrowser({ prefix: 'desk-hearings', expectedStatuses: [400, 401, 403, 404, 409, 501] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let base: string;
let orgs: Map<string, string>;
let clerk: TestUser;
let leader: TestUser;
let expertUser: TestUser;
let petitionId: string;
let publicPetitionId: string;
const rooms: Record<string, string> = {};
const hearings: Record<string, { documentId: string; start: string; end: string }> = {};

/** Clicks a notice button: the response is a PDF and the browser saves it. */
async function noticeDownload(page: Page, button: ReturnType<Page['locator']>, index?: number) {
  const [response, file] = await Promise.all([
    page.waitForResponse(
      (r) => /\/api\/hearings\/[^/]+\/notices\/\d+$/.test(r.url()) && (index === undefined || r.url().endsWith(`/notices/${index}`)),
    ),
    page.waitForEvent('download', { timeout: 60000 }),
    button.click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(
    fs
      .readFileSync((await file.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  return file.suggestedFilename();
}

/** Elements sticking out past the right edge of a phone screen (nothing may scroll sideways). */
async function overflowing(page: Page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > w + 0.5 && !el.closest('[hidden]'))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${Math.round(el.getBoundingClientRect().right)}`)
      .slice(0, 10);
  });
}

/** The Monday (YYYY-MM-DD, Shanghai) of the week containing `iso`. */
function mondayOf(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return new Date(d.getTime() - (wd - 1) * DAY).toISOString().slice(0, 10);
}

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  expertUser = await makeUser(strapi, 'expert', '990102', orgs);
  const expertId = (
    await strapi.documents(PROFILE).create({
      data: {
        displayName: '王律师',
        title: '律师',
        user: expertUser.id,
        organisation: orgs.get('990102'),
        level: 'county',
        fields: ['law'],
        status: 'active',
        availability: everyDay,
      } as any,
    })
  ).documentId;
  await strapi.documents(POOL).create({
    data: { name: '东湖区法律专家库', organisation: orgs.get('990102'), level: 'county', field: 'law', members: [expertId] } as any,
  });
  for (const [key, name, capacity] of [
    ['small', '东湖区信访局第一会议室', 8],
    ['large', '东湖区听证室', 40],
  ] as const) {
    rooms[key] = (
      await strapi
        .documents(ROOM)
        .create({ data: { name, capacity, organisation: orgs.get('990102'), address: '人民路1号', active: true } as any })
    ).documentId;
  }
  petitionId = (
    await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '新桥村征地补偿标准争议' }))
  ).body.data.documentId;
  const move = (id: string, action: string, input: object = {}) =>
    api(strapi, clerk).post(`/api/petitions/${id}/transition`, { action, input });
  expect((await move(petitionId, 'accept')).status).toBe(200);
  expect((await move(petitionId, 'escalate_leader', { leader: leader.id })).status).toBe(200);
  publicPetitionId = (
    await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '湖滨镇安置房分配争议' }))
  ).body.data.documentId;
  expect((await move(publicPetitionId, 'accept')).status).toBe(200);
});

afterAll(() => desk.close());

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

describe('听证与会商', () => {
  test('a leader schedules a tripartite review from the case page: the earliest slot first, the hearing with 4 participants, a notice PDF', async () => {
    const { context, page } = await newPage(DESKTOP);
    await login(page, leader.username);
    await page.goto(`${base}/desk/#/case/${petitionId}`);
    const card = page.locator('#hearings');
    await card.getByText('尚未安排听证或会审').waitFor();
    await card.getByRole('button', { name: '安排听证/会审' }).click();
    const form = card.locator('.hg-form form');
    await form.waitFor();
    expect(await form.getByLabel('类型').inputValue()).toBe('tripartite_review');
    // The chair is the leader by default; the case's party is a petitioner by default.
    expect(await form.getByLabel('主持人').inputValue()).toBe(leader.documentId);
    expect(await form.getByLabel('张三').isChecked()).toBe(true);
    await form.getByLabel(clerk.username).check();
    // No expert: the server's head count shown at the experts.
    await form.getByRole('button', { name: '查找最早时段' }).click();
    const experts = form.locator('.hg-group', { has: page.locator('legend', { hasText: '专家' }) });
    await experts.locator('.field-error', { hasText: '专家至少1人' }).waitFor();
    expect(await experts.getAttribute('class')).toMatch(/has-error/);
    await shot(page, 'form-error');
    await form.getByLabel(/王律师/).check();
    await form.getByRole('button', { name: '查找最早时段' }).click();
    const slots = form.locator('.hg-slot');
    await slots.first().waitFor();
    // The earliest: the first office-hours stretch long enough after 3 working days' notice.
    const earliest = cal.earliestAfterNotice(Date.now(), 3);
    const first = cal.workingIntervals(earliest, earliest + 14 * DAY).find((i) => i.end - i.start >= 120 * 60_000)!;
    expect(await slots.first().getAttribute('data-start')).toBe(new Date(first.start).toISOString());
    expect(await slots.count()).toBe(5);
    expect(await form.locator('.hg-rule').textContent()).toMatch(/须提前3个工作日通知/);
    expect(await slots.first().textContent()).toMatch(/最早.*东湖区信访局第一会议室/);
    await shot(page, 'slots');
    await slots.first().getByRole('button', { name: '选择此时段' }).click();
    await page.waitForURL(/#\/hearings\//);
    await page.locator('.messages .banner-success').waitFor();
    const people = page.locator('.hg-person');
    await people.first().waitFor();
    expect(await people.count()).toBe(4);
    expect(await people.locator('.hg-role').allTextContents()).toEqual(['主持人', '工作专班', '专家', '信访人']);
    expect(await page.locator('.hg-header').textContent()).toMatch(/东湖区信访局第一会议室/);
    hearings.review = {
      documentId: decodeURIComponent(page.url().split('#/hearings/')[1]),
      start: new Date(first.start).toISOString(),
      end: new Date(first.start + 2 * 3_600_000).toISOString(),
    };
    const name = await noticeDownload(page, page.locator('.hg-person[data-role="petitioner"] .hg-notice'), 3);
    expect(name).toMatch(/张三/);
    await shot(page, 'hearing');
    // The case page lists it.
    await page.goto(`${base}/desk/#/case/${petitionId}`);
    await page.locator(`#hearings .hg-item[data-hearing="${hearings.review.documentId}"]`).waitFor();
    await context.close();
  });

  test('a leader schedules a public petition hearing with three panel members (phone)', async () => {
    const { context, page } = await newPage();
    await login(page, leader.username);
    await page.goto(`${base}/desk/#/case/${publicPetitionId}`);
    const card = page.locator('#hearings');
    await card.getByRole('button', { name: '安排听证/会审' }).click();
    const form = card.locator('.hg-form form');
    await form.waitFor();
    await form.getByLabel('类型').selectOption('petition_hearing');
    // Three panel rows are laid out for the panel's minimum; the hearing is public by default.
    expect(await form.locator('.hg-row').count()).toBe(3);
    expect(await form.getByLabel(/公开举行/).isChecked()).toBe(true);
    await form.getByLabel(clerk.username).check();
    const panel = [
      ['李代表', 'deputy'],
      ['赵委员', 'cppcc'],
      ['钱大妈', 'resident'],
    ];
    for (const [i, [n, c]] of panel.entries()) {
      await form.getByLabel(`评议员${i + 1}姓名`).fill(n);
      await form.getByLabel(`评议员${i + 1}身份`).selectOption(c);
    }
    await shot(page, 'public-form');
    await form.getByRole('button', { name: '查找最早时段' }).click();
    const slot = form.locator('.hg-slot').first();
    await slot.waitFor();
    // The leader chairs the review already: the first slot is after it.
    const start = (await slot.getAttribute('data-start'))!;
    expect(new Date(start).getTime()).toBeGreaterThanOrEqual(new Date(hearings.review.end).getTime());
    await shot(page, 'public-slots');
    await slot.getByRole('button', { name: '选择此时段' }).click();
    await page.waitForURL(/#\/hearings\//);
    await page.locator('.hg-person').first().waitFor();
    expect(await page.locator('.hg-person').count()).toBe(6);
    expect(await page.locator('.hg-person[data-role="panel"]').allTextContents()).toEqual([
      expect.stringMatching(/李代表.*人大代表/),
      expect.stringMatching(/赵委员.*政协委员/),
      expect.stringMatching(/钱大妈.*群众代表/),
    ]);
    expect(await page.locator('.hg-header .hg-public').textContent()).toBe('公开');
    hearings.public = {
      documentId: decodeURIComponent(page.url().split('#/hearings/')[1]),
      start,
      end: new Date(new Date(start).getTime() + 2 * 3_600_000).toISOString(),
    };
    await shot(page, 'public-hearing');
    await context.close();
  });

  test('the week calendar shows both hearings: columns on a desktop, a day list on a phone; a room’s week; the expert’s own week', async () => {
    const sameWeek = mondayOf(hearings.review.start) === mondayOf(hearings.public.start);
    const d = await newPage(DESKTOP);
    await login(d.page, leader.username);
    await d.page.getByRole('link', { name: '日程' }).click();
    await d.page.locator('.wk-card').waitFor();
    await d.page.goto(`${base}/desk/#/schedule?week=${mondayOf(hearings.review.start)}`);
    const review = d.page.locator(`.wk-grid .wk-event[data-id="${hearings.review.documentId}"]`);
    await review.waitFor();
    expect(await review.textContent()).toMatch(/三方会审/);
    // Placed in its day's column, days off shaded.
    const col = d.page.locator(`.wk-col[data-date="${dayKey(new Date(hearings.review.start).getTime())}"]`);
    expect(await col.locator('.wk-event').count()).toBeGreaterThanOrEqual(1);
    expect(await d.page.locator('.wk-grid .wk-col.is-off').count()).toBeGreaterThanOrEqual(2);
    if (!sameWeek) await d.page.getByRole('link', { name: '下一周' }).click();
    const pub = d.page.locator(`.wk-grid .wk-event[data-id="${hearings.public.documentId}"]`);
    await pub.waitFor();
    expect(await pub.textContent()).toMatch(/信访听证/);
    await shot(d.page, 'week-desktop');
    // A room's week through the picker.
    const picker = d.page.getByLabel('查看谁的日程');
    await d.page.waitForFunction(() => !(document.querySelector('.wk-picker') as HTMLSelectElement)?.disabled);
    await picker.selectOption(`room:${rooms.small}`);
    await d.page.waitForURL(/resource=room/);
    await d.page.locator('.wk-card .card-title', { hasText: '会议室东湖区信访局第一会议室的日程' }).waitFor();
    // Clicking a hearing opens it.
    await d.page.goto(`${base}/desk/#/schedule?week=${mondayOf(hearings.review.start)}`);
    await review.click();
    await d.page.waitForURL(new RegExp(`#/hearings/${hearings.review.documentId}`));
    await d.page.locator('.hg-person').first().waitFor();
    await d.context.close();

    const p = await newPage();
    await login(p.page, leader.username);
    await p.page.goto(`${base}/desk/#/schedule?week=${mondayOf(hearings.review.start)}`);
    const item = p.page.locator(`.wk-list .wk-item[data-id="${hearings.review.documentId}"]`);
    await item.waitFor();
    expect(await p.page.locator('.wk-grid').isVisible()).toBe(false);
    expect(await p.page.locator('.wk-list .wk-day').count()).toBe(7);
    expect(await p.page.locator('.wk-list .wk-day.is-off').count()).toBeGreaterThanOrEqual(2);
    expect(await overflowing(p.page)).toEqual([]);
    await shot(p.page, 'week-phone');
    if (!sameWeek) await p.page.getByRole('link', { name: '下一周' }).click();
    await p.page.locator(`.wk-list .wk-item[data-id="${hearings.public.documentId}"]`).waitFor();
    await p.context.close();

    // The expert: its own week (no picker) and its hearings with its own notice.
    const e = await newPage();
    await login(e.page, expertUser.username);
    await e.page.getByRole('link', { name: '日程' }).click();
    await e.page.locator('.wk-card').waitFor();
    expect(await e.page.locator('.wk-picker').count()).toBe(0);
    const mine = e.page.locator(`#my-hearings .hg-item[data-hearing="${hearings.review.documentId}"]`);
    await mine.waitFor();
    const name = await noticeDownload(e.page, mine.getByRole('button', { name: '下载我的通知书' }), 2);
    expect(name).toMatch(/王律师/);
    await e.page.goto(`${base}/desk/#/schedule?week=${mondayOf(hearings.review.start)}`);
    await e.page.locator(`.wk-list .wk-item[data-id="${hearings.review.documentId}"]`).waitFor();
    await shot(e.page, 'expert-week');
    // On the hearing page the expert downloads only its own notice.
    await e.page.goto(`${base}/desk/#/hearings/${hearings.review.documentId}`);
    await e.page.locator('.hg-person').first().waitFor();
    expect(await e.page.locator('.hg-notice').count()).toBe(1);
    expect(await e.page.locator('.hg-person[data-role="expert"] .hg-notice').count()).toBe(1);
    await e.context.close();
  });

  test('the leader reschedules the review with a reason: a new slot, new notices, the reason in the history', async () => {
    const { context, page } = await newPage();
    await login(page, leader.username);
    await page.goto(`${base}/desk/#/hearings/${hearings.review.documentId}`);
    await page.getByRole('button', { name: '改期' }).click();
    // No reason: refused on the page.
    await page.getByRole('button', { name: '查找新时段' }).click();
    await page.locator('.field.has-error', { hasText: '请写明改期原因' }).waitFor();
    await page.getByLabel('改期原因').fill('专家临时出差');
    await page.getByRole('button', { name: '查找新时段' }).click();
    const slots = page.locator('.hg-slot');
    await slots.first().waitFor();
    // The search is for the hearing itself: its own current time is not busy, so it is proposed.
    expect(await slots.first().getAttribute('data-start')).toBe(hearings.review.start);
    expect(await slots.first().getAttribute('data-current')).toBe('true');
    expect(await slots.first().getByRole('button', { name: '改在此时段' }).count()).toBe(0);
    const slot = slots.nth(1);
    const start = (await slot.getAttribute('data-start'))!;
    expect(start).not.toBe(hearings.review.start);
    await shot(page, 'reschedule');
    await slot.getByRole('button', { name: '改在此时段' }).click();
    await page.locator('.messages .banner-success', { hasText: '已改期' }).waitFor();
    expect(await page.locator('.hg-time').textContent()).toContain(
      new Date(new Date(start).getTime() + 8 * 3_600_000).toISOString().slice(11, 16),
    );
    expect(await page.locator('.timeline').textContent()).toMatch(/改期.*原因：专家临时出差/);
    expect(await page.locator('.hg-notice').first().textContent()).toMatch(/第2版/);
    hearings.review.start = start;
    await context.close();
  });

  test('after the hearing the chair records the minutes with the 办结 move; the case shows 已办结', async () => {
    // The hearing took place: move it into the past (as time would).
    const row: any = await strapi.db.query(H).findOne({ where: { documentId: hearings.review.documentId } });
    await strapi.db
      .query(H)
      .update({ where: { id: row.id }, data: { start: new Date(Date.now() - 3 * 3_600_000), end: new Date(Date.now() - 3_600_000) } });
    const { context, page } = await newPage(DESKTOP);
    await login(page, leader.username);
    await page.goto(`${base}/desk/#/hearings/${hearings.review.documentId}`);
    await page.getByRole('button', { name: '记录笔录和结论' }).click();
    const form = page.locator('.hg-minutes-form');
    await form.waitFor();
    // The work team did not come.
    await form.getByLabel(`${clerk.username}到场`).uncheck();
    await form.getByLabel('王律师的意见').fill('补偿标准适用正确，程序合法');
    // No conclusion and no outcome: the server's messages next to the fields.
    await form.getByRole('button', { name: '保存笔录' }).click();
    await form.locator('.field.has-error', { hasText: '至少5个字' }).waitFor();
    await form.locator('.hg-outcome.has-error').waitFor();
    await form.getByRole('textbox', { name: /^结论/ }).fill('维持原处理意见，依法予以解释说明');
    await form.getByRole('radio', { name: '接受结论', exact: true }).check();
    await form.getByLabel('同时办理案件').selectOption('conclude');
    const conclusion = form.getByLabel('办理结果');
    expect(await conclusion.inputValue()).toBe('维持原处理意见，依法予以解释说明');
    await conclusion.fill('经三方会审，维持原处理意见');
    await shot(page, 'minutes-form');
    await form.getByRole('button', { name: '保存笔录' }).click();
    const minutes = page.locator('#minutes');
    await minutes.waitFor();
    expect(await minutes.textContent()).toMatch(/到场3人，缺席：clerk/);
    expect(await minutes.textContent()).toMatch(/补偿标准适用正确/);
    expect(await minutes.locator('.hg-move').textContent()).toBe('办结：领导包案处理中 → 已办结');
    expect(await page.locator('.hg-header .hg-s-held').textContent()).toBe('已举行');
    // The minutes as a PDF to print and sign.
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), minutes.locator('.hg-minutes-pdf').click()]);
    expect(
      fs
        .readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await shot(page, 'minutes');
    await page.locator('.hg-header a', { hasText: '新桥村征地补偿标准争议' }).click();
    await page.locator('.case-header .state').waitFor();
    expect(await page.locator('.case-header .state').textContent()).toBe('已办结');
    await context.close();
  });

  test('a panel vote is tallied in the minutes of the public hearing', async () => {
    const row: any = await strapi.db.query(H).findOne({ where: { documentId: hearings.public.documentId } });
    await strapi.db
      .query(H)
      .update({ where: { id: row.id }, data: { start: new Date(Date.now() - 3 * 3_600_000), end: new Date(Date.now() - 3_600_000) } });
    const { context, page } = await newPage();
    await login(page, clerk.username);
    await page.goto(`${base}/desk/#/hearings/${hearings.public.documentId}`);
    await page.getByRole('button', { name: '记录笔录和结论' }).click();
    const form = page.locator('.hg-minutes-form');
    for (const [n, v] of [
      ['李代表', 'support'],
      ['赵委员', 'support'],
      ['钱大妈', 'oppose'],
    ]) {
      await form.getByLabel(`${n}的表决`).selectOption(v);
      await form.getByLabel(`${n}的意见`).fill(v === 'support' ? '分配方案符合政策' : '分配顺序应再公示');
    }
    await form.getByRole('textbox', { name: /^结论/ }).fill('分配方案符合政策，予以维持并再次公示');
    await form.getByRole('radio', { name: '择期再议' }).check();
    await shot(page, 'vote-form');
    await form.getByRole('button', { name: '保存笔录' }).click();
    await page.locator('#minutes').waitFor();
    expect(await page.locator('.hg-tally').textContent()).toBe('支持 2 票 · 不支持 1 票 · 弃权 0 票');
    await shot(page, 'vote-minutes');
    await context.close();
  });
});
