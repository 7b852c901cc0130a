// The desk's shell: the signed-in user, the page frame (top bar, tabs, messages), navigation and cached lists.
import * as api from './api';
import { h, banner } from './ui';
import type { Child } from './ui';
import type { Me, OrganisationRef, CaseTypeRef } from './types';
import * as L from './labels';
import * as inbox from '../routes/inbox';
import * as warnings from '../routes/warnings';
import * as credit from '../routes/credit';
import { CALENDAR_ROLES } from '../routes/hearings/labels';
import * as search from '../routes/search';
import * as backlog from '../routes/backlog';
import * as handover from '../routes/handover';
import * as ledgers from '../routes/ledgers';
import * as subsidies from '../routes/subsidies';

// desk/index.html holds the #app element the desk renders into.
export const root = document.getElementById('app')!;
export type FlashKind = 'error' | 'success' | 'info' | 'warn';
/** How the screens report: ctx.say. */
export type Say = (kind: FlashKind | string, text: string) => void;
export const app: { me: Me | null; flash: { kind: FlashKind; text: string } | null; ticket: number; cache: Map<string, Promise<unknown>> } =
  {
    me: null,
    flash: null,
    ticket: 0,
    cache: new Map(),
  };
export const PAGE_SIZE = 25;
export const CONCLUDED = ['concluded', 'review_requested', 'reviewed', 're_review_requested', 'final'];

// ---------------------------------------------------------------------------------------
// Routing

export function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || '') };
}

// main.ts installs the router; the screens reach it through go() and workCtx().route.
let router: () => unknown = () => undefined;
export function setRouter(fn: () => unknown) {
  router = fn;
}
export const route = () => router();

export function go(hash: string) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export function flash(kind: FlashKind, text: string) {
  app.flash = { kind, text };
}

/** What the work screens (consult.js, …) need from the shell. */
/** The signed-in user: route() (main.ts) reads it before it shows any screen. */
export function currentUser(): Me {
  if (!app.me) throw new Error('尚未读取当前用户');
  return app.me;
}

export const workCtx = () => ({ me: currentUser(), say, go, route, flash });
export type WorkCtx = ReturnType<typeof workCtx>;
/** After a change: a message for the page to show, then the page again. */
export type Reload = (kind?: FlashKind, text?: string) => unknown;

// ---------------------------------------------------------------------------------------
// Shell

export function shell(active: string, title: string) {
  document.title = `${title} · 访调工作台`;
  const me = currentUser();
  const who = me.fullName || me.username;
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: '#/cases' },
      h('span', { class: 'seal', 'aria-hidden': 'true' }, '访调'),
      h('span', { class: 'brand-text' }, h('strong', {}, '访调工作台'), h('small', {}, '信访与人民调解对接')),
    ),
    h(
      'div',
      { class: 'user' },
      h(
        'span',
        { class: 'user-text' },
        h('strong', { class: 'user-name' }, who),
        h('small', {}, `${me.roleName || L.ROLES[me.role] || me.role}${me.organisation ? ` · ${me.organisation.name}` : ''}`),
      ),
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
  if (subsidies.READERS.includes(me.role)) tabs.push(['subsidies', '#/subsidies', '以案定补']);
  if (handover.READERS.includes(me.role)) tabs.push(['handover', '#/handover', '离任交接']);
  tabs.push(['inbox', '#/inbox', '消息']);
  // 考核指标: a separate page (public/desk/measures/) for the roles that may read the measures.
  if (['supervisor', 'leader', 'clerk'].includes(me.role)) tabs.push(['measures', '/desk/measures/', '考核指标']);
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': '主导航' },
    tabs.map(([key, href, text]) =>
      h('a', { href, class: key === active ? 'tab active' : 'tab', 'aria-current': key === active ? 'page' : null }, text),
    ),
  );
  const messages = h('div', { class: 'messages', id: 'messages' });
  if (app.flash) {
    messages.append(banner(app.flash.kind, app.flash.text));
    app.flash = null;
  }
  const main = h('main', { class: 'main', id: 'main' }, messages);
  root.replaceChildren(header, nav, main);
  // Phone width: the tabs scroll sideways; keep the active one in view.
  const on = nav.querySelector<HTMLElement>('.tab.active');
  if (on && on.offsetLeft + on.offsetWidth > nav.clientWidth) nav.scrollLeft = on.offsetLeft - 8;
  window.scrollTo(0, 0);
  return main;
}

/** Shows a message at the top of the page (replacing earlier ones) and scrolls to it. */
export function say(kind: FlashKind | string, text: Child) {
  const box = document.getElementById('messages');
  if (!box) return;
  box.replaceChildren(
    banner(
      kind,
      text,
      h('button', { class: 'banner-close', type: 'button', 'aria-label': '关闭', onclick: () => box.replaceChildren() }, '×'),
    ),
  );
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/** Ends the session on the server too: its tokens stop working on every instance at once. */
export async function logout(e?: Event) {
  if (e?.currentTarget instanceof HTMLButtonElement) e.currentTarget.disabled = true;
  await api.logout();
  app.me = null;
  app.cache.clear();
  flash('info', '已退出登录');
  go('#/login');
}

export function card(title: Child, ...children: Child[]) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...children);
}

/** Cached GET of lists that rarely change (organisations, case types, pickers). */
export async function cached<T>(path: string): Promise<T[]> {
  if (!app.cache.has(path)) {
    const p = api.get<{ data: T[] }>(path).then((r) => r.data);
    app.cache.set(path, p);
    p.catch(() => app.cache.delete(path));
  }
  return app.cache.get(path) as Promise<T[]>;
}

export const organisationsList = () => cached<OrganisationRef>('organisations?pagination[pageSize]=100&sort=code');
export const caseTypesList = () => cached<CaseTypeRef>('case-types?pagination[pageSize]=100&sort=name');
