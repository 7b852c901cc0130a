/**
 * The credit-flag due process on the desk, in a real browser: a clerk proposes a flag on the
 * case page, a reviewer approves it on the flag page #/credit/<id>, the clerk issues the notice
 * and downloads it, records an objection with an attachment, the reviewer dismisses it, the
 * objection window passes (moved in the database), the reviewer activates the flag, the clerk
 * applies for repair and the reviewer grants it — each step seen on the flag page, in its
 * history and in the 信用审核 tab. Refusals: a move not yet allowed is explained on the page,
 * the server's 409 reason is shown when a desk with a wrong clock tries it anyway, and 400s go
 * to their fields.
 *
 * Chromium: Debian's /usr/bin/chromium. Screenshots: test/artifacts/desk-credit-*.png.
 */
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import type { Page } from 'playwright-core';
import { DESKTOP, deskBrowser } from '../helpers/browser';
import { startStrapi } from '../helpers/strapi';
import { api, attachSignedScan, idNumber, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';

const FLAG = 'plugin::fangtiao.credit-flag';
const RESPONDENT_ID = idNumber('990102', '19750505', '456');

const desk = deskBrowser({ prefix: 'desk-credit', expectedStatuses: [400, 409] });
const { newPage, login, shot, problems } = desk;

let strapi: Core.Strapi;
let base: string;
let orgs: Map<string, string>;
let clerk: TestUser;
let reviewer: TestUser;
let reviewer2: TestUser; // decides the objection: neither proposed nor approved the flag
let mediator: TestUser;
let petition: string;
let flagId: string;

/** The login form is rate-limited (per IP): after the first logins, the user's token goes straight into the session. */
async function signIn(page: Page, user: TestUser) {
  await page.addInitScript((jwt) => sessionStorage.setItem('fangtiao.desk.jwt', jwt), user.jwt);
  await page.goto(`${base}/desk`);
  await page.locator('.tabs').waitFor();
}

/** Opens the flag page (a fresh load) and waits for the flag in `state`. */
async function openFlag(page: Page, state: string) {
  await page.goto(`${base}/desk/#/credit/${flagId}`);
  await page.reload();
  await page.locator(`.cr-header[data-state="${state}"]`).waitFor();
}

/** Opens a move's form, submits it, and waits for the flag in its new state. */
async function move(page: Page, button: string, submit: string, state: string, fill?: () => Promise<void>) {
  await page.locator('#credit-actions').getByRole('button', { name: button, exact: true }).click();
  if (fill) await fill();
  await page.locator('#credit-actions form').getByRole('button', { name: submit }).click();
  await page.locator(`.cr-header[data-state="${state}"]`).waitFor({ timeout: 60000 });
  await page.locator('.messages .banner-success').waitFor();
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const historyActions = (page: Page) => page.locator('#history .tl').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action));

beforeAll(async () => {
  strapi = await startStrapi();
  base = await desk.open(strapi);
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
  reviewer2 = await makeUser(strapi, 'reviewer', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  // A case mediated to success, its agreement issued.
  const input = petitionInput(orgs.get('990102002')!, { subject: '新桥村排水沟疏通协议未履行' });
  input.data.parties.push({ name: '李四', role: 'respondent', idNumber: RESPONDENT_ID, address: '新桥村1组', ...CONSENTS } as any);
  petition = (await api(strapi, clerk).post('/api/petitions', input)).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const step = (who: TestUser, action: string, body: object = {}) =>
    api(strapi, who).post(`/api/petitions/${petition}/transition`, { action, input: body });
  expect((await step(clerk, 'accept')).status).toBe(200);
  expect((await step(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
  const ok = await step(mediator, 'mediation_success', {
    agreedTerms: '李四疏通排水沟',
    terms: [{ obligor: '李四', what: '疏通排水沟', where: '新桥村1组', byWhen: '2026-01-15' }],
    facts: '双方因排水沟堵塞发生纠纷',
    disputes: '排水沟疏通责任',
  });
  expect(ok.status).toBe(200);
  const agreement = await api(strapi, mediator).post(`/api/petitions/${petition}/documents/mediation-agreement`);
  expect(agreement.status).toBe(201);
  await attachSignedScan(strapi, clerk, agreement.body.data.documentId); // the signed version a flag must rest on
});

afterAll(() => desk.close());

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

describe('信用记录：全程', () => {
  test('the clerk proposes on the case page and follows the card to the flag page', async () => {
    const { context, page } = await newPage();
    await login(page, clerk.username);
    await page.goto(`${base}/desk/#/case/${petition}`);
    const card = page.locator('#credit');
    await card.getByRole('button', { name: '提请信用记录' }).click();
    await card.getByLabel('当事人').selectOption({ label: `李四（${RESPONDENT_ID}）` });
    await card.getByLabel('失信情形').selectOption({ label: '拒不履行人民调解协议' });
    await card.locator('.cr-evidence input[type=checkbox]').first().check();
    await card.getByLabel('失信事实').fill('调解协议约定李四于2026年1月15日前疏通排水沟，经人民调解委员会两次督促，至今未履行。');
    await card.getByRole('button', { name: '提请审核' }).click();
    const item = card.locator('.cr-item[data-state="proposed"]');
    await item.waitFor();
    await item.getByRole('link', { name: '查看详情' }).click();
    await page.locator('.cr-header[data-state="proposed"]').waitFor();
    flagId = decodeURIComponent(page.url().split('#/credit/')[1]);
    const header = page.locator('.cr-header');
    expect(await header.textContent()).toContain('李四');
    // The proposer handles the flag: the ID number in clear.
    expect(await header.locator('dd.mono').textContent()).toBe(RESPONDENT_ID);
    expect(await page.locator('.cr-legal').textContent()).toContain('人民调解法》第三十一条');
    // A clerk cannot review: no move, the reason said.
    expect(await page.locator('#credit-actions button[data-action]').count()).toBe(0);
    expect(await page.locator('.cr-waiting').textContent()).toContain('等待信用审核员审核');
    expect(await historyActions(page)).toEqual(['propose']);
    await shot(page, 'proposed');
    await context.close();
  });

  test('the reviewer finds it under 待审核 and approves it on the flag page', async () => {
    const { context, page } = await newPage();
    await login(page, reviewer.username);
    await page.getByRole('link', { name: '信用审核' }).click();
    await page.locator('.cr-filter[data-tab="proposed"].is-on .cr-count').filter({ hasText: '1' }).waitFor();
    const item = page.locator(`.cr-item[data-flag="${flagId}"]`);
    await item.waitFor();
    await shot(page, 'review-list');
    await item.getByRole('link', { name: '查看详情' }).click();
    await page.locator('.cr-header[data-state="proposed"]').waitFor();
    await move(page, '审核通过', '确认通过', 'approved', () => page.getByLabel('审核意见（可选）').fill('事实清楚，证据充分。'));
    expect(await page.locator('.messages').textContent()).toContain('审核通过');
    expect(await historyActions(page)).toEqual(['propose', 'approve']);
    expect(await page.locator('#history .tl[data-action="approve"]').textContent()).toContain('事实清楚，证据充分');
    await context.close();
  });

  test('the clerk issues the notice and downloads the PDF; the objection window is shown', async () => {
    const { context, page } = await newPage();
    await signIn(page, clerk);
    await openFlag(page, 'approved');
    await page.locator('#credit-actions').getByRole('button', { name: '出具告知书', exact: true }).click();
    await shot(page, 'notify-form');
    await page.locator('#credit-actions form').getByRole('button', { name: '确认出具' }).click();
    await page.locator('.cr-header[data-state="notified"]').waitFor({ timeout: 60000 });
    const notice = page.locator('#credit-notice li[data-doc="credit-notice"]');
    expect(await notice.textContent()).toMatch(/拟纳入失信记录告知书.*第1版/);
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      notice.getByRole('button', { name: '下载告知书' }).click(),
    ]);
    expect(
      fs
        .readFileSync((await file.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    // Issued is not delivered: the window starts when the clerk records the delivery.
    expect(await page.locator('.cr-dates').textContent()).toContain('待送达');
    // Each step's deadline and who must act: the delivery (5 working days), then the window (from delivery).
    expect(await page.locator('#credit-deadlines li[data-of="notice"]').textContent()).toMatch(
      /拟纳入失信记录告知书送达\s*\d{4}-\d{2}-\d{2}前[\s\S]*经办：信访干部或信用审核员/,
    );
    expect(await page.locator('#credit-deadlines li[data-key="objection-window"]').textContent()).toMatch(
      /异议期（自告知书送达之日起计算）[\s\S]*期限待起算[\s\S]*经办：当事人或其代理律师/,
    );
    await move(page, '登记送达', '确认送达', 'notified', async () => {
      const form = page.locator('#credit-actions form');
      await form.getByLabel('拟纳入失信记录告知书', { exact: true }).check();
      await form.getByLabel('直接送达（签收）').check();
      await form.getByLabel('送达日期（YYYY-MM-DD）').fill(shanghaiToday());
      await form.getByLabel(/^送达凭证/).fill('李四本人签收');
    });
    // The state stays 'notified', so the move's wait returns at once: wait for the delivery itself.
    let flag: any = null;
    for (let i = 0; i < 100 && !flag?.objectionDeadline; i += 1) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      flag = await strapi.db.query(FLAG).findOne({ where: { documentId: flagId } });
    }
    const deadline = new Date(new Date(flag.objectionDeadline).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.locator('.cr-deadline', { hasText: deadline }).waitFor({ timeout: 30000 });
    expect(await page.locator('.cr-deadline').textContent()).toContain(deadline);
    expect(await page.locator('.cr-deadline').getAttribute('data-open')).toBe('true');
    await page.locator('#credit-deadlines li[data-key="objection-window"]', { hasText: `${deadline}前` }).waitFor();
    expect(await page.locator('#credit-deadlines li[data-of="notice"]').count()).toBe(0);
    expect(await historyActions(page)).toEqual(['propose', 'approve', 'notify', 'deliver']);
    expect(await page.locator('#history .tl[data-action="deliver"]').textContent()).toContain(`异议期至 ${deadline}`);
    await shot(page, 'notified');
    await context.close();
  });

  test("inside the window activation is not offered yet, in the server's words — and a page left open gets the server's refusal", async () => {
    const { context, page } = await newPage();
    await signIn(page, reviewer);
    await openFlag(page, 'notified');
    const activate = page.locator('#credit-actions button[data-action="activate"]');
    expect(await activate.isDisabled()).toBe(true);
    expect(await page.locator('.cr-why[data-action="activate"]').textContent()).toMatch(/异议期至\d{4}-\d{2}-\d{2}届满.*起可确认生效/);
    await shot(page, 'activate-not-yet');
    await context.close();

    // A page opened when the window looked over (the deadline moved back meanwhile): the server refuses and says why.
    const row = await strapi.db.query(FLAG).findOne({ where: { documentId: flagId } });
    await strapi.db.query(FLAG).update({ where: { id: row.id }, data: { objectionDeadline: new Date(Date.now() - 60_000) } });
    const w = await newPage(DESKTOP);
    await signIn(w.page, reviewer);
    await openFlag(w.page, 'notified');
    await strapi.db.query(FLAG).update({ where: { id: row.id }, data: { objectionDeadline: row.objectionDeadline } });
    await w.page.locator('#credit-actions').getByRole('button', { name: '确认生效', exact: true }).click();
    await w.page.locator('#credit-actions form').getByRole('button', { name: '确认记录生效' }).click();
    const error = w.page.locator('#credit-actions .panel-error:not([hidden])');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/未能办理：异议期至\d{4}-\d{2}-\d{2}届满，期满前不能确认生效/);
    await shot(w.page, 'activate-refused-desktop');
    await w.context.close();
    expect((await strapi.db.query(FLAG).findOne({ where: { documentId: flagId } })).state).toBe('notified');
  });

  test("the clerk records the person's objection with an attachment (the text is required)", async () => {
    const { context, page } = await newPage();
    await signIn(page, clerk);
    await openFlag(page, 'notified');
    await page.locator('#credit-actions').getByRole('button', { name: '登记异议', exact: true }).click();
    const form = page.locator('#credit-actions form');
    await form.getByRole('button', { name: '提交异议' }).click();
    await form.locator('.field.has-error').waitFor();
    expect(await form.locator('.field.has-error .field-error').textContent()).toBe('请填写异议内容');
    await form.getByLabel('异议内容').fill('排水沟已部分疏通，另有邻居阻挠施工，附村委会情况说明。');
    await form
      .getByLabel(/附件/)
      .setInputFiles({ name: '异议书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% objection letter\n') });
    await shot(page, 'objection-form');
    await form.getByRole('button', { name: '提交异议' }).click();
    await page.locator('.cr-header[data-state="objected"]').waitFor();
    const objection = page.locator('#objection');
    expect(await objection.textContent()).toContain('邻居阻挠施工');
    const [file] = await Promise.all([page.waitForEvent('download'), objection.getByRole('button', { name: '下载附件' }).click()]);
    expect(fs.readFileSync((await file.path())!).toString()).toContain('objection letter');
    expect(await historyActions(page)).toEqual(['propose', 'approve', 'notify', 'deliver', 'lodge_objection']);
    // Who decides, by when: a reviewer who neither proposed nor approved, in 5 working days.
    expect(await page.locator('#credit-deadlines li[data-key="objection-decision"]').textContent()).toMatch(
      /异议审查决定\s*\d{4}-\d{2}-\d{2}前[\s\S]*既非提请人也非审核通过人/,
    );
    await shot(page, 'objected');
    await context.close();
  });

  test('another reviewer dismisses the objection (reasons required); activation still waits for the window', async () => {
    const { context, page } = await newPage();
    await signIn(page, reviewer2);
    await page.goto(`${base}/desk/#/credit-review?tab=objected`);
    await page.locator(`.cr-item[data-flag="${flagId}"]`).getByRole('link', { name: '查看详情' }).click();
    await page.locator('.cr-header[data-state="objected"]').waitFor();
    await page.locator('#credit-actions').getByRole('button', { name: '异议审查决定', exact: true }).click();
    const form = page.locator('#credit-actions form');
    await form.getByLabel('异议不成立').check();
    await form.getByRole('button', { name: '提交审查决定' }).click();
    await form.locator('.field.has-error').waitFor();
    expect(await form.locator('.field.has-error .field-error').textContent()).toBe('请填写审查理由');
    await shot(page, 'decision-missing');
    await form.getByLabel('审查理由').fill('经现场核实，排水沟仍未疏通，所称阻挠无证据。');
    await form.getByRole('button', { name: '提交审查决定' }).click();
    await page.locator('.cr-header[data-state="dismissed"]').waitFor();
    expect(await page.locator('#objection .cr-decision').textContent()).toContain('异议不成立');
    expect(await page.locator('#credit-actions button[data-action="activate"]').isDisabled()).toBe(true);
    expect(await page.locator('.cr-why[data-action="activate"]').textContent()).toContain('起可确认生效');
    expect(await page.locator('#history .tl[data-action="decide_objection"]').textContent()).toMatch(/异议不成立[\s\S]*经现场核实/);
    // The decision in writing: the 异议处理决定书 PDF, due for delivery to the person.
    const decision = page.locator('#credit-notice li[data-doc="credit-objection-decision"]');
    expect(await decision.textContent()).toMatch(/异议处理决定书.*第1版/);
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      decision.getByRole('button', { name: '下载异议处理决定书' }).click(),
    ]);
    expect(
      fs
        .readFileSync((await file.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await page.locator('#credit-deadlines li[data-of="objection-decision"]').textContent()).toMatch(
      /异议处理决定送达\s*\d{4}-\d{2}-\d{2}前[\s\S]*经办：信访干部或信用审核员/,
    );
    await shot(page, 'objection-decision');
    await context.close();
  });

  test('after the window the reviewer activates the flag', async () => {
    await strapi.db.query(FLAG).update({ where: { documentId: flagId }, data: { objectionDeadline: new Date(Date.now() - 60_000) } });
    const { context, page } = await newPage();
    await signIn(page, reviewer);
    await page.goto(`${base}/desk/#/credit-review?tab=to-activate`);
    await page.locator(`.cr-item[data-flag="${flagId}"]`).waitFor();
    await openFlag(page, 'dismissed');
    expect(await page.locator('.cr-deadline').getAttribute('data-open')).toBe('false');
    // The objection decision must reach the person before the flag goes active.
    expect(await page.locator('.cr-why[data-action="activate"]').textContent()).toContain('异议处理决定尚未送达');
    await move(page, '登记送达', '确认送达', 'dismissed', async () => {
      const form = page.locator('#credit-actions form');
      await form.getByLabel('异议处理决定', { exact: true }).check();
      await form.getByLabel('邮寄送达').check();
      await form.getByLabel('送达日期（YYYY-MM-DD）').fill(shanghaiToday());
      await form.getByLabel(/^送达凭证/).fill('EMS1234567890CN');
    });
    await move(page, '确认生效', '确认记录生效', 'active');
    const flag = await strapi.db.query(FLAG).findOne({ where: { documentId: flagId } });
    const expires = new Date(new Date(flag.expiresAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await page.locator('.cr-dates').textContent()).toContain(expires);
    expect(await page.locator('#history .tl[data-action="activate"]').textContent()).toContain(`保存期限至 ${expires}`);
    // Expiry is not offered before the retention ends.
    expect(await page.locator('.cr-why[data-action="expire"]').textContent()).toContain(`保存期限至${expires}`);
    await shot(page, 'active');
    await context.close();
  });

  test('the clerk applies for repair; it shows under 修复待决', async () => {
    const { context, page } = await newPage();
    await signIn(page, clerk);
    await openFlag(page, 'active');
    await page.locator('#credit-actions').getByRole('button', { name: '申请信用修复', exact: true }).click();
    const form = page.locator('#credit-actions form');
    await form.getByLabel('当事人本人').check();
    await form.getByLabel('修复申请内容').fill('李四已于2026年3月疏通排水沟，附村委会证明。');
    // Received in person: without the person's signed application nothing is lodged.
    await form.getByRole('button', { name: '提交修复申请' }).click();
    await form.locator('.field.has-error').waitFor();
    expect(await form.locator('.field.has-error .field-error').textContent()).toContain('签名的信用修复申请书');
    await form.getByLabel(/修复申请书及附件/).setInputFiles({
      name: '修复申请书.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% signed repair application\n'),
    });
    await form.getByRole('button', { name: '提交修复申请' }).click();
    await page.locator('.cr-header .cr-pending').waitFor();
    expect(await page.locator('#repair').textContent()).toContain('待信用审核员审核');
    expect(await page.locator('#repair .cr-meta').textContent()).toContain(`当事人本人现场提出，由${clerk.username}登记`);
    expect(await page.locator('#repair li[data-doc="repair-attachment"]').count()).toBe(1);
    expect(await page.locator('#credit-deadlines li[data-key="repair-decision"]').textContent()).toContain('信用审核员（提请人以外）');
    expect(await page.locator('#credit-actions button[data-action="apply_repair"]').isDisabled()).toBe(true);
    expect(await page.locator('.cr-why[data-action="apply_repair"]').textContent()).toContain('已有待审核的信用修复申请');
    await page.getByRole('link', { name: '信用审核', exact: true }).click();
    await page.locator('.cr-filter[data-tab="repair"] .cr-count').filter({ hasText: '1' }).waitFor();
    await page.locator('.cr-filter[data-tab="repair"]').click();
    await page.locator(`.cr-item[data-flag="${flagId}"]`).waitFor();
    await shot(page, 'repair-list');
    await context.close();
  });

  test('the reviewer grants the repair; the history has every step', async () => {
    const { context, page } = await newPage(DESKTOP);
    await signIn(page, reviewer);
    await openFlag(page, 'active');
    await move(page, '信用修复审核', '提交审核结论', 'repaired', async () => {
      await page.getByLabel('准予修复').check();
      await page.getByLabel('标注已信用修复').check();
      await page.getByLabel('审核理由').fill('村委会证明排水沟已于3月疏通，协议已履行。');
    });
    expect(await page.locator('#repair .cr-decision').textContent()).toContain('准予修复（标注已信用修复）');
    expect(await page.locator('.cr-header .cr-state').first().textContent()).toBe('已信用修复（信用修复：标注已信用修复）');
    const written = page.locator('#credit-notice li[data-doc="credit-repair-decision"]');
    expect(await written.textContent()).toMatch(/信用修复决定书.*第1版/);
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 60000 }),
      written.getByRole('button', { name: '下载信用修复决定书' }).click(),
    ]);
    expect(
      fs
        .readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await page.locator('#credit-deadlines li[data-of="repair-decision"]').textContent()).toContain('信用修复决定送达');
    expect(await historyActions(page)).toEqual([
      'propose',
      'approve',
      'notify',
      'deliver',
      'lodge_objection',
      'decide_objection',
      'deliver',
      'activate',
      'apply_repair',
      'decide_repair',
    ]);
    expect(await page.locator('#history .tl[data-action="decide_repair"]').textContent()).toMatch(
      /生效 → 已信用修复[\s\S]*准予修复[\s\S]*经办：/,
    );
    // What is left: remove (clerk or reviewer), and delivering the repair decision to the person.
    expect(
      await page.locator('#credit-actions button[data-action]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action)),
    ).toEqual(['remove', 'deliver']);
    await shot(page, 'repaired-desktop');
    await context.close();

    const p = await newPage();
    await signIn(p.page, reviewer);
    await openFlag(p.page, 'repaired');
    await shot(p.page, 'repaired');
    await p.page.goto(`${base}/desk/#/case/${petition}`);
    await p.page.locator(`#credit .cr-item[data-state="repaired"] a[href="#/credit/${flagId}"]`).waitFor();
    await p.context.close();
  });
});
