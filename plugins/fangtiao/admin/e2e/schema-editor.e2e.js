#!/usr/bin/env node
'use strict';
/**
 * Walks the case-type form-schema editor in a real admin panel (plain node script, not a
 * jest test): create a case type, add three fields of different types, set a display
 * condition, reorder, try the preview, see an inline check, save, reload, and see a
 * server-side refusal. Screenshots go to test/artifacts/admin-*.png.
 *
 *   ADMIN_EMAIL=… ADMIN_PASSWORD=… [BASE_URL=http://localhost:1340] \
 *     node plugins/fangtiao/admin/e2e/schema-editor.e2e.js
 *
 * The app must be running (e.g. PORT=1340 DATABASE_FILENAME=.tmp/editor.db
 * FANGTIAO_DEMO=true npx strapi start; the demo prints the admin login once).
 */
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../../../..');
const BASE = (process.env.BASE_URL || 'http://localhost:1340').replace(/\/$/, '');
const EMAIL = process.env.ADMIN_EMAIL;
const PASSWORD = process.env.ADMIN_PASSWORD;
const OUT = process.env.ARTIFACTS || path.join(root, 'test', 'artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CREATE_URL = `${BASE}/admin/content-manager/collection-types/api::case-type.case-type/create`;

if (!EMAIL || !PASSWORD) {
  console.error('Set ADMIN_EMAIL and ADMIN_PASSWORD (FANGTIAO_DEMO prints them on the first start).');
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

let step = 0;
const log = (msg) => console.log(`${String(++step).padStart(2)}. ${msg}`);
function check(cond, msg) {
  if (!cond) throw new Error(`check failed: ${msg}`);
}

let page;

async function main() {
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
    if (r.url().includes('/content-manager/collection-types/') && r.status() >= 400) {
      console.log(`    ${r.request().method()} → ${r.status()} ${(await r.text().catch(() => '')).slice(0, 400)}`);
    }
  });
  const shot = async (name, opts = {}) => {
    const file = path.join(OUT, `admin-${name}.png`);
    await page.screenshot({ path: file, ...opts });
    console.log(`    → ${path.relative(root, file)}`);
  };
  const editor = page.getByTestId('form-schema-editor');
  const rows = editor.getByTestId('schema-field-row');
  const dialog = page.getByRole('dialog');

  /** Picks `option` in the design-system select labelled `label` (inside `scope`). */
  async function choose(scope, label, option) {
    await scope.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  /** Adds a field through the editor dialog; `extra` fills the type-specific parts. */
  async function addField({ label, key, type, required, extra }) {
    await editor.getByRole('button', { name: '添加字段' }).first().click();
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: '名称', exact: true }).fill(label);
    await dialog.getByRole('textbox', { name: '标识', exact: true }).fill(key);
    await choose(dialog, '类型', type);
    if (required) await dialog.getByRole('checkbox', { name: '必填' }).click();
    if (extra) await extra();
    await dialog.getByRole('button', { name: '添加', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  // ---------------------------------------------------------------------------------
  log(`log in at ${BASE}/admin`);
  await page.goto(`${BASE}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(EMAIL);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.includes('/auth/'), { timeout: 60000 });
  // the "new Media Library" banner only crowds the screenshots
  await page
    .getByText('Introducing the new Media Library')
    .locator('xpath=ancestor::div[.//button][1]')
    .getByRole('button')
    .last()
    .click({ timeout: 5000 })
    .catch(() => {});

  log('open Content Manager → 案件类型 → create');
  await page.goto(CREATE_URL);
  await editor.waitFor({ timeout: 90000 });
  const code = `e2e-${Date.now().toString(36)}`;
  await page.locator('input[name="name"]').fill('邻里纠纷（编辑器测试）');
  await page.locator('input[name="code"]').fill(code);
  await editor.scrollIntoViewIfNeeded();
  await shot('01-empty');

  log('add field 1: 单选 纠纷类别 with two options, required');
  await addField({
    label: '纠纷类别',
    key: 'disputeKind',
    type: '单选',
    required: true,
    extra: async () => {
      await dialog.getByLabel('第1个选项的名称').fill('土地纠纷');
      await dialog.getByLabel('第1个选项的存储值').fill('land');
      await dialog.getByRole('button', { name: '添加选项' }).click();
      await dialog.getByLabel('第2个选项的名称').fill('其他');
      await dialog.getByLabel('第2个选项的存储值').fill('other');
      await shot('02-editor-select');
    },
  });

  log('add field 2: 多行文字 其他类别说明, shown only when 纠纷类别 = 其他');
  await addField({
    label: '其他类别说明',
    key: 'otherKind',
    type: '多行文字',
    extra: async () => {
      await dialog.getByLabel('填写说明').fill('请简要说明纠纷的性质');
      await dialog.getByText('仅当…时显示').click();
      await choose(dialog, '依据字段', '纠纷类别 · disputeKind');
      await choose(dialog, '取值', '其他');
      await shot('03-editor-condition');
    },
  });

  log('add field 3: 金额 争议金额, minimum 0');
  await addField({
    label: '争议金额',
    key: 'amount',
    type: '金额',
    extra: async () => {
      await dialog.getByLabel('最小金额（元）').fill('0');
    },
  });
  check((await rows.count()) === 3, 'three rows');
  await editor.scrollIntoViewIfNeeded();
  await shot('04-three-fields');

  log('reorder: move 争议金额 up to second place');
  await rows.nth(2).getByRole('button', { name: '上移' }).click();
  const order = await rows.allInnerTexts();
  check(
    order[1].includes('争议金额') && order[2].includes('其他类别说明'),
    `order after move: ${order.map((t) => t.split('\n')[1]).join(' / ')}`,
  );

  log('preview: choose 其他 → 其他类别说明 appears');
  const preview = editor.getByTestId('schema-preview');
  check(!(await preview.getByText('其他类别说明', { exact: true }).isVisible()), 'conditional field hidden at first');
  await choose(preview, '纠纷类别', '其他');
  await preview.getByText('其他类别说明', { exact: true }).first().waitFor();
  await preview.getByRole('button', { name: '试填校验' }).click();
  await editor.scrollIntoViewIfNeeded();
  await shot('05-reordered-preview');

  log('inline check: a duplicate key is refused in the dialog');
  await editor.getByRole('button', { name: '添加字段' }).first().click();
  await dialog.getByRole('textbox', { name: '名称', exact: true }).fill('重复的字段');
  await dialog.getByRole('textbox', { name: '标识', exact: true }).fill('amount');
  await dialog.getByRole('button', { name: '添加', exact: true }).click();
  await dialog
    .getByText(/已被第2个字段「争议金额」使用/)
    .first()
    .waitFor();
  await shot('06-inline-check');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  check((await rows.count()) === 3, 'still three rows after cancel');

  log('duplicate, edit and delete');
  await rows.nth(0).getByRole('button', { name: '复制' }).click();
  check((await rows.count()) === 4, 'a copy was added');
  check((await rows.nth(1).innerText()).includes('disputeKind_copy'), 'the copy has a fresh key');
  await rows.nth(1).getByRole('button', { name: '编辑' }).click();
  await dialog.getByText('编辑字段：纠纷类别（副本）').waitFor();
  await dialog.getByRole('textbox', { name: '名称', exact: true }).fill('纠纷类别（旧）');
  await dialog.getByRole('button', { name: '确定', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  check((await rows.nth(1).innerText()).includes('纠纷类别（旧）'), 'edit applied');
  await rows.nth(1).getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
  check((await rows.count()) === 3, 'the copy was deleted');
  await rows.nth(0).getByRole('button', { name: '删除' }).click();
  await page
    .getByRole('alertdialog')
    .getByText(/的显示条件依据这个字段/)
    .waitFor();
  await page.waitForTimeout(400); // the dialog fades in
  await shot('06b-delete-dialog');
  await page.getByRole('alertdialog').getByRole('button', { name: '取消' }).click();
  check((await rows.count()) === 3, 'deleting the controller was cancelled');

  log('save');
  await page.getByRole('button', { name: /^(Save|保存)$/ }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/create'), { timeout: 30000 });
  await editor.waitFor();
  await rows.first().waitFor();
  await page.waitForTimeout(500);
  await shot('07-saved');

  log('reload: the saved schema comes back in the same order');
  await page.reload();
  await editor.waitFor();
  const after = await rows.allInnerTexts();
  check(after.length === 3, `3 rows after reload (got ${after.length})`);
  check(after[0].includes('纠纷类别') && after[1].includes('争议金额') && after[2].includes('其他类别说明'), 'order kept');
  check(after[2].includes('仅当「纠纷类别」为「其他」时显示'), 'condition kept');

  log('server check: a duplicate key typed into the JSON view is refused on save');
  await editor.getByRole('button', { name: /高级：JSON/ }).click();
  const json = editor.locator('.cm-content');
  await json.waitFor();
  const doc = JSON.parse(await json.innerText());
  doc.fields[2].key = 'disputeKind';
  doc.fields[2].visibleWhen = undefined;
  await json.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(doc, null, 1));
  await editor
    .getByText(/字段标识“disputeKind”重复/)
    .first()
    .waitFor();
  const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('case-type'));
  await page.getByRole('button', { name: /^(Save|保存)$/ }).click();
  check((await refused).status() === 400, 'the server refuses the duplicate key');
  // Strapi shows the server's message as a notification and puts the saved document back
  // into the form (5.54); the editor lists the errors and can bring the refused edit back.
  await editor.getByText('保存失败：表单结构有误').waitFor({ timeout: 15000 });
  await editor.scrollIntoViewIfNeeded();
  await shot('08-server-refusal');
  await editor.getByRole('button', { name: '找回被拒绝的修改' }).click();
  await rows
    .nth(2)
    .getByText(/字段标识“disputeKind”重复/)
    .waitFor();
  await shot('08b-restored');

  log('wide screen: list and preview side by side');
  await page.setViewportSize({ width: 1920, height: 1200 });
  await page.reload();
  await editor.waitFor();
  await rows.first().waitFor();
  await editor.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot('09-wide');

  check(consoleErrors.length === 0, `page errors: ${consoleErrors.join(' | ')}`);
  await browser.close();
  console.log(`\nOK — case type ${code} saved with 3 fields; screenshots in ${path.relative(root, OUT)}/admin-*.png`);
}

main().catch(async (e) => {
  console.error(`\nFAILED at step ${step}: ${e.stack || e}`);
  if (page) await page.screenshot({ path: path.join(OUT, 'admin-failure.png'), fullPage: true }).catch(() => {});
  process.exit(1);
});
