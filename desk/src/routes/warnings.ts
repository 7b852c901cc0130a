// 预警: the warnings in the caller's scope (GET /api/warnings), with colour chips, the
// response deadline, and acknowledge → act (with a note) → close for their recipients.
import * as api from '../lib/api';
import { h, append, clear, uid, fmtDateTime, spinner, banner } from '../lib/ui';
import type { Warnings } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

type Warning = Warnings.Warning;

export const COLOURS: Record<string, string> = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警', blue: '蓝色预警' };
export const STATES: Record<string, string> = { raised: '已发出', acknowledged: '已签收', acted: '已处置', closed: '已办结' };
const NEXT: Record<string, [Warnings.WarningAction, string]> = {
  raised: ['acknowledge', '签收'],
  acknowledged: ['act', '反馈处置情况'],
  acted: ['close', '办结'],
};
/** Who may read the 预警 tab; only clerks and leaders who are recipients act. */
export const READERS = ['clerk', 'leader', 'supervisor'];
const ACTORS = ['clerk', 'leader'];

const href = (params: URLSearchParams) => {
  const q = [...params]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `#/warnings${q ? `?${q}` : ''}`;
};

/** main: the shell's <main>; ctx: { me, say, route } */
export async function renderWarnings(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const colour = params.get('colour') || '';
  const state = params.get('state') || '';
  const mine = params.get('mine') === 'true';
  const filter = (key: string, value: string, text: string, active: boolean) => {
    const p = new URLSearchParams(params);
    if (active) p.delete(key);
    else p.set(key, value);
    return h(
      'a',
      {
        href: href(p),
        class: `chip wn-filter${value && key === 'colour' ? ` wn-${value}` : ''}${active ? ' is-on' : ''}`,
        'aria-pressed': active ? 'true' : 'false',
      },
      text,
    );
  };
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, '预警')),
    h(
      'div',
      { class: 'wn-filters', role: 'group', 'aria-label': '筛选' },
      Object.entries(COLOURS).map(([k, t]) => filter('colour', k, t.replace('预警', ''), colour === k)),
      h('span', { class: 'wn-sep', 'aria-hidden': 'true' }),
      filter('state', 'raised,acknowledged,acted', '未办结', state === 'raised,acknowledged,acted'),
      ACTORS.includes(ctx.me.role) ? filter('mine', 'true', '发给我的', mine) : null,
    ),
  );
  const box = h('div', { class: 'wn-list' }, spinner());
  main.append(box);
  try {
    const r = await api.get<Warnings.GetWarnings.Response>(
      `warnings${api.query([
        ['colour', colour],
        ['state', state],
        ['mine', mine ? 'true' : ''],
        ['pagination[pageSize]', 50],
      ])}`,
    );
    const rows = r.data || [];
    const total = (r.meta && r.meta.pagination && r.meta.pagination.total) || rows.length;
    append(
      clear(box),
      h('p', { class: 'list-count muted' }, `共 ${total} 条预警`),
      rows.length ? rows.map((w) => item(w, ctx)) : h('p', { class: 'card muted' }, '没有符合条件的预警'),
    );
  } catch (err) {
    append(clear(box), banner('error', `无法读取预警：${err.message}`));
  }
}

function item(w: Warning, ctx: WorkCtx) {
  const me = ctx.me;
  const isRecipient = (w.recipients || []).some((u) => u.id === me.id || u.username === me.username);
  const overdue = w.state === 'raised' && w.dueAt && new Date(w.dueAt).getTime() < Date.now();
  const slot = h('div', {});
  const next = NEXT[w.state ?? ''];
  const p: Partial<NonNullable<Warning['petition']>> = w.petition || {};
  const actions = h('div', { class: 'wn-actions' });
  if (next && ACTORS.includes(me.role) && isRecipient) {
    const [action, label] = next;
    actions.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary btn-small',
          onclick: (e: MouseEvent) =>
            action === 'act' ? noteForm(w, slot, ctx) : move(w, action, label, {}, e.currentTarget as HTMLButtonElement, ctx),
        },
        label,
      ),
    );
  }
  actions.append(noticeButton(w, ctx));
  return h(
    'article',
    { class: `card wn-item wn-edge-${w.colour}`, dataset: { warning: w.documentId, colour: w.colour, state: w.state } },
    h(
      'div',
      { class: 'chips' },
      h(
        'span',
        { class: `chip wn-chip wn-${w.colour}` },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        COLOURS[w.colour ?? ''] || w.colour,
      ),
      h('span', { class: `chip state wn-state-${w.state}` }, STATES[w.state ?? ''] || w.state),
      w.escalatedAt ? h('span', { class: 'chip wn-escalated' }, '已升级') : null,
      overdue ? h('span', { class: 'chip wn-overdue' }, '超时未签收') : null,
    ),
    h('h2', { class: 'wn-title' }, (w.rule && w.rule.name) || w.ruleCode || '预警'),
    w.reason ? h('p', { class: 'prose' }, w.reason) : null,
    h(
      'dl',
      { class: 'kv kv-compact' },
      p.documentId
        ? [
            h('dt', {}, '案件'),
            h('dd', {}, h('a', { href: `#/case/${encodeURIComponent(p.documentId)}` }, `${p.referenceNo || ''} ${p.subject || ''}`)),
          ]
        : null,
      h('dt', {}, '发出时间'),
      h('dd', {}, fmtDateTime(w.raisedAt)),
      w.dueAt ? [h('dt', {}, '签收期限'), h('dd', { class: overdue ? 'wn-late' : '' }, fmtDateTime(w.dueAt))] : null,
      (w.recipients || []).length
        ? [h('dt', {}, '接收人'), h('dd', {}, (w.recipients || []).map((u) => u.fullName || u.username).join('、'))]
        : null,
      w.actionNote ? [h('dt', {}, '处置情况'), h('dd', {}, w.actionNote)] : null,
    ),
    actions,
    slot,
  );
}

/**
 * 信访预警单 (PDF): a clerk issues it (again: a new version) and downloads it; others download
 * the issued one. The list does not carry the document, so the warning is read on demand.
 */
function noticeButton(w: Warning, ctx: WorkCtx) {
  const issuer = ctx.me.role === 'clerk';
  const b = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'notice' } }, issuer ? '预警单（PDF）' : '下载预警单');
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      let doc = (await api.get<Warnings.GetWarning.Response>(`warnings/${encodeURIComponent(w.documentId)}`)).data.noticeDocument;
      if (!doc && !issuer) return ctx.say('info', '该预警尚未签发预警单（由信访干部签发）');
      if (!doc) doc = (await api.post<Warnings.IssueNotice.Response>(`warnings/${encodeURIComponent(w.documentId)}/notice`, {})).data;
      const file = await api.download(`/api/documents/${encodeURIComponent(doc.documentId)}/download`, '信访预警单.pdf');
      ctx.say('success', `已下载${file.name}`);
    } catch (err) {
      ctx.say('error', `预警单未能下载：${err.message}`);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

async function move(
  w: Warning,
  action: Warnings.WarningAction,
  label: string,
  data: { note?: string },
  button: HTMLButtonElement,
  ctx: WorkCtx,
) {
  button.disabled = true;
  try {
    await api.post(`warnings/${encodeURIComponent(w.documentId)}/${action}`, { data });
    ctx.say('success', `预警已${label === '反馈处置情况' ? '反馈处置情况' : label}`);
    setTimeout(ctx.route, 0);
  } catch (err) {
    ctx.say('error', `未能${label}：${err.message}`);
    button.disabled = false;
  }
}

function noteForm(w: Warning, slot: HTMLElement, ctx: WorkCtx) {
  if (slot.firstChild) return;
  const id = uid('wn');
  const note = h('textarea', { id, rows: 3 });
  const err = h('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交');
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    h(
      'div',
      { class: 'field field-wide' },
      h('label', { class: 'label', for: id }, '处置情况', h('span', { class: 'req' }, ' *')),
      note,
      err,
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => clear(slot) }, '取消'), submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!note.value.trim()) {
      err.textContent = '请填写处置情况';
      return;
    }
    move(w, 'act', '反馈处置情况', { note: note.value.trim() }, submit, ctx);
  });
  slot.append(form);
  note.focus();
}
