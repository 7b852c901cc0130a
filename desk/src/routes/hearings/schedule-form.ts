// 听证与会商 on the case page: the card listing the case's hearings and, for leaders and
// clerks, the scheduling form — kind, participants by role, duration, place — whose search
// proposes the earliest slots where everyone and a room are free; choosing one schedules it.
import * as api from '../../lib/api';
import { h, append, clear, spinner, banner, clearErrorsOnChange } from '../../lib/ui';
import type { Hearings } from '@fangtiao/contracts';
import type { WorkCtx } from '../../lib/shell';
import type { FieldBox } from '../../lib/ui';
import type { ApiError } from '../../lib/api';
import type { Petition } from '../../lib/types';
import { roleGroups, placeGroup, type Group, type Room } from './schedule-parts';
import {
  ROLES,
  SCHEDULERS,
  NO_HEARING_STATES,
  ROLE_ORDER,
  span,
  fromText,
  hoursText,
  fieldBox,
  groupBox,
  selectOf,
  setBusy,
  panelError,
  slotInfo,
  itemLink,
} from './labels';

/** ctx: { me, say, go, flash } */

export function caseCard(p: Petition, ctx: WorkCtx) {
  const enc = encodeURIComponent(p.documentId);
  const canSchedule = SCHEDULERS.includes(ctx.me.role) && !NO_HEARING_STATES.includes(p.state);
  const list = h('div', { class: 'hg-list' }, spinner());
  const formSlot = h('div', {});
  const button = canSchedule
    ? h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => openForm() }, '安排听证/会审')
    : null;
  const box = h(
    'section',
    { class: 'card hg-card', id: 'hearings' },
    h('div', { class: 'cx-head' }, h('h2', { class: 'card-title' }, '听证与会商'), button),
    formSlot,
    list,
  );

  async function load() {
    try {
      const rows = (await api.get<Hearings.GetHearings.Items>(`hearings?petition=${enc}`)).data || [];
      append(
        clear(list),
        rows.length ? h('ul', { class: 'hg-items' }, rows.map(itemLink)) : h('p', { class: 'muted' }, '尚未安排听证或会审'),
      );
    } catch (err) {
      append(clear(list), banner('error', `无法读取听证与会商：${err.message}`));
    }
  }

  function openForm() {
    if (formSlot.firstChild) return;
    formSlot.append(scheduleForm(p, ctx, () => clear(formSlot)));
  }

  load();
  return box;
}

/** The request and, per participant, the group that shows its errors. */
/** What collect(), showErrors() and schedule() share. */
interface FormState {
  p: Petition;
  ctx: WorkCtx;
  current: () => Hearings.KindSettings;
  roles: ReturnType<typeof roleGroups>;
  minutes: FieldBox;
  isPublic: HTMLInputElement;
  placeMode: () => string;
  room: FieldBox;
  video: FieldBox;
  fields: Record<string, FieldBox>;
  groups: Record<string, Group>;
  general: Group;
  error: ReturnType<typeof panelError>;
  form: HTMLFormElement;
}
/** A participant of the request, and the group that shows its errors. */
interface Listed {
  input: Hearings.ParticipantInput;
  group: Group;
  label: string;
}

function collect(f: FormState) {
  const { p, current, roles, minutes, isPublic, placeMode, room, video } = f;
  const { groups, chair, teamChecks, expertChecks, partyChecks, panelRows, observerRows } = roles;
  const k = current();
  const list: Listed[] = [];
  const add = (role: string, input: Omit<Hearings.ParticipantInput, 'role'>, label: string) =>
    k.roles[role] && list.push({ input: { role, ...input }, group: groups[role], label });
  if (chair.value) add('chair', { user: chair.value }, chair.selectedOptions[0].textContent);
  for (const c of teamChecks) if (c.box.checked) add('work_team', { user: c.box.value }, c.el.textContent);
  for (const c of expertChecks) if (c.box.checked) add('expert', { expert: c.box.value }, c.el.textContent);
  for (const c of partyChecks) if (c.box.checked) add('petitioner', { party: Number(c.box.value) }, c.el.textContent);
  for (const r of panelRows)
    if (r.name.value.trim())
      add('panel', { name: r.name.value.trim(), category: r.category.value as Hearings.ParticipantInput['category'] }, r.name.value.trim());
  for (const r of observerRows)
    if (r.name.value.trim())
      add(
        'observer',
        { name: r.name.value.trim(), ...(r.organisation.value.trim() ? { organisation: r.organisation.value.trim() } : {}) },
        r.name.value.trim(),
      );
  const data: Hearings.PlanInput & { isPublic: boolean } = {
    kind: k.code,
    petition: p.documentId,
    participants: list.map((x) => x.input),
    minutes: Number(minutes.control.value),
    isPublic: isPublic.checked,
  };
  if (placeMode() === 'room' && room.control.value) data.room = room.control.value;
  if (placeMode() === 'video') data.videoLink = video.control.value.trim();
  return { data, list };
}

/** The server's refusal at its groups and fields; a 409 (notice period, a clash, no room…) in words. */
type Settable = { setError: (m: string) => unknown };

function showErrors(f: FormState, err: ApiError, list: Listed[]) {
  const { fields, groups, general, error, form } = f;
  Object.values(fields as Record<string, Settable>).forEach((x) => x.setError(''));
  Object.values(groups as Record<string, Settable>).forEach((g) => g.setError(''));
  general.setError('');
  if (err.status === 400 && err.fieldErrors.length) {
    const rest: string[] = [];
    for (const fe of err.fieldErrors) {
      const [head, i] = fe.path;
      if (head === 'participants' && i !== undefined && list[Number(i)])
        list[Number(i)].group.setError(`${list[Number(i)].label}：${fe.message}`);
      else if (head === 'participants') {
        // Head counts name their role (三方会审须有专家至少1人): shown at that role.
        const role = ROLE_ORDER.find((r) => fe.message.includes(`须有${ROLES[r]}`) || fe.message.includes(`的${ROLES[r]}至多`));
        (role && !groups[role].wrap.hidden ? groups[role] : general).setError(fe.message);
      } else if (fields[head]) fields[head].setError(fe.message);
      else rest.push(fe.message);
    }
    error.show(rest.length ? rest.join('；') : '请修正标出的问题');
  } else {
    // 409: the notice period, a clash (named), no room large enough…
    error.show(err.message);
  }
  const first = form.querySelector('.has-error, .panel-error:not([hidden])');
  if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** The earliest slots where everyone and a room are free; `pick` schedules the one chosen. */
function showSlots(
  results: HTMLElement,
  k: Hearings.KindSettings,
  found: Hearings.SearchSlots.Response['data'],
  pick: (slot: Hearings.Slot, button: HTMLButtonElement) => void,
) {
  const slots = found.slots || [];
  append(
    clear(results),
    h('h3', { class: 'sub' }, '可选时段（最早的在前）'),
    h(
      'p',
      { class: 'hg-rule' },
      found.noticeWorkingDays ? `${k.name}须提前${found.noticeWorkingDays}个工作日通知参加人员：` : '无需提前通知：',
      h('strong', {}, `最早可安排在 ${fromText(found.earliestAllowed)}`),
      '。已排除周末、节假日和各参加人员、会议室已有的安排。',
    ),
    found.warning ? banner('warn', found.warning) : null,
    slots.length
      ? h(
          'ol',
          { class: 'hg-slots' },
          slots.map((s, i) =>
            h(
              'li',
              { class: 'hg-slot', dataset: { start: s.start } },
              slotInfo(s, i, s.room ? `${s.room.name}（${s.room.capacity}人）` : '视频会议'),
              h(
                'button',
                {
                  type: 'button',
                  class: `btn btn-small${i === 0 ? ' btn-primary' : ''}`,
                  onclick: (e: MouseEvent) => pick(s, e.currentTarget as HTMLButtonElement),
                },
                '选择此时段',
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '查找范围内没有所有人员和会议室都空闲的时段：可减少参加人员、缩短时长或改用视频会议。'),
  );
  results.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

async function schedule(f: FormState, slot: Hearings.Slot, data: Hearings.PlanInput, list: Listed[], button: HTMLButtonElement) {
  const { ctx } = f;
  setBusy(button, true, '正在安排…');
  try {
    const body = { ...data, start: slot.start, ...(slot.room ? { room: slot.room.documentId } : {}) };
    const created = (await api.post<Hearings.CreateHearing.Response>('hearings', { data: body })).data;
    ctx.flash(
      'success',
      `已安排${created.kindLabel}：${span(created.start, created.end)}，已向${created.participants.length}名参加人员出具通知书`,
    );
    ctx.go(`#/hearings/${encodeURIComponent(created.documentId)}`);
  } catch (err) {
    setBusy(button, false);
    showErrors(f, err, list);
    if (err.status === 409) ctx.say('error', err.message);
  }
}

/** Finds the earliest slots for what the form asks; the server's refusal goes to its fields. */
async function findSlots(e: Event, f: FormState, find: HTMLButtonElement, results: HTMLElement) {
  e.preventDefault();
  f.error.show('');
  const { data, list } = collect(f);
  if (f.placeMode() === 'room' && !data.room) return f.room.setError('请选择会议室');
  if (f.placeMode() === 'video' && !data.videoLink) return f.video.setError('请填写视频会议链接');
  setBusy(find, true, '正在查找…');
  clear(results);
  try {
    const found = (await api.post<Hearings.SearchSlots.Response>('hearings/slots', { data })).data;
    showSlots(results, f.current(), found, (slot, button) => schedule(f, slot, data, list, button));
  } catch (err) {
    showErrors(f, err, list);
  } finally {
    setBusy(find, false);
  }
}

/** The scheduling form: kind, participants, duration, place; then the earliest slots to choose from. */
function scheduleForm(p: Petition, ctx: WorkCtx, close: () => void) {
  const wrap = h(
    'div',
    { class: 'panel-form hg-form' },
    h('h3', { class: 'panel-title' }, '安排听证/会审'),
    spinner('正在读取人员和会议室…'),
  );
  Promise.all([
    api.get<Hearings.GetKinds.Response>('hearing-types'),
    api.get<Hearings.GetRooms.Response>('rooms'),
    api.get<Hearings.GetPeople.Response>(`hearings/people?petition=${encodeURIComponent(p.documentId)}`),
  ]).then(
    ([k, r, pp]) =>
      build(
        { p, ctx, close, wrap },
        (k.data || []).filter((x) => x.needsCase !== false),
        r.data || [],
        pp.data || { staff: [], experts: [], parties: [] },
      ),
    (err: ApiError) =>
      wrap.replaceChildren(
        h('h3', { class: 'panel-title' }, '安排听证/会审'),
        banner('error', `无法读取排期所需的数据：${err.message}`),
        h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '关闭')),
      ),
  );
  return wrap;
}

function build(
  { p, ctx, close, wrap }: { p: Petition; ctx: WorkCtx; close: () => void; wrap: HTMLElement },
  kinds: Hearings.KindSettings[],
  rooms: Room[],
  people: Hearings.People,
) {
  const error = panelError();
  const kind = fieldBox(
    '类型',
    selectOf(
      kinds.map((k) => [k.code, k.name]),
      { value: kinds[0] ? kinds[0].code : '' },
    ),
    { required: true },
  );
  const roles = roleGroups(people, ctx.me);
  const { groups, panelRows, addPanel } = roles;
  const general = groupBox('参加人员', { wide: true });
  general.wrap.classList.add('hg-general');

  const durations: [number, string][] = [];
  for (let m = 30; m <= 480; m += 30) durations.push([m, hoursText(m)]);
  const minutes = fieldBox('时长', selectOf(durations, { value: '120' }), { required: true });
  const { place, room, video, placeMode } = placeGroup(rooms);

  const isPublic = h('input', { type: 'checkbox' });
  const publicLabel = h('label', { class: 'check hg-public-check' }, isPublic, h('span', {}, '公开举行（发布听证公告，信访人姓名隐去）'));

  const fields = { kind, minutes, room, videoLink: video };
  const current = () => kinds.find((k) => k.code === kind.control.value) || kinds[0];
  function updateKind() {
    const k = current();
    if (!k) return;
    for (const role of ROLE_ORDER) {
      const n = k.roles[role];
      groups[role].wrap.hidden = !n;
      if (!n) continue;
      groups[role].hintEl.textContent = n.max === n.min ? `${n.min}人` : n.min ? `至少${n.min}人` : '可选';
    }
    while (k.roles.panel && panelRows.length < k.roles.panel.min) addPanel();
    minutes.control.value = String(k.defaultMinutes || 120);
    isPublic.checked = !!k.isPublic;
  }
  kind.control.addEventListener('change', updateKind);
  updateKind();

  const find = h('button', { type: 'submit', class: 'btn btn-primary' }, '查找最早时段');
  const results = h('div', { class: 'hg-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true },
    error.el,
    h(
      'div',
      { class: 'grid' },
      kind.wrap,
      minutes.wrap,
      ROLE_ORDER.map((r) => groups[r].wrap),
      general.wrap,
      place.wrap,
      h('div', { class: 'field field-wide' }, publicLabel),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), find),
    results,
  );
  clearErrorsOnChange(form);
  form.addEventListener('change', () => {
    error.show('');
    Object.values(groups).forEach((g) => g.setError(''));
    general.setError('');
  });
  wrap.replaceChildren(h('h3', { class: 'panel-title' }, '安排听证/会审'), form);
  // What collect(), showErrors() and schedule() share.
  const f: FormState = { p, ctx, current, roles, minutes, isPublic, placeMode, room, video, fields, groups, general, error, form };

  form.addEventListener('submit', (e) => findSlots(e, f, find, results));
}
