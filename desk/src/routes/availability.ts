// 可预约时间 (#/availability, experts): the expert's own weekly slots, leave and one-off slots
// (Beijing time, on the half-hour grid), on duty or on leave, and the private calendar link
// (ICS) to subscribe to in a phone's calendar — bookings only, no party's name in it.
import * as api from '../lib/api';
import { h, append, clear, toLocalInput, fromLocalInput, spinner, banner, setBusy } from '../lib/ui';
import type { Experts } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

type Availability = NonNullable<Experts.ExpertProfile['availability']>;
interface WeeklyRow {
  weekday: HTMLSelectElement;
  start: HTMLInputElement;
  end: HTMLInputElement;
  err: HTMLElement;
  el?: HTMLElement;
}
interface ExceptionRow {
  kind: HTMLSelectElement;
  from: HTMLInputElement;
  to: HTMLInputElement;
  note: HTMLInputElement;
  err: HTMLElement;
  el?: HTMLElement;
}

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const STATUSES: Record<string, string> = { active: '在岗（接受预约）', on_leave: '休假（暂停预约）' };
const KINDS: Record<string, string> = { leave: '请假（不可预约）', slot: '临时增加时段' };

const select = (pairs: [string | number, string][], value: string | number, label: string) => {
  const el = h(
    'select',
    { 'aria-label': label },
    pairs.map(([v, t]) => h('option', { value: String(v) }, t)),
  );
  el.value = String(value);
  return el;
};

/** The weekly slots' rows; `add` adds one (the form's ＋ button). */
function weeklyRows(a: Availability) {
  const weekly: WeeklyRow[] = [];
  const weekBox = h('div', { class: 'av-rows', id: 'av-weekly' });
  const add = (s: Experts.WeeklySlot = { weekday: 1, start: '09:00', end: '12:00' }) => {
    const r: WeeklyRow = {
      weekday: select(
        WEEKDAYS.map((t, i): [number, string] => [i + 1, t]),
        s.weekday,
        '星期',
      ),
      start: h('input', { type: 'time', step: 1800, value: s.start, 'aria-label': '开始' }),
      end: h('input', { type: 'time', step: 1800, value: s.end, 'aria-label': '结束' }),
      err: h('p', { class: 'field-error', 'aria-live': 'polite' }),
    };
    const rm = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'aria-label': '删除此时段',
        onclick: () => (weekly.splice(weekly.indexOf(r), 1), r.el?.remove()),
      },
      '删除',
    );
    r.el = h(
      'div',
      { class: 'av-row', dataset: { row: 'weekly' } },
      r.weekday,
      r.start,
      h('span', { 'aria-hidden': 'true' }, '至'),
      r.end,
      rm,
      r.err,
    );
    weekly.push(r);
    weekBox.append(r.el);
  };
  (a.weekly || [])
    .slice()
    .sort((x, y) => x.weekday - y.weekday || x.start.localeCompare(y.start))
    .forEach((s) => add(s));
  return { rows: weekly, box: weekBox, add };
}

/** Leave and one-off slots; `add` adds one. */
function exceptionRows(a: Availability) {
  const exceptions: ExceptionRow[] = [];
  const excBox = h('div', { class: 'av-rows', id: 'av-exceptions' });
  const add = (e: Experts.AvailabilityException = { kind: 'leave', from: '', to: '' }) => {
    const r: ExceptionRow = {
      kind: select(Object.entries(KINDS), e.kind, '类型'),
      from: h('input', { type: 'datetime-local', step: 1800, value: e.from ? toLocalInput(e.from) : '', 'aria-label': '开始' }),
      to: h('input', { type: 'datetime-local', step: 1800, value: e.to ? toLocalInput(e.to) : '', 'aria-label': '结束' }),
      note: h('input', { type: 'text', maxlength: 200, value: e.note || '', placeholder: '说明（可不填）', 'aria-label': '说明' }),
      err: h('p', { class: 'field-error', 'aria-live': 'polite' }),
    };
    const rm = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'aria-label': '删除此项',
        onclick: () => (exceptions.splice(exceptions.indexOf(r), 1), r.el?.remove()),
      },
      '删除',
    );
    r.el = h(
      'div',
      { class: 'av-row av-exc', dataset: { row: 'exception' } },
      r.kind,
      r.from,
      h('span', { 'aria-hidden': 'true' }, '至'),
      r.to,
      r.note,
      rm,
      r.err,
    );
    exceptions.push(r);
    excBox.append(r.el);
  };
  // Past exceptions no longer matter; keep them anyway so that saving does not drop history silently.
  (a.exceptions || []).forEach((e) => add(e));
  return { rows: exceptions, box: excBox, add };
}

export async function renderAvailability(main: HTMLElement, ctx: WorkCtx) {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '可预约时间')));
  const body = h('div', { class: 'av-page' }, spinner());
  main.append(body);
  let me: Experts.ExpertProfile;
  try {
    me = (await api.get<Experts.MyProfile.Response>('experts/me')).data;
  } catch (err) {
    append(clear(body), banner('error', err.status === 404 ? '您还没有专家档案，请联系管理员' : `无法读取专家档案：${err.message}`));
    return;
  }
  const a = me.availability || { weekly: [], exceptions: [] };
  const status = select(Object.entries(STATUSES), me.status || 'active', '状态');

  const wk = weeklyRows(a);
  const weekly = wk.rows;
  const weekBox = wk.box;
  const addWeekly = () => wk.add();
  const ex = exceptionRows(a);
  const exceptions = ex.rows;
  const excBox = ex.box;
  const addException = () => ex.add();

  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const form = h(
    'form',
    { class: 'card panel-form av-form', novalidate: true },
    h('h2', { class: 'card-title' }, `${me.displayName || ''}${me.title ? ` · ${me.title}` : ''}`),
    h('p', { class: 'muted' }, '时间均为北京时间，按整点或半点设置。调解员和包案领导只能在这些时间预约您。'),
    error,
    h('div', { class: 'field' }, h('label', { class: 'label', for: 'av-status' }, '状态'), Object.assign(status, { id: 'av-status' })),
    h('h3', { class: 'sub' }, '每周固定时段'),
    weekBox,
    h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'add-weekly' }, onclick: () => addWeekly() }, '＋ 添加时段'),
    h('h3', { class: 'sub' }, '请假与临时时段'),
    excBox,
    h(
      'button',
      { type: 'button', class: 'btn btn-small', dataset: { action: 'add-exception' }, onclick: () => addException() },
      '＋ 添加请假或临时时段',
    ),
    h('div', { class: 'form-actions' }, save),
  );
  form.addEventListener('input', () => (error.hidden = true));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    [...weekly, ...exceptions].forEach((r) => (r.err.textContent = ''));
    const availability = {
      weekly: weekly.map((r) => ({ weekday: Number(r.weekday.value), start: r.start.value, end: r.end.value })),
      exceptions: exceptions.map((r) => ({
        kind: r.kind.value,
        from: fromLocalInput(r.from.value) || '',
        to: fromLocalInput(r.to.value) || '',
        ...(r.note.value.trim() ? { note: r.note.value.trim() } : {}),
      })),
    };
    setBusy(save, true, '正在保存…');
    try {
      await api.put('experts/me', { data: { availability, status: status.value } });
      ctx.say('success', '可预约时间已保存');
    } catch (err) {
      const unmatched: string[] = [];
      for (const fe of (err.fieldErrors || []) as api.FieldError[]) {
        // Paths like availability.weekly.0.end: the row shows its own message.
        const [, list, i] = fe.path;
        const row = list === 'weekly' ? weekly[Number(i)] : list === 'exceptions' ? exceptions[Number(i)] : null;
        if (row) row.err.textContent = fe.message;
        else unmatched.push(fe.message);
      }
      error.textContent = (err.fieldErrors || []).length
        ? `未能保存，请修正标出的问题${unmatched.length ? `：${unmatched.join('；')}` : ''}`
        : `未能保存：${err.message}`;
      error.hidden = false;
    } finally {
      setBusy(save, false);
    }
  });

  append(clear(body), form, calendarCard(me, ctx));
}

function calendarCard(me: Experts.ExpertProfile, ctx: WorkCtx) {
  const box = h('section', { class: 'card av-calendar', id: 'calendar-link' }, h('h2', { class: 'card-title' }, '日历订阅'));
  const render = (path: string | null | undefined) => {
    const url = path ? new URL(path, location.origin).href : null;
    const field = url
      ? h('input', {
          type: 'text',
          readonly: true,
          value: url,
          class: 'av-url',
          'aria-label': '日历订阅链接',
          onfocus: (e: FocusEvent) => (e.target as HTMLInputElement).select(),
        })
      : null;
    const copy = url
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(url);
                ctx.say('success', '已复制日历订阅链接');
              } catch {
                field?.select();
                ctx.say('info', '请长按或按 Ctrl+C 复制链接');
              }
            },
          },
          '复制链接',
        )
      : null;
    const make = h(
      'button',
      { type: 'button', class: `btn btn-small${url ? '' : ' btn-primary'}`, dataset: { action: 'calendar-token' } },
      url ? '重新生成（旧链接失效）' : '生成订阅链接',
    );
    make.addEventListener('click', async () => {
      if (url && !window.confirm('重新生成后，旧链接将立即失效，已订阅的日历需要改用新链接。继续吗？')) return;
      setBusy(make, true, '正在生成…');
      try {
        render((await api.post<Experts.MyProfile.Response>('experts/me/calendar-token', {})).data.calendarUrl);
        ctx.say('success', '已生成新的日历订阅链接');
      } catch (err) {
        ctx.say('error', `未能生成链接：${err.message}`);
        setBusy(make, false);
      }
    });
    append(
      clear(box),
      h('h2', { class: 'card-title' }, '日历订阅'),
      h(
        'p',
        { class: 'muted' },
        '在手机或电脑的日历应用中“添加订阅日历”并粘贴此链接，即可看到您的专家咨询预约（只含领域、方式和案件编号，不含当事人信息）。此链接即凭证，请勿转发。',
      ),
      url ? h('div', { class: 'av-url-row' }, field, copy) : h('p', {}, '尚未生成订阅链接'),
      h('div', { class: 'button-row' }, make),
    );
  };
  render(me.calendarUrl);
  return box;
}
