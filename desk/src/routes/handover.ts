// 离任交接 and 延期: a departing leader's backlog handed to the successor with the 离任交接表 PDF
// (#/handover, clerks and leaders; supervisors read the sheets), and the case page's deadline
// extension, which only a leader approves (once, at most 30 days; the server decides).
import * as api from '../lib/api';
import { h, append, clear, fmtDate, spinner, banner, fieldBox, type FieldBox, setBusy, clearErrorsOnChange } from '../lib/ui';
import type { Backlog } from '@fangtiao/contracts';
import type { Say, WorkCtx } from '../lib/shell';
import type { One, Petition, StaffUser } from '../lib/types';
import { downloadButton, saveFile } from '../lib/download';

export const READERS = ['clerk', 'leader', 'supervisor'];
const HANDERS = ['clerk', 'leader'];
const person = (u: { fullName?: string | null; username?: string } | null | undefined) => (u ? u.fullName || u.username || '' : '');
const enc = encodeURIComponent;
const downloadSheet = (doc: { documentId: string }, button: HTMLButtonElement, say: Say) =>
  saveFile(button, `/api/documents/${enc(doc.documentId)}/download`, '离任交接表.pdf', say, '交接表');
const CLOSED = ['not_accepted', 'concluded', 'review_requested', 'reviewed', 're_review_requested', 'final', 'closed'];

export async function renderHandover(main: HTMLElement, ctx: WorkCtx) {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '离任交接')));
  const formSlot = h('div', {});
  const list = h('section', { class: 'card ho-list' }, h('h2', { class: 'card-title' }, '交接记录'), spinner());
  if (HANDERS.includes(ctx.me.role)) {
    main.append(
      h('p', { class: 'muted' }, '包案领导离任时，将其未化解的信访积案移交接任领导，并生成《主要负责人离任信访积案交接表》（一式四份）。'),
      formSlot,
    );
    formSlot.append(handoverForm(ctx, () => loadTenures(list, ctx)));
  }
  main.append(list);
  await loadTenures(list, ctx);
}

/** The handovers made (closed tenures), each with its sheet. */
async function loadTenures(list: HTMLElement, ctx: WorkCtx) {
  try {
    const rows = (await api.get<Backlog.GetTenures.Response>('leader-tenures')).data || [];
    const done = rows.filter((t) => t.leftAt);
    append(
      clear(list),
      h('h2', { class: 'card-title' }, '交接记录'),
      done.length
        ? h(
            'ul',
            { class: 'doc-list' },
            done.map((t) =>
              h(
                'li',
                { dataset: { tenure: t.documentId } },
                h(
                  'div',
                  { class: 'doc-info' },
                  h('strong', {}, `${person(t.leader)} → ${person(t.successor)}`),
                  h(
                    'small',
                    { class: 'muted' },
                    `${(t.organisation && t.organisation.name) || ''} · 到任 ${fmtDate(t.arrivedAt)} · 离任 ${fmtDate(t.leftAt)}${t.sheet ? ` · 离任时积案${(t.sheet.backlogAtDeparture || []).length}件，其中新增${t.sheet.newCount ?? 0}件` : ''}`,
                  ),
                ),
                t.handoverDocument ? downloadButton('下载交接表', (button) => downloadSheet(t.handoverDocument!, button, ctx.say)) : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, '暂无交接记录'),
    );
  } catch (err) {
    append(clear(list), h('h2', { class: 'card-title' }, '交接记录'), banner('error', `无法读取交接记录：${err.message}`));
  }
}

/** The handover's fields; the two leader pickers fill from the leaders the caller may see. */
function handoverFields(ctx: WorkCtx) {
  const leaderSel = () => h('select', {}, h('option', { value: '' }, '正在读取…'));
  const f: Record<string, FieldBox> = {
    leader: fieldBox('离任领导', leaderSel(), { required: true }),
    successor: fieldBox('接任领导', leaderSel(), { required: true }),
    date: fieldBox('离任日期', h('input', { type: 'date', value: new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10) })),
    post: fieldBox('职务', h('input', { type: 'text', maxlength: 100, placeholder: '如：镇党委书记' })),
    remarks: fieldBox('备注', h('textarea', { rows: 2, placeholder: '不填则写明移交件数' }), { wide: true }),
    explanation: fieldBox('新增积案书面说明', h('textarea', { rows: 2 }), {
      wide: true,
      help: '任期内新增积案较多（5件以上）时须作出书面说明',
    }),
  };
  api.get<{ data: StaffUser[] }>('desk/users?role=leader').then(
    (r) => {
      for (const key of ['leader', 'successor']) {
        f[key].control.replaceChildren(
          h('option', { value: '' }, '请选择'),
          ...(r.data || []).map((u) =>
            h('option', { value: String(u.id) }, `${person(u)}${u.organisation ? `（${u.organisation.name}）` : ''}`),
          ),
        );
      }
    },
    (err: api.ApiError) => ctx.say('error', `无法读取领导名单：${err.message}`),
  );
  return f;
}

/** The handover's counts and its sheet to download. */
function showDone(result: HTMLElement, out: Backlog.Handover.Result['data'], ctx: WorkCtx) {
  const c = out.counts;
  const dl = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      dataset: { action: 'download-sheet' },
      onclick: (ev: MouseEvent) => downloadSheet(out.document, ev.currentTarget as HTMLButtonElement, ctx.say),
    },
    '下载交接表（PDF）',
  );
  append(
    clear(result),
    banner(
      'success',
      `交接完成：到任时积案${c.atArrival}件，离任时${c.atDeparture}件，其中新增${c.new}件；已移交接任领导${c.handedOver}件。`,
      dl,
    ),
  );
}

function handoverForm(ctx: WorkCtx, onDone: () => void) {
  const f = handoverFields(ctx);
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const result = h('div', {});
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '办理交接并生成交接表');
  const form = h(
    'form',
    { class: 'card panel-form ho-form', novalidate: true },
    h('h2', { class: 'card-title' }, '办理离任交接'),
    error,
    h(
      'div',
      { class: 'grid' },
      Object.values(f).map((x) => x.wrap),
    ),
    h('div', { class: 'form-actions' }, submit),
    result,
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    Object.values(f).forEach((x) => x.setError(''));
    let bad = false;
    for (const key of ['leader', 'successor'])
      if (!f[key].control.value) {
        f[key].setError(`请选择${key === 'leader' ? '离任领导' : '接任领导'}`);
        bad = true;
      }
    if (bad) return;
    const v = (key: string): string | undefined => f[key].control.value.trim() || undefined;
    const data = {
      successor: Number(f.successor.control.value),
      date: v('date') ? `${v('date')}T12:00:00+08:00` : undefined,
      post: v('post'),
      remarks: v('remarks'),
      explanation: v('explanation'),
    };
    setBusy(submit, true, '正在交接…');
    try {
      const out = (await api.post<Backlog.Handover.Result>(`leaders/${enc(f.leader.control.value)}/handover`, { data })).data;
      showDone(result, out, ctx);
      ctx.say('success', '离任交接已办理，交接表已生成');
      setBusy(submit, false);
      // Done: the departing leader's tenure is closed, a second submit would start a new one.
      submit.disabled = true;
      onDone();
    } catch (err) {
      const fe: api.FieldError[] = err.fieldErrors || [];
      for (const x of fe) if (f[x.path[0]]) f[x.path[0]].setError(x.message);
      error.textContent = fe.length ? '未能交接，请修正标出的问题' : `未能交接：${err.message}`;
      error.hidden = false;
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  return form;
}

// ---------------------------------------------------------------------------------------
// The case page: 延长办理期限 (leaders)

/** A leader approves one extension of the conclusion deadline (at most 30 days), with the reason. */
export function extensionCard(p: Petition, ctx: WorkCtx) {
  if (ctx.me.role !== 'leader' || CLOSED.includes(p.state) || p.state === 'registered') return null;
  const f: Record<string, FieldBox> = {
    days: fieldBox('延长天数', h('input', { type: 'number', min: 1, max: 30, value: 30, inputmode: 'numeric' }), {
      required: true,
      help: '经领导批准可延长一次，最多30日',
    }),
    reason: fieldBox('延期理由', h('textarea', { rows: 2 }), { required: true, wide: true }),
  };
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '批准延期');
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true, hidden: true },
    error,
    h('div', { class: 'grid' }, f.days.wrap, f.reason.wrap),
    h('div', { class: 'form-actions' }, submit),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      dataset: { action: 'extend' },
      onclick: () => ((form.hidden = !form.hidden), form.hidden || f.reason.control.focus()),
    },
    '延长办理期限',
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const reason = f.reason.control.value.trim();
    if (!reason) return f.reason.setError('请填写延期理由');
    setBusy(submit, true, '正在提交…');
    try {
      const r = (
        await api.post<One<Petition>>(`petitions/${enc(p.documentId)}/extend`, { data: { days: Number(f.days.control.value), reason } })
      ).data;
      ctx.flash('success', `已批准延期，办结期限延至${fmtDate(r.conclusionDueAt || r.dueAt)}`);
      ctx.route();
    } catch (err) {
      const fe: api.FieldError[] = err.fieldErrors || [];
      for (const x of fe) if (f[x.path[0]]) f[x.path[0]].setError(x.message);
      error.textContent = fe.length ? fe.map((x) => x.message).join('；') : err.message;
      error.hidden = false;
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  return h(
    'section',
    { class: 'card ext-card', id: 'extension' },
    h('div', { class: 'cx-head' }, h('h2', { class: 'card-title' }, '办理期限'), toggle),
    h('p', { class: 'muted' }, p.dueAt ? `当前期限：${fmtDate(p.dueAt)}` : '当前无办理期限'),
    form,
  );
}
