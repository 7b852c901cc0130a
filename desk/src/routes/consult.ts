// 专家咨询 on the desk: the case page's consultation card (mediators and leaders ask, see
// the suggested experts and book one) and the expert's "咨询任务" screen (open requests of its
// pools, its bookings, the opinion that issues the 专家咨询记录 PDF).
import * as api from '../lib/api';
import {
  h,
  append,
  clear,
  uid,
  fmtDateTime,
  toLocalInput,
  fromLocalInput,
  spinner,
  banner,
  clearErrorsOnChange,
  setBusy,
  fieldBox,
  type FieldBox,
} from '../lib/ui';
import type { Experts } from '@fangtiao/contracts';
import { FIELDS, URGENCIES, MODES, LEVELS, C_STATES, B_STATES, chip, selectOf, shanghaiAt, docRow } from './consult-labels';
import type { WorkCtx } from '../lib/shell';
import type { Petition } from '../lib/types';

type Consultation = Experts.Consultation;
type Suggestions = Experts.GetSuggestions.Response['data'];

const REQUESTERS = ['mediator', 'leader'];

function bookingLine(b: Experts.Booking) {
  return h(
    'li',
    { class: 'cx-booking', dataset: { state: b.state } },
    h('strong', {}, (b.expert && b.expert.displayName) || '专家'),
    b.expert && b.expert.title ? h('span', { class: 'muted' }, ` ${b.expert.title}`) : null,
    ' ',
    chip(B_STATES[b.state] || b.state, `cx-b-${b.state}`),
    h('div', { class: 'muted cx-when' }, `${fmtDateTime(b.start)} – ${fmtDateTime(b.end).slice(11)} · ${MODES[b.mode] || ''}`),
    b.opinion ? h('p', { class: 'prose cx-opinion' }, b.opinion) : null,
  );
}

// ---------------------------------------------------------------------------------------
// The case page: 专家咨询 card

/** ctx: { me, say, reload } */
/** What the functions below share: the case, the caller, the list and the form's slot. */
interface CardState {
  p: Petition;
  ctx: WorkCtx;
  canAsk: boolean;
  enc: string;
  list: HTMLElement;
  formSlot: HTMLElement;
}

export function caseCard(p: Petition, ctx: WorkCtx) {
  const canAsk = REQUESTERS.includes(ctx.me.role);
  const k: CardState = {
    p,
    ctx,
    canAsk,
    enc: encodeURIComponent(p.documentId),
    list: h('div', { class: 'cx-list' }, spinner()),
    formSlot: h('div', {}),
  };
  const askBtn = canAsk
    ? h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => openForm(k) }, '申请专家咨询')
    : null;
  const box = h(
    'section',
    { class: 'card cx-card', id: 'consultations' },
    h('div', { class: 'cx-head' }, h('h2', { class: 'card-title' }, '专家咨询'), askBtn),
    k.formSlot,
    k.list,
  );
  load(k);
  return box;
}

async function load(k: CardState, fresh?: { documentId: string; suggestions?: Experts.Suggestion[] }) {
  try {
    const rows = (await api.get<Experts.ListConsultations.Response>(`petitions/${k.enc}/consultations`)).data || [];
    const full = await Promise.all(
      rows.map((c) =>
        api.get<Experts.GetConsultation.Response>(`consultations/${encodeURIComponent(c.documentId)}`).then(
          (r) => r.data,
          () => c,
        ),
      ),
    );
    append(
      clear(k.list),
      full.length
        ? full.map((c) => item(k, c, fresh && fresh.documentId === c.documentId ? fresh.suggestions : null))
        : h('p', { class: 'muted' }, '尚无专家咨询'),
    );
  } catch (err) {
    append(clear(k.list), banner('error', `无法读取专家咨询：${err.message}`));
  }
}

function item(k: CardState, c: Consultation, suggestions: Experts.Suggestion[] | null | undefined) {
  const sugBox = h('div', { class: 'cx-suggestions' });
  const el = h(
    'article',
    { class: 'cx-item', dataset: { consultation: c.documentId, state: c.state } },
    h(
      'div',
      { class: 'chips' },
      chip(C_STATES[c.state] || c.state, `cx-s-${c.state}`),
      chip(FIELDS[c.field] || c.field),
      chip(URGENCIES[c.urgency] || c.urgency, `cx-u-${c.urgency}`),
      chip(MODES[c.mode] || c.mode),
      chip(`${LEVELS[c.level] || c.level}专家库`),
      c.difficult ? chip('疑难', 'cx-u-critical') : null,
    ),
    h('p', { class: 'prose cx-question' }, c.question),
    h('div', { class: 'muted cx-when' }, `期望时间：${fmtDateTime(c.windowStart)} 至 ${fmtDateTime(c.windowEnd)}`),
    c.escalationReason ? h('div', { class: 'muted' }, `已提请市级：${c.escalationReason}`) : null,
    (c.recusals || []).length
      ? h('div', { class: 'cx-recusal' }, `回避：${(c.recusals || []).map((r) => `${r.expertName || '专家'}（${r.reason}）`).join('；')}`)
      : null,
    (c.bookings || []).length ? h('ul', { class: 'cx-bookings' }, (c.bookings || []).map(bookingLine)) : null,
    (c.bookings || []).filter((b) => b.document).map((b) => docRow(b.document, k.ctx)),
    c.state === 'cancelled' && c.cancelReason
      ? h('div', { class: 'muted cx-cancelled' }, `已撤回${c.cancelledAt ? `（${fmtDateTime(c.cancelledAt)}）` : ''}：${c.cancelReason}`)
      : null,
    k.canAsk && c.state === 'open'
      ? h(
          'div',
          { class: 'button-row' },
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              onclick: (e: MouseEvent) => suggest(k, c, sugBox, e.currentTarget as HTMLButtonElement),
            },
            '查看推荐专家',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost btn-small',
              dataset: { action: 'withdraw' },
              onclick: () => withdrawForm(k, c, sugBox),
            },
            '撤回申请',
          ),
        )
      : null,
    sugBox,
  );
  if (suggestions) showSuggestions(k, c, sugBox, { suggestions, recusals: (c.recusals || []).length });
  return el;
}

/** Withdraws a request no expert is booked on yet, with the reason (a booked one: cancel the booking). */
function withdrawForm(k: CardState, c: Consultation, slot: HTMLElement) {
  const reason = fieldBox('撤回原因', h('textarea', { rows: 2 }), { required: true, wide: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, '确认撤回');
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    reason.wrap,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => clear(slot) }, '取消'),
      submit,
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = reason.control.value.trim();
    if (!text) return reason.setError('请填写撤回原因');
    setBusy(submit, true, '正在撤回…');
    try {
      await api.post(`consultations/${encodeURIComponent(c.documentId)}/cancel`, { data: { reason: text } });
      k.ctx.say('success', '已撤回专家咨询申请');
      load(k);
    } catch (err) {
      reason.setError(err.message);
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  append(clear(slot), form);
  reason.control.focus();
}

async function suggest(k: CardState, c: Consultation, sugBox: HTMLElement, button: HTMLButtonElement) {
  setBusy(button, true, '正在匹配…');
  try {
    showSuggestions(
      k,
      c,
      sugBox,
      (await api.get<Experts.GetSuggestions.Response>(`consultations/${encodeURIComponent(c.documentId)}/suggestions`)).data,
    );
  } catch (err) {
    append(clear(sugBox), banner('error', `无法读取推荐专家：${err.message}`));
  } finally {
    setBusy(button, false);
  }
}

function showSuggestions(k: CardState, c: Consultation, sugBox: HTMLElement, m: (Suggestions & { recusals?: number }) | null) {
  const s = (m && m.suggestions) || [];
  append(
    clear(sugBox),
    h('h3', { class: 'sub' }, '推荐专家（按本周负荷由低到高）'),
    m && m.escalated ? h('p', { class: 'muted' }, '县级专家库无合适专家，已在市级专家库中匹配') : null,
    s.length
      ? h(
          'ol',
          { class: 'cx-sugs' },
          s.map((x) =>
            h(
              'li',
              { class: 'cx-sug', dataset: { expert: x.documentId } },
              h(
                'div',
                { class: 'cx-sug-info' },
                h('strong', {}, x.displayName),
                x.title ? h('span', { class: 'muted' }, ` ${x.title}`) : null,
                h(
                  'div',
                  { class: 'muted' },
                  `${x.organisation || ''}${x.organisation ? ' · ' : ''}本周已约${x.load || 0}次${x.weeklyLimit != null ? `（上限${x.weeklyLimit}）` : ''}`,
                ),
                h('div', { class: 'cx-when' }, `可约时段：${fmtDateTime(x.firstFree)}`),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-primary btn-small',
                  onclick: (e: MouseEvent) => book(k, c, x, e.currentTarget as HTMLButtonElement),
                },
                `预约 ${fmtDateTime(x.firstFree).slice(5)}`,
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '期望时间内没有可预约的专家，请调整期望时间后重新申请'),
  );
}

async function book(k: CardState, c: Consultation, x: Experts.Suggestion, button: HTMLButtonElement) {
  setBusy(button, true, '正在预约…');
  try {
    await api.post(`consultations/${encodeURIComponent(c.documentId)}/bookings`, { data: { expert: x.documentId, start: x.firstFree } });
    k.ctx.say('success', `已预约${x.displayName}：${fmtDateTime(x.firstFree)}，等待专家确认`);
    load(k);
  } catch (err) {
    k.ctx.say('error', `预约未成功：${err.message}`);
    setBusy(button, false);
  }
}

function openForm(k: CardState) {
  if (k.formSlot.firstChild) return;
  const tomorrow = shanghaiAt(Date.now() + 86400000, 9);
  const f: Record<string, FieldBox> = {
    question: fieldBox('咨询的问题', h('textarea', { rows: 3, maxlength: 4000 }), { required: true, wide: true }),
    field: fieldBox('所需专业领域', selectOf(FIELDS, 'law'), { required: true }),
    urgency: fieldBox('紧急程度', selectOf(URGENCIES, 'normal')),
    mode: fieldBox('咨询方式', selectOf(MODES, 'in_person'), { required: true }),
    windowStart: fieldBox('期望开始', h('input', { type: 'datetime-local', value: toLocalInput(new Date(tomorrow)) }), { required: true }),
    windowEnd: fieldBox(
      '期望结束',
      h('input', { type: 'datetime-local', value: toLocalInput(new Date(tomorrow + 7 * 86400000 + 9 * 3600000)) }),
      { required: true },
    ),
  };
  const difficult = h('input', { type: 'checkbox', id: uid('cx') });
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, '提交申请');
  const close = () => clear(k.formSlot);
  const form = h(
    'form',
    { class: 'panel-form cx-form', novalidate: true },
    h('h3', { class: 'panel-title' }, '申请专家咨询'),
    error,
    h(
      'div',
      { class: 'grid' },
      Object.values(f).map((x) => x.wrap),
      h('label', { class: 'check cx-difficult', for: difficult.id }, difficult, h('span', {}, '疑难案件（直接提请市级专家库）')),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    Object.values(f).forEach((x) => x.setError(''));
    error.hidden = true;
    setBusy(submit, true, '正在提交…');
    try {
      const data = {
        question: f.question.control.value.trim(),
        field: f.field.control.value,
        urgency: f.urgency.control.value,
        mode: f.mode.control.value,
        windowStart: fromLocalInput(f.windowStart.control.value),
        windowEnd: fromLocalInput(f.windowEnd.control.value),
        difficult: difficult.checked,
      };
      const created = (
        await api.post<Experts.GetConsultation.Response & { data: { suggestions?: Experts.Suggestion[] } }>(
          `petitions/${k.enc}/consultations`,
          { data },
        )
      ).data;
      close();
      k.ctx.say('success', '已提交专家咨询申请');
      await load(k, created);
    } catch (err) {
      const fe: api.FieldError[] = err.fieldErrors || [];
      for (const x of fe) if (f[x.path[0]]) f[x.path[0]].setError(x.message);
      error.textContent = fe.length ? '申请未提交，请修正标出的问题' : `申请未提交：${err.message}`;
      error.hidden = false;
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  k.formSlot.append(form);
  f.question.control.focus();
}

/** A notification's link #/consultations/<id>: the case page for the case side, 咨询任务 for experts. */
export async function open(id: string, ctx: WorkCtx) {
  if (ctx.me.role === 'expert') return ctx.go('#/consult');
  try {
    const c = (await api.get<Experts.GetConsultation.Response>(`consultations/${encodeURIComponent(id)}`)).data;
    if (c && c.petition && c.petition.documentId) return ctx.go(`#/case/${encodeURIComponent(c.petition.documentId)}`);
  } catch {
    /* fall through */
  }
  ctx.go('#/cases');
}
