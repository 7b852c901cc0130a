// 消息: the header bell with the unread count and the "消息" screen (the user's own
// notifications: GET /api/notifications, POST /api/notifications/:id/read), and its settings
// #/inbox-settings (e-mail per kind and the daily digest: GET/PUT /api/notifications/preferences).
import * as api from '../lib/api';
import { h, append, clear, fmtDateTime, spinner, banner, setBusy } from '../lib/ui';
import type { Notifications } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

let lastUnread = 0;

function setCount(badge: HTMLElement, n: number) {
  lastUnread = n;
  badge.textContent = n > 99 ? '99+' : String(n);
  badge.hidden = !n;
  badge.parentElement && badge.parentElement.setAttribute('aria-label', n ? `消息（${n}条未读）` : '消息');
}

/** The header bell: a link to #/inbox with the unread count (refreshed on each screen). */
export function bell() {
  const badge = h('span', { class: 'ib-count', 'aria-hidden': 'true' });
  const link = h('a', { class: 'ib-bell', href: '#/inbox', title: '消息' }, h('span', { class: 'ib-icon', 'aria-hidden': 'true' }), badge);
  (link.firstChild as Element).innerHTML =
    '<svg viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>';
  setCount(badge, lastUnread);
  api.get<Notifications.GetInbox.Response>('notifications?pagination[pageSize]=1').then(
    (r) => setCount(badge, Number((r.meta && r.meta.unread) || 0)),
    () => {},
  );
  return link;
}

const KINDS: Record<string, string> = {
  'case-assigned': '分流调解',
  'consultation-request': '咨询申请',
  'consultation-answer': '咨询意见',
  'consultation-booking': '专家咨询',
  'consultation-reminder': '咨询提醒',
  hearing: '会议',
  deadline: '期限',
  warning: '预警',
};

/** Only the desk's own links are followed (/desk/#/… or #/…). */
function hashOf(link: unknown) {
  if (typeof link !== 'string') return null;
  const m = /^(?:\/desk\/?)?(#\/.*)$/.exec(link.trim());
  return m ? m[1] : null;
}

/** The page's title and its filters: all, unread, and the settings. */
function inboxHead(unreadOnly: boolean) {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', {}, '消息'),
    h(
      'div',
      { class: 'ib-filter', role: 'group', 'aria-label': '筛选' },
      h(
        'a',
        {
          href: '#/inbox',
          class: unreadOnly ? 'btn btn-small' : 'btn btn-small btn-primary',
          'aria-current': unreadOnly ? null : 'page',
        },
        '全部',
      ),
      h(
        'a',
        {
          href: '#/inbox?unread=true',
          class: unreadOnly ? 'btn btn-small btn-primary' : 'btn btn-small',
          'aria-current': unreadOnly ? 'page' : null,
        },
        '未读',
      ),
      h('a', { href: '#/inbox-settings', class: 'btn btn-small btn-ghost ib-settings-link' }, '通知设置'),
    ),
  );
}

async function markRead(n: Notifications.Notification, li: HTMLElement) {
  await api.post(`notifications/${encodeURIComponent(n.documentId)}/read`);
  n.readAt = new Date().toISOString();
  li.classList.remove('is-unread');
  li.dataset.read = 'true';
  const b = li.querySelector('.ib-read');
  if (b) b.remove();
  const count = document.querySelector<HTMLElement>('.ib-count');
  if (count) setCount(count, Math.max(0, lastUnread - 1));
}

function item(n: Notifications.Notification, ctx: WorkCtx) {
  const target = hashOf(n.link);
  const li = h('li', {
    class: `ib-item${n.readAt ? '' : ' is-unread'}`,
    dataset: { notification: n.documentId, read: n.readAt ? 'true' : 'false' },
  });
  append(
    li,
    h(
      'div',
      { class: 'ib-top' },
      n.readAt ? null : h('span', { class: 'ib-dot', title: '未读' }),
      h('strong', { class: 'ib-title' }, n.title),
      h('small', { class: 'muted ib-time' }, fmtDateTime(n.createdAt)),
    ),
    n.body ? h('p', { class: 'ib-body' }, n.body) : null,
    h(
      'div',
      { class: 'ib-actions' },
      KINDS[n.kind ?? ''] ? h('span', { class: 'chip cx-chip' }, KINDS[n.kind ?? '']) : null,
      target
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onclick: async () => {
                if (!n.readAt) await markRead(n, li).catch(() => {});
                ctx.go(target);
              },
            },
            '查看',
          )
        : null,
      n.readAt
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-small ib-read',
              onclick: (e: MouseEvent) => (
                markRead(n, li).catch((err) => ctx.say('error', `未能标为已读：${err.message}`)),
                (e.currentTarget as HTMLElement).blur()
              ),
            },
            '标为已读',
          ),
    ),
  );
  return li;
}

/** main: the shell's <main>; ctx: { say, go } */
export async function renderInbox(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const unreadOnly = params.get('unread') === 'true';
  main.append(inboxHead(unreadOnly));
  const list = h('ul', { class: 'ib-list card' });
  const more = h('div', { class: 'ib-more' });
  const box = h('div', {}, spinner());
  main.append(box);
  let page = 0;

  async function load() {
    page += 1;
    try {
      const r = await api.get<Notifications.GetInbox.Response>(
        `notifications${api.query([
          ['pagination[page]', page],
          ['pagination[pageSize]', 20],
          ['unread', unreadOnly ? 'true' : ''],
        ])}`,
      );
      const rows = r.data || [];
      const count = document.querySelector<HTMLElement>('.ib-count');
      if (count && r.meta) setCount(count, Number(r.meta.unread || 0));
      if (page === 1)
        append(clear(box), rows.length ? [list, more] : h('p', { class: 'card muted' }, unreadOnly ? '没有未读消息' : '暂无消息'));
      append(
        list,
        rows.map((n) => item(n, ctx)),
      );
      const pg: Partial<Notifications.GetInbox.Response['meta']['pagination']> = (r.meta && r.meta.pagination) || {};
      clear(more);
      if ((pg.pageCount ?? 0) > page)
        more.append(
          h(
            'button',
            {
              type: 'button',
              class: 'btn',
              onclick: (e: MouseEvent) => {
                (e.currentTarget as HTMLButtonElement).disabled = true;
                load();
              },
            },
            '加载更多',
          ),
        );
    } catch (err) {
      append(clear(box), banner('error', `无法读取消息：${err.message}`));
    }
  }
  await load();
}

/**
 * 通知设置: which kinds also come by e-mail, and whether e-mail comes as one daily digest.
 * The inbox always shows every notification; these choices are only about e-mail.
 */
export async function renderSettings(main: HTMLElement, ctx: WorkCtx) {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '通知设置'), h('a', { href: '#/inbox', class: 'btn btn-small' }, '返回消息')));
  const box = h('div', {}, spinner());
  main.append(box);
  let prefs: Notifications.PreferencesView;
  try {
    prefs = (await api.get<Notifications.NotificationPreferences.Response>('notifications/preferences')).data;
  } catch (err) {
    append(clear(box), banner('error', `无法读取通知设置：${err.message}`));
    return;
  }
  const digest = h('input', { type: 'checkbox', name: 'digest', id: 'ib-digest', checked: !!prefs.digest });
  const boxes = prefs.kinds.map((k) => ({
    kind: k.kind,
    input: h('input', {
      type: 'checkbox',
      name: `email-${k.kind}`,
      id: `ib-email-${k.kind}`,
      checked: !!k.email,
      dataset: { kind: k.kind },
    }),
    label: k.label,
  }));
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const form = h(
    'form',
    { class: 'card ib-settings', novalidate: true },
    h('p', { class: 'muted' }, '站内消息总会显示；以下只决定是否另发邮件。'),
    h(
      'fieldset',
      {},
      h('legend', {}, '发送邮件的通知类型'),
      h(
        'ul',
        { class: 'ib-kinds' },
        boxes.map((b) => h('li', {}, h('label', { for: b.input.id }, b.input, ' ', b.label))),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, '邮件方式'),
      h('label', { for: 'ib-digest' }, digest, ' 每日汇总为一封邮件（北京时间18:00发送），不逐条发送'),
    ),
    h('div', { class: 'form-actions' }, save),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setBusy(save, true, '正在保存…');
    try {
      const email = Object.fromEntries(boxes.map((b) => [b.kind, b.input.checked]));
      await api.put('notifications/preferences', { data: { digest: digest.checked, email } });
      ctx.say('success', '通知设置已保存');
    } catch (err) {
      ctx.say('error', `未能保存：${err.message}`);
    } finally {
      setBusy(save, false);
    }
  });
  append(clear(box), form);
}
