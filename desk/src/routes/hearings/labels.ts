// 听证与会商 on the desk: what the hearing screens share — the label tables, who may do what,
// time in China Standard Time, and small UI pieces (fields, groups, busy buttons, a hearing
// in a list, a notice download, a proposed slot). The screens: schedule-form.js (the case
// page's card), hearing-page.js and hearing-forms.js (#/hearings/<id>), week.js (#/schedule).
import { h, fmtDate, setBusy, fieldBox } from '../../lib/ui';
import type { Hearings } from '@fangtiao/contracts';
import type { Say } from '../../lib/shell';
import { saveFile } from '../../lib/download';
import { HEARING_KINDS, PARTICIPANT_ROLES, PANEL_CATEGORIES, HEARING_STATES, OUTCOMES, VOTES, NO_HEARING_STATES } from '../../lib/rules';

// The server's own tables (plugins/fangtiao/server/src/hearings/rules.ts), bundled.
export const KINDS: Record<string, string> = HEARING_KINDS;
export const ROLES: Record<string, string> = PARTICIPANT_ROLES;
export const CATEGORIES: Record<string, string> = PANEL_CATEGORIES;
export const H_STATES: Record<string, string> = HEARING_STATES;
const OUTCOME_LABELS: Record<string, string> = OUTCOMES;
const VOTE_LABELS: Record<string, string> = VOTES;
/** NO_HEARING_STATES: cases in these states take no hearing (the server refuses them). */
export { OUTCOME_LABELS as OUTCOMES, VOTE_LABELS as VOTES, NO_HEARING_STATES, fieldBox };
export type { Say };
type When = string | number | Date;
/** The same, as the minutes form offers them under the heading 信访人意见 (接受结论…). */
export const OUTCOME_CHOICES = Object.fromEntries(Object.entries(OUTCOMES).map(([k, v]) => [k, v.replace(/^信访人/, '')]));
/** Who schedules and records; who reads hearings; who has a 日程 tab. */
export const SCHEDULERS = ['leader', 'clerk'];
export const READERS = ['leader', 'clerk', 'mediator', 'supervisor'];
export const CALENDAR_ROLES = [...READERS, 'expert'];
export const ROLE_ORDER = ['chair', 'work_team', 'expert', 'petitioner', 'panel', 'observer'];
export const STAFF_ROLES: Record<string, string> = { leader: '包案领导', clerk: '信访干部', mediator: '调解员', supervisor: '督查' };
export const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
export const DAY = 86400000;
const CST = 8 * 3600000;

// ---------------------------------------------------------------------------------------
// Time in China Standard Time

export const ms = (v: When) => new Date(v).getTime();
const cst = (v: When) => new Date(ms(v) + CST);
/** YYYY-MM-DD of the Shanghai day (ui.js fmtDate). */
export const dayKey = fmtDate;
export const weekday = (v: When) => WEEKDAYS[cst(v).getUTCDay()];
export const hm = (v: When) => cst(v).toISOString().slice(11, 16);
export const minuteOfDay = (v: When) => cst(v).getUTCHours() * 60 + cst(v).getUTCMinutes();
export const hhmmMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
export const monthDay = (key: string) => `${Number(key.slice(5, 7))}月${Number(key.slice(8, 10))}日`;
/** 2026-03-02（周一）09:00–11:00 */
export const span = (start: When, end: When) => `${dayKey(start)}（${weekday(start)}）${hm(start)}–${hm(end)}`;
/** When the notice period ends: 2026-12-01（周二）起, or with the time when it is not a day's start. */
export const fromText = (v: When) => `${dayKey(v)}（${weekday(v)}）${hm(v) === '00:00' ? '' : ` ${hm(v)} `}起`;
export const hoursText = (m: number) => (m % 60 ? `${(m / 60).toFixed(1)}小时` : `${m / 60}小时`);

// ---------------------------------------------------------------------------------------
// Small pieces

export const chip = (text: string, cls?: string) => h('span', { class: `chip hg-chip ${cls || ''}`.trim() }, text);
export const stateChip = (state: string) => chip(H_STATES[state] || state, `hg-s-${state}`);

/** A group of controls under one heading (a role, the place…) with its own error line. */
export function groupBox(title: string, { hint, wide = true }: { hint?: string; wide?: boolean } = {}) {
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const hintEl = h('small', { class: 'muted hg-hint' }, hint || '');
  const body = h('div', { class: 'hg-group-body' });
  const wrap = h(
    'fieldset',
    { class: `field hg-group${wide ? ' field-wide' : ''}` },
    h('legend', { class: 'label' }, title, ' ', hintEl),
    body,
    err,
  );
  const messages: string[] = [];
  return {
    wrap,
    body,
    hintEl,
    setError(m?: string | null) {
      if (!m) messages.length = 0;
      else messages.push(m);
      err.textContent = messages.join('；');
      wrap.classList.toggle('has-error', messages.length > 0);
    },
  };
}

export const selectOf = (pairs: [unknown, string][], { value = '', placeholder }: { value?: string; placeholder?: string } = {}) => {
  const el = h(
    'select',
    {},
    placeholder !== undefined ? h('option', { value: '' }, placeholder) : null,
    pairs.map(([v, t]) => h('option', { value: String(v) }, t)),
  );
  el.value = value;
  return el;
};

export { setBusy };

export function panelError() {
  const el = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  return { el, show: (m?: string | null) => ((el.textContent = m || ''), (el.hidden = !m)) };
}

/** A hearing's notice PDF for one participant. */
export async function downloadNotice(hearingId: string, p: Hearings.ParticipantView, button: HTMLButtonElement, say: Say) {
  return saveFile(button, `/api/hearings/${encodeURIComponent(hearingId)}/notices/${p.index}`, `听证通知书-${p.name}.pdf`, say, '通知书');
}

/** The minutes PDF (笔录) of a held hearing. */
export async function downloadMinutes(hearingId: string, button: HTMLButtonElement, say: Say) {
  return saveFile(button, `/api/hearings/${encodeURIComponent(hearingId)}/record`, '笔录.pdf', say, '笔录');
}

/** A proposed slot: the day (the first marked 最早), the time and the room. */
export function slotInfo(s: { start: string; end: string }, i: number, where: string) {
  return h(
    'div',
    { class: 'hg-slot-info' },
    h(
      'div',
      { class: 'hg-slot-day' },
      h('strong', {}, `${dayKey(s.start)} ${weekday(s.start)}`),
      i === 0 ? chip('最早', 'hg-earliest') : null,
    ),
    h('div', {}, h('span', { class: 'hg-slot-time' }, `${hm(s.start)}–${hm(s.end)}`), h('span', { class: 'muted' }, ` · ${where}`)),
  );
}

export function placeText(x: { room?: string | { name: string; address?: string | null } | null; videoLink?: string | null }) {
  if (x.room && typeof x.room === 'object') return `${x.room.name}${x.room.address ? `（${x.room.address}）` : ''}`;
  if (typeof x.room === 'string' && x.room) return x.room;
  return x.videoLink ? '视频会议' : '地点另行通知';
}

/** A hearing as a list item linking to its page (the case card, my hearings). */
export function itemLink(x: Hearings.HearingItem) {
  return h(
    'li',
    { class: 'hg-item', dataset: { hearing: x.documentId, state: x.state } },
    h(
      'a',
      { href: `#/hearings/${encodeURIComponent(x.documentId)}`, class: 'hg-item-link' },
      h(
        'div',
        { class: 'chips' },
        chip(x.kindLabel || KINDS[x.kind] || x.kind, `hg-k-${x.kind}`),
        stateChip(x.state),
        x.isPublic ? chip('公开', 'hg-public') : null,
        x.outcome ? chip(OUTCOME_LABELS[x.outcome] || x.outcome) : null,
      ),
      h('div', { class: 'hg-when' }, span(x.start, x.end)),
      h('div', { class: 'muted hg-where' }, [placeText(x), x.caseReference].filter(Boolean).join(' · ')),
    ),
  );
}
