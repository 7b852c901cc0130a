// The scheduling form's parts: the participants by role (chosen, or typed in for the panel and
// the observers) and the place.
import { h, uid } from '../../lib/ui';
import type { Hearings } from '@fangtiao/contracts';
import type { Me } from '../../lib/types';
import { CATEGORIES, STAFF_ROLES, fieldBox, groupBox, selectOf } from './labels';

export type Group = ReturnType<typeof groupBox>;
export type Room = Hearings.GetRooms.Response['data'][number];

/** One group of participants per role (the kind decides which show), with their checks and rows. */
export function roleGroups(people: Hearings.People, me: Me) {
  const staffLabel = (s: Hearings.People['staff'][number]) =>
    `${s.name}（${STAFF_ROLES[s.role] || s.role}${s.organisation ? ` · ${s.organisation}` : ''}）`;
  const check = (value: string | number, text: string, checked = false) => {
    const box = h('input', { type: 'checkbox', value: String(value), checked });
    return { box, el: h('label', { class: 'check hg-check' }, box, h('span', {}, text)) };
  };
  const groups: Record<string, Group> = {};
  const leaders = people.staff.filter((s) => s.role === 'leader');
  const chair = selectOf(
    leaders.map((s) => [s.documentId, staffLabel(s)]),
    { placeholder: leaders.length ? '请选择主持人' : '（辖区内没有包案领导）', value: me.role === 'leader' ? me.documentId : '' },
  );
  chair.setAttribute('aria-label', '主持人');
  groups.chair = groupBox('主持人');
  groups.chair.body.append(chair);

  const teamChecks = people.staff.map((s) => check(s.documentId, staffLabel(s), me.role === 'clerk' && s.documentId === me.documentId));
  groups.work_team = groupBox('工作专班');
  groups.work_team.body.append(
    teamChecks.length
      ? h(
          'div',
          { class: 'hg-checks' },
          teamChecks.map((c) => c.el),
        )
      : h('p', { class: 'muted' }, '辖区内没有工作人员'),
  );

  const expertChecks = people.experts.map((x) =>
    check(x.documentId, `${x.name}${x.title ? ` ${x.title}` : ''}${x.level === 'city' ? '（市级）' : ''}`),
  );
  groups.expert = groupBox('专家');
  groups.expert.body.append(
    expertChecks.length
      ? h(
          'div',
          { class: 'hg-checks' },
          expertChecks.map((c) => c.el),
        )
      : h('p', { class: 'muted' }, '服务本辖区的专家库中没有在岗专家'),
  );

  const partyChecks = people.parties.map((x) => check(x.index, x.name, true));
  groups.petitioner = groupBox('信访人');
  groups.petitioner.body.append(
    partyChecks.length
      ? h(
          'div',
          { class: 'hg-checks' },
          partyChecks.map((c) => c.el),
        )
      : h('p', { class: 'muted' }, '本案未登记当事人'),
  );
  return { groups, chair, teamChecks, expertChecks, partyChecks, ...nameRows(groups) };
}

/** The panel members (评议员) and observers (列席人员): names typed in, as many rows as needed. */
interface PanelRow {
  name: HTMLInputElement;
  category: HTMLSelectElement;
  el?: HTMLElement;
}
interface ObserverRow {
  name: HTMLInputElement;
  organisation: HTMLInputElement;
  el?: HTMLElement;
}

function nameRows(groups: Record<string, Group>) {
  const panelRows: PanelRow[] = [];
  const panelBox = h('div', { class: 'hg-rows' });
  const addPanel = () => {
    const n = panelRows.length + 1;
    const r: PanelRow = {
      name: h('input', { type: 'text', maxlength: 40, placeholder: '姓名', 'aria-label': `评议员${n}姓名` }),
      category: selectOf(Object.entries(CATEGORIES), { value: 'resident' }),
    };
    r.category.setAttribute('aria-label', `评议员${n}身份`);
    r.el = h(
      'div',
      { class: 'hg-row' },
      r.name,
      r.category,
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => (panelRows.splice(panelRows.indexOf(r), 1), r.el?.remove()) },
        '删除',
      ),
    );
    panelRows.push(r);
    panelBox.append(r.el);
    return r;
  };
  groups.panel = groupBox('评议员');
  groups.panel.body.append(
    panelBox,
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => addPanel().name.focus() }, '＋ 添加评议员'),
  );

  const observerRows: ObserverRow[] = [];
  const observerBox = h('div', { class: 'hg-rows' });
  const addObserver = () => {
    const n = observerRows.length + 1;
    const r: ObserverRow = {
      name: h('input', { type: 'text', maxlength: 40, placeholder: '姓名', 'aria-label': `列席人员${n}姓名` }),
      organisation: h('input', { type: 'text', maxlength: 60, placeholder: '单位（可选）', 'aria-label': `列席人员${n}单位` }),
    };
    r.el = h(
      'div',
      { class: 'hg-row' },
      r.name,
      r.organisation,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          onclick: () => (observerRows.splice(observerRows.indexOf(r), 1), r.el?.remove()),
        },
        '删除',
      ),
    );
    observerRows.push(r);
    observerBox.append(r.el);
    return r;
  };
  groups.observer = groupBox('列席人员');
  groups.observer.body.append(
    observerBox,
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => addObserver().name.focus() }, '＋ 添加列席人员'),
  );
  return { panelRows, addPanel, observerRows };
}

/** Place: automatic (smallest free room that fits), a room, or a video meeting. */
export function placeGroup(rooms: Room[]) {
  const placeName = uid('place');
  const placeRadios = Object.entries({ auto: '自动选择', room: '指定会议室', video: '视频会议' }).map(([v, t], i) =>
    h(
      'label',
      { class: 'seg' },
      h('input', { type: 'radio', name: placeName, value: v, checked: i === 0, onchange: () => updatePlace() }),
      h('span', {}, t),
    ),
  );
  // Each segment is a label around its radio button.
  const placeMode = () => (placeRadios.map((l) => l.querySelector('input')!).find((i) => i.checked) || { value: 'auto' }).value;
  const place = groupBox('地点', { wide: false });
  const room = fieldBox(
    '会议室',
    selectOf(
      rooms.map((r) => [r.documentId, `${r.name}（${r.capacity}人${r.organisation ? ` · ${r.organisation.name}` : ''}）`]),
      { placeholder: rooms.length ? '请选择会议室' : '（没有可用的会议室）' },
    ),
  );
  const video = fieldBox(
    '视频会议链接',
    h('input', { type: 'text', placeholder: 'https://', inputmode: 'url', autocapitalize: 'off', spellcheck: 'false' }),
  );
  place.body.append(h('div', { class: 'segmented hg-seg', role: 'radiogroup', 'aria-label': '地点' }, placeRadios), room.wrap, video.wrap);
  function updatePlace() {
    room.wrap.hidden = placeMode() !== 'room';
    video.wrap.hidden = placeMode() !== 'video';
  }
  updatePlace();
  return { place, room, video, placeMode };
}
