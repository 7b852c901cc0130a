// 听证与会商: the 日程 tab #/schedule — a week of hearings and expert consultations for me, a
// colleague, a room or an expert (seven columns on a desktop, a day list at phone width),
// and under my own week the hearings I take part in, with my notice.
import * as api from '../../lib/api';
import { h, append, spinner, banner } from '../../lib/ui';
import type { Hearings, Schedule } from '@fangtiao/contracts';
import type { WorkCtx } from '../../lib/shell';
import type { Me, StaffUser } from '../../lib/types';
import {
  SCHEDULERS,
  STAFF_ROLES,
  WEEKDAYS,
  DAY,
  ms,
  dayKey,
  hm,
  minuteOfDay,
  hhmmMinutes,
  monthDay,
  downloadNotice,
  itemLink,
} from './labels';

type Week = Schedule.ScheduleWeek;
type WeekEvent = Week['events'][number];
type Staff = Hearings.People['staff'][number];

const scheduleHash = (resource: string, week: string) => {
  const q = [resource && resource !== 'me' ? `resource=${encodeURIComponent(resource)}` : '', week ? `week=${week}` : '']
    .filter(Boolean)
    .join('&');
  return `#/schedule${q ? `?${q}` : ''}`;
};

/** The picker's choices: colleagues, rooms and (for schedulers) experts of the jurisdiction. */
async function resourceChoices(me: Me) {
  const soft = <T>(p: Promise<{ data: T }>) =>
    p.then(
      (r) => r.data,
      (): null => null,
    );
  const groups: [string, [string, string][]][] = [];
  let staff: Staff[] = [];
  let experts: Hearings.People['experts'] = [];
  if (SCHEDULERS.includes(me.role)) {
    const people = await soft(api.get<Hearings.GetPeople.Response>('hearings/people'));
    if (people) ({ staff, experts } = people);
  } else {
    // Mediators and supervisors do not reach the scheduling pickers: the desk's user list instead.
    for (const role of ['leader', 'clerk', 'mediator']) {
      const rows = (await soft(api.get<{ data: StaffUser[] }>(`desk/users?role=${role}`))) || [];
      staff.push(
        ...rows.map((u) => ({
          documentId: u.documentId,
          name: u.fullName || u.username,
          role,
          organisation: u.organisation ? u.organisation.name : null,
        })),
      );
    }
  }
  staff = staff.filter((s) => s.documentId !== me.documentId);
  if (staff.length)
    groups.push([
      '同事',
      staff.map((s) => [
        `user:${s.documentId}`,
        `${s.name}（${STAFF_ROLES[s.role] || s.role}${s.organisation ? ` · ${s.organisation}` : ''}）`,
      ]),
    ]);
  const rooms = (await soft(api.get<Hearings.GetRooms.Response>('rooms'))) || [];
  if (rooms.length) groups.push(['会议室', rooms.map((r) => [`room:${r.documentId}`, `${r.name}（${r.capacity}人）`])]);
  if (experts.length) groups.push(['专家', experts.map((x) => [`expert:${x.documentId}`, x.name])]);
  return groups;
}

/** Whose week to show: the caller's colleagues, rooms and (for schedulers) experts. */
function resourcePicker(ctx: WorkCtx, resource: string, weekParam: string) {
  const picker = h(
    'select',
    { 'aria-label': '查看谁的日程', class: 'wk-picker', disabled: true },
    h('option', { value: 'me' }, '我的日程'),
  );
  picker.addEventListener('change', () => ctx.go(scheduleHash(picker.value, weekParam)));
  resourceChoices(ctx.me).then((groups) => {
    for (const [label, options] of groups)
      picker.append(
        h(
          'optgroup',
          { label },
          options.map(([v, t]) => h('option', { value: v }, t)),
        ),
      );
    if (![...picker.options].some((o) => o.value === resource)) picker.append(h('option', { value: resource }, '（其他）'));
    picker.value = resource;
    picker.disabled = false;
  });
  return picker;
}

/** The week's navigation: the week before, the range (or back to this week), the week after. */
function weekNav(w: Week, resource: string, today: string) {
  const monday = ms(w.weekStart);
  const prev = dayKey(monday - 7 * DAY);
  const next = dayKey(monday + 7 * DAY);
  const thisWeek = today >= w.days[0].date && today <= w.days[6].date;
  return [
    h(
      'a',
      { class: 'btn btn-small', href: scheduleHash(resource, prev), 'aria-label': '上一周' },
      '‹',
      h('span', { class: 'wk-nav-text' }, ' 上一周'),
    ),
    h(
      'div',
      { class: 'wk-range' },
      h('strong', {}, `${monthDay(w.days[0].date)} – ${monthDay(w.days[6].date)}`),
      h(
        'small',
        { class: 'muted' },
        `${w.days[0].date.slice(0, 4)}年`,
        thisWeek ? ' · 本周' : [' · ', h('a', { href: scheduleHash(resource, '') }, '回到本周')],
      ),
    ),
    h(
      'a',
      { class: 'btn btn-small', href: scheduleHash(resource, next), 'aria-label': '下一周' },
      h('span', { class: 'wk-nav-text' }, '下一周 '),
      '›',
    ),
  ];
}

/** main: the shell's <main>; ctx: { me, say, go }; params: resource, week */
export async function renderWeek(main: HTMLElement, ctx: WorkCtx, params: URLSearchParams) {
  const me = ctx.me;
  const isExpert = me.role === 'expert';
  const resource = isExpert ? 'me' : params.get('resource') || 'me';
  const asked = params.get('week') || '';
  const weekParam = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : '';
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '日程')));

  const picker = isExpert ? null : resourcePicker(ctx, resource, weekParam);
  const nav = h('div', { class: 'wk-nav' });
  const toolbar = h('div', { class: 'card wk-toolbar' }, picker, nav);
  const box = h('div', { class: 'wk-box' }, spinner());
  main.append(toolbar, box);

  let w: Week;
  try {
    w = (
      await api.get<Schedule.GetWeek.Response>(
        `schedule/week${api.query([
          ['resource', resource],
          ['week', weekParam],
        ])}`,
      )
    ).data;
  } catch (err) {
    box.replaceChildren(banner('error', err.status === 404 ? '该日程不存在或不在您的管辖范围内' : `无法读取日程：${err.message}`));
    return;
  }
  const today = dayKey(Date.now());
  nav.append(...weekNav(w, resource, today));
  const typeLabel = ({ user: '', expert: '专家', room: '会议室' } as Record<string, string>)[w.resource.type] || '';
  const title = resource === 'me' ? '我的日程' : `${typeLabel}${w.resource.name}的日程`;
  const legend = h(
    'div',
    { class: 'wk-legend' },
    h('span', { class: 'wk-key wk-hearing' }, '听证与会商'),
    h('span', { class: 'wk-key wk-consultation' }, '专家咨询'),
    h('span', { class: 'wk-key wk-dayoff' }, '休息日'),
  );
  const events = w.events || [];
  box.replaceChildren(
    h(
      'section',
      { class: 'card wk-card', dataset: { resource } },
      h(
        'div',
        { class: 'cx-head wk-head' },
        h('h2', { class: 'card-title' }, title),
        h('span', { class: 'muted wk-count' }, events.length ? `本周${events.length}项安排` : '本周无安排'),
      ),
      legend,
      weekGrid(w, today),
      dayList(w, today),
    ),
  );
  if (resource === 'me') box.append(await mineCard(ctx));
}

// A busy block (忙: another jurisdiction's event on a shared calendar) links nowhere.
const eventHref = (e: WeekEvent) =>
  e.type === 'busy'
    ? null
    : e.type === 'hearing'
      ? `#/hearings/${encodeURIComponent(e.documentId)}`
      : `#/consultations/${encodeURIComponent(e.documentId)}`;
const eventTitle = (e: WeekEvent) =>
  [`${hm(e.start)}–${hm(e.end)}`, e.label, e.stateLabel, e.place, e.caseReference].filter(Boolean).join(' · ');

/** Desktop: seven columns, events placed by time inside the office-hours range. */
function weekGrid(w: Week, today: string) {
  const hours = (w.hours || []).length
    ? w.hours
    : [
        { start: '08:30', end: '12:00' },
        { start: '14:00', end: '17:30' },
      ];
  let from = Math.floor(Math.min(...hours.map((x) => hhmmMinutes(x.start))) / 60) * 60;
  let to = Math.ceil(Math.max(...hours.map((x) => hhmmMinutes(x.end))) / 60) * 60;
  for (const e of w.events || []) {
    from = Math.min(from, Math.floor(minuteOfDay(e.start) / 60) * 60);
    to = Math.max(to, Math.ceil((minuteOfDay(e.end) || 1440) / 60) * 60);
  }
  const range = to - from;
  const pct = (m: number) => `${(((m - from) / range) * 100).toFixed(3)}%`;
  const height = `${Math.round((range / 60) * 52)}px`;
  const gutter = h('div', { class: 'wk-gutter', style: `height:${height}` });
  for (let m = from; m <= to; m += 60)
    gutter.append(h('span', { class: 'wk-hour', style: `top:${pct(m)}` }, `${String(m / 60).padStart(2, '0')}:00`));
  // The time outside office hours (before, lunch, after), shaded on working days.
  const closed: [number, number][] = [];
  let at = from;
  for (const x of [...hours].sort((a, b) => hhmmMinutes(a.start) - hhmmMinutes(b.start))) {
    if (hhmmMinutes(x.start) > at) closed.push([at, hhmmMinutes(x.start)]);
    at = Math.max(at, hhmmMinutes(x.end));
  }
  if (at < to) closed.push([at, to]);
  const cols = w.days.map((d) => {
    const mine = (w.events || []).filter((e) => dayKey(e.start) === d.date);
    return h(
      'div',
      { class: `wk-col${d.working ? '' : ' is-off'}${d.date === today ? ' is-today' : ''}`, dataset: { date: d.date } },
      h(
        'div',
        { class: 'wk-col-head' },
        h('strong', {}, WEEKDAYS[new Date(`${d.date}T00:00:00Z`).getUTCDay()]),
        h('span', {}, monthDay(d.date)),
        d.working ? null : h('small', { class: 'wk-off-tag' }, '休'),
      ),
      h(
        'div',
        { class: 'wk-col-body', style: `height:${height}` },
        d.working
          ? closed.map(([a, b]) => h('div', { class: 'wk-closed', style: `top:${pct(a)};height:calc(${pct(b)} - ${pct(a)})` }))
          : null,
        mine.map((e) =>
          h(
            'a',
            {
              class: `wk-event wk-${e.type}${e.state === 'held' || e.state === 'done' ? ' is-past' : ''}`,
              href: eventHref(e),
              title: eventTitle(e),
              style: `top:${pct(minuteOfDay(e.start))};height:calc(${pct(minuteOfDay(e.end) || 1440)} - ${pct(minuteOfDay(e.start))})`,
              dataset: { id: e.documentId, type: e.type },
            },
            h('span', { class: 'wk-time' }, `${hm(e.start)}–${hm(e.end)}`),
            h('strong', { class: 'wk-label' }, e.label),
            e.place ? h('span', { class: 'wk-place' }, e.place) : null,
          ),
        ),
      ),
    );
  });
  return h(
    'div',
    { class: 'wk-grid', role: 'presentation' },
    h('div', { class: 'wk-col wk-col-gutter' }, h('div', { class: 'wk-col-head' }), gutter),
    cols,
  );
}

/** Phone: one row per day, its events listed. */
function dayList(w: Week, today: string) {
  return h(
    'ol',
    { class: 'wk-list' },
    w.days.map((d) => {
      const mine = (w.events || []).filter((e) => dayKey(e.start) === d.date);
      return h(
        'li',
        { class: `wk-day${d.working ? '' : ' is-off'}${d.date === today ? ' is-today' : ''}`, dataset: { date: d.date } },
        h(
          'div',
          { class: 'wk-day-head' },
          h('strong', {}, WEEKDAYS[new Date(`${d.date}T00:00:00Z`).getUTCDay()]),
          h('span', {}, monthDay(d.date)),
          d.date === today ? h('small', { class: 'wk-today-tag' }, '今天') : null,
          d.working ? null : h('small', { class: 'wk-off-tag' }, '休息日'),
        ),
        mine.length
          ? h(
              'ul',
              { class: 'wk-day-events' },
              mine.map((e) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    { class: `wk-item wk-${e.type}`, href: eventHref(e), dataset: { id: e.documentId, type: e.type } },
                    h('span', { class: 'wk-time' }, `${hm(e.start)}–${hm(e.end)}`),
                    h(
                      'span',
                      { class: 'wk-item-text' },
                      h('strong', {}, e.label),
                      h('small', { class: 'muted' }, [e.stateLabel, e.place, e.caseReference].filter(Boolean).join(' · ')),
                    ),
                  ),
                ),
              ),
            )
          : d.working
            ? h('p', { class: 'muted wk-none' }, '无安排')
            : null,
      );
    }),
  );
}

/** The hearings I take part in (from a week ago), with my notice for experts. */
async function mineCard(ctx: WorkCtx) {
  const card = h('section', { class: 'card hg-mine', id: 'my-hearings' }, h('h2', { class: 'card-title' }, '我参加的会议'));
  let rows: Hearings.HearingItem[];
  let myExpert: string | null = null;
  try {
    rows = (await api.get<Hearings.GetHearings.Items>('hearings/mine')).data || [];
    if (ctx.me.role === 'expert')
      myExpert = await api.get<{ data: { documentId: string } | null }>('experts/me').then(
        (r) => r.data && r.data.documentId,
        (): null => null,
      );
  } catch (err) {
    return append(card, banner('error', `无法读取会议：${err.message}`));
  }
  if (!rows.length) return append(card, h('p', { class: 'muted' }, '近期没有需要参加的会议'));
  const notice = async (x: Hearings.HearingItem, button: HTMLButtonElement) => {
    // The notice is per participant: find me on the hearing first.
    try {
      const full = (await api.get<Hearings.GetHearing.Response>(`hearings/${encodeURIComponent(x.documentId)}`)).data;
      const pt = full.participants.find((q) => (q.user && q.user === ctx.me.documentId) || (q.expert && q.expert === myExpert));
      if (!pt || !pt.notice) return ctx.say('warn', '没有找到您的通知书');
      await downloadNotice(x.documentId, pt, button, ctx.say);
    } catch (err) {
      ctx.say('error', `通知书未能下载：${err.message}`);
    }
  };
  return append(
    card,
    h(
      'ul',
      { class: 'hg-items' },
      rows.map((x) => {
        const li = itemLink(x);
        if (x.state !== 'cancelled')
          li.append(
            h(
              'div',
              { class: 'hg-item-actions' },
              h(
                'button',
                { type: 'button', class: 'btn btn-small', onclick: (e: MouseEvent) => notice(x, e.currentTarget as HTMLButtonElement) },
                '下载我的通知书',
              ),
            ),
          );
        return li;
      }),
    ),
  );
}
