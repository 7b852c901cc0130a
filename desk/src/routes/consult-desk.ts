// The expert's screen #/consult (咨询任务): requests of the expert's pool to take, and the expert's
// bookings to accept, decline or answer with an opinion (which issues the consultation record).
import * as api from '../lib/api';
import { h, append, clear, fmtDateTime, toLocalInput, fromLocalInput, spinner, banner, setBusy, fieldBox } from '../lib/ui';
import type { Experts } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import { FIELDS, URGENCIES, MODES, LEVELS, B_STATES, HALF_HOUR, chip, onGrid, shanghaiAt, docRow } from './consult-labels';

/** Default start for taking a request: the window's start (09:00 if earlier that day), on the half-hour grid, not in the past. */
function defaultStart(c: Experts.Consultation) {
  let ms = Math.max(new Date(c.windowStart).getTime(), Date.now() + HALF_HOUR);
  const nine = shanghaiAt(ms, 9);
  if (ms < nine) ms = nine;
  return onGrid(ms);
}

/** main: the shell's <main>; ctx: { me, say } */
/** The screen's two lists and the caller. */
interface DeskState {
  ctx: WorkCtx;
  open: HTMLElement;
  mine: HTMLElement;
}

export async function renderDesk(main: HTMLElement, ctx: WorkCtx) {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '咨询任务')));
  const open = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, '待接咨询'), spinner());
  const mine = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, '我的预约'), spinner());
  main.append(h('div', { class: 'cx-desk' }, open, mine));
  const d: DeskState = { ctx, open, mine };
  await load(d);
}

async function load(d: DeskState) {
  // A list that cannot be read says so; the other is still shown.
  const soft = <T>(pr: Promise<{ data: T[] }>) =>
    pr.then(
      (r): T[] | { error: api.ApiError } => r.data || [],
      (err: api.ApiError) => ({ error: err }),
    );
  const [reqs, books] = await Promise.all([
    soft(api.get<Experts.ListConsultations.Response>('experts/desk')),
    soft(api.get<Experts.MyBookings.Response>('experts/me/bookings')),
  ]);
  append(
    clear(d.open),
    h('h2', { class: 'card-title' }, '待接咨询'),
    'error' in reqs
      ? banner('error', `无法读取待接咨询：${reqs.error.message}`)
      : reqs.length
        ? h(
            'div',
            { class: 'cx-list' },
            reqs.map((c) => request(d, c)),
          )
        : h('p', { class: 'muted' }, '本专家库暂无待接的咨询'),
  );
  append(
    clear(d.mine),
    h('h2', { class: 'card-title' }, '我的预约'),
    'error' in books
      ? banner('error', `无法读取预约：${books.error.message}`)
      : books.length
        ? h(
            'div',
            { class: 'cx-list' },
            books
              .slice()
              .reverse()
              .map((b) => booking(d, b)),
          )
        : h('p', { class: 'muted' }, '暂无预约'),
  );
}

function request(d: DeskState, c: Experts.Consultation) {
  const start = h('input', { type: 'datetime-local', step: 1800, value: toLocalInput(new Date(defaultStart(c))) });
  const f = fieldBox('咨询时间（整点或半点）', start);
  const take = h('button', { type: 'button', class: 'btn btn-primary btn-small' }, '接单');
  take.addEventListener('click', async () => {
    f.setError('');
    setBusy(take, true, '正在接单…');
    try {
      await api.post(`consultations/${encodeURIComponent(c.documentId)}/take`, { data: { start: fromLocalInput(start.value) } });
      d.ctx.say('success', `已接单：${fmtDateTime(fromLocalInput(start.value))}`);
      load(d);
    } catch (err) {
      f.setError((err.fieldErrors || [])[0] ? err.fieldErrors[0].message : err.message);
      setBusy(take, false);
    }
  });
  return h(
    'article',
    { class: 'cx-item', dataset: { consultation: c.documentId } },
    h(
      'div',
      { class: 'chips' },
      h('span', { class: 'mono' }, c.caseReference || ''),
      chip(FIELDS[c.field] || c.field),
      chip(URGENCIES[c.urgency] || c.urgency, `cx-u-${c.urgency}`),
      chip(MODES[c.mode] || c.mode),
      chip(`${LEVELS[c.level] || c.level}`),
    ),
    h('p', { class: 'prose cx-question' }, c.question),
    h('div', { class: 'muted cx-when' }, `期望时间：${fmtDateTime(c.windowStart)} 至 ${fmtDateTime(c.windowEnd)} · ${c.minutes || 60}分钟`),
    h('div', { class: 'cx-take' }, f.wrap, take),
  );
}

function booking(d: DeskState, b: Experts.Booking) {
  const c: Partial<Experts.Consultation> = b.consultation || {};
  const actions = h('div', { class: 'cx-actions' });
  const slot = h('div', {});
  const move = async (action: 'accept' | 'decline' | 'opinion', button: HTMLButtonElement, data: Record<string, unknown> = {}) => {
    setBusy(button, true, '正在提交…');
    try {
      const res = (await api.post<Experts.MoveBooking.Response>(`bookings/${encodeURIComponent(b.documentId)}/${action}`, { data })).data;
      d.ctx.say(
        'success',
        { accept: '已确认预约', decline: '已婉拒预约', opinion: '已出具咨询意见，专家咨询记录已生成' }[action] || '已提交',
      );
      return res;
    } catch (err) {
      d.ctx.say('error', `操作未成功：${err.message}`);
      setBusy(button, false);
      return null;
    }
  };
  if (b.state === 'requested') {
    actions.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary btn-small',
          onclick: async (e: MouseEvent) => (await move('accept', e.currentTarget as HTMLButtonElement)) && load(d),
        },
        '接受',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          onclick: async (e: MouseEvent) => (await move('decline', e.currentTarget as HTMLButtonElement)) && load(d),
        },
        '婉拒',
      ),
    );
  }
  if (b.state === 'accepted') {
    actions.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary btn-small',
          onclick: () => {
            if (slot.firstChild) return;
            const opinion = fieldBox('咨询意见', h('textarea', { rows: 4 }), { required: true, wide: true });
            const conclusion = fieldBox('结论（可选）', h('textarea', { rows: 2 }), { wide: true });
            const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交意见并出具记录');
            const form = h(
              'form',
              { class: 'panel-form', novalidate: true },
              h('h3', { class: 'panel-title' }, '出具咨询意见'),
              h('div', { class: 'grid' }, opinion.wrap, conclusion.wrap),
              h(
                'div',
                { class: 'form-actions' },
                h('button', { type: 'button', class: 'btn', onclick: () => clear(slot) }, '取消'),
                submit,
              ),
            );
            form.addEventListener('submit', async (e) => {
              e.preventDefault();
              opinion.setError('');
              if (opinion.control.value.trim().length < 5) return opinion.setError('请写明咨询意见（至少5个字）');
              const res = await move('opinion', submit, {
                opinion: opinion.control.value.trim(),
                conclusion: conclusion.control.value.trim() || undefined,
              });
              if (res) append(clear(slot), docRow(res.document, d.ctx, '专家咨询记录', b.documentId));
              if (res) {
                actions.replaceChildren();
                stateChip.replaceWith(chip(B_STATES.done, 'cx-b-done'));
              }
            });
            slot.append(form);
            opinion.control.focus();
          },
        },
        '出具咨询意见',
      ),
    );
  }
  if (b.state === 'done' && c.documentId) {
    api.get<Experts.GetConsultation.Response>(`consultations/${encodeURIComponent(c.documentId)}`).then(
      (r) => {
        const mineB = ((r.data && r.data.bookings) || []).find((x) => x.documentId === b.documentId);
        const row = mineB && docRow(mineB.document, d.ctx, '专家咨询记录', b.documentId);
        if (row) slot.append(row);
      },
      () => {},
    );
  }
  const stateChip = chip(B_STATES[b.state] || b.state, `cx-b-${b.state}`);
  return h(
    'article',
    { class: 'cx-item', dataset: { booking: b.documentId, state: b.state } },
    h(
      'div',
      { class: 'chips' },
      h('span', { class: 'mono' }, (b.petition && b.petition.referenceNo) || ''),
      stateChip,
      chip(FIELDS[c.field ?? ''] || c.field || ''),
      chip(MODES[b.mode] || b.mode),
    ),
    c.question ? h('p', { class: 'prose cx-question' }, c.question) : null,
    h('div', { class: 'cx-when' }, `${fmtDateTime(b.start)} – ${fmtDateTime(b.end).slice(11)}`),
    actions,
    slot,
  );
}
