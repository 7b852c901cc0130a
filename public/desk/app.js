// 访调 desk: login, my cases, register a petition, the case page. Hash routes:
//   #/login  #/cases?state=&q=&page=&backlog=  #/register  #/case/<documentId>
//   #/hearings/<documentId>  #/schedule?resource=&week=  (hearings/)
//   #/credit-review?tab=  (credit.js)  #/credit/<documentId>  (credit-flag.js)
//   #/backlog[/board|/<documentId>] (backlog.js)  #/handover (handover.js)  #/ledgers (ledgers.js)  #/availability (availability.js)
import * as api from './api.js';
import { h, append, clear, uid, fmtDate, fmtDateTime, toLocalInput, fromLocalInput, deadlineChip, stateChip, badge, clarityChip, spinner, banner, setBusy as busy } from './ui.js';
import * as L from './labels.js';
import { createForm, renderFormValues } from './form.js';
import { idNumberProblem, ID_NUMBER_MESSAGES, isValidPhone, PHONE_MESSAGE, stageOfState } from './vendor/form-rules.js';
import * as consult from './consult.js';
import * as inbox from './inbox.js';
import * as warnings from './warnings.js';
import * as credit from './credit.js';
import { READERS as HEARING_READERS, CALENDAR_ROLES } from './hearings/labels.js';
import { caseCard as hearingsCard } from './hearings/schedule-form.js';
import { renderHearing } from './hearings/hearing-page.js';
import { renderWeek } from './hearings/week.js';
import * as creditFlag from './credit-flag.js';
import * as infoRequests from './info-requests.js';
import * as search from './search.js';
import * as parties from './parties.js';
import * as casework from './casework.js';
import * as backlog from './backlog.js';
import { renderPackage } from './backlog-package.js';
import * as handover from './handover.js';
import * as ledgers from './ledgers.js';
import { renderAvailability } from './availability.js';
import * as attachments from './attachments.js';

const root = document.getElementById('app');
const app = { me: null, flash: null, ticket: 0, cache: new Map() };
const PAGE_SIZE = 25;
const CONCLUDED = ['concluded', 'review_requested', 'reviewed', 're_review_requested', 'final'];

// ---------------------------------------------------------------------------------------
// Routing

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || '') };
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function flash(kind, text) {
  app.flash = { kind, text };
}

api.auth.onExpired = () => {
  api.auth.token = null;
  app.me = null;
  app.cache.clear();
  flash('warn', '登录已失效，请重新登录');
  go('#/login');
};

async function route() {
  const ticket = (app.ticket += 1);
  const { parts, params } = parseHash();
  if (!api.auth.token) {
    if (parts[0] !== 'login') history.replaceState(null, '', '#/login');
    return renderLogin();
  }
  if (!app.me) {
    root.replaceChildren(spinner('正在读取用户信息…'));
    try {
      app.me = (await api.get('desk/me')).data;
    } catch (err) {
      if (err.status === 401 || err.status === 403) {
        api.auth.token = null;
        flash('error', err.status === 403 ? '当前账号不能使用工作台' : '登录已失效，请重新登录');
        return go('#/login');
      }
      root.replaceChildren(banner('error', `无法读取用户信息：${err.message}`, h('button', { class: 'btn', onclick: route }, '重试')));
      return;
    }
    if (ticket !== app.ticket) return;
  }
  switch (parts[0]) {
    case 'login':
      return go('#/cases');
    case 'case':
      return renderCase(parts[1], ticket);
    case 'consult':
      if (app.me.role === 'expert') return consult.renderDesk(shell('consult', '咨询任务'), workCtx());
      return go('#/cases');
    case 'consultations':
      return consult.open(parts[1], workCtx());
    case 'hearings':
      if (CALENDAR_ROLES.includes(app.me.role) && parts[1]) return renderHearing(shell('schedule', '会议'), parts[1], workCtx());
      return go('#/cases');
    case 'schedule':
      if (CALENDAR_ROLES.includes(app.me.role)) return renderWeek(shell('schedule', '日程'), workCtx(), params);
      return go('#/cases');
    case 'inbox':
      return inbox.renderInbox(shell('inbox', '消息'), workCtx(), params);
    case 'inbox-settings':
      return inbox.renderSettings(shell('inbox', '通知设置'), workCtx());
    case 'credit-review':
      if (credit.DESK_ROLES.includes(app.me.role)) return credit.renderReview(shell('credit-review', '信用审核'), workCtx(), params);
      return go('#/cases');
    case 'credit':
      if (credit.READERS.includes(app.me.role) && parts[1]) return creditFlag.renderFlag(shell(credit.DESK_ROLES.includes(app.me.role) ? 'credit-review' : 'cases', '信用记录'), parts[1], workCtx());
      return go('#/cases');
    case 'warnings':
      if (warnings.READERS.includes(app.me.role)) return warnings.renderWarnings(shell('warnings', '预警'), workCtx(), params);
      return go('#/cases');
    case 'search':
      if (search.SEARCHERS.includes(app.me.role)) return search.renderSearch(shell('search', '查找案件'), workCtx(), params);
      return go('#/cases');
    case 'backlog':
      if (!backlog.READERS.includes(app.me.role)) return go('#/cases');
      if (parts[1] === 'board') return backlog.renderBoard(shell('backlog', '红黑榜'), workCtx(), params);
      if (parts[1]) return renderPackage(shell('backlog', '包案'), workCtx(), parts[1]);
      return backlog.renderList(shell('backlog', '包案'), workCtx(), params);
    case 'handover':
      if (handover.READERS.includes(app.me.role)) return handover.renderHandover(shell('handover', '离任交接'), workCtx());
      return go('#/cases');
    case 'ledgers':
      if (ledgers.READERS.includes(app.me.role)) return ledgers.renderLedgers(shell('ledgers', '初信初访台账'), workCtx(), params);
      return go('#/cases');
    case 'availability':
      if (app.me.role === 'expert') return renderAvailability(shell('availability', '可预约时间'), workCtx());
      return go('#/cases');
    case 'register':
      if (app.me.role === 'clerk') return renderRegister(ticket);
      flash('warn', '只有信访干部可以登记信访事项');
      return go('#/cases');
    default:
      // Experts read no case lists: their desk is 咨询任务.
      if (app.me.role === 'expert') return go('#/consult');
      return renderCases(params, ticket);
  }
}

window.addEventListener('hashchange', route);

/** What the work screens (consult.js, …) need from the shell. */
const workCtx = () => ({ me: app.me, say, go, route, flash });

// ---------------------------------------------------------------------------------------
// Shell

function shell(active, title) {
  document.title = `${title} · 访调工作台`;
  const me = app.me;
  const who = me.fullName || me.username;
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '#/cases' }, h('span', { class: 'seal', 'aria-hidden': 'true' }, '访调'), h('span', { class: 'brand-text' }, h('strong', {}, '访调工作台'), h('small', {}, '信访与人民调解对接'))),
    h(
      'div',
      { class: 'user' },
      h('span', { class: 'user-text' }, h('strong', { class: 'user-name' }, who), h('small', {}, `${me.roleName || L.ROLES[me.role] || me.role}${me.organisation ? ` · ${me.organisation.name}` : ''}`)),
      inbox.bell(),
      h('button', { class: 'btn btn-ghost btn-small', type: 'button', onclick: logout }, '退出登录'),
    ),
  );
  const tabs = me.role === 'expert' ? [] : [['cases', '#/cases', '我的案件']];
  if (search.SEARCHERS.includes(me.role)) tabs.push(['search', '#/search', '查找']);
  if (me.role === 'clerk') tabs.push(['register', '#/register', '登记信访事项']);
  if (me.role === 'expert') tabs.push(['consult', '#/consult', '咨询任务'], ['availability', '#/availability', '可预约时间']);
  if (CALENDAR_ROLES.includes(me.role)) tabs.push(['schedule', '#/schedule', '日程']);
  if (warnings.READERS.includes(me.role)) tabs.push(['warnings', '#/warnings', '预警']);
  if (credit.DESK_ROLES.includes(me.role)) tabs.push(['credit-review', '#/credit-review', '信用审核']);
  if (backlog.READERS.includes(me.role)) tabs.push(['backlog', '#/backlog', '包案']);
  if (ledgers.READERS.includes(me.role)) tabs.push(['ledgers', '#/ledgers', '台账']);
  if (handover.READERS.includes(me.role)) tabs.push(['handover', '#/handover', '离任交接']);
  tabs.push(['inbox', '#/inbox', '消息']);
  // 考核指标: a separate page (public/desk/measures/) for the roles that may read the measures.
  if (['supervisor', 'leader', 'clerk'].includes(me.role)) tabs.push(['measures', '/desk/measures/', '考核指标']);
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': '主导航' },
    tabs.map(([key, href, text]) => h('a', { href, class: key === active ? 'tab active' : 'tab', 'aria-current': key === active ? 'page' : null }, text)),
  );
  const messages = h('div', { class: 'messages', id: 'messages' });
  if (app.flash) {
    messages.append(banner(app.flash.kind, app.flash.text));
    app.flash = null;
  }
  const main = h('main', { class: 'main', id: 'main' }, messages);
  root.replaceChildren(header, nav, main);
  // Phone width: the tabs scroll sideways; keep the active one in view.
  const on = nav.querySelector('.tab.active');
  if (on && on.offsetLeft + on.offsetWidth > nav.clientWidth) nav.scrollLeft = on.offsetLeft - 8;
  window.scrollTo(0, 0);
  return main;
}

/** Shows a message at the top of the page (replacing earlier ones) and scrolls to it. */
function say(kind, text) {
  const box = document.getElementById('messages');
  if (!box) return;
  box.replaceChildren(banner(kind, text, h('button', { class: 'banner-close', type: 'button', 'aria-label': '关闭', onclick: () => box.replaceChildren() }, '×')));
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/** Ends the session on the server too: its tokens stop working on every instance at once. */
async function logout(e) {
  if (e?.currentTarget) e.currentTarget.disabled = true;
  await api.logout();
  app.me = null;
  app.cache.clear();
  flash('info', '已退出登录');
  go('#/login');
}

function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...children);
}

/** Cached GET of lists that rarely change (organisations, case types, pickers). */
async function cached(path) {
  if (!app.cache.has(path)) {
    const p = api.get(path).then((r) => r.data);
    app.cache.set(path, p);
    p.catch(() => app.cache.delete(path));
  }
  return app.cache.get(path);
}

const organisationsList = () => cached('organisations?pagination[pageSize]=100&sort=code');
const caseTypesList = () => cached('case-types?pagination[pageSize]=100&sort=name');

// ---------------------------------------------------------------------------------------
// Fields: a label, a control, its error line

function field({ label, required = false, help, control, focusEl, wide = false }) {
  const target = focusEl || control;
  const id = target.id || uid('fld');
  target.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  target.setAttribute('aria-describedby', `${id}-err`);
  const labelEl = h('label', { class: 'label', for: id }, label, required ? h('span', { class: 'req', title: '必填' }, ' *') : null);
  const wrap = h('div', { class: `field${wide ? ' field-wide' : ''}` }, labelEl, help ? h('p', { class: 'help' }, help) : null, control, err);
  return {
    wrap,
    control: target,
    label,
    labelEl,
    setError(messages) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter(Boolean);
      err.textContent = list.join('；');
      wrap.classList.toggle('has-error', list.length > 0);
      if (list.length) target.setAttribute('aria-invalid', 'true');
      else target.removeAttribute('aria-invalid');
    },
    focus() {
      target.focus();
      wrap.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
  };
}

const input = (attrs = {}) => h('input', { type: 'text', ...attrs });
const textarea = (attrs = {}) => h('textarea', { rows: 3, ...attrs });
function select(options, { placeholder = '请选择', value = '', ...attrs } = {}) {
  const el = h('select', attrs, placeholder !== null ? h('option', { value: '' }, placeholder) : null, options.map(([v, text]) => h('option', { value: String(v) }, text)));
  el.value = value;
  return el;
}

/** A summary of problems at the top of a form; each entry focuses its field. */
function problemSummary(box, problems, title = '提交未成功，请修正以下问题：') {
  if (!problems.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.replaceChildren(
    h('p', { class: 'summary-title' }, `${title}（共${problems.length}处）`),
    h(
      'ul',
      {},
      problems.map((p) =>
        h('li', {}, p.focus ? h('button', { type: 'button', class: 'linklike', onclick: p.focus }, `${p.label}：${p.message}`) : `${p.label ? `${p.label}：` : ''}${p.message}`),
      ),
    ),
  );
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
}


// ---------------------------------------------------------------------------------------
// Login

function renderLogin() {
  document.title = '登录 · 访调工作台';
  const username = input({ name: 'identifier', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false' });
  const password = input({ name: 'password', type: 'password', autocomplete: 'current-password' });
  const fUser = field({ label: '用户名', control: username });
  const fPass = field({ label: '密码', control: password });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, '登录');
  const messages = h('div', { class: 'messages', id: 'messages' });
  if (app.flash) {
    messages.append(banner(app.flash.kind, app.flash.text));
    app.flash = null;
  }
  const form = h(
    'form',
    { class: 'login-card card', novalidate: true, onsubmit: onSubmit },
    h('div', { class: 'login-head' }, h('span', { class: 'seal seal-large', 'aria-hidden': 'true' }, '访调'), h('h1', {}, '访调工作台'), h('p', { class: 'muted' }, '信访事项登记 · 人民调解对接')),
    messages,
    fUser.wrap,
    fPass.wrap,
    submit,
  );
  root.replaceChildren(h('div', { class: 'login-page' }, form, h('p', { class: 'login-foot muted' }, '仅限授权工作人员使用，操作将被记录')));
  username.focus();

  async function onSubmit(e) {
    e.preventDefault();
    fUser.setError(username.value.trim() ? [] : ['请输入用户名']);
    fPass.setError(password.value ? [] : ['请输入密码']);
    if (!username.value.trim()) return username.focus();
    if (!password.value) return password.focus();
    busy(submit, true, '正在登录…');
    messages.replaceChildren();
    try {
      const res = await api.post('auth/local', { identifier: username.value.trim(), password: password.value });
      api.auth.signIn(res);
      app.me = null;
      app.cache.clear();
      go('#/cases');
    } catch (err) {
      busy(submit, false);
      messages.replaceChildren(banner('error', err.status === 400 ? '用户名或密码不正确' : err.message));
      password.select();
    }
  }
}

// ---------------------------------------------------------------------------------------
// My cases

function listFilters(params) {
  const pairs = [];
  const state = params.get('state');
  const q = (params.get('q') || '').trim();
  if (state) pairs.push(['filters[state][$eq]', state]);
  if (q) pairs.push(['filters[$or][0][subject][$containsi]', q], ['filters[$or][1][referenceNo][$containsi]', q]);
  if (params.get('backlog') === '1') pairs.push(['filters[isBacklog][$eq]', 'true']);
  return pairs;
}

/** The same filters as an object, for the API calls that take a JSON body. */
function listFilterObject(params) {
  const and = [];
  const state = params.get('state');
  const q = (params.get('q') || '').trim();
  if (state) and.push({ state: { $eq: state } });
  if (q) and.push({ $or: [{ subject: { $containsi: q } }, { referenceNo: { $containsi: q } }] });
  if (params.get('backlog') === '1') and.push({ isBacklog: { $eq: true } });
  return and.length ? { $and: and } : undefined;
}

function casesHash(params, changes = {}) {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === '' || v === null || v === undefined) next.delete(k);
    else next.set(k, String(v));
  }
  const s = next.toString();
  return `#/cases${s ? `?${s}` : ''}`;
}

async function renderCases(params, ticket) {
  const main = shell('cases', '我的案件');
  const page = Math.max(1, Number(params.get('page')) || 1);

  const q = input({ type: 'search', name: 'q', value: params.get('q') || '', placeholder: '搜索事项摘要或编号', enterkeyhint: 'search', 'aria-label': '搜索事项摘要或编号' });
  const state = select(Object.entries(L.STATES), { placeholder: '全部状态', value: params.get('state') || '', 'aria-label': '按状态筛选', name: 'state' });
  state.addEventListener('change', () => go(casesHash(params, { state: state.value, page: '' })));
  const backlog = h('input', { type: 'checkbox', checked: params.get('backlog') === '1', onchange: (e) => go(casesHash(params, { backlog: e.target.checked ? '1' : '', page: '' })) });
  const exportButtons = ['xlsx', 'csv'].map((fmt) =>
    h('button', { class: 'btn btn-small', type: 'button', onclick: (e) => exportLedger(fmt, e.currentTarget), dataset: { format: fmt } }, fmt === 'xlsx' ? '导出 Excel' : '导出 CSV'),
  );
  const progress = h('progress', { class: 'export-progress', max: 100, value: 0, hidden: true, 'aria-label': '文书打包进度' });
  const progressText = h('span', { class: 'muted export-progress-text', 'aria-live': 'polite' });
  exportButtons.push(h('button', { class: 'btn btn-small', type: 'button', onclick: (e) => exportDocuments(e.currentTarget) }, '批量导出文书'));

  const toolbar = h(
    'form',
    { class: 'toolbar card', role: 'search', novalidate: true, onsubmit: (e) => (e.preventDefault(), go(casesHash(params, { q: q.value.trim(), page: '' }))) },
    h('div', { class: 'toolbar-row' }, q, h('button', { class: 'btn btn-primary', type: 'submit' }, '查询')),
    h('div', { class: 'toolbar-row' }, state, h('label', { class: 'check check-inline' }, backlog, h('span', {}, '只看积案'))),
    h('div', { class: 'toolbar-row toolbar-export' }, h('span', { class: 'muted' }, '导出台账'), h('span', { class: 'spacer' }), ...exportButtons),
    h('div', { class: 'toolbar-row' }, progress, progressText),
  );

  const heading = h('div', { class: 'page-head' }, h('h1', {}, '我的案件'), app.me.role === 'clerk' ? h('a', { class: 'btn btn-primary btn-small', href: '#/register' }, '＋ 登记') : null);
  const list = h('div', { class: 'case-list', 'aria-live': 'polite' }, spinner());
  append(main, heading, toolbar, list);

  async function exportLedger(fmt, button) {
    busy(button, true, '正在导出…');
    try {
      const pairs = [['format', fmt], ['sort', 'dueAt:asc'], ...listFilters(params)];
      const file = await api.download(`/api/petitions/export${api.query(pairs)}`, `信访事项台账.${fmt}`);
      say('success', `已导出 ${file.name}`);
    } catch (err) {
      say('error', `导出失败：${err.message}`);
    } finally {
      busy(button, false);
    }
  }

  /** Zips the documents of the listed cases on the server, showing its progress, then downloads it. */
  async function exportDocuments(button) {
    busy(button, true, '正在打包…');
    progress.hidden = false;
    progress.value = 0;
    try {
      let job = (await api.post('document-exports', { data: { filters: listFilterObject(params) } })).data;
      // A server restart mid-way is survived: the export resumes on the server (from the start)
      // once its lease expires, so a failed poll is retried for a while before giving up.
      let lostSince = null;
      while (job.status === 'running' || job.status === undefined) {
        await new Promise((r) => setTimeout(r, lostSince ? 2000 : 500));
        try {
          job = (await api.get(`document-exports/${encodeURIComponent(job.documentId)}`)).data;
          lostSince = null;
        } catch (err) {
          if (err.status && err.status < 500) throw err;
          lostSince ??= Date.now();
          if (Date.now() - lostSince > 120000) throw new Error('服务器长时间无响应，请稍后在台账中重新导出');
          progressText.textContent = '与服务器的连接中断，正在重试…';
          continue;
        }
        progress.value = job.progress ?? 0;
        progressText.textContent = job.resumed
          ? `打包曾中断，已自动恢复（第${job.attempts}次）：已打包 ${job.done ?? 0} / ${job.total ?? 0} 份文书`
          : `已打包 ${job.done ?? 0} / ${job.total ?? 0} 份文书`;
      }
      if (job.status !== 'done') throw new Error(`${job.error || '打包失败'}（可再次点击“批量导出文书”重新发起）`);
      if (!job.total) {
        say('info', '当前筛选的案件还没有出具的文书');
        return;
      }
      const file = await api.download(`/api/document-exports/${encodeURIComponent(job.documentId)}/download`, '文书批量导出.zip');
      say('success', `已导出 ${file.name}（${job.total} 份文书）`);
    } catch (err) {
      say('error', `导出失败：${err.message}`);
    } finally {
      busy(button, false);
      setTimeout(() => ((progress.hidden = true), (progressText.textContent = '')), 3000);
    }
  }

  let res;
  try {
    res = await api.get(
      `petitions${api.query([
        ['sort', 'dueAt:asc'],
        ['pagination[page]', page],
        ['pagination[pageSize]', PAGE_SIZE],
        ...listFilters(params),
        ['populate[organisation][fields][0]', 'name'],
      ])}`,
    );
  } catch (err) {
    if (ticket !== app.ticket) return;
    list.replaceChildren(banner('error', `无法读取案件：${err.message}`, h('button', { class: 'btn btn-small', type: 'button', onclick: route }, '重试')));
    return;
  }
  if (ticket !== app.ticket) return;

  const items = res.data || [];
  const pg = (res.meta && res.meta.pagination) || { page, pageCount: 1, total: items.length };
  if (!items.length) {
    list.replaceChildren(h('div', { class: 'empty card' }, h('p', {}, params.toString() ? '没有符合条件的案件' : '暂无案件'), app.me.role === 'clerk' ? h('a', { class: 'btn', href: '#/register' }, '登记信访事项') : null));
    return;
  }
  append(
    clear(list),
    h('p', { class: 'list-count muted' }, `共 ${pg.total} 件，按到期时间排序`),
    h('ul', { class: 'cases' }, items.map(caseItem)),
    pager(pg, params),
  );
}

function caseItem(p) {
  const missing = p.fiveClarityMissingLabels || [];
  return h(
    'li',
    { class: 'case-item', dataset: { id: p.documentId } },
    h(
      'a',
      { class: 'case-link', href: `#/case/${encodeURIComponent(p.documentId)}` },
      h('div', { class: 'case-top' }, h('span', { class: 'ref mono' }, p.referenceNo || '（未编号）'), deadlineChip(p.deadline)),
      h('h3', { class: 'case-subject' }, p.subject || '（无摘要）'),
      h(
        'div',
        { class: 'chips' },
        stateChip(p.stateLabel || L.STATES[p.state], p.state),
        p.isBacklog ? badge('积案', 'backlog') : null,
        p.isRepeat ? badge('重复', 'repeat') : null,
        p.channel === 'online' ? badge('网上', 'online') : null,
        clarityChip(p.fiveClarityScore),
      ),
      h(
        'p',
        { class: 'case-meta muted' },
        [L.CHANNELS[p.channel] || p.channel, p.organisation && p.organisation.name, p.registeredAt && `登记 ${fmtDate(p.registeredAt)}`, p.dueAt && `到期 ${fmtDate(p.dueAt)}`, p.visitCount ? `来访${p.visitCount}次` : null]
          .filter(Boolean)
          .join(' · '),
      ),
      missing.length ? h('p', { class: 'case-missing' }, `待补：${missing.join('、')}`) : null,
    ),
  );
}

function pager(pg, params) {
  if (!pg.pageCount || pg.pageCount <= 1) return null;
  const prev = pg.page > 1 ? casesHash(params, { page: pg.page - 1 }) : null;
  const next = pg.page < pg.pageCount ? casesHash(params, { page: pg.page + 1 }) : null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': '分页' },
    h('a', { class: `btn btn-small${prev ? '' : ' disabled'}`, href: prev || null, 'aria-disabled': prev ? null : 'true' }, '上一页'),
    h('span', { class: 'pager-text' }, `第 ${pg.page} / ${pg.pageCount} 页`),
    h('a', { class: `btn btn-small${next ? '' : ' disabled'}`, href: next || null, 'aria-disabled': next ? null : 'true' }, '下一页'),
  );
}

// ---------------------------------------------------------------------------------------
// Register a petition

function partyChecks(party) {
  // Mirrors src/api/petition/controllers/validation/parties.ts (checkParties).
  const out = {};
  if (!party.name || !String(party.name).trim()) out.name = '姓名（名称）必填';
  if (party.idNumber) {
    const problem = idNumberProblem(String(party.idNumber));
    if (problem) out.idNumber = ID_NUMBER_MESSAGES[problem];
  }
  if (party.phone && !isValidPhone(String(party.phone))) out.phone = PHONE_MESSAGE;
  if (party.kind === 'group' && !(Number.isInteger(party.headcount) && party.headcount >= 2)) out.headcount = '集体访须填写人数（至少2人）';
  return out;
}

function partyEditor(onRemove, defaultRole = 'petitioner') {
  const kindName = uid('kind');
  const role = select(Object.entries(L.PARTY_ROLES), { placeholder: null, value: defaultRole, 'aria-label': '当事人身份', class: 'role-select' });
  const kinds = Object.entries({ person: '个人', organisation: '单位', agent: '代理人', group: '集体' }).map(([v, text], i) =>
    h('label', { class: 'seg' }, h('input', { type: 'radio', name: kindName, value: v, checked: i === 0, onchange: () => update() }), h('span', {}, text)),
  );
  const f = {
    name: field({ label: '姓名', required: true, control: input({ autocomplete: 'off' }) }),
    idNumber: field({ label: '身份证号码', control: input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false', class: 'mono', placeholder: '18位身份证号码' }) }),
    phone: field({ label: '联系电话', control: input({ type: 'tel', inputmode: 'tel', autocomplete: 'off', placeholder: '手机或带区号的固定电话' }) }),
    address: field({ label: '住址', control: input({ autocomplete: 'off' }), wide: true }),
    headcount: field({ label: '人数', required: true, control: input({ type: 'number', inputmode: 'numeric', min: 2, step: 1 }), help: '集体访的来访人数' }),
  };
  const extra = parties.kindFields(field, input, select);
  Object.assign(f, extra.fields);
  const title = h('h3', { class: 'party-title' }, '当事人');
  const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onRemove(editor) }, '删除');
  const el = h(
    'fieldset',
    { class: 'party' },
    h('legend', { class: 'sr-only' }, '当事人'),
    h('div', { class: 'party-head' }, title, role, h('span', { class: 'spacer' }), remove),
    h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': '信访人类型' }, kinds),
    h('div', { class: 'grid' }, f.name.wrap, f.idNumber.wrap, f.phone.wrap, f.headcount.wrap, f.address.wrap),
    extra.el,
  );
  const touched = new Set();
  const server = {};

  function kind() {
    const c = kinds.map((k) => k.querySelector('input')).find((i) => i.checked);
    return c ? c.value : 'person';
  }
  function value() {
    const v = { kind: kind(), role: role.value, name: f.name.control.value.trim(), idNumber: f.idNumber.control.value.trim().toUpperCase(), phone: f.phone.control.value.trim(), address: f.address.control.value.trim() };
    if (v.kind === 'group') v.headcount = f.headcount.control.value === '' ? undefined : Number(f.headcount.control.value);
    if (v.kind === 'organisation' || v.kind === 'group') delete v.idNumber;
    if (v.kind === 'group') delete v.phone;
    for (const k of ['idNumber', 'phone', 'address']) if (!v[k]) delete v[k];
    return { ...v, ...extra.value(v.kind) };
  }
  function update(all = false) {
    const group = kind() === 'group';
    f.headcount.wrap.hidden = !group;
    const k = kind();
    f.name.labelEl.firstChild.textContent = group ? '集体名称' : k === 'organisation' ? '单位名称' : '姓名';
    f.idNumber.wrap.hidden = k === 'organisation' || group;
    f.phone.wrap.hidden = group;
    extra.update(k);
    const v = value();
    const problems = { ...partyChecks(v), ...extra.problems(v) };
    for (const key of Object.keys(f)) {
      const msgs = [];
      if (all || touched.has(key)) if (problems[key]) msgs.push(problems[key]);
      if (server[key] && !msgs.includes(server[key])) msgs.push(server[key]);
      f[key].setError(msgs);
    }
    return problems;
  }
  for (const [key, fl] of Object.entries(f)) {
    fl.control.addEventListener('blur', () => (touched.add(key), update()));
    fl.control.addEventListener('input', () => (delete server[key], update()));
  }
  const editor = {
    el,
    value,
    fields: f,
    check: () => update(true),
    setServer(key, message) {
      server[key] = message;
      update();
    },
    clearServer() {
      for (const k of Object.keys(server)) delete server[k];
    },
    setIndex(i, count) {
      title.textContent = `当事人 ${i + 1}`;
      remove.hidden = count <= 1;
      el.dataset.index = String(i);
    },
  };
  update();
  return editor;
}

async function renderRegister(ticket) {
  const main = shell('register', '登记信访事项');
  append(main, h('div', { class: 'page-head' }, h('h1', {}, '登记信访事项')));
  const loading = spinner();
  main.append(loading);
  let orgs;
  let types;
  try {
    [orgs, types] = await Promise.all([organisationsList(), caseTypesList()]);
  } catch (err) {
    if (ticket !== app.ticket) return;
    loading.replaceWith(banner('error', `无法读取登记所需的数据：${err.message}`, h('button', { class: 'btn btn-small', type: 'button', onclick: route }, '重试')));
    return;
  }
  if (ticket !== app.ticket) return;
  loading.remove();

  const top = {
    channel: field({ label: '信访渠道', required: true, control: select(Object.entries(L.CHANNELS), { name: 'channel' }) }),
    subject: field({ label: '事项摘要', required: true, control: input({ name: 'subject', maxlength: 200, placeholder: '一句话概括所反映的问题' }), wide: true }),
    organisation: field({
      label: '责任单位',
      required: true,
      control: select(
        orgs.map((o) => [o.documentId, `${'　'.repeat(Math.max(0, ['city', 'county', 'township', 'village'].indexOf(o.level)))}${o.name}`]),
        { name: 'organisation', value: orgs.some((o) => app.me.organisation && o.documentId === app.me.organisation.documentId) ? app.me.organisation.documentId : '' },
      ),
    }),
    caseType: field({ label: '案件类型', control: select(types.map((t) => [t.documentId, t.name]), { name: 'caseType', placeholder: '（不指定）' }) }),
    demands: field({ label: '信访诉求', control: textarea({ name: 'demands', rows: 4, placeholder: '信访人的具体诉求' }), wide: true }),
    history: field({ label: '信访历史', control: textarea({ name: 'history', rows: 3, placeholder: '此前反映的时间、层级、处理经过' }), wide: true }),
    handlingNotes: field({ label: '办理情况', control: textarea({ name: 'handlingNotes', rows: 3, placeholder: '已开展的工作（可后补）' }), wide: true }),
  };
  const topChecks = {
    channel: (v) => (v ? null : '信访渠道必选（来信、来访、网上、电话、12345热线）'),
    subject: (v) => (!v.trim() ? '事项摘要必填' : v.trim().length > 200 ? '事项摘要不超过200字' : null),
    organisation: (v) => (v ? null : '请选择责任单位'),
  };
  const topTouched = new Set();
  const topServer = {};
  function updateTop(all = false) {
    const problems = {};
    for (const [key, fl] of Object.entries(top)) {
      const msg = topChecks[key] ? topChecks[key](fl.control.value) : null;
      if (msg) problems[key] = msg;
      const msgs = [];
      if (msg && (all || topTouched.has(key))) msgs.push(msg);
      if (topServer[key] && !msgs.includes(topServer[key])) msgs.push(topServer[key]);
      fl.setError(msgs);
    }
    return problems;
  }
  for (const [key, fl] of Object.entries(top)) {
    fl.control.addEventListener('blur', () => (topTouched.add(key), updateTop()));
    fl.control.addEventListener(fl.control.tagName === 'SELECT' ? 'change' : 'input', () => (delete topServer[key], updateTop()));
  }

  // Parties
  const parties = [];
  const partyBox = h('div', { class: 'parties' });
  const renumber = () => parties.forEach((p, i) => p.setIndex(i, parties.length));
  function addParty() {
    const p = partyEditor((ed) => {
      parties.splice(parties.indexOf(ed), 1);
      ed.el.remove();
      renumber();
    }, parties.length ? 'respondent' : 'petitioner');
    parties.push(p);
    partyBox.append(p.el);
    renumber();
    return p;
  }
  addParty();

  // The case type's generated form
  const formBox = h('div', { class: 'type-form' });
  const formCard = card('案件类型表单', formBox);
  formCard.hidden = true;
  let generated = null;
  let generatedType = null;
  function showTypeForm(t, values = {}, note = null) {
    generatedType = t || null;
    generated = t ? createForm(t.formSchema || { fields: [] }, { idPrefix: 'formData', values }) : null;
    formBox.replaceChildren(
      ...(generated ? [note ? banner('info', note) : h('p', { class: 'muted form-note' }, `「${t.name}」要求填写的信息；标 * 的为必填。`), generated.el] : []),
    );
    formCard.hidden = !generated;
    formCard.querySelector('.card-title').textContent = t ? `${t.name}表单` : '案件类型表单';
  }
  top.caseType.control.addEventListener('change', () => showTypeForm(types.find((x) => x.documentId === top.caseType.control.value)));

  /**
   * The server checks the form against the case type's latest version. When it refuses what
   * this page let through, the admin has probably changed the form meanwhile: fetch the case
   * types again and, if the schema changed, rebuild the form with the values kept.
   */
  async function refreshTypeForm() {
    if (!generatedType) return false;
    app.cache.delete('case-types?pagination[pageSize]=100&sort=name');
    try {
      types = await caseTypesList();
    } catch {
      return false;
    }
    const t = types.find((x) => x.documentId === generatedType.documentId);
    if (!t || JSON.stringify(t.formSchema) === JSON.stringify(generatedType.formSchema)) return false;
    showTypeForm(t, generated.values(), `「${t.name}」的表单刚由管理员更新，已按新表单重新核对，请据此修改。`);
    return true;
  }

  const summary = h('div', { class: 'summary', role: 'alert', hidden: true, tabindex: '-1' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, '登记');
  const form = h(
    'form',
    { class: 'register', novalidate: true, onsubmit: onSubmit },
    summary,
    card('基本信息', h('div', { class: 'grid' }, top.channel.wrap, top.organisation.wrap, top.subject.wrap, top.caseType.wrap)),
    card('当事人', h('p', { class: 'muted form-note' }, '先登记信访人；调解需要对方当事人时一并登记（调解协议书至少需要两方当事人）。'), partyBox, h('button', { type: 'button', class: 'btn btn-small', onclick: () => addParty().fields.name.focus() }, '＋ 添加当事人')),
    card('诉求与经过', h('div', { class: 'grid' }, top.demands.wrap, top.history.wrap, top.handlingNotes.wrap)),
    formCard,
    h('div', { class: 'form-actions sticky' }, h('a', { class: 'btn', href: '#/cases' }, '取消'), submit),
  );
  main.append(form);

  function collect() {
    return {
      channel: top.channel.control.value || undefined,
      subject: top.subject.control.value.trim(),
      demands: top.demands.control.value.trim() || undefined,
      history: top.history.control.value.trim() || undefined,
      handlingNotes: top.handlingNotes.control.value.trim() || undefined,
      organisation: top.organisation.control.value || undefined,
      caseType: top.caseType.control.value || undefined,
      parties: parties.map((p) => p.value()),
    };
  }

  async function onSubmit(e) {
    e.preventDefault();
    for (const k of Object.keys(topServer)) delete topServer[k];
    parties.forEach((p) => p.clearServer());
    if (generated) generated.showServerErrors([]);

    const problems = [];
    const topProblems = updateTop(true);
    for (const [key, message] of Object.entries(topProblems)) problems.push({ label: top[key].label, message, focus: () => top[key].focus() });
    parties.forEach((p, i) => {
      const pp = p.check();
      for (const [key, message] of Object.entries(pp)) problems.push({ label: `当事人${i + 1}${p.fields[key].labelEl.firstChild.textContent}`, message, focus: () => p.fields[key].focus() });
    });
    let formData = {};
    if (generated) {
      const { errors, clean } = generated.check({ all: true });
      for (const er of errors) problems.push({ label: generated.labelOf(er.field), message: er.message, focus: () => generated.focus(er.field) });
      formData = clean;
    }
    problemSummary(summary, problems);
    if (problems.length) {
      if (problems[0].focus) problems[0].focus();
      return;
    }

    const data = collect();
    if (generated) data.formData = formData;
    busy(submit, true, '正在登记…');
    try {
      // The 附件 fields' files go with the registration (one request, one transaction on the server).
      const staged = [...formBox.querySelectorAll('.att-field[data-field]')].flatMap((el) => (el.pendingFiles || []).map((f) => [`files.${el.dataset.field}`, f]));
      let res;
      if (staged.length) {
        const fd = new FormData();
        fd.append('data', JSON.stringify(data));
        for (const [part, f] of staged) fd.append(part, f, f.name);
        res = await api.postForm('petitions', fd);
      } else res = await api.post('petitions', { data });
      const p = res.data;
      app.cache.clear();
      flash('success', `已登记信访事项 ${p.referenceNo}：${p.subject}`);
      go('#/cases');
    } catch (err) {
      busy(submit, false);
      if (err.status === 400 && err.fieldErrors.length) {
        if (err.fieldErrors.some((e) => e.path[0] === 'formData')) await refreshTypeForm();
        showServerProblems(err);
      } else {
        problemSummary(summary, [{ label: '', message: err.message }], '登记未成功：');
      }
    }
  }

  /** Puts each server problem next to its field, and lists them all at the top. */
  function showServerProblems(err) {
    const problems = [];
    const formErrors = [];
    for (const { path, message } of err.fieldErrors) {
      // A refused file is reported under its field's key and index: shown at that field.
      const [head, a, b] = generated && generated.has(path[0]) ? ['formData', path[0]] : path;
      if (head === 'formData' && a && generated && generated.has(a)) {
        formErrors.push({ field: a, message });
        problems.push({ label: generated.labelOf(a), message, focus: () => generated.focus(a) });
      } else if (head === 'formData') {
        problems.push({ label: `${generatedType ? generatedType.name : '案件类型'}表单${a ? `（${a}）` : ''}`, message });
      } else if (head === 'parties' && a !== undefined && parties[Number(a)] && b && parties[Number(a)].fields[b]) {
        const p = parties[Number(a)];
        p.setServer(b, message);
        problems.push({ label: `当事人${Number(a) + 1}${p.fields[b].labelEl.firstChild.textContent}`, message, focus: () => p.fields[b].focus() });
      } else if (top[head]) {
        topServer[head] = message;
        problems.push({ label: top[head].label, message, focus: () => top[head].focus() });
      } else {
        problems.push({ label: head === 'parties' ? '当事人' : '', message });
      }
    }
    updateTop();
    if (generated) generated.showServerErrors(formErrors);
    problemSummary(summary, problems, '服务器未接受登记，请修正以下问题：');
  }
}

// ---------------------------------------------------------------------------------------
// Case page

const who = (u) => (u ? u.fullName || u.username : '');

async function renderCase(id, ticket) {
  const main = shell('case', '案件详情');
  main.append(h('a', { class: 'back', href: '#/cases' }, '‹ 我的案件'));
  const body = h('div', { class: 'case-page' }, spinner());
  main.append(body);

  const enc = encodeURIComponent(id);
  const populate = [
    ['populate[parties]', 'true'],
    ['populate[organisation][fields][0]', 'name'],
    ['populate[committee][fields][0]', 'name'],
    ['populate[caseType][fields][0]', 'name'],
    ['populate[mediator][fields][0]', 'username'],
    ['populate[mediator][fields][1]', 'fullName'],
  ];
  let p;
  let moves;
  let timeline;
  let form;
  try {
    const soft = (promise) => promise.catch((err) => ({ error: err }));
    const [pr, mv, tl, fm] = await Promise.all([
      api.get(`petitions/${enc}${api.query(populate)}`),
      soft(api.get(`petitions/${enc}/moves`)),
      soft(api.get(`petitions/${enc}/timeline`)),
      soft(api.get(`petitions/${enc}/form`)),
    ]);
    p = pr.data;
    moves = mv.error ? [] : mv.data || [];
    timeline = tl.error ? null : tl.data || [];
    form = fm.error ? null : fm.data;
  } catch (err) {
    if (ticket !== app.ticket) return;
    body.replaceChildren(banner('error', err.status === 404 ? '案件不存在或不在您的管辖范围内' : `无法读取案件：${err.message}`, h('a', { class: 'btn btn-small', href: '#/cases' }, '返回')));
    return;
  }
  if (ticket !== app.ticket) return;
  document.title = `${p.referenceNo || '案件'} · 访调工作台`;

  const me = app.me;
  // The moves reserved to the assigned mediator are offered to that mediator only, so they
  // tell us too (the mediator relation may not be readable by every role).
  const isAssignedMediator =
    me.role === 'mediator' &&
    ((p.mediator && (p.mediator.id === me.id || p.mediator.username === me.username)) || moves.some((m) => m.action === 'mediation_success' || m.action === 'mediation_failure'));
  const reload = (kind, text) => {
    if (text) flash(kind, text);
    route();
  };

  const header = h(
    'section',
    { class: 'card case-header' },
    h('div', { class: 'case-top' }, h('span', { class: 'ref mono' }, p.referenceNo || ''), deadlineChip(p.deadline, { withKind: true })),
    h('h1', { class: 'case-title' }, p.subject),
    h('div', { class: 'chips' }, stateChip(p.stateLabel || L.STATES[p.state], p.state), p.isBacklog ? badge('积案', 'backlog') : null, p.isRepeat ? badge('重复', 'repeat') : null, clarityChip(p.fiveClarityScore)),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '信访渠道'), h('dd', {}, L.CHANNELS[p.channel] || p.channel || ''),
      h('dt', {}, '责任单位'), h('dd', {}, (p.organisation && p.organisation.name) || h('span', { class: 'muted' }, '未确定')),
      h('dt', {}, '登记时间'), h('dd', {}, fmtDateTime(p.registeredAt)),
      p.dueAt ? [h('dt', {}, '办理期限'), h('dd', {}, fmtDate(p.dueAt))] : null,
      h('dt', {}, '来访次数'), h('dd', {}, String(p.visitCount || 0)),
    ),
  );

  const actions = actionsCard(p, moves, isAssignedMediator, reload);
  const clarity = clarityCard(p);
  const partiesCard = parties.partiesCard(p, workCtx(), reload, card);
  const text = (v) => (v && String(v).trim() ? h('p', { class: 'prose' }, v) : h('p', { class: 'prose muted' }, '未填写'));
  const details = card(
    '事项情况',
    h('h3', { class: 'sub' }, '信访诉求'), text(p.demands),
    h('h3', { class: 'sub' }, '信访历史'), text(p.history),
    h('h3', { class: 'sub' }, '办理情况'), text(p.handlingNotes),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '案件类型'), h('dd', {}, (p.caseType && p.caseType.name) || h('span', { class: 'muted' }, '未指定')),
      p.committee ? [h('dt', {}, '调解委员会'), h('dd', {}, p.committee.name)] : null,
      p.mediator ? [h('dt', {}, '调解员'), h('dd', {}, who(p.mediator))] : null,
    ),
  );
  const formCard = form && form.caseType ? caseFormCard(p, form, me.role === 'clerk' || isAssignedMediator, reload) : null;
  const outcome = p.outcome ? outcomeCard(p.outcome) : null;
  const rv = p.returnVisit
    ? card('回访', h('p', {}, h('strong', {}, L.RETURN_VISIT_RESULTS[p.returnVisit.result] || p.returnVisit.result), p.returnVisit.at ? h('span', { class: 'muted' }, `（${fmtDate(p.returnVisit.at)}）`) : null), p.returnVisit.comment ? text(p.returnVisit.comment) : null)
    : null;
  const tl = card('办理经过', timeline ? timelineList(timeline) : h('p', { class: 'muted' }, '无法读取办理经过'));

  // Phone: header, actions, five clarities, the record, the timeline. Desktop: two columns.
  header.classList.add('o-1');
  actions.classList.add('o-2');
  clarity.classList.add('o-3');
  tl.classList.add('o-9');
  body.replaceChildren(
    h('div', { class: 'col-main' }, header, actions, handover.extensionCard(p, workCtx()), backlog.caseCard(p, workCtx()), ['mediator', 'leader'].includes(me.role) ? consult.caseCard(p, workCtx()) : null, HEARING_READERS.includes(me.role) ? hearingsCard(p, workCtx()) : null, ['clerk', 'reviewer'].includes(me.role) ? credit.caseCard(p, workCtx()) : null, infoRequests.READERS.includes(me.role) ? infoRequests.caseCard(p, workCtx()) : null, partiesCard, details, formCard, attachments.caseCard(p, workCtx(), form), outcome, rv, p.outcome && p.outcome.result === 'success' && casework.READERS.includes(me.role) ? casework.performanceCard(p, workCtx()) : null, casework.READERS.includes(me.role) ? casework.caseFileCard(p) : null),
    h('div', { class: 'col-side' }, clarity, tl),
  );
}

function clarityCard(p) {
  const missing = new Set(p.fiveClarityMissing || []);
  return card(
    `五个清楚 ${Number(p.fiveClarityScore) || 0}/5`,
    h(
      'ul',
      { class: 'clarity-list' },
      L.CLARITIES.map(([key, label, hint]) =>
        h(
          'li',
          { class: missing.has(key) ? 'missing' : 'present', dataset: { key } },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, missing.has(key) ? '✗' : '✓'),
          h('span', {}, label, h('span', { class: 'sr-only' }, missing.has(key) ? '（不清楚）' : '（清楚）'), missing.has(key) ? h('small', { class: 'hint' }, hint) : null),
        ),
      ),
    ),
  );
}

function outcomeCard(o) {
  if (o.result === 'success') {
    const terms = Array.isArray(o.terms) ? o.terms.filter((t) => t && (t.what || t.how || t.where || t.byWhen)) : [];
    return card(
      '调解结果',
      h('p', {}, badge('调解成功', 'success')),
      h('h3', { class: 'sub' }, '协议内容'),
      h('p', { class: 'prose' }, o.agreedTerms || ''),
      o.facts ? [h('h3', { class: 'sub' }, '主要事实'), h('p', { class: 'prose' }, o.facts)] : null,
      o.disputes ? [h('h3', { class: 'sub' }, '争议事项'), h('p', { class: 'prose' }, o.disputes)] : null,
      o.responsibilities ? [h('h3', { class: 'sub' }, '各方责任'), h('p', { class: 'prose' }, o.responsibilities)] : null,
      terms.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'terms' },
              h('thead', {}, h('tr', {}, h('th', {}, '履行事项'), h('th', {}, '义务人'), h('th', {}, '方式'), h('th', {}, '地点'), h('th', {}, '期限'))),
              h('tbody', {}, terms.map((t) => h('tr', {}, h('td', {}, t.what || ''), h('td', {}, t.obligor || ''), h('td', {}, t.how || ''), h('td', {}, t.where || ''), h('td', {}, t.byWhen ? fmtDate(t.byWhen) : '')))),
            ),
          )
        : null,
    );
  }
  return card(
    '调解结果',
    h('p', {}, badge('调解不成', 'failure')),
    o.reason ? [h('h3', { class: 'sub' }, '原因'), h('p', { class: 'prose' }, o.reason)] : null,
    o.next ? h('p', {}, `后续处理：${L.STATES[o.next] || o.next}${o.channel ? `（${L.LEGAL_CHANNELS[o.channel] || o.channel}）` : ''}`) : null,
  );
}

function timelineList(items) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  const roleOf = (r) => (r ? L.ROLES[r] || r : '');
  return h(
    'ol',
    { class: 'timeline' },
    items.map((it) => {
      const d = it.detail || {};
      let title = it.label;
      const lines = [];
      const tags = [];
      switch (it.kind) {
        case 'registered':
          title = '登记';
          if (d.referenceNo) lines.push(`编号 ${d.referenceNo}`);
          break;
        case 'move':
          title = L.ACTIONS[d.action] || it.label;
          if (d.from || d.to) lines.push(`${L.STATES[d.from] || d.from || ''} → ${L.STATES[d.to] || d.to || ''}`);
          if (d.reason) lines.push(d.reason);
          if (d.by) lines.push(`经办：${who(d.by)}${d.role ? `（${roleOf(d.role)}）` : ''}`);
          // The person's own request for review from their page (/p/) has no desk user.
          else if (d.role === 'petitioner') lines.push('信访人网上申请');
          break;
        case 'visit':
          title = d.channel === 'letter' ? '来信' : '来访';
          lines.push([L.CHANNELS[d.channel], d.level && `到${L.LEVELS[d.level] || d.level}`, d.headcount && `${d.headcount}人`].filter(Boolean).join(' · '));
          if (d.note) lines.push(d.note);
          if (d.isRepeat) tags.push(badge('重复', 'repeat'));
          if (d.isLeapfrog) tags.push(badge('越级', 'backlog'));
          break;
        case 'session':
          title = '调解';
          if (d.place) lines.push(`地点：${d.place}`);
          if (d.participants) lines.push(`参加人员：${d.participants}`);
          if (d.summary) lines.push(d.summary);
          if (d.by) lines.push(`调解员：${who(d.by)}`);
          break;
        case 'return-visit':
          title = '回访';
          lines.push(L.RETURN_VISIT_RESULTS[d.result] || d.result || '');
          if (d.comment) lines.push(d.comment);
          break;
        default:
          break;
      }
      return h(
        'li',
        { class: `tl tl-${it.kind}`, dataset: { kind: it.kind } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h('div', { class: 'tl-body' }, h('div', { class: 'tl-head' }, h('strong', {}, title), ...tags, h('time', { class: 'muted', datetime: it.at || '' }, fmtDateTime(it.at))), lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l))),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Case actions: the flow's moves, visits, sessions, return visit, documents

function actionsCard(p, moves, isAssignedMediator, reload) {
  const me = app.me;
  const panel = h('div', { class: 'action-panel' });
  const buttons = [];
  let openKey = null;

  function open(key, build, button) {
    buttons.forEach((b) => b.classList.remove('active'));
    if (openKey === key) {
      openKey = null;
      panel.replaceChildren();
      return;
    }
    openKey = key;
    button.classList.add('active');
    const close = () => {
      openKey = null;
      button.classList.remove('active');
      panel.replaceChildren();
    };
    panel.replaceChildren(build(close));
    const first = panel.querySelector('input, select, textarea');
    if (first) first.focus();
    panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  const add = (key, text, build, cls = '') => {
    const b = h('button', { type: 'button', class: `btn ${cls}`.trim(), dataset: { action: key } });
    b.textContent = text;
    b.addEventListener('click', () => open(key, build, b));
    buttons.push(b);
  };

  for (const m of moves) add(m.action, m.label, (close) => moveForm(p, m, close, reload), m.action === 'not_accept' || m.action === 'mediation_failure' ? '' : 'btn-accent');
  if (me.role === 'clerk' && p.state !== 'closed') add('visit', '登记来访', (close) => visitForm(p, close, reload));
  if (isAssignedMediator && p.state === 'in_mediation') add('session', '记录调解', (close) => sessionForm(p, close, reload));
  if (me.role === 'clerk' && CONCLUDED.includes(p.state) && !p.returnVisit) add('return-visit', '回访', (close) => returnVisitForm(p, close, reload));

  return card(
    '办理',
    buttons.length ? h('div', { class: 'button-row' }, buttons) : h('p', { class: 'muted' }, `当前状态（${p.stateLabel || L.STATES[p.state]}）下没有您可办理的事项。`),
    panel,
    p.outcome && p.outcome.result === 'success' ? documentsBox(p) : null,
    p.outcome && p.outcome.result === 'success' && (me.role === 'mediator' || me.role === 'clerk') ? judicialBox(p, reload) : null,
  );
}

/**
 * 司法确认 (人民调解法 art. 33): the 30-day window, the joint application (PDF), the court's
 * filing and ruling. Shown to the case's mediator and handling clerk (the API answers 403 to others).
 */
function judicialBox(p, reload) {
  const box = h('div', { class: 'judicial', dataset: { section: 'judicial' } });
  const panel = h('div', { class: 'action-panel' });
  const enc = encodeURIComponent(p.documentId);
  const path = `petitions/${enc}/judicial-confirmation`;
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const dateInput = () => input({ type: 'date', value: today() });
  const toggle = (build) => (panel.firstChild ? panel.replaceChildren() : panel.replaceChildren(build(() => panel.replaceChildren())));

  async function generate(button) {
    busy(button, true, '正在出具…');
    try {
      const doc = (await api.post(`${path}/application`, {})).data;
      const file = await api.download(`/api/documents/${encodeURIComponent(doc.documentId)}/download`, `司法确认申请书-${p.referenceNo || p.documentId}.pdf`);
      say('success', `已出具并下载${file.name}`);
    } catch (err) {
      say('error', `司法确认申请书未能出具：${err.message}`);
    } finally {
      busy(button, false);
    }
  }

  function render(j) {
    const lines = [
      `调解协议生效：${fmtDate(j.effectiveAt)}；申请期限至${fmtDate(j.deadline)}（北京时间）${j.windowOpen ? '' : '，已届满'}`,
      j.filedAt ? `立案：${j.filedAt} · ${j.court} · 案号${j.caseNumber}` : '尚未登记法院立案',
      j.ruledAt ? `裁定：${j.ruledAt} · ${j.outcomeLabel}` : null,
    ].filter(Boolean);
    const buttons = [
      j.windowOpen ? h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'judicial-application' }, onclick: (e) => generate(e.currentTarget) }, '生成司法确认申请书') : null,
      !j.ruledAt ? h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'judicial-filing' }, onclick: () => toggle((close) => recordForm('登记立案', [
        { key: 'filedAt', label: '立案日期', required: true, control: dateInput() },
        { key: 'court', label: '受理法院', required: true, control: input({ value: j.court || '' }) },
        { key: 'caseNumber', label: '案号', required: true, control: input({ placeholder: '（2026）浙1102民特1号' }) },
      ], { submitText: '保存立案', path: `${path}/filing`, close, reload, done: '已登记立案' })) }, '登记立案') : null,
      j.filedAt && !j.ruledAt ? h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'judicial-ruling' }, onclick: () => toggle((close) => recordForm('登记裁定', [
        { key: 'ruledAt', label: '裁定日期', required: true, control: dateInput() },
        { key: 'outcome', label: '裁定结果', required: true, control: select([['confirmed', '裁定确认调解协议有效'], ['rejected', '裁定驳回申请']]) },
        { key: 'note', label: '说明', control: textarea({ rows: 2 }), wide: true },
      ], { submitText: '保存裁定', path: `${path}/ruling`, close, reload, done: '已登记裁定' })) }, '登记裁定') : null,
    ].filter(Boolean);
    append(
      clear(box),
      h('h3', { class: 'sub' }, '司法确认'),
      ...lines.map((t) => h('p', { class: 'muted' }, t)),
      buttons.length ? h('div', { class: 'button-row' }, buttons) : null,
      panel,
    );
  }

  api.get(path).then((res) => render(res.data), () => box.remove());
  return box;
}

const DOCUMENTS = [
  ['mediation-agreement', '调解协议书'],
  ['no-further-petition-pledge', '息访承诺书'],
];

/**
 * 文书: "下载…" downloads the latest issued version, issuing the first one when there is
 * none; "重新出具" issues a new version (after corrections). Versions come from
 * GET /petitions/:id/documents when the document module offers it.
 */
/** Who may upload a signed scan (the server checks again). */
const SCAN_UPLOADERS = ['clerk', 'mediator'];

function documentsBox(p) {
  const box = h('div', { class: 'documents' });
  let issued = [];
  const enc = encodeURIComponent(p.documentId);

  async function load() {
    try {
      issued = (await api.get(`petitions/${enc}/documents`)).data || [];
    } catch {
      issued = [];
    }
    render();
  }

  const latest = (kind) => issued.filter((d) => d.kind === kind).sort((a, b) => (b.version || 0) - (a.version || 0))[0];

  function render() {
    clear(box).append(
      h('h3', { class: 'sub' }, '文书'),
      h(
        'ul',
        { class: 'doc-list' },
        DOCUMENTS.map(([kind, title]) => {
          const last = latest(kind);
          return h(
            'li',
            { dataset: { doc: kind } },
            h('div', { class: 'doc-info' }, h('strong', {}, title), h('small', { class: 'muted' }, last ? `第${last.version}版 · ${fmtDateTime(last.issuedAt)}${last.signedAt || last.signedScan ? ' · 已上传签署件' : ''}` : '尚未出具')),
            h(
              'div',
              { class: 'doc-actions' },
              h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => getDocument(kind, title, e.currentTarget, false) }, `下载${title}`),
              last ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: (e) => getDocument(kind, title, e.currentTarget, true) }, '重新出具') : null,
            ),
            last ? signedScanRow(last, title) : null,
          );
        }),
      ),
    );
  }

  /** The signed copy (签署件) of the latest version: view it, or upload a scan or a phone photo of it. */
  function signedScanRow(doc, title) {
    const id = encodeURIComponent(doc.documentId);
    const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
    const input = h('input', { type: 'file', accept: 'image/*,application/pdf', capture: 'environment', class: 'att-input', 'aria-label': `上传第${doc.version}版${title}签署件` });
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      error.textContent = '';
      input.disabled = true;
      const fd = new FormData();
      fd.append('file', file, file.name);
      try {
        await api.postForm(`/api/documents/${id}/signed-scan`, fd);
        say('success', `已上传第${doc.version}版${title}签署件`);
        load();
      } catch (err) {
        error.textContent = (err.fieldErrors || []).map((e) => e.message).join('；') || err.message;
      } finally {
        input.disabled = false;
        input.value = '';
      }
    });
    const signed = doc.signedAt || doc.signedScan;
    return h(
      'div',
      { class: 'doc-signed', dataset: { signed: signed ? 'yes' : 'no' } },
      signed ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => api.download(`/api/documents/${id}/signed-scan`, `${title}-签署件`).catch((err) => say('error', err.message)) }, `查看第${doc.version}版签署件`) : null,
      SCAN_UPLOADERS.includes(app.me.role)
        ? h('label', { class: 'btn btn-small att-pick' }, signed ? `重新上传第${doc.version}版签署件` : `上传第${doc.version}版签署件（可拍照）`, input)
        : null,
      error,
    );
  }

  async function getDocument(kind, title, button, fresh) {
    busy(button, true, fresh ? '正在出具…' : '正在准备…');
    const fallback = `${title}-${p.referenceNo || p.documentId}.pdf`;
    try {
      let doc = fresh ? null : latest(kind);
      if (!doc) {
        const res = await api.raw('POST', `/api/petitions/${enc}/documents/${kind}`, {});
        if ((res.headers.get('Content-Type') || '').includes('application/pdf')) {
          api.saveBlob(await res.blob(), fallback);
          say('success', `已出具并下载${title}`);
          return;
        }
        const body = await res.json();
        doc = body && body.data;
        if (!doc || !(doc.documentId || doc.id)) throw new api.ApiError(500, '服务器未返回文书编号');
        issued.push(doc);
      }
      const file = await api.download(`/api/documents/${encodeURIComponent(doc.documentId || doc.id)}/download`, fallback);
      say('success', `已下载${file.name}`);
    } catch (err) {
      if (err.status === 404 || err.status === 405 || err.status === 501) say('warn', `${title}功能暂未开通（${err.status}），请稍后再试或联系管理员。`);
      else say('error', `${title}未能出具：${err.message}`);
    } finally {
      busy(button, false);
      load();
    }
  }

  render();
  load();
  return box;
}

/** A small form inside the actions card: fields, an error summary line, submit/cancel. */
function panelForm(title, fields, { submitText, onSubmit, close, extra }) {
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, submitText);
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    h('h3', { class: 'panel-title' }, title),
    error,
    h('div', { class: 'grid' }, fields.map((f) => f.wrap)),
    extra || null,
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  form.addEventListener('input', () => (error.hidden = true));
  form.addEventListener('change', () => (error.hidden = true));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    busy(submit, true, '正在提交…');
    try {
      await onSubmit({ showError: (msg) => ((error.textContent = msg), (error.hidden = !msg)) });
    } finally {
      if (submit.isConnected) busy(submit, false);
    }
  });
  return form;
}

const PICKERS = {
  committee: async () => (await cached('committees?pagination[pageSize]=100&sort=name')).map((c) => [c.documentId, c.name]),
  mediator: async (committee) => (await cached(`desk/users?role=mediator${committee ? `&committee=${encodeURIComponent(committee)}` : ''}`)).map((u) => [u.id, `${u.fullName || u.username}${u.organisation ? `（${u.organisation.name}）` : ''}`]),
  leader: async () => (await cached('desk/users?role=leader')).map((u) => [u.id, `${u.fullName || u.username}${u.organisation ? `（${u.organisation.name}）` : ''}`]),
  unit: async () => (await organisationsList()).map((o) => [o.documentId, o.name]),
};
const NUMERIC_REFS = new Set(['mediator', 'leader']);

/** Fills a picker's options; `arg` narrows it (the mediators of a committee). */
function fillPicker(control, key, arg) {
  const was = control.value;
  control.disabled = true;
  // Only the latest fill applies: the first, unfiltered list may answer after a committee's.
  const ticket = String(Number(control.dataset.fill || 0) + 1);
  control.dataset.fill = ticket;
  PICKERS[key](arg)
    .then((opts) => {
      if (control.dataset.fill !== ticket) return;
      control.replaceChildren(h('option', { value: '' }, opts.length ? '请选择' : '（没有可选项）'), ...opts.map(([v, t]) => h('option', { value: String(v) }, t)));
      // A choice still on the list stays chosen.
      if (was && opts.some(([v]) => String(v) === was)) control.value = was;
      control.disabled = false;
    })
    .catch((err) => {
      if (control.dataset.fill !== ticket) return;
      control.replaceChildren(h('option', { value: '' }, `无法读取：${err.message}`));
    });
}

function moveForm(p, move, close, reload) {
  const fields = (move.fields || []).map((mf) => {
    let control;
    if (mf.kind === 'choice') {
      control = select(Object.entries(mf.options || {}), { name: mf.key, placeholder: mf.required ? '请选择' : '（不选）' });
    } else if (mf.kind === 'ref' && PICKERS[mf.key]) {
      control = select([], { name: mf.key, placeholder: '正在读取…', disabled: true });
      fillPicker(control, mf.key);
    } else if (mf.kind === 'ref') {
      control = input({ name: mf.key });
    } else {
      control = textarea({ name: mf.key, rows: 3 });
    }
    const fl = field({ label: mf.label, required: !!mf.required, control, wide: mf.kind === 'text' });
    fl.key = mf.key;
    fl.kind = mf.kind;
    control.addEventListener('input', () => fl.setError([]));
    control.addEventListener('change', () => fl.setError([]));
    return fl;
  });

  // Diverting: the mediator is picked among the chosen committee's own (its organisation and below).
  const committeeField = fields.find((f) => f.key === 'committee');
  const mediatorField = fields.find((f) => f.key === 'mediator');
  if (committeeField && mediatorField) {
    committeeField.control.addEventListener('change', () => fillPicker(mediatorField.control, 'mediator', committeeField.control.value || undefined));
  }

  // Mediation success: the agreement's structured content (the agreement document is built from it).
  let terms = null;
  const extras = [];
  if (move.action === 'mediation_success') {
    const facts = field({ label: '主要事实', control: textarea({ name: 'facts', rows: 3 }), wide: true });
    const disputes = field({ label: '争议事项', control: textarea({ name: 'disputes', rows: 2 }), wide: true });
    const resp = field({ label: '各方责任', control: textarea({ name: 'responsibilities', rows: 2 }), wide: true });
    for (const [k, f] of [['facts', facts], ['disputes', disputes], ['responsibilities', resp]]) {
      f.key = k;
      f.kind = 'extra';
      fields.push(f);
    }
    terms = termsEditor();
    extras.push(terms.el);
  }

  return panelForm(move.label, fields, {
    submitText: `确认${move.label}`,
    close,
    extra: extras.length ? extras : null,
    async onSubmit({ showError }) {
      const inputData = {};
      let bad = null;
      for (const f of fields) {
        const v = f.control.value.trim();
        const def = (move.fields || []).find((x) => x.key === f.key);
        if (!v) {
          if (def && def.required) {
            f.setError(`请填写${f.label}`);
            bad = bad || f;
          }
          continue;
        }
        inputData[f.key] = NUMERIC_REFS.has(f.key) && /^\d+$/.test(v) ? Number(v) : v;
      }
      if (terms) {
        const list = terms.value();
        if (list.length) inputData.terms = list;
      }
      if (bad) {
        showError('请填写必填项');
        bad.focus();
        return;
      }
      try {
        await api.post(`petitions/${encodeURIComponent(p.documentId)}/transition`, { action: move.action, input: inputData });
        app.cache.clear();
        reload('success', `已${move.label}`);
      } catch (err) {
        if (err.status === 400 && err.fieldErrors.length) {
          const unmatched = [];
          for (const fe of err.fieldErrors) {
            const key = fe.path[0] === 'input' ? fe.path[1] : fe.path[0];
            const f = fields.find((x) => x.key === key);
            if (f) f.setError(fe.message);
            else unmatched.push(fe.message);
          }
          showError(unmatched.length ? unmatched.join('；') : '请修正标出的问题');
        } else if (err.status === 409 || err.status === 403) {
          say('error', err.message);
          showError(err.message);
        } else {
          showError(err.message);
        }
      }
    },
  });
}

function termsEditor() {
  const rows = [];
  const body = h('div', { class: 'terms-rows' });
  function addRow() {
    const r = {
      obligor: input({ placeholder: '履行义务人', 'aria-label': '履行义务人' }),
      what: input({ placeholder: '履行事项', 'aria-label': '履行事项' }),
      how: input({ placeholder: '履行方式', 'aria-label': '履行方式' }),
      where: input({ placeholder: '履行地点', 'aria-label': '履行地点' }),
      byWhen: input({ type: 'date', 'aria-label': '履行期限' }),
    };
    const rm = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': '删除此项', onclick: () => (rows.splice(rows.indexOf(r), 1), r.el.remove()) }, '删除');
    r.el = h('div', { class: 'term-row' }, r.what, r.obligor, r.how, r.where, h('label', { class: 'inline-label' }, h('span', {}, '期限'), r.byWhen), rm);
    rows.push(r);
    body.append(r.el);
  }
  addRow();
  return {
    el: h('div', { class: 'terms-editor field-wide' }, h('h4', { class: 'label' }, '协议条款（履行事项、义务人、方式、地点、期限）'), body, h('button', { type: 'button', class: 'btn btn-small', onclick: addRow }, '＋ 添加一项')),
    value: () =>
      rows
        .map((r) => {
          const t = { what: r.what.value.trim(), how: r.how.value.trim(), where: r.where.value.trim(), byWhen: r.byWhen.value || '' };
          if (r.obligor.value.trim()) t.obligor = r.obligor.value.trim();
          return t;
        })
        .filter((t) => t.what || t.how || t.where || t.byWhen),
  };
}

/** Applies a 400's field errors to `fields` (matched by key), returns the unmatched messages. */
function applyFieldErrors(err, fields) {
  const unmatched = [];
  for (const fe of err.fieldErrors) {
    const f = fields.find((x) => x.key === fe.path[fe.path.length - 1] || x.key === fe.path[0]);
    if (f) f.setError(fe.message);
    else unmatched.push(fe.message);
  }
  return unmatched;
}

function recordForm(title, defs, { submitText, path, method = 'post', close, reload, done, build }) {
  const fields = defs.map((d) => {
    const fl = field({ label: d.label, required: !!d.required, control: d.control, wide: d.wide, help: d.help });
    fl.key = d.key;
    fl.required = !!d.required;
    fl.read = d.read || (() => (d.control.value.trim() === '' ? undefined : d.control.value.trim()));
    d.control.addEventListener('input', () => fl.setError([]));
    return fl;
  });
  return panelForm(title, fields, {
    submitText,
    close,
    async onSubmit({ showError }) {
      const data = {};
      let bad = null;
      for (const f of fields) {
        const v = f.read();
        if (v === undefined && f.required) {
          f.setError(`请填写${f.label}`);
          bad = bad || f;
        }
        if (v !== undefined) data[f.key] = v;
      }
      if (bad) {
        showError('请填写必填项');
        bad.focus();
        return;
      }
      try {
        await api[method](path, { data: build ? build(data) : data });
        reload('success', done);
      } catch (err) {
        if (err.status === 400 && err.fieldErrors.length) {
          const rest = applyFieldErrors(err, fields);
          showError(rest.length ? rest.join('；') : '请修正标出的问题');
        } else {
          if (err.status === 409 || err.status === 403) say('error', err.message);
          showError(err.message);
        }
      }
    },
  });
}

/** A date-time input preset to now; left as it is, it reads as the exact moment of saving. */
function nowInput() {
  const preset = toLocalInput(new Date());
  const el = input({ type: 'datetime-local', value: preset });
  const read = () => (el.value === preset ? new Date().toISOString() : fromLocalInput(el.value));
  return { el, read };
}

function visitForm(p, close, reload) {
  const { el: when, read: readWhen } = nowInput();
  const headcount = input({ type: 'number', inputmode: 'numeric', min: 1, step: 1, value: '1' });
  return recordForm(
    '登记来访（来信）',
    [
      { key: 'visitedAt', label: '来访时间', control: when, read: readWhen },
      { key: 'channel', label: '渠道', required: true, control: select(Object.entries(L.CHANNELS), { value: 'visit' }) },
      { key: 'level', label: '到访层级', required: true, control: select(Object.entries(L.LEVELS)) },
      { key: 'headcount', label: '人数', control: headcount, read: () => (headcount.value === '' ? undefined : Number(headcount.value)) },
      { key: 'note', label: '情况记录', control: textarea({ rows: 3 }), wide: true },
    ],
    { submitText: '保存来访记录', path: `petitions/${encodeURIComponent(p.documentId)}/visits`, close, reload, done: '已登记来访记录' },
  );
}

function sessionForm(p, close, reload) {
  const { el: when, read: readWhen } = nowInput();
  return recordForm(
    '记录调解',
    [
      { key: 'heldAt', label: '调解时间', required: true, control: when, read: readWhen },
      { key: 'place', label: '调解地点', control: input({ placeholder: '如：湖滨镇调解室' }) },
      { key: 'participants', label: '参加人员', required: true, control: input({ placeholder: '当事人、调解员、法律顾问等' }), wide: true },
      { key: 'summary', label: '调解情况', required: true, control: textarea({ rows: 4 }), wide: true },
    ],
    { submitText: '保存调解记录', path: `petitions/${encodeURIComponent(p.documentId)}/sessions`, close, reload, done: '已记录调解' },
  );
}

function returnVisitForm(p, close, reload) {
  return recordForm(
    '回访',
    [
      { key: 'result', label: '回访结果', required: true, control: select(Object.entries(L.RETURN_VISIT_RESULTS)) },
      { key: 'comment', label: '回访意见', control: textarea({ rows: 3 }), wide: true },
    ],
    { submitText: '保存回访', path: `petitions/${encodeURIComponent(p.documentId)}/return-visit`, close, reload, done: '已记录回访' },
  );
}

// The case type's form on the case page: shown read-only, edited by the clerk or the assigned mediator.
function caseFormCard(p, form, canEdit, reload) {
  const title = `${form.caseType.name || '案件类型'}表单${form.version ? `（第${form.version}版）` : ''}`;
  const body = h('div', {});
  const c = card(title, body);
  const showValues = () => {
    append(
      clear(body),
      renderFormValues(form.schema, form.data, { petition: p.documentId }),
      canEdit ? h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: edit, dataset: { action: 'edit-form' } }, '填写 / 修改')) : null,
    );
  };
  function edit() {
    const generated = createForm(form.schema, { values: form.data || {}, idPrefix: 'caseform', petition: p.documentId, stage: stageOfState(p.state) });
    const summary = h('div', { class: 'summary', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存表单');
    const f = h(
      'form',
      { novalidate: true },
      summary,
      generated.el,
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: showValues }, '取消'), save),
    );
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const { errors, clean } = generated.check({ all: true });
      problemSummary(summary, errors.map((er) => ({ label: generated.labelOf(er.field), message: er.message, focus: () => generated.focus(er.field) })));
      if (errors.length) return generated.focus(errors[0].field);
      busy(save, true, '正在保存…');
      try {
        await api.put(`petitions/${encodeURIComponent(p.documentId)}/form`, { data: clean });
        reload('success', '表单已保存');
      } catch (err) {
        busy(save, false);
        if (err.status === 400 && err.fieldErrors.length) {
          const list = err.fieldErrors.map((fe) => ({ field: fe.path[0] === 'formData' ? fe.path[1] : fe.path[0], message: fe.message }));
          generated.showServerErrors(list.filter((x) => generated.has(x.field)));
          problemSummary(summary, list.map((x) => ({ label: generated.labelOf(x.field), message: x.message, focus: generated.has(x.field) ? () => generated.focus(x.field) : null })), '服务器未接受表单，请修正以下问题：');
        } else {
          problemSummary(summary, [{ label: '', message: err.message }], '保存未成功：');
        }
      }
    });
    body.replaceChildren(f);
  }
  showValues();
  return c;
}

route();
