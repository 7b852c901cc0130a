// 听证与会商: the forms on the hearing page — cancel (a reason), reschedule (a reason, then a
// new slot found for the hearing's own participants, or a time typed in) and the minutes
// (attendance, opinions and the panel's votes, conclusion, outcome, a case move).
import * as api from '../../lib/api';
import { h, append, clear, uid, toLocalInput, fromLocalInput, clearErrorsOnChange } from '../../lib/ui';
import type { Hearings } from '@fangtiao/contracts';
import type { Reload, WorkCtx } from '../../lib/shell';
import { casePicker, moveDone, moveInput, type MoveFieldBox } from './case-move';
import { OUTCOME_CHOICES, VOTES, DAY, ms, span, fromText, fieldBox, groupBox, selectOf, setBusy, panelError, slotInfo } from './labels';

type HearingView = Hearings.HearingView;

function reasonField(label: string) {
  return fieldBox(label, h('textarea', { rows: 2, maxlength: 500 }), { required: true, wide: true });
}

export function cancelForm(x: HearingView, close: () => void, reload: Reload) {
  const error = panelError();
  const reason = reasonField('取消原因');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '确认取消会议');
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    h('h3', { class: 'panel-title' }, '取消会议'),
    error.el,
    h('div', { class: 'grid' }, reason.wrap),
    h('p', { class: 'muted hg-note' }, '取消后各参加人员的时间即释放，并通知参加的工作人员和专家。'),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '返回'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    reason.setError('');
    if (reason.control.value.trim().length < 2) return reason.setError('请写明原因');
    setBusy(submit, true, '正在提交…');
    try {
      await api.post(`hearings/${encodeURIComponent(x.documentId)}/cancel`, { data: { reason: reason.control.value.trim() } });
      reload('success', '会议已取消，已通知参加人员');
    } catch (err) {
      const fe = ((err.fieldErrors || []) as api.FieldError[]).find((f) => f.path[0] === 'reason');
      if (fe) reason.setError(fe.message);
      else error.show(err.message);
      setBusy(submit, false);
    }
  });
  return form;
}

/** Reschedule: a reason, then a new slot found for the same people (the server plans the hearing
 * as it stands, its own time not counting as busy), or a time typed in. */
/** The free slots the server found for a rescheduled hearing; `move` takes the one picked. */
type Move = (when: string | undefined, room: string | undefined, button: HTMLButtonElement) => void;

function slotList(x: HearingView, found: Hearings.SearchSlots.Response['data'], move: Move) {
  const slots = found.slots || [];
  return [
    h('p', { class: 'hg-rule' }, `须提前${found.noticeWorkingDays}个工作日通知：最早可安排在 ${fromText(found.earliestAllowed)}`),
    slots.length
      ? h(
          'ol',
          { class: 'hg-slots' },
          slots.map((s, i) => {
            // The hearing's own time is free for itself: shown as the current time, not offered.
            const current = ms(s.start) === ms(x.start);
            const first = slots.findIndex((y) => ms(y.start) !== ms(x.start));
            return h(
              'li',
              { class: 'hg-slot', dataset: { start: s.start, current: current ? 'true' : 'false' } },
              slotInfo(s, i, s.room ? s.room.name : '视频会议'),
              current
                ? h('span', { class: 'chip hg-chip' }, '当前时间')
                : h(
                    'button',
                    {
                      type: 'button',
                      class: `btn btn-small${i === first ? ' btn-primary' : ''}`,
                      onclick: (e: MouseEvent) =>
                        move(s.start, s.room ? s.room.documentId : undefined, e.currentTarget as HTMLButtonElement),
                    },
                    '改在此时段',
                  ),
            );
          }),
        )
      : h('p', { class: 'muted' }, '查找范围内没有共同空闲的时段，请直接指定时间。'),
  ];
}

export function rescheduleForm(x: HearingView, ctx: WorkCtx, close: () => void, reload: Reload) {
  const error = panelError();
  const reason = reasonField('改期原因');
  const start = fieldBox(
    '或指定新的开始时间（整点或半点）',
    h('input', {
      type: 'datetime-local',
      step: 1800,
      value: toLocalInput(new Date(Math.ceil((ms(x.start) + 7 * DAY) / 1800000) * 1800000)),
    }),
  );
  const search = h('button', { type: 'button', class: 'btn btn-primary' }, '查找新时段');
  const atTime = h('button', { type: 'button', class: 'btn' }, '改到指定时间');
  const results = h('div', { class: 'hg-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true, onsubmit: (e: Event) => e.preventDefault() },
    h('h3', { class: 'panel-title' }, '改期'),
    error.el,
    h('div', { class: 'grid' }, reason.wrap),
    h('div', { class: 'button-row hg-resched' }, search),
    results,
    h('div', { class: 'hg-at' }, start.wrap, atTime),
    h('p', { class: 'muted hg-note' }, '改期后所有参加人员都会收到新版通知书。'),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '返回')),
  );
  clearErrorsOnChange(form);

  const reasonOk = () => {
    reason.setError('');
    if (reason.control.value.trim().length >= 2) return true;
    reason.setError('请写明改期原因');
    reason.control.focus();
    return false;
  };

  search.addEventListener('click', async () => {
    if (!reasonOk()) return;
    error.show('');
    setBusy(search, true, '正在查找…');
    try {
      const found = (await api.post<Hearings.SearchSlots.Response>('hearings/slots', { data: { hearing: x.documentId } })).data;
      append(clear(results), slotList(x, found, move));
    } catch (err) {
      error.show(err.message);
    } finally {
      setBusy(search, false);
    }
  });

  atTime.addEventListener('click', () => {
    if (!reasonOk()) return;
    start.setError('');
    if (!start.control.value) return start.setError('请选择时间');
    move(fromLocalInput(start.control.value), undefined, atTime);
  });

  async function move(when: string | undefined, room: string | undefined, button: HTMLButtonElement) {
    error.show('');
    setBusy(button, true, '正在改期…');
    try {
      const res = (
        await api.post<Hearings.MoveHearing.Response>(`hearings/${encodeURIComponent(x.documentId)}/reschedule`, {
          data: { start: when, reason: reason.control.value.trim(), ...(room ? { room } : {}) },
        })
      ).data;
      reload('success', `已改期至 ${span(res.start, res.end)}，已向参加人员出具新版通知书`);
    } catch (err) {
      setBusy(button, false);
      const rest: string[] = [];
      for (const fe of (err.fieldErrors || []) as api.FieldError[]) {
        if (fe.path[0] === 'reason') reason.setError(fe.message);
        else if (fe.path[0] === 'start') start.setError(fe.message);
        else rest.push(fe.message);
      }
      if (!(err.fieldErrors || []).length || rest.length) error.show(rest.length ? rest.join('；') : err.message);
      if (err.status === 409) ctx.say('error', err.message);
    }
  }
  return form;
}

/** The minutes: attendance, opinions (and votes of the panel), conclusion, outcome, a case move. */
/** One participant in the minutes: present or not, their vote (panel members) and opinion. */
function attendanceRow(pt: Hearings.ParticipantView) {
  const present = h('input', { type: 'checkbox', checked: true, 'aria-label': `${pt.name}到场` });
  const opinion = h('textarea', {
    rows: 2,
    maxlength: 2000,
    placeholder: pt.role === 'panel' ? '评议意见（到场的评议员必填）' : '意见（可选）',
    'aria-label': `${pt.name}的意见`,
  });
  const vote = pt.role === 'panel' ? selectOf(Object.entries(VOTES), { placeholder: '表决' }) : null;
  if (vote) vote.setAttribute('aria-label', `${pt.name}的表决`);
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const el = h(
    'li',
    { class: 'hg-att', dataset: { index: String(pt.index), role: pt.role } },
    h(
      'div',
      { class: 'hg-att-head' },
      h(
        'label',
        { class: 'check hg-check' },
        present,
        h(
          'span',
          {},
          h('strong', {}, pt.name),
          h('small', { class: 'muted' }, ` ${pt.roleLabel}${pt.categoryLabel ? ` · ${pt.categoryLabel}` : ''}`),
        ),
      ),
      h('small', { class: 'muted hg-att-state' }, '到场'),
    ),
    h('div', { class: 'hg-att-body' }, vote, opinion),
    err,
  );
  present.addEventListener('change', () => {
    el.classList.toggle('is-absent', !present.checked);
    // The state's text, rendered just above.
    el.querySelector('.hg-att-state')!.textContent = present.checked ? '到场' : '缺席';
  });
  return {
    pt,
    present,
    opinion,
    vote,
    el,
    setError: (m?: string | null) => ((err.textContent = m || ''), el.classList.toggle('has-error', !!m)),
  };
}

/** The server's 400 at its rows and fields; what fits nowhere is returned. */
type Setter = { setError: (m?: string | null) => unknown };

function placeMinutesErrors(
  err: api.ApiError,
  {
    rows,
    opinions,
    attendance,
    conclusion,
    outcome,
    mfs,
  }: {
    rows: ReturnType<typeof attendanceRow>[];
    opinions: Opinion[];
    attendance: Setter;
    conclusion: Setter;
    outcome: Setter;
    mfs: MoveFieldBox[];
  },
) {
  const rest: string[] = [];
  for (const fe of err.fieldErrors) {
    const [head, i, key] = fe.path;
    const mf = mfs.find((f) => f.key === (head === 'input' ? i : key || head));
    if (head === 'opinions' && i !== undefined && opinions[Number(i)])
      rows.find((r) => r.pt.index === opinions[Number(i)].participant)?.setError(fe.message);
    else if (head === 'attendance' || head === 'opinions') attendance.setError(fe.message);
    else if (head === 'conclusion') conclusion.setError(fe.message);
    else if (head === 'outcome') outcome.setError('请选择信访人对结论的意见');
    else if (mf) mf.setError(fe.message);
    else rest.push(fe.message);
  }
  return rest;
}

type Opinion = Hearings.Minutes['opinions'][number];
/** The minutes as the form sends them (a missing outcome is the server's to name), and a case move. */
type MinutesBody = Omit<Hearings.Minutes, 'outcome'> & { outcome?: string; move?: { action: string; input: Record<string, string> } };
/** The opinions and votes written in the rows (a row with neither is left out). */
function opinionsOf(rows: ReturnType<typeof attendanceRow>[]) {
  const opinions: Opinion[] = [];
  for (const r of rows) {
    const text = r.opinion.value.trim();
    const vote = r.vote ? r.vote.value : '';
    if (text || vote) opinions.push({ participant: r.pt.index, ...(vote ? { vote: vote as Opinion['vote'] } : {}), opinion: text });
  }
  return opinions;
}

export function minutesForm(x: HearingView, ctx: WorkCtx, close: () => void, reload: Reload) {
  const error = panelError();
  const rows = x.participants.map(attendanceRow);
  const attendance = groupBox('到场情况与意见', { hint: '逐一勾选到场人员；评议员应逐一表决并发表意见' });
  attendance.body.append(
    h(
      'ul',
      { class: 'hg-atts' },
      rows.map((r) => r.el),
    ),
  );
  const conclusion = fieldBox('结论', h('textarea', { rows: 3, maxlength: 8000 }), { required: true, wide: true });
  const outcomeName = uid('outcome');
  const outcomeRadios = Object.entries(OUTCOME_CHOICES).map(([v, t]) =>
    h('label', { class: 'seg' }, h('input', { type: 'radio', name: outcomeName, value: v }), h('span', {}, t)),
  );
  const outcome = groupBox('信访人意见', { wide: true });
  outcome.wrap.classList.add('hg-outcome');
  outcome.body.append(h('div', { class: 'segmented hg-seg', role: 'radiogroup', 'aria-label': '信访人意见' }, outcomeRadios));

  // A case move in the same step (e.g. 办结 for a case in leader handling): the moves the caller may make.
  const picker = casePicker(x, conclusion);
  const { moveSelect, move, moveFields } = picker;

  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存笔录');
  const form = h(
    'form',
    { class: 'panel-form hg-minutes-form', novalidate: true },
    h('h3', { class: 'panel-title' }, '记录笔录和结论'),
    error.el,
    h('div', { class: 'grid' }, attendance.wrap, conclusion.wrap, outcome.wrap, move.wrap, moveFields),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('change', () => error.show(''));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.show('');
    rows.forEach((r) => r.setError(''));
    [attendance, outcome].forEach((g) => g.setError(''));
    const picked = outcomeRadios.map((l) => l.querySelector('input')!).find((i) => i.checked);
    const opinions = opinionsOf(rows);
    const data: MinutesBody = {
      attendance: rows.map((r) => ({ participant: r.pt.index, present: r.present.checked })),
      opinions,
      conclusion: conclusion.control.value.trim(),
      outcome: picked ? picked.value : undefined,
    };
    if (moveSelect.value) {
      const { input, missing } = moveInput(picker.mfs);
      if (missing) return missing.control.focus();
      data.move = { action: moveSelect.value, input };
    }
    setBusy(submit, true, '正在保存…');
    try {
      await api.post(`hearings/${encodeURIComponent(x.documentId)}/minutes`, { data });
      reload('success', moveDone(picker.moves, data.move));
    } catch (err) {
      setBusy(submit, false);
      if (err.status === 400 && err.fieldErrors.length) {
        const rest = placeMinutesErrors(err, { rows, opinions, attendance, conclusion, outcome, mfs: picker.mfs });
        error.show(rest.length ? rest.join('；') : '请修正标出的问题');
      } else {
        error.show(err.message);
        if (err.status === 409) ctx.say('error', err.message);
      }
      const first = form.querySelector('.has-error, .panel-error:not([hidden])');
      if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  });
  return form;
}
