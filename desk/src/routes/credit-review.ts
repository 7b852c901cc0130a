// The 信用审核 tab #/credit-review?tab= (reviewers and clerks): flags grouped by where they stand
// in the due process; reviewers approve or reject proposals in place.
import * as api from '../lib/api';
import { h, append, clear, spinner, banner } from '../lib/ui';
import type { Credit } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import { fieldBox, flagItem, repairPending, windowOpen } from './credit';

type Flag = Credit.CreditFlag;

const CLOSED = ['rejected', 'withdrawn', 'repaired', 'expired', 'removed'];
/** [key, label, test]: each flag falls in exactly one group. */
export const GROUPS: [string, string, (f: Flag) => boolean][] = [
  ['proposed', '待审核', (f) => f.state === 'proposed'],
  ['approved', '待告知', (f) => f.state === 'approved'],
  // A notice not yet delivered: its window has not started (异议期自送达之日起计算).
  ['notified', '公示/异议期', (f) => f.state === 'notified' && (!f.objectionDeadline || windowOpen(f))],
  ['objected', '异议待决', (f) => f.state === 'objected'],
  ['to-activate', '待确认生效', (f) => f.state === 'dismissed' || (f.state === 'notified' && !!f.objectionDeadline && !windowOpen(f))],
  ['active', '已生效', (f) => f.state === 'active' && !repairPending(f)],
  ['repair', '修复待决', (f) => repairPending(f)],
  ['closed', '已结束', (f) => CLOSED.includes(f.state)],
];

/** Every flag in the jurisdiction (pages of 100; the list has no filter for pending repairs). */
async function allFlags() {
  const rows: Flag[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const res = await api.get<Credit.GetFlags.Response>(`credit-flags?pagination[pageSize]=100&pagination[page]=${page}`);
    rows.push(...(res.data || []));
    const pc = (res.meta && res.meta.pagination && res.meta.pagination.pageCount) || 1;
    if (page >= pc) break;
  }
  return rows;
}

/** main: the shell's <main>; ctx: { me, say, route }; params: ?tab= */
export async function renderReview(main: HTMLElement, ctx: WorkCtx, params = new URLSearchParams()) {
  const tab = GROUPS.some(([k]) => k === params.get('tab')) ? params.get('tab') : 'proposed';
  const filters = h('div', { class: 'wn-filters cr-filters', role: 'group', 'aria-label': '按状态筛选' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '信用审核')), filters);
  const box = h('div', { class: 'card' }, spinner());
  main.append(box);
  let rows: Flag[];
  try {
    rows = await allFlags();
  } catch (err) {
    append(clear(box), banner('error', `无法读取信用记录：${err.message}`));
    return;
  }
  const [, label, test] = GROUPS.find(([k]) => k === tab) || GROUPS[0];
  append(
    filters,
    GROUPS.map(([key, text, t]) => {
      const n = rows.filter(t).length;
      const on = key === tab;
      return h(
        'a',
        {
          href: `#/credit-review?tab=${key}`,
          class: `chip wn-filter cr-filter${on ? ' is-on' : ''}`,
          'aria-pressed': on ? 'true' : 'false',
          dataset: { tab: key },
        },
        text,
        h('span', { class: `cr-count${n ? '' : ' is-zero'}` }, String(n)),
      );
    }),
  );
  const shown = rows.filter(test);
  const mayReview = ctx.me.role === 'reviewer' && tab === 'proposed';
  append(
    clear(box),
    h('h2', { class: 'card-title' }, `${label}（${shown.length}）`),
    shown.length
      ? shown.map((f) => flagItem(f, mayReview ? reviewActions(f, ctx) : null))
      : h('p', { class: 'muted' }, `没有${label}的信用记录`),
  );
}

function reviewActions(f: Flag, ctx: WorkCtx) {
  const slot = h('div', {});
  const open = (action: 'approve' | 'reject') => {
    const reject = action === 'reject';
    const note = fieldBox(reject ? '不予通过的理由' : '审核意见（可选）', h('textarea', { rows: 2 }), { required: reject, wide: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, reject ? '确认不予通过' : '确认通过');
    const form = h(
      'form',
      { class: 'panel-form', novalidate: true },
      h('div', { class: 'grid' }, note.wrap),
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => clear(slot) }, '取消'), submit),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      note.setError('');
      const text = note.control.value.trim();
      if (reject && !text) return note.setError('请写明不予通过的理由');
      submit.disabled = true;
      try {
        await api.post(`credit-flags/${encodeURIComponent(f.documentId)}/${action}`, {
          data: reject ? { reason: text } : text ? { note: text } : {},
        });
        ctx.say('success', reject ? '已审核：不予通过' : '已审核通过');
        setTimeout(ctx.route, 0);
      } catch (err) {
        note.setError(err.message);
        submit.disabled = false;
      }
    });
    append(clear(slot), form);
    note.control.focus();
  };
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'cx-actions' },
      h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => open('approve') }, '审核通过'),
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => open('reject') }, '不予通过'),
    ),
    slot,
  );
}
