// 听证与会商 on the desk: the case page's card (leaders and clerks find the earliest common
// slot and schedule a tripartite review, a petition hearing or an evaluation), the hearing
// page #/hearings/<id> (participants and their notices, reschedule, cancel, the minutes whose
// conclusion may move the case) and the 日程 tab #/schedule (a week of hearings and expert
// consultations for me, a colleague, a room or an expert; a day list at phone width).
import * as api from './api.js';
import { h, append, clear, uid, fmtDateTime, toLocalInput, fromLocalInput, spinner, banner, clearErrorsOnChange } from './ui.js';
import * as L from './labels.js';

export const KINDS = { tripartite_review: '三方会审', petition_hearing: '信访听证', evaluation: '群众评议', joint_consultation: '联席会商' };
export const ROLES = { chair: '主持人', work_team: '工作专班', expert: '专家', petitioner: '信访人', panel: '评议员', observer: '列席人员' };
export const CATEGORIES = { deputy: '人大代表', cppcc: '政协委员', resident: '群众代表', other: '其他' };
export const H_STATES = { scheduled: '已安排', held: '已举行', cancelled: '已取消' };
export const OUTCOMES = { accepted: '信访人接受结论', 'not-accepted': '信访人不接受结论', adjourned: '择期再议' };
/** The same, as the minutes form offers them under the heading 信访人意见. */
const OUTCOME_CHOICES = { accepted: '接受结论', 'not-accepted': '不接受结论', adjourned: '择期再议' };
export const VOTES = { support: '支持', oppose: '不支持', abstain: '弃权' };
/** Who schedules and records; who reads hearings; who has a 日程 tab. */
export const SCHEDULERS = ['leader', 'clerk'];
export const READERS = ['leader', 'clerk', 'mediator', 'supervisor'];
export const CALENDAR_ROLES = [...READERS, 'expert'];
/** Cases in these states take no hearing (the server refuses them too). */
const NO_HEARING_STATES = ['registered', 'not_accepted', 'closed'];
const ROLE_ORDER = ['chair', 'work_team', 'expert', 'petitioner', 'panel', 'observer'];
const STAFF_ROLES = { leader: '包案领导', clerk: '信访干部', mediator: '调解员', supervisor: '督查' };
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const DAY = 86400000;
const CST = 8 * 3600000;

// ---------------------------------------------------------------------------------------
// Time in China Standard Time

const ms = (v) => new Date(v).getTime();
const cst = (v) => new Date(ms(v) + CST);
/** YYYY-MM-DD of the Shanghai day. */
const dayKey = (v) => cst(v).toISOString().slice(0, 10);
const weekday = (v) => WEEKDAYS[cst(v).getUTCDay()];
const hm = (v) => cst(v).toISOString().slice(11, 16);
const minuteOfDay = (v) => cst(v).getUTCHours() * 60 + cst(v).getUTCMinutes();
const hhmmMinutes = (s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const monthDay = (key) => `${Number(key.slice(5, 7))}月${Number(key.slice(8, 10))}日`;
/** 2026-03-02（周一）09:00–11:00 */
export const span = (start, end) => `${dayKey(start)}（${weekday(start)}）${hm(start)}–${hm(end)}`;
/** When the notice period ends: 2026-12-01（周二）起, or with the time when it is not a day's start. */
const fromText = (v) => `${dayKey(v)}（${weekday(v)}）${hm(v) === '00:00' ? '' : ` ${hm(v)} `}起`;
const hoursText = (m) => (m % 60 ? `${(m / 60).toFixed(1)}小时` : `${m / 60}小时`);

// ---------------------------------------------------------------------------------------
// Small pieces

const chip = (text, cls) => h('span', { class: `chip hg-chip ${cls || ''}`.trim() }, text);
const stateChip = (state) => chip(H_STATES[state] || state, `hg-s-${state}`);

function fieldBox(label, control, { required = false, wide = false, help } = {}) {
  control.id = control.id || uid('hg');
  const err = h('p', { class: 'field-error', id: `${control.id}-err`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', err.id);
  const wrap = h(
    'div',
    { class: `field${wide ? ' field-wide' : ''}` },
    h('label', { class: 'label', for: control.id }, label, required ? h('span', { class: 'req', title: '必填' }, ' *') : null),
    help ? h('p', { class: 'help' }, help) : null,
    control,
    err,
  );
  return {
    wrap,
    control,
    setError(m) {
      err.textContent = m || '';
      wrap.classList.toggle('has-error', !!m);
    },
  };
}

/** A group of controls under one heading (a role, the place…) with its own error line. */
function groupBox(title, { hint, wide = true } = {}) {
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const hintEl = h('small', { class: 'muted hg-hint' }, hint || '');
  const body = h('div', { class: 'hg-group-body' });
  const wrap = h('fieldset', { class: `field hg-group${wide ? ' field-wide' : ''}` }, h('legend', { class: 'label' }, title, ' ', hintEl), body, err);
  const messages = [];
  return {
    wrap,
    body,
    hintEl,
    setError(m) {
      if (!m) messages.length = 0;
      else messages.push(m);
      err.textContent = messages.join('；');
      wrap.classList.toggle('has-error', messages.length > 0);
    },
  };
}

const selectOf = (pairs, { value = '', placeholder } = {}) => {
  const el = h('select', {}, placeholder !== undefined ? h('option', { value: '' }, placeholder) : null, pairs.map(([v, t]) => h('option', { value: String(v) }, t)));
  el.value = value;
  return el;
};

function setBusy(button, on, text) {
  if (on) {
    button.dataset.text = button.textContent;
    button.disabled = true;
    button.classList.add('is-busy');
    if (text) button.textContent = text;
  } else {
    button.disabled = false;
    button.classList.remove('is-busy');
    if (button.dataset.text) button.textContent = button.dataset.text;
  }
}

function panelError() {
  const el = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  return { el, show: (m) => ((el.textContent = m || ''), (el.hidden = !m)) };
}

/** A hearing's notice PDF for one participant. */
async function downloadNotice(hearingId, p, button, say) {
  setBusy(button, true, '正在准备…');
  try {
    const file = await api.download(`/api/hearings/${encodeURIComponent(hearingId)}/notices/${p.index}`, `听证通知书-${p.name}.pdf`);
    say('success', `已下载${file.name}`);
  } catch (err) {
    say('error', `通知书未能下载：${err.message}`);
  } finally {
    setBusy(button, false);
  }
}

/** A proposed slot: the day (the first marked 最早), the time and the room. */
function slotInfo(s, i, where) {
  return h(
    'div',
    { class: 'hg-slot-info' },
    h('div', { class: 'hg-slot-day' }, h('strong', {}, `${dayKey(s.start)} ${weekday(s.start)}`), i === 0 ? chip('最早', 'hg-earliest') : null),
    h('div', {}, h('span', { class: 'hg-slot-time' }, `${hm(s.start)}–${hm(s.end)}`), h('span', { class: 'muted' }, ` · ${where}`)),
  );
}

function placeText(x) {
  if (x.room && typeof x.room === 'object') return `${x.room.name}${x.room.address ? `（${x.room.address}）` : ''}`;
  if (x.room) return x.room;
  return x.videoLink ? '视频会议' : '地点另行通知';
}

// ---------------------------------------------------------------------------------------
// The case page: 听证与会商 card

/** ctx: { me, say, go, flash } */
export function caseCard(p, ctx) {
  const enc = encodeURIComponent(p.documentId);
  const canSchedule = SCHEDULERS.includes(ctx.me.role) && !NO_HEARING_STATES.includes(p.state);
  const list = h('div', { class: 'hg-list' }, spinner());
  const formSlot = h('div', {});
  const button = canSchedule ? h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => openForm() }, '安排听证/会审') : null;
  const box = h('section', { class: 'card hg-card', id: 'hearings' }, h('div', { class: 'cx-head' }, h('h2', { class: 'card-title' }, '听证与会商'), button), formSlot, list);

  async function load() {
    try {
      const rows = (await api.get(`hearings?petition=${enc}`)).data || [];
      append(clear(list), rows.length ? h('ul', { class: 'hg-items' }, rows.map(itemLink)) : h('p', { class: 'muted' }, '尚未安排听证或会审'));
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

function itemLink(x) {
  return h(
    'li',
    { class: 'hg-item', dataset: { hearing: x.documentId, state: x.state } },
    h(
      'a',
      { href: `#/hearings/${encodeURIComponent(x.documentId)}`, class: 'hg-item-link' },
      h('div', { class: 'chips' }, chip(x.kindLabel || KINDS[x.kind] || x.kind, `hg-k-${x.kind}`), stateChip(x.state), x.isPublic ? chip('公开', 'hg-public') : null, x.outcome ? chip(OUTCOMES[x.outcome] || x.outcome) : null),
      h('div', { class: 'hg-when' }, span(x.start, x.end)),
      h('div', { class: 'muted hg-where' }, [placeText(x), x.caseReference].filter(Boolean).join(' · ')),
    ),
  );
}

/** The scheduling form: kind, participants, duration, place; then the earliest slots to choose from. */
function scheduleForm(p, ctx, close) {
  const wrap = h('div', { class: 'panel-form hg-form' }, h('h3', { class: 'panel-title' }, '安排听证/会审'), spinner('正在读取人员和会议室…'));
  Promise.all([api.get('hearing-types'), api.get('rooms'), api.get(`hearings/people?petition=${encodeURIComponent(p.documentId)}`)]).then(
    ([k, r, pp]) => build((k.data || []).filter((x) => x.needsCase !== false), r.data || [], pp.data || { staff: [], experts: [], parties: [] }),
    (err) => wrap.replaceChildren(h('h3', { class: 'panel-title' }, '安排听证/会审'), banner('error', `无法读取排期所需的数据：${err.message}`), h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '关闭'))),
  );

  function build(kinds, rooms, people) {
    const me = ctx.me;
    const error = panelError();
    const kind = fieldBox('类型', selectOf(kinds.map((k) => [k.code, k.name]), { value: kinds[0] ? kinds[0].code : '' }), { required: true });
    const staffLabel = (s) => `${s.name}（${STAFF_ROLES[s.role] || s.role}${s.organisation ? ` · ${s.organisation}` : ''}）`;
    const check = (value, text, checked = false) => {
      const box = h('input', { type: 'checkbox', value: String(value), checked });
      return { box, el: h('label', { class: 'check hg-check' }, box, h('span', {}, text)) };
    };

    // One group per role; the kind decides which show.
    const groups = {};
    const leaders = people.staff.filter((s) => s.role === 'leader');
    const chair = selectOf(leaders.map((s) => [s.documentId, staffLabel(s)]), { placeholder: leaders.length ? '请选择主持人' : '（辖区内没有包案领导）', value: me.role === 'leader' ? me.documentId : '' });
    chair.setAttribute('aria-label', '主持人');
    groups.chair = groupBox('主持人');
    groups.chair.body.append(chair);

    const teamChecks = people.staff.map((s) => check(s.documentId, staffLabel(s), me.role === 'clerk' && s.documentId === me.documentId));
    groups.work_team = groupBox('工作专班');
    groups.work_team.body.append(teamChecks.length ? h('div', { class: 'hg-checks' }, teamChecks.map((c) => c.el)) : h('p', { class: 'muted' }, '辖区内没有工作人员'));

    const expertChecks = people.experts.map((x) => check(x.documentId, `${x.name}${x.title ? ` ${x.title}` : ''}${x.level === 'city' ? '（市级）' : ''}`));
    groups.expert = groupBox('专家');
    groups.expert.body.append(expertChecks.length ? h('div', { class: 'hg-checks' }, expertChecks.map((c) => c.el)) : h('p', { class: 'muted' }, '服务本辖区的专家库中没有在岗专家'));

    const partyChecks = people.parties.map((x) => check(x.index, x.name, true));
    groups.petitioner = groupBox('信访人');
    groups.petitioner.body.append(partyChecks.length ? h('div', { class: 'hg-checks' }, partyChecks.map((c) => c.el)) : h('p', { class: 'muted' }, '本案未登记当事人'));

    const panelRows = [];
    const panelBox = h('div', { class: 'hg-rows' });
    const addPanel = () => {
      const n = panelRows.length + 1;
      const r = { name: h('input', { type: 'text', maxlength: 40, placeholder: '姓名', 'aria-label': `评议员${n}姓名` }), category: selectOf(Object.entries(CATEGORIES), { value: 'resident' }) };
      r.category.setAttribute('aria-label', `评议员${n}身份`);
      r.el = h('div', { class: 'hg-row' }, r.name, r.category, h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => (panelRows.splice(panelRows.indexOf(r), 1), r.el.remove()) }, '删除'));
      panelRows.push(r);
      panelBox.append(r.el);
      return r;
    };
    groups.panel = groupBox('评议员');
    groups.panel.body.append(panelBox, h('button', { type: 'button', class: 'btn btn-small', onclick: () => addPanel().name.focus() }, '＋ 添加评议员'));

    const observerRows = [];
    const observerBox = h('div', { class: 'hg-rows' });
    const addObserver = () => {
      const n = observerRows.length + 1;
      const r = { name: h('input', { type: 'text', maxlength: 40, placeholder: '姓名', 'aria-label': `列席人员${n}姓名` }), organisation: h('input', { type: 'text', maxlength: 60, placeholder: '单位（可选）', 'aria-label': `列席人员${n}单位` }) };
      r.el = h('div', { class: 'hg-row' }, r.name, r.organisation, h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => (observerRows.splice(observerRows.indexOf(r), 1), r.el.remove()) }, '删除'));
      observerRows.push(r);
      observerBox.append(r.el);
      return r;
    };
    groups.observer = groupBox('列席人员');
    groups.observer.body.append(observerBox, h('button', { type: 'button', class: 'btn btn-small', onclick: () => addObserver().name.focus() }, '＋ 添加列席人员'));

    const general = groupBox('参加人员', { wide: true });
    general.wrap.classList.add('hg-general');

    const durations = [];
    for (let m = 30; m <= 480; m += 30) durations.push([m, hoursText(m)]);
    const minutes = fieldBox('时长', selectOf(durations, { value: '120' }), { required: true });

    // Place: automatic (smallest free room that fits), a room, or a video meeting.
    const placeName = uid('place');
    const placeRadios = Object.entries({ auto: '自动选择', room: '指定会议室', video: '视频会议' }).map(([v, t], i) =>
      h('label', { class: 'seg' }, h('input', { type: 'radio', name: placeName, value: v, checked: i === 0, onchange: () => updatePlace() }), h('span', {}, t)),
    );
    const placeMode = () => (placeRadios.map((l) => l.querySelector('input')).find((i) => i.checked) || { value: 'auto' }).value;
    const place = groupBox('地点', { wide: false });
    const room = fieldBox('会议室', selectOf(rooms.map((r) => [r.documentId, `${r.name}（${r.capacity}人${r.organisation ? ` · ${r.organisation.name}` : ''}）`]), { placeholder: rooms.length ? '请选择会议室' : '（没有可用的会议室）' }));
    const video = fieldBox('视频会议链接', h('input', { type: 'text', placeholder: 'https://', inputmode: 'url', autocapitalize: 'off', spellcheck: 'false' }));
    place.body.append(h('div', { class: 'segmented hg-seg', role: 'radiogroup', 'aria-label': '地点' }, placeRadios), room.wrap, video.wrap);
    function updatePlace() {
      room.wrap.hidden = placeMode() !== 'room';
      video.wrap.hidden = placeMode() !== 'video';
    }
    updatePlace();

    const isPublic = h('input', { type: 'checkbox' });
    const publicLabel = h('label', { class: 'check hg-public-check' }, isPublic, h('span', {}, '公开举行（发布听证公告，信访人姓名隐去）'));

    const fields = { kind, minutes, room, videoLink: video };
    function current() {
      return kinds.find((k) => k.code === kind.control.value) || kinds[0];
    }
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
      h('div', { class: 'grid' }, kind.wrap, minutes.wrap, ROLE_ORDER.map((r) => groups[r].wrap), general.wrap, place.wrap, h('div', { class: 'field field-wide' }, publicLabel)),
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

    /** The request and, per participant, the group that shows its errors. */
    function collect() {
      const k = current();
      const list = [];
      const add = (role, input, label) => k.roles[role] && list.push({ input: { role, ...input }, group: groups[role], label });
      if (chair.value) add('chair', { user: chair.value }, chair.selectedOptions[0].textContent);
      for (const c of teamChecks) if (c.box.checked) add('work_team', { user: c.box.value }, c.el.textContent);
      for (const c of expertChecks) if (c.box.checked) add('expert', { expert: c.box.value }, c.el.textContent);
      for (const c of partyChecks) if (c.box.checked) add('petitioner', { party: Number(c.box.value) }, c.el.textContent);
      for (const r of panelRows) if (r.name.value.trim()) add('panel', { name: r.name.value.trim(), category: r.category.value }, r.name.value.trim());
      for (const r of observerRows) if (r.name.value.trim()) add('observer', { name: r.name.value.trim(), ...(r.organisation.value.trim() ? { organisation: r.organisation.value.trim() } : {}) }, r.name.value.trim());
      const data = { kind: k.code, petition: p.documentId, participants: list.map((x) => x.input), minutes: Number(minutes.control.value), isPublic: isPublic.checked };
      if (placeMode() === 'room' && room.control.value) data.room = room.control.value;
      if (placeMode() === 'video') data.videoLink = video.control.value.trim();
      return { data, list };
    }

    function showErrors(err, list) {
      Object.values(fields).forEach((f) => f.setError(''));
      Object.values(groups).forEach((g) => g.setError(''));
      general.setError('');
      if (err.status === 400 && err.fieldErrors.length) {
        const rest = [];
        for (const fe of err.fieldErrors) {
          const [head, i] = fe.path;
          if (head === 'participants' && i !== undefined && list[Number(i)]) list[Number(i)].group.setError(`${list[Number(i)].label}：${fe.message}`);
          else if (head === 'participants') {
            // Head counts name their role (三方会审须有专家至少1人): shown at that role.
            const role = ROLE_ORDER.find((r) => fe.message.includes(`须有${ROLES[r]}`) || fe.message.includes(`的${ROLES[r]}至多`));
            (role && !groups[role].wrap.hidden ? groups[role] : general).setError(fe.message);
          }
          else if (fields[head]) fields[head].setError(fe.message);
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

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.show('');
      const { data, list } = collect();
      if (placeMode() === 'room' && !data.room) return room.setError('请选择会议室');
      if (placeMode() === 'video' && !data.videoLink) return video.setError('请填写视频会议链接');
      setBusy(find, true, '正在查找…');
      clear(results);
      try {
        const found = (await api.post('hearings/slots', { data })).data;
        showSlots(found, data, list);
      } catch (err) {
        showErrors(err, list);
      } finally {
        setBusy(find, false);
      }
    });

    function showSlots(found, data, list) {
      const k = current();
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
                  h('button', { type: 'button', class: `btn btn-small${i === 0 ? ' btn-primary' : ''}`, onclick: (e) => schedule(s, data, list, e.currentTarget) }, '选择此时段'),
                ),
              ),
            )
          : h('p', { class: 'muted' }, '查找范围内没有所有人员和会议室都空闲的时段：可减少参加人员、缩短时长或改用视频会议。'),
      );
      results.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }

    async function schedule(slot, data, list, button) {
      setBusy(button, true, '正在安排…');
      try {
        const body = { ...data, start: slot.start, ...(slot.room ? { room: slot.room.documentId } : {}) };
        const created = (await api.post('hearings', { data: body })).data;
        ctx.flash('success', `已安排${created.kindLabel}：${span(created.start, created.end)}，已向${created.participants.length}名参加人员出具通知书`);
        ctx.go(`#/hearings/${encodeURIComponent(created.documentId)}`);
      } catch (err) {
        setBusy(button, false);
        showErrors(err, list);
        if (err.status === 409) ctx.say('error', err.message);
      }
    }
  }

  return wrap;
}

// ---------------------------------------------------------------------------------------
// The hearing page

/** main: the shell's <main>; ctx: { me, say, go, flash, route } */
export async function renderHearing(main, id, ctx) {
  const enc = encodeURIComponent(id);
  const back = h('a', { class: 'back', href: '#/schedule' }, '‹ 日程');
  const body = h('div', { class: 'hg-page' }, spinner());
  main.append(back, body);
  let x;
  let myExpert = null;
  try {
    x = (await api.get(`hearings/${enc}`)).data;
    if (ctx.me.role === 'expert') myExpert = await api.get('experts/me').then((r) => r.data && r.data.documentId, () => null);
  } catch (err) {
    body.replaceChildren(banner('error', err.status === 404 ? '会议不存在或不在您的管辖范围内' : `无法读取会议：${err.message}`));
    return;
  }
  document.title = `${x.kindLabel} · 访调工作台`;
  if (x.petition && ctx.me.role !== 'expert') {
    back.href = `#/case/${encodeURIComponent(x.petition.documentId)}`;
    back.textContent = `‹ 案件 ${x.petition.referenceNo || ''}`;
  }
  const me = ctx.me;
  const isMine = (pt) => (pt.user && pt.user === me.documentId) || (pt.expert && pt.expert === myExpert);
  const isChair = x.participants.some((pt) => pt.role === 'chair' && pt.user === me.documentId);
  const started = ms(x.start) <= Date.now();
  const reload = (kind, text) => {
    if (text) ctx.flash(kind, text);
    ctx.route();
  };

  const header = h(
    'section',
    { class: 'card hg-header' },
    h('div', { class: 'chips' }, chip(x.kindLabel, `hg-k-${x.kind}`), stateChip(x.state), x.isPublic ? chip('公开', 'hg-public') : null, x.urgent ? chip('紧急', 'cx-u-critical') : null),
    h('h1', { class: 'case-title hg-title' }, x.title),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '时间'),
      h('dd', { class: 'hg-time' }, span(x.start, x.end)),
      h('dt', {}, '地点'),
      h('dd', {}, x.room ? placeText(x) : x.videoLink ? '视频会议' : '另行通知'),
      x.videoLink ? [h('dt', {}, '视频会议'), h('dd', {}, h('a', { href: x.videoLink, target: '_blank', rel: 'noopener noreferrer', class: 'hg-link' }, x.videoLink))] : null,
      x.petition ? [h('dt', {}, '案件'), h('dd', {}, me.role === 'expert' ? x.petition.referenceNo : h('a', { href: `#/case/${encodeURIComponent(x.petition.documentId)}` }, `${x.petition.referenceNo} ${x.petition.subject || ''}`))] : null,
      x.organisation ? [h('dt', {}, '组织单位'), h('dd', {}, x.organisation.name)] : null,
      x.outcome ? [h('dt', {}, '结果'), h('dd', {}, OUTCOMES[x.outcome] || x.outcome)] : null,
    ),
  );

  const people = h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, `参加人员（${x.participants.length}人）`),
    h(
      'ul',
      { class: 'hg-people' },
      x.participants.map((pt) => {
        // Staff download every participant's notice (to post or hand over); experts their own.
        const may = pt.notice && (me.role !== 'expert' || isMine(pt));
        return h(
          'li',
          { class: 'hg-person', dataset: { role: pt.role, index: String(pt.index) } },
          h('span', { class: `chip hg-role hg-r-${pt.role}` }, pt.roleLabel || ROLES[pt.role]),
          h('span', { class: 'hg-person-name' }, h('strong', {}, pt.name), pt.categoryLabel ? h('small', { class: 'muted' }, ` ${pt.categoryLabel}`) : null, pt.organisation ? h('small', { class: 'muted' }, ` ${pt.organisation}`) : null, isMine(pt) ? h('small', { class: 'muted' }, '（我）') : null),
          may
            ? h('button', { type: 'button', class: 'btn btn-small hg-notice', title: `${pt.name}的听证通知书`, onclick: (e) => downloadNotice(x.documentId, pt, e.currentTarget, ctx.say) }, `通知书 第${pt.notice.version}版`)
            : h('span', {}),
        );
      }),
    ),
  );

  // Actions: leaders and clerks move a scheduled hearing; the chair or a clerk records the minutes.
  let actions = null;
  if (SCHEDULERS.includes(me.role) && x.state === 'scheduled') {
    const panel = h('div', { class: 'action-panel' });
    const buttons = [];
    let openKey = null;
    const add = (key, text, build, cls = '') => {
      const b = h('button', { type: 'button', class: `btn ${cls}`.trim(), dataset: { action: key } }, text);
      b.addEventListener('click', () => {
        buttons.forEach((o) => o.classList.remove('active'));
        if (openKey === key) {
          openKey = null;
          return panel.replaceChildren();
        }
        openKey = key;
        b.classList.add('active');
        const close = () => ((openKey = null), b.classList.remove('active'), panel.replaceChildren());
        panel.replaceChildren(build(close));
        const first = panel.querySelector('input, select, textarea');
        if (first) first.focus();
      });
      buttons.push(b);
    };
    const mayRecord = me.role === 'clerk' || isChair;
    if (started && mayRecord) add('minutes', '记录笔录和结论', (close) => minutesForm(x, ctx, close, reload), 'btn-accent');
    add('reschedule', '改期', (close) => rescheduleForm(x, ctx, close, reload), started ? '' : 'btn-accent');
    add('cancel', '取消会议', (close) => cancelForm(x, close, reload));
    actions = h(
      'section',
      { class: 'card' },
      h('h2', { class: 'card-title' }, '办理'),
      h('div', { class: 'button-row' }, buttons),
      !started ? h('p', { class: 'muted hg-note' }, `会议开始后（${fmtDateTime(x.start)}起）可记录笔录和结论。`) : !mayRecord ? h('p', { class: 'muted hg-note' }, '笔录和结论由主持人或信访干部记录。') : null,
      panel,
    );
  }

  const minutes = x.minutes ? minutesCard(x) : null;
  const hist = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, '经过'), historyList(x.history || []));
  body.replaceChildren(h('div', { class: 'hg-main' }, header, actions, minutes, people), h('div', { class: 'hg-side' }, hist));
}

function historyList(items) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  const texts = {
    schedule: (e) => ['安排', e.start ? `时间：${span(e.start, e.end || e.start)}` : null],
    reschedule: (e) => ['改期', `${fmtDateTime(e.from)} → ${fmtDateTime(e.to)}`, e.reason ? `原因：${e.reason}` : null],
    cancel: (e) => ['取消', e.reason ? `原因：${e.reason}` : null],
    minutes: (e) => ['记录笔录和结论', e.outcome ? OUTCOMES[e.outcome] || e.outcome : null],
  };
  return h(
    'ol',
    { class: 'timeline' },
    items.map((e) => {
      const [title, ...lines] = (texts[e.action] || (() => [e.action]))(e);
      return h(
        'li',
        { class: `tl tl-${e.action === 'cancel' ? 'visit' : e.action === 'minutes' ? 'session' : 'move'}`, dataset: { kind: e.action } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h('div', { class: 'tl-head' }, h('strong', {}, title), h('time', { class: 'muted', datetime: e.at || '' }, fmtDateTime(e.at))),
          lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l)),
          e.role ? h('p', { class: 'tl-line muted' }, `经办：${L.ROLES[e.role] || (e.role === 'system' ? '系统' : e.role)}`) : null,
        ),
      );
    }),
  );
}

/** The recorded minutes: attendance, opinions and the vote tally, conclusion, outcome, the case move. */
function minutesCard(x) {
  const m = x.minutes;
  const name = (i) => (x.participants[i] ? `${x.participants[i].name}（${x.participants[i].roleLabel}）` : `第${i + 1}位`);
  const absent = (m.attendance || []).filter((a) => !a.present);
  const t = m.tally || { support: 0, oppose: 0, abstain: 0 };
  const hasVotes = (m.opinions || []).some((o) => o.vote) || x.participants.some((pt) => pt.role === 'panel');
  const move = x.caseMove;
  return h(
    'section',
    { class: 'card hg-minutes', id: 'minutes' },
    h('h2', { class: 'card-title' }, '笔录和结论'),
    h('h3', { class: 'sub' }, '到场情况'),
    h('p', {}, `到场${(m.attendance || []).length - absent.length}人${absent.length ? `，缺席：${absent.map((a) => name(a.participant)).join('、')}` : '，全部到场'}`),
    (m.opinions || []).length
      ? [
          h('h3', { class: 'sub' }, '发表意见'),
          h(
            'ul',
            { class: 'hg-opinions' },
            m.opinions.map((o) => h('li', {}, h('strong', {}, name(o.participant)), o.vote ? chip(VOTES[o.vote] || o.vote, `hg-v-${o.vote}`) : null, h('p', { class: 'prose' }, o.opinion))),
          ),
        ]
      : null,
    hasVotes ? [h('h3', { class: 'sub' }, '表决结果'), h('p', { class: 'hg-tally' }, `支持 ${t.support} 票 · 不支持 ${t.oppose} 票 · 弃权 ${t.abstain} 票`)] : null,
    h('h3', { class: 'sub' }, '结论'),
    h('p', { class: 'prose' }, m.conclusion),
    h('h3', { class: 'sub' }, '信访人意见'),
    h('p', {}, chip(OUTCOMES[m.outcome] || m.outcome, `hg-o-${m.outcome}`)),
    move
      ? [h('h3', { class: 'sub' }, '案件办理'), h('p', { class: 'hg-move' }, `${L.ACTIONS[move.action] || move.action}：${L.STATES[move.from] || move.from} → `, h('strong', {}, L.STATES[move.to] || move.to))]
      : null,
    h('p', { class: 'muted hg-note' }, `记录于 ${fmtDateTime(m.at)}`),
  );
}

function reasonField(label) {
  return fieldBox(label, h('textarea', { rows: 2, maxlength: 500 }), { required: true, wide: true });
}

function cancelForm(x, close, reload) {
  const error = panelError();
  const reason = reasonField('取消原因');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '确认取消会议');
  const form = h('form', { class: 'panel-form', novalidate: true }, h('h3', { class: 'panel-title' }, '取消会议'), error.el, h('div', { class: 'grid' }, reason.wrap), h('p', { class: 'muted hg-note' }, '取消后各参加人员的时间即释放，并通知参加的工作人员和专家。'), h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '返回'), submit));
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
      const fe = (err.fieldErrors || []).find((f) => f.path[0] === 'reason');
      if (fe) reason.setError(fe.message);
      else error.show(err.message);
      setBusy(submit, false);
    }
  });
  return form;
}

/** Reschedule: a reason, then a new slot found for the same people, or a time typed in. */
function rescheduleForm(x, ctx, close, reload) {
  const error = panelError();
  const reason = reasonField('改期原因');
  const start = fieldBox('或指定新的开始时间（整点或半点）', h('input', { type: 'datetime-local', step: 1800, value: toLocalInput(new Date(Math.ceil((ms(x.start) + 7 * DAY) / 1800000) * 1800000)) }));
  const search = h('button', { type: 'button', class: 'btn btn-primary' }, '查找新时段');
  const atTime = h('button', { type: 'button', class: 'btn' }, '改到指定时间');
  const results = h('div', { class: 'hg-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true, onsubmit: (e) => e.preventDefault() },
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

  /** The hearing as a scheduling request (petitioners found again by name among the case's parties). */
  async function request() {
    let parties = [];
    if (x.participants.some((pt) => pt.role === 'petitioner') && x.petition) parties = ((await api.get(`hearings/people?petition=${encodeURIComponent(x.petition.documentId)}`)).data || {}).parties || [];
    const participants = x.participants.map((pt) => {
      const out = { role: pt.role };
      if (pt.user) out.user = pt.user;
      else if (pt.expert) out.expert = pt.expert;
      else if (pt.role === 'petitioner') {
        const party = parties.find((q) => q.name === pt.name);
        if (!party) throw new Error(`在案件当事人中找不到信访人“${pt.name}”，请直接指定时间`);
        out.party = party.index;
      } else out.name = pt.name;
      if (pt.category) out.category = pt.category;
      if (pt.organisation) out.organisation = pt.organisation;
      return out;
    });
    return {
      kind: x.kind,
      ...(x.petition ? { petition: x.petition.documentId } : {}),
      ...(x.organisation ? { organisation: x.organisation.documentId } : {}),
      participants,
      minutes: Math.round((ms(x.end) - ms(x.start)) / 60000),
      ...(x.videoLink && !x.room ? { videoLink: x.videoLink } : {}),
    };
  }

  search.addEventListener('click', async () => {
    if (!reasonOk()) return;
    error.show('');
    setBusy(search, true, '正在查找…');
    try {
      const found = (await api.post('hearings/slots', { data: await request() })).data;
      const slots = found.slots || [];
      append(
        clear(results),
        h('p', { class: 'hg-rule' }, `须提前${found.noticeWorkingDays}个工作日通知：最早可安排在 ${fromText(found.earliestAllowed)}`),
        slots.length
          ? h(
              'ol',
              { class: 'hg-slots' },
              slots.map((s, i) =>
                h(
                  'li',
                  { class: 'hg-slot', dataset: { start: s.start } },
                  slotInfo(s, i, s.room ? s.room.name : '视频会议'),
                  h('button', { type: 'button', class: `btn btn-small${i === 0 ? ' btn-primary' : ''}`, onclick: (e) => move(s.start, s.room ? s.room.documentId : undefined, e.currentTarget) }, '改在此时段'),
                ),
              ),
            )
          : h('p', { class: 'muted' }, '查找范围内没有共同空闲的时段，请直接指定时间。'),
      );
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

  async function move(when, room, button) {
    error.show('');
    setBusy(button, true, '正在改期…');
    try {
      const res = (await api.post(`hearings/${encodeURIComponent(x.documentId)}/reschedule`, { data: { start: when, reason: reason.control.value.trim(), ...(room ? { room } : {}) } })).data;
      reload('success', `已改期至 ${span(res.start, res.end)}，已向参加人员出具新版通知书`);
    } catch (err) {
      setBusy(button, false);
      const rest = [];
      for (const fe of err.fieldErrors || []) {
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
function minutesForm(x, ctx, close, reload) {
  const error = panelError();
  const rows = x.participants.map((pt) => {
    const present = h('input', { type: 'checkbox', checked: true, 'aria-label': `${pt.name}到场` });
    const opinion = h('textarea', { rows: 2, maxlength: 2000, placeholder: pt.role === 'panel' ? '评议意见（到场的评议员必填）' : '意见（可选）', 'aria-label': `${pt.name}的意见` });
    const vote = pt.role === 'panel' ? selectOf(Object.entries(VOTES), { placeholder: '表决' }) : null;
    if (vote) vote.setAttribute('aria-label', `${pt.name}的表决`);
    const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
    const el = h(
      'li',
      { class: 'hg-att', dataset: { index: String(pt.index), role: pt.role } },
      h('div', { class: 'hg-att-head' }, h('label', { class: 'check hg-check' }, present, h('span', {}, h('strong', {}, pt.name), h('small', { class: 'muted' }, ` ${pt.roleLabel}${pt.categoryLabel ? ` · ${pt.categoryLabel}` : ''}`))), h('small', { class: 'muted hg-att-state' }, '到场')),
      h('div', { class: 'hg-att-body' }, vote, opinion),
      err,
    );
    present.addEventListener('change', () => {
      el.classList.toggle('is-absent', !present.checked);
      el.querySelector('.hg-att-state').textContent = present.checked ? '到场' : '缺席';
    });
    return { pt, present, opinion, vote, el, setError: (m) => ((err.textContent = m || ''), el.classList.toggle('has-error', !!m)) };
  });
  const attendance = groupBox('到场情况与意见', { hint: '逐一勾选到场人员；评议员应逐一表决并发表意见' });
  attendance.body.append(h('ul', { class: 'hg-atts' }, rows.map((r) => r.el)));
  const conclusion = fieldBox('结论', h('textarea', { rows: 3, maxlength: 8000 }), { required: true, wide: true });
  const outcomeName = uid('outcome');
  const outcomeRadios = Object.entries(OUTCOME_CHOICES).map(([v, t]) => h('label', { class: 'seg' }, h('input', { type: 'radio', name: outcomeName, value: v }), h('span', {}, t)));
  const outcome = groupBox('信访人意见', { wide: true });
  outcome.wrap.classList.add('hg-outcome');
  outcome.body.append(h('div', { class: 'segmented hg-seg', role: 'radiogroup', 'aria-label': '信访人意见' }, outcomeRadios));

  // A case move in the same step (e.g. 办结 for a case in leader handling): the moves the caller may make.
  const moveSelect = selectOf([], { placeholder: '（不变更案件状态）' });
  const move = fieldBox('同时办理案件', moveSelect, { wide: true, help: '如依结论办结案件；案件流程不允许的办理不会记录' });
  const moveFields = h('div', { class: 'grid hg-move-fields field-wide' });
  let moves = [];
  let mfs = [];
  if (x.petition) {
    moveSelect.disabled = true;
    api.get(`petitions/${encodeURIComponent(x.petition.documentId)}/moves`).then(
      (r) => {
        moves = (r.data || []).filter((m) => (m.fields || []).every((f) => f.kind !== 'ref'));
        moveSelect.replaceChildren(h('option', { value: '' }, '（不变更案件状态）'), ...moves.map((m) => h('option', { value: m.action }, m.label)));
        moveSelect.disabled = false;
      },
      () => {
        moveSelect.replaceChildren(h('option', { value: '' }, '（无法读取可办理的事项）'));
      },
    );
  } else move.wrap.hidden = true;
  moveSelect.addEventListener('change', () => {
    const m = moves.find((x2) => x2.action === moveSelect.value);
    mfs = (m ? m.fields || [] : []).map((f) => {
      const control = f.kind === 'choice' ? selectOf(Object.entries(f.options || {}), { placeholder: '请选择' }) : h('textarea', { rows: 2 });
      if (f.kind !== 'choice' && !control.value) control.value = conclusion.control.value.trim();
      const box = fieldBox(f.label, control, { required: !!f.required, wide: f.kind !== 'choice' });
      box.key = f.key;
      box.required = !!f.required;
      box.label = f.label;
      return box;
    });
    moveFields.replaceChildren(...mfs.map((f) => f.wrap));
  });

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
    const picked = outcomeRadios.map((l) => l.querySelector('input')).find((i) => i.checked);
    const opinions = [];
    for (const r of rows) {
      const text = r.opinion.value.trim();
      const vote = r.vote ? r.vote.value : '';
      if (text || vote) opinions.push({ participant: r.pt.index, ...(vote ? { vote } : {}), opinion: text });
    }
    const data = {
      attendance: rows.map((r) => ({ participant: r.pt.index, present: r.present.checked })),
      opinions,
      conclusion: conclusion.control.value.trim(),
      outcome: picked ? picked.value : undefined,
    };
    if (moveSelect.value) {
      const input = {};
      let missing = null;
      for (const f of mfs) {
        f.setError('');
        const v = f.control.value.trim();
        if (v) input[f.key] = v;
        else if (f.required) {
          f.setError(`请填写${f.label}`);
          missing = missing || f;
        }
      }
      if (missing) return missing.control.focus();
      data.move = { action: moveSelect.value, input };
    }
    setBusy(submit, true, '正在保存…');
    try {
      await api.post(`hearings/${encodeURIComponent(x.documentId)}/minutes`, { data });
      reload('success', data.move ? `已保存笔录，案件已${(moves.find((m) => m.action === data.move.action) || {}).label || '办理'}` : '已保存笔录和结论');
    } catch (err) {
      setBusy(submit, false);
      if (err.status === 400 && err.fieldErrors.length) {
        const rest = [];
        for (const fe of err.fieldErrors) {
          const [head, i, key] = fe.path;
          if (head === 'opinions' && i !== undefined && opinions[Number(i)]) rows.find((r) => r.pt.index === opinions[Number(i)].participant).setError(fe.message);
          else if (head === 'attendance' || head === 'opinions') attendance.setError(fe.message);
          else if (head === 'conclusion') conclusion.setError(fe.message);
          else if (head === 'outcome') outcome.setError('请选择信访人对结论的意见');
          else if (mfs.find((f) => f.key === (head === 'input' ? i : key || head))) mfs.find((f) => f.key === (head === 'input' ? i : key || head)).setError(fe.message);
          else rest.push(fe.message);
        }
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

// ---------------------------------------------------------------------------------------
// 日程: a week of one person or room

const scheduleHash = (resource, week) => {
  const q = [resource && resource !== 'me' ? `resource=${encodeURIComponent(resource)}` : '', week ? `week=${week}` : ''].filter(Boolean).join('&');
  return `#/schedule${q ? `?${q}` : ''}`;
};

/** The picker's choices: colleagues, rooms and (for schedulers) experts of the jurisdiction. */
async function resourceChoices(me) {
  const soft = (p) => p.then((r) => r.data, () => null);
  const groups = [];
  let staff = [];
  let experts = [];
  if (SCHEDULERS.includes(me.role)) {
    const people = await soft(api.get('hearings/people'));
    if (people) ({ staff, experts } = people);
  } else {
    // Mediators and supervisors do not reach the scheduling pickers: the desk's user list instead.
    for (const role of ['leader', 'clerk', 'mediator']) {
      const rows = (await soft(api.get(`desk/users?role=${role}`))) || [];
      staff.push(...rows.map((u) => ({ documentId: u.documentId, name: u.fullName || u.username, role, organisation: u.organisation ? u.organisation.name : null })));
    }
  }
  staff = staff.filter((s) => s.documentId !== me.documentId);
  if (staff.length) groups.push(['同事', staff.map((s) => [`user:${s.documentId}`, `${s.name}（${STAFF_ROLES[s.role] || s.role}${s.organisation ? ` · ${s.organisation}` : ''}）`])]);
  const rooms = (await soft(api.get('rooms'))) || [];
  if (rooms.length) groups.push(['会议室', rooms.map((r) => [`room:${r.documentId}`, `${r.name}（${r.capacity}人）`])]);
  if (experts.length) groups.push(['专家', experts.map((x) => [`expert:${x.documentId}`, x.name])]);
  return groups;
}

/** main: the shell's <main>; ctx: { me, say, go }; params: resource, week */
export async function renderWeek(main, ctx, params) {
  const me = ctx.me;
  const isExpert = me.role === 'expert';
  const resource = isExpert ? 'me' : params.get('resource') || 'me';
  const weekParam = /^\d{4}-\d{2}-\d{2}$/.test(params.get('week') || '') ? params.get('week') : '';
  main.append(h('div', { class: 'page-head' }, h('h1', {}, '日程')));

  const picker = isExpert ? null : h('select', { 'aria-label': '查看谁的日程', class: 'wk-picker', disabled: true }, h('option', { value: 'me' }, '我的日程'));
  if (picker) {
    picker.addEventListener('change', () => ctx.go(scheduleHash(picker.value, weekParam)));
    resourceChoices(me).then((groups) => {
      for (const [label, options] of groups) picker.append(h('optgroup', { label }, options.map(([v, t]) => h('option', { value: v }, t))));
      if (![...picker.options].some((o) => o.value === resource)) picker.append(h('option', { value: resource }, '（其他）'));
      picker.value = resource;
      picker.disabled = false;
    });
  }
  const nav = h('div', { class: 'wk-nav' });
  const toolbar = h('div', { class: 'card wk-toolbar' }, picker, nav);
  const box = h('div', { class: 'wk-box' }, spinner());
  main.append(toolbar, box);

  let w;
  try {
    w = (await api.get(`schedule/week${api.query([['resource', resource], ['week', weekParam]])}`)).data;
  } catch (err) {
    box.replaceChildren(banner('error', err.status === 404 ? '该日程不存在或不在您的管辖范围内' : `无法读取日程：${err.message}`));
    return;
  }
  const monday = ms(w.weekStart);
  const prev = dayKey(monday - 7 * DAY);
  const next = dayKey(monday + 7 * DAY);
  const today = dayKey(Date.now());
  const thisWeek = today >= w.days[0].date && today <= w.days[6].date;
  nav.append(
    h('a', { class: 'btn btn-small', href: scheduleHash(resource, prev), 'aria-label': '上一周' }, '‹', h('span', { class: 'wk-nav-text' }, ' 上一周')),
    h(
      'div',
      { class: 'wk-range' },
      h('strong', {}, `${monthDay(w.days[0].date)} – ${monthDay(w.days[6].date)}`),
      h('small', { class: 'muted' }, `${w.days[0].date.slice(0, 4)}年`, thisWeek ? ' · 本周' : [' · ', h('a', { href: scheduleHash(resource, '') }, '回到本周')]),
    ),
    h('a', { class: 'btn btn-small', href: scheduleHash(resource, next), 'aria-label': '下一周' }, h('span', { class: 'wk-nav-text' }, '下一周 '), '›'),
  );
  const typeLabel = { user: '', expert: '专家', room: '会议室' }[w.resource.type] || '';
  const title = resource === 'me' ? '我的日程' : `${typeLabel}${w.resource.name}的日程`;
  const legend = h('div', { class: 'wk-legend' }, h('span', { class: 'wk-key wk-hearing' }, '听证与会商'), h('span', { class: 'wk-key wk-consultation' }, '专家咨询'), h('span', { class: 'wk-key wk-dayoff' }, '休息日'));
  const events = w.events || [];
  box.replaceChildren(
    h(
      'section',
      { class: 'card wk-card', dataset: { resource } },
      h('div', { class: 'cx-head wk-head' }, h('h2', { class: 'card-title' }, title), h('span', { class: 'muted wk-count' }, events.length ? `本周${events.length}项安排` : '本周无安排')),
      legend,
      weekGrid(w, today),
      dayList(w, today),
    ),
  );
  if (resource === 'me') box.append(await mineCard(ctx));
}

const eventHref = (e) => (e.type === 'hearing' ? `#/hearings/${encodeURIComponent(e.documentId)}` : `#/consultations/${encodeURIComponent(e.documentId)}`);
const eventTitle = (e) => [`${hm(e.start)}–${hm(e.end)}`, e.label, e.stateLabel, e.place, e.caseReference].filter(Boolean).join(' · ');

/** Desktop: seven columns, events placed by time inside the office-hours range. */
function weekGrid(w, today) {
  const hours = (w.hours || []).length ? w.hours : [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:30' }];
  let from = Math.floor(Math.min(...hours.map((x) => hhmmMinutes(x.start))) / 60) * 60;
  let to = Math.ceil(Math.max(...hours.map((x) => hhmmMinutes(x.end))) / 60) * 60;
  for (const e of w.events || []) {
    from = Math.min(from, Math.floor(minuteOfDay(e.start) / 60) * 60);
    to = Math.max(to, Math.ceil((minuteOfDay(e.end) || 1440) / 60) * 60);
  }
  const range = to - from;
  const pct = (m) => `${(((m - from) / range) * 100).toFixed(3)}%`;
  const height = `${Math.round((range / 60) * 52)}px`;
  const gutter = h('div', { class: 'wk-gutter', style: `height:${height}` });
  for (let m = from; m <= to; m += 60) gutter.append(h('span', { class: 'wk-hour', style: `top:${pct(m)}` }, `${String(m / 60).padStart(2, '0')}:00`));
  // The time outside office hours (before, lunch, after), shaded on working days.
  const closed = [];
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
      h('div', { class: 'wk-col-head' }, h('strong', {}, WEEKDAYS[new Date(`${d.date}T00:00:00Z`).getUTCDay()]), h('span', {}, monthDay(d.date)), d.working ? null : h('small', { class: 'wk-off-tag' }, '休')),
      h(
        'div',
        { class: 'wk-col-body', style: `height:${height}` },
        d.working ? closed.map(([a, b]) => h('div', { class: 'wk-closed', style: `top:${pct(a)};height:calc(${pct(b)} - ${pct(a)})` })) : null,
        mine.map((e) =>
          h(
            'a',
            { class: `wk-event wk-${e.type}${e.state === 'held' || e.state === 'done' ? ' is-past' : ''}`, href: eventHref(e), title: eventTitle(e), style: `top:${pct(minuteOfDay(e.start))};height:calc(${pct(minuteOfDay(e.end) || 1440)} - ${pct(minuteOfDay(e.start))})`, dataset: { id: e.documentId, type: e.type } },
            h('span', { class: 'wk-time' }, `${hm(e.start)}–${hm(e.end)}`),
            h('strong', { class: 'wk-label' }, e.label),
            e.place ? h('span', { class: 'wk-place' }, e.place) : null,
          ),
        ),
      ),
    );
  });
  return h('div', { class: 'wk-grid', role: 'presentation' }, h('div', { class: 'wk-col wk-col-gutter' }, h('div', { class: 'wk-col-head' }), gutter), cols);
}

/** Phone: one row per day, its events listed. */
function dayList(w, today) {
  return h(
    'ol',
    { class: 'wk-list' },
    w.days.map((d) => {
      const mine = (w.events || []).filter((e) => dayKey(e.start) === d.date);
      return h(
        'li',
        { class: `wk-day${d.working ? '' : ' is-off'}${d.date === today ? ' is-today' : ''}`, dataset: { date: d.date } },
        h('div', { class: 'wk-day-head' }, h('strong', {}, WEEKDAYS[new Date(`${d.date}T00:00:00Z`).getUTCDay()]), h('span', {}, monthDay(d.date)), d.date === today ? h('small', { class: 'wk-today-tag' }, '今天') : null, d.working ? null : h('small', { class: 'wk-off-tag' }, '休息日')),
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
                    h('span', { class: 'wk-item-text' }, h('strong', {}, e.label), h('small', { class: 'muted' }, [e.stateLabel, e.place, e.caseReference].filter(Boolean).join(' · '))),
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
async function mineCard(ctx) {
  const card = h('section', { class: 'card hg-mine', id: 'my-hearings' }, h('h2', { class: 'card-title' }, '我参加的会议'));
  let rows;
  let myExpert = null;
  try {
    rows = (await api.get('hearings/mine')).data || [];
    if (ctx.me.role === 'expert') myExpert = await api.get('experts/me').then((r) => r.data && r.data.documentId, () => null);
  } catch (err) {
    return append(card, banner('error', `无法读取会议：${err.message}`));
  }
  if (!rows.length) return append(card, h('p', { class: 'muted' }, '近期没有需要参加的会议'));
  const notice = async (x, button) => {
    // The notice is per participant: find me on the hearing first.
    try {
      const full = (await api.get(`hearings/${encodeURIComponent(x.documentId)}`)).data;
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
        if (x.state !== 'cancelled') li.append(h('div', { class: 'hg-item-actions' }, h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => notice(x, e.currentTarget) }, '下载我的通知书')));
        return li;
      }),
    ),
  );
}

/** A notification's link #/hearings/<id>. */
export function open(main, id, ctx) {
  return renderHearing(main, id, ctx);
}
