#!/usr/bin/env node
'use strict';
/**
 * Walks the 听证排期 page (week calendar of a person, expert or room) in a real admin panel
 * (plain node script, not a jest test). First it gives the demo data something to show, over
 * HTTP as users would: two rooms, an expert in a pool (admin, Content Manager API), then as the
 * demo leader a joint consultation this week, a tripartite review at the earliest slot, a
 * petition hearing and an expert consultation next week. Then the page: a person's week, the
 * next week, an expert's week (hearing and consultation together), a room's week, the
 * New Year week (holidays shaded). Screenshots go to test/artifacts/admin-hearing-schedule-*.png.
 *
 *   ADMIN_EMAIL=… ADMIN_PASSWORD=… DEMO_PASSWORD=… [BASE_URL=http://localhost:1351] \
 *     node plugins/fangtiao/admin/e2e/hearing-schedule.e2e.js
 *
 * The app must be running with demo data and a built admin (e.g. npx strapi build; PORT=1351
 * DATABASE_FILENAME=.tmp/adm.db FANGTIAO_DEMO=true DEMO_PASSWORD=… npx strapi start; the demo
 * prints the admin login once). Seeding is skipped when the rooms are already there.
 */
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../../../..');
const BASE = (process.env.BASE_URL || 'http://localhost:1351').replace(/\/$/, '');
const EMAIL = process.env.ADMIN_EMAIL;
const PASSWORD = process.env.ADMIN_PASSWORD;
const DEMO_PASSWORD = process.env.DEMO_PASSWORD;
const OUT = process.env.ARTIFACTS || path.join(root, 'test', 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PAGE_URL = `${BASE}/admin/plugins/fangtiao/hearing-schedule`;
const DAY = 86_400_000;
const SH = 8 * 3_600_000;

if (!EMAIL || !PASSWORD || !DEMO_PASSWORD) {
  console.error('Set ADMIN_EMAIL, ADMIN_PASSWORD (FANGTIAO_DEMO prints them on the first start) and DEMO_PASSWORD.');
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

let step = 0;
const log = (msg) => console.log(`${String(++step).padStart(2)}. ${msg}`);
function check(cond, msg) {
  if (!cond) throw new Error(`check failed: ${msg}`);
}

async function call(method, url, { token, body } = {}) {
  const res = await fetch(`${BASE}${url}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: json ?? text };
}
async function ok(method, url, opts, expect = [200, 201]) {
  const res = await call(method, url, opts);
  if (!expect.includes(res.status)) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
  return res.body;
}
/** YYYY-MM-DD (Shanghai) and an ISO start at hh:mm Shanghai on the day `ms` falls in. */
const dayOf = (ms) => new Date(ms + SH).toISOString().slice(0, 10);
const at = (ms, hm) => new Date(`${dayOf(ms)}T${hm}:00+08:00`).toISOString();
/** Monday (Shanghai) of the week containing `ms`. */
const monday = (ms) => {
  const d = new Date(ms + SH);
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return Date.parse(`${dayOf(ms)}T00:00:00+08:00`) - (wd - 1) * DAY;
};

/** Rooms, an expert in a pool, and hearings and a consultation of the demo leader. */
async function seed() {
  const admin = (await ok('POST', '/admin/login', { body: { email: EMAIL, password: PASSWORD } })).data.token;
  const leader = (await ok('POST', '/api/auth/local', { body: { identifier: 'leader.donghu', password: DEMO_PASSWORD } })).jwt;
  if ((await ok('GET', '/api/hearings', { token: leader })).data.length) {
    console.log('    (already seeded)');
    return;
  }
  const org = (await ok('GET', '/api/organisations?filters[code][$eq]=990102', { token: leader })).data[0];
  const cm = (uid, data) => ok('POST', `/content-manager/collection-types/${uid}`, { token: admin, body: data });
  const connect = (x) => ({ connect: [{ id: x.id, documentId: x.documentId }] });
  if (!(await ok('GET', '/api/rooms', { token: leader })).data.length) {
    for (const [name, capacity] of [
      ['东湖区信访局第一会议室', 10],
      ['东湖区听证室', 40],
    ]) {
      await cm('plugin::fangtiao.room', { name, capacity, address: '东湖区人民路1号', active: true, organisation: connect(org) });
    }
  }
  if (!(await ok('GET', '/api/hearings/people', { token: leader })).data.experts.length) {
    const expertUser = (
      await ok('GET', `/content-manager/collection-types/plugin::users-permissions.user?filters[username][$eq]=expert.donghu`, {
        token: admin,
      })
    ).results[0];
    const weekdays = { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };
    // `status` (active) is left to its default: the Content Manager reads a body's `status` as draft/published.
    const profile = (
      await cm('plugin::fangtiao.expert-profile', {
        displayName: '周律师',
        title: '律师',
        level: 'county',
        fields: ['law'],
        availability: weekdays,
        declarations: [],
        weeklyLimit: 10,
        user: connect(expertUser),
        organisation: connect(org),
      })
    ).data;
    await cm('plugin::fangtiao.expert-pool', {
      name: '东湖区法律专家库',
      level: 'county',
      field: 'law',
      organisation: connect(org),
      members: connect(profile),
    });
  }

  const petition = (
    await ok('GET', `/api/petitions?filters[subject][$eq]=${encodeURIComponent('石塘村宅基地地界纠纷')}`, { token: leader })
  ).data[0];
  const people = (await ok('GET', `/api/hearings/people?petition=${petition.documentId}`, { token: leader })).data;
  const staff = (name) => people.staff.find((s) => s.name === name).documentId;
  const expert = people.experts[0].documentId;
  const rooms = (await ok('GET', '/api/rooms', { token: leader })).data;
  const now = Date.now();
  const nextMonday = monday(now) + 7 * DAY;

  // This week: a joint consultation (no notice period) at the earliest free time, by video.
  await ok('POST', '/api/hearings', {
    token: leader,
    body: {
      data: {
        kind: 'joint_consultation',
        organisation: org.documentId,
        title: '东湖区信访联席会商（11月下半月）',
        participants: [
          { role: 'chair', user: staff('孙建国') },
          { role: 'work_team', user: staff('王敏') },
          { role: 'observer', name: '区司法局 刘科长', organisation: '东湖区司法局' },
        ],
        videoLink: 'https://meet.example.cn/donghu-lianxi',
      },
    },
  });
  // Next week: the tripartite review at the earliest common slot (after 3 working days' notice), in the smallest room.
  const slots = (
    await ok('POST', '/api/hearings/slots', {
      token: leader,
      body: {
        data: {
          kind: 'tripartite_review',
          petition: petition.documentId,
          participants: [
            { role: 'chair', user: staff('孙建国') },
            { role: 'work_team', user: staff('王敏') },
            { role: 'work_team', user: staff('陈芳') },
            { role: 'expert', expert },
            { role: 'petitioner', party: 0 },
          ],
        },
      },
    })
  ).data;
  await ok('POST', '/api/hearings', {
    token: leader,
    body: {
      data: {
        kind: 'tripartite_review',
        petition: petition.documentId,
        participants: [
          { role: 'chair', user: staff('孙建国') },
          { role: 'work_team', user: staff('王敏') },
          { role: 'work_team', user: staff('陈芳') },
          { role: 'expert', expert },
          { role: 'petitioner', party: 0 },
        ],
        start: slots.slots[0].start,
      },
    },
  });
  // Next week Thursday afternoon: a public petition hearing in the large room with an evaluation panel.
  await ok('POST', '/api/hearings', {
    token: leader,
    body: {
      data: {
        kind: 'petition_hearing',
        petition: petition.documentId,
        room: rooms.find((r) => r.name === '东湖区听证室').documentId,
        start: at(nextMonday + 3 * DAY, '14:30'),
        participants: [
          { role: 'chair', user: staff('孙建国') },
          { role: 'work_team', user: staff('王敏') },
          { role: 'panel', name: '李红', category: 'deputy' },
          { role: 'panel', name: '张卫东', category: 'cppcc' },
          { role: 'panel', name: '赵大妈', category: 'resident' },
          { role: 'petitioner', party: 0 },
        ],
      },
    },
  });
  // Next week Wednesday 15:00: the expert's consultation on the same case.
  const consultation = (
    await ok('POST', `/api/petitions/${petition.documentId}/consultations`, {
      token: leader,
      body: {
        data: {
          question: '宅基地使用权证与实际地界不一致时如何认定？',
          field: 'law',
          mode: 'video',
          windowStart: at(nextMonday + 2 * DAY, '08:00'),
          windowEnd: at(nextMonday + 4 * DAY, '18:00'),
        },
      },
    })
  ).data;
  await ok('POST', `/api/consultations/${consultation.documentId}/bookings`, {
    token: leader,
    body: { data: { expert, start: at(nextMonday + 2 * DAY, '15:00') } },
  });
}

let page;

async function main() {
  log(`seed hearings and a consultation at ${BASE}`);
  await seed();

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('response', async (r) => {
    if (r.url().includes('/fangtiao/schedule/') && r.status() >= 400)
      console.log(`    ${r.request().method()} ${r.url()} → ${r.status()} ${(await r.text().catch(() => '')).slice(0, 400)}`);
  });
  const shot = async (name, opts = {}) => {
    const file = path.join(OUT, `admin-hearing-schedule-${name}.png`);
    await page.screenshot({ path: file, ...opts });
    console.log(`    → ${path.relative(root, file)}`);
  };
  const events = page.getByTestId('event');
  /** Waits until the grid shows the week of `weekStart` (YYYY-MM-DD) with its data loaded. */
  const weekShown = async (date) => {
    await page.locator(`[data-testid="day-column"][data-date="${date}"]`).first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
  };
  /** Picks a resource: the group in the first select, then the resource in the combobox by text. */
  async function pick(group, text) {
    await page.getByRole('combobox', { name: '类别' }).click();
    await page.getByRole('option', { name: new RegExp(`^${group}（`) }).click();
    const box = page.getByRole('combobox', { name: '日程对象' });
    await box.click();
    await box.fill(text);
    await page
      .getByRole('option', { name: new RegExp(text) })
      .first()
      .click();
    await box.blur();
    await page.waitForLoadState('networkidle');
  }

  log(`log in at ${BASE}/admin`);
  await page.goto(`${BASE}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.includes('/auth/'), { timeout: 60000 });
  await page
    .getByText('Introducing the new Media Library')
    .locator('xpath=ancestor::div[.//button][1]')
    .getByRole('button')
    .last()
    .click({ timeout: 5000 })
    .catch(() => {});

  const now = Date.now();
  const thisMonday = dayOf(monday(now));
  const nextMonday = dayOf(monday(now) + 7 * DAY);

  log('open 听证排期 from the menu: the first person, this week');
  await page.getByRole('link', { name: '听证排期' }).click();
  await page.waitForURL(/hearing-schedule/);
  await weekShown(thisMonday);
  check((await page.getByTestId('day-column').count()) === 7, 'seven day columns');
  await shot('01-default');

  log('the leader 孙建国, this week: the joint consultation');
  await pick('人员', '孙建国');
  await weekShown(thisMonday);
  check((await events.count()) >= 1, 'the joint consultation shows this week');
  await shot('02-leader-this-week');

  log('next week: the tripartite review and the petition hearing');
  await page.getByRole('button', { name: '下一周' }).click();
  await weekShown(nextMonday);
  check((await events.count()) >= 2, 'two hearings next week');
  check(
    (await page.locator('[data-testid="event"][data-type="hearing"]').count()) === (await events.count()),
    'only hearings for a staff member',
  );
  await shot('03-leader-next-week');

  log('the expert 周律师 next week: the tripartite review and the consultation, in two colours');
  await pick('专家', '周律师');
  await weekShown(nextMonday);
  check((await page.locator('[data-testid="event"][data-type="hearing"]').count()) >= 1, 'a hearing for the expert');
  check((await page.locator('[data-testid="event"][data-type="consultation"]').count()) >= 1, 'a consultation for the expert');
  await shot('04-expert-next-week');

  log('the room 东湖区听证室 next week: the petition hearing');
  await pick('会议室', '东湖区听证室');
  await weekShown(nextMonday);
  check((await events.count()) >= 1, 'the petition hearing in the room');
  await shot('05-room-next-week');

  log('back to this week, then on to the New Year week (元旦 shaded as days off)');
  await page.getByRole('button', { name: '本周' }).click();
  await weekShown(thisMonday);
  const newYear = monday(Date.parse('2027-01-01T12:00:00+08:00'));
  const weeks = Math.round((newYear - monday(now)) / (7 * DAY));
  for (let i = 0; i < weeks; i += 1) {
    await page.getByRole('button', { name: '下一周' }).click();
    await weekShown(dayOf(monday(now) + (i + 1) * 7 * DAY));
  }
  check(
    (await page.locator('[data-testid="day-column"][data-date="2027-01-01"]').getAttribute('data-working')) === 'false',
    '2027-01-01 is a day off',
  );
  await shot('06-new-year-week');

  log('wide screen, the same resource by deep link (?resource=&week=), next week');
  await page.setViewportSize({ width: 1920, height: 1100 });
  await page.goto(`${PAGE_URL}?resource=${encodeURIComponent(new URL(page.url()).searchParams.get('resource'))}&week=${nextMonday}`);
  await weekShown(nextMonday);
  await shot('07-wide');

  check(consoleErrors.length === 0, `page errors: ${consoleErrors.join(' | ')}`);
  await browser.close();
  console.log(`\nOK — screenshots in ${path.relative(root, OUT)}/admin-hearing-schedule-*.png`);
}

main().catch(async (e) => {
  console.error(`\nFAILED at step ${step}: ${e.stack || e}`);
  if (page) await page.screenshot({ path: path.join(OUT, 'admin-hearing-schedule-failure.png'), fullPage: true }).catch(() => {});
  process.exit(1);
});
