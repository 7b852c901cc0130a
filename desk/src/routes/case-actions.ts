// The case page's actions: the flow's moves, judicial confirmation, visits, sessions, return visit.
import * as api from '../lib/api';
import { h } from '../lib/ui';
import * as L from '../lib/labels';
import { app, CONCLUDED, say, card, cached, organisationsList, currentUser, type Reload } from '../lib/shell';
import { type KeyedField, type ValueControl, field, input, textarea, select, panelForm, recordForm, nowInput } from '../lib/fields';
import { documentsBox } from './documents';
import { judicialBox } from './judicial';
import type { MoveOption, OrganisationRef, Petition, StaffUser } from '../lib/types';

type Build = (close: () => void) => HTMLElement;

// ---------------------------------------------------------------------------------------
// Case actions: the flow's moves, visits, sessions, return visit, documents

export function actionsCard(p: Petition, moves: MoveOption[], isAssignedMediator: boolean, reload: Reload) {
  const me = currentUser();
  const panel = h('div', { class: 'action-panel' });
  const buttons: HTMLButtonElement[] = [];
  let openKey: string | null = null;

  function open(key: string, build: Build, button: HTMLButtonElement) {
    buttons.forEach((b) => b.classList.remove('active'));
    if (openKey === key) {
      openKey = null;
      panel.replaceChildren();
      return;
    }
    openKey = key;
    button.classList.add('active');
    const close = () => {
      openKey = null;
      button.classList.remove('active');
      panel.replaceChildren();
    };
    panel.replaceChildren(build(close));
    const first = panel.querySelector<HTMLElement>('input, select, textarea');
    if (first) first.focus();
    panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  const add = (key: string, text: string, build: Build, cls = '') => {
    const b = h('button', { type: 'button', class: `btn ${cls}`.trim(), dataset: { action: key } });
    b.textContent = text;
    b.addEventListener('click', () => open(key, build, b));
    buttons.push(b);
  };

  for (const m of moves)
    add(
      m.action,
      m.label,
      (close) => moveForm(p, m, close, reload),
      m.action === 'not_accept' || m.action === 'mediation_failure' ? '' : 'btn-accent',
    );
  if (me.role === 'clerk' && p.state !== 'closed') add('visit', '登记来访', (close) => visitForm(p, close, reload));
  if (isAssignedMediator && p.state === 'in_mediation') add('session', '记录调解', (close) => sessionForm(p, close, reload));
  if (me.role === 'clerk' && CONCLUDED.includes(p.state) && !p.returnVisit)
    add('return-visit', '回访', (close) => returnVisitForm(p, close, reload));

  return card(
    '办理',
    buttons.length
      ? h('div', { class: 'button-row' }, buttons)
      : h('p', { class: 'muted' }, `当前状态（${p.stateLabel || L.STATES[p.state]}）下没有您可办理的事项。`),
    panel,
    p.outcome && p.outcome.result === 'success' ? documentsBox(p) : null,
    p.outcome && p.outcome.result === 'success' && (me.role === 'mediator' || me.role === 'clerk') ? judicialBox(p, reload) : null,
  );
}

type Choice = [string | number, string];
const staffChoice = (u: StaffUser): Choice => [u.id, `${u.fullName || u.username}${u.organisation ? `（${u.organisation.name}）` : ''}`];

export const PICKERS: Record<string, (arg?: string) => Promise<Choice[]>> = {
  committee: async () =>
    (await cached<{ documentId: string; name: string }>('committees?pagination[pageSize]=100&sort=name')).map((c) => [
      c.documentId,
      c.name,
    ]),
  mediator: async (committee) =>
    (await cached<StaffUser>(`desk/users?role=mediator${committee ? `&committee=${encodeURIComponent(committee)}` : ''}`)).map(staffChoice),
  leader: async () => (await cached<StaffUser>('desk/users?role=leader')).map(staffChoice),
  unit: async () => (await organisationsList()).map((o: OrganisationRef): Choice => [o.documentId, o.name]),
};
export const NUMERIC_REFS = new Set(['mediator', 'leader']);

/** Fills a picker's options; `arg` narrows it (the mediators of a committee). */
export function fillPicker(control: ValueControl, key: string, arg?: string) {
  const was = control.value;
  control.disabled = true;
  // Only the latest fill applies: the first, unfiltered list may answer after a committee's.
  const ticket = String(Number(control.dataset.fill || 0) + 1);
  control.dataset.fill = ticket;
  PICKERS[key](arg)
    .then((opts) => {
      if (control.dataset.fill !== ticket) return;
      control.replaceChildren(
        h('option', { value: '' }, opts.length ? '请选择' : '（没有可选项）'),
        ...opts.map(([v, t]) => h('option', { value: String(v) }, t)),
      );
      // A choice still on the list stays chosen.
      if (was && opts.some(([v]) => String(v) === was)) control.value = was;
      control.disabled = false;
    })
    .catch((err) => {
      if (control.dataset.fill !== ticket) return;
      control.replaceChildren(h('option', { value: '' }, `无法读取：${err.message}`));
    });
}

export function moveForm(p: Petition, move: MoveOption, close: () => void, reload: Reload) {
  const fields = (move.fields || []).map((mf) => {
    let control: ValueControl;
    if (mf.kind === 'choice') {
      control = select(Object.entries(mf.options || {}), { name: mf.key, placeholder: mf.required ? '请选择' : '（不选）' });
    } else if (mf.kind === 'ref' && PICKERS[mf.key]) {
      control = select([], { name: mf.key, placeholder: '正在读取…', disabled: true });
      fillPicker(control, mf.key);
    } else if (mf.kind === 'ref') {
      control = input({ name: mf.key });
    } else {
      control = textarea({ name: mf.key, rows: 3 });
    }
    const fl: KeyedField = Object.assign(field({ label: mf.label, required: !!mf.required, control, wide: mf.kind === 'text' }), {
      key: mf.key,
      kind: mf.kind,
    });
    control.addEventListener('input', () => fl.setError([]));
    control.addEventListener('change', () => fl.setError([]));
    return fl;
  });

  // Diverting: the mediator is picked among the chosen committee's own (its organisation and below).
  const committeeField = fields.find((f) => f.key === 'committee');
  const mediatorField = fields.find((f) => f.key === 'mediator');
  if (committeeField && mediatorField) {
    committeeField.control.addEventListener('change', () =>
      fillPicker(mediatorField.control, 'mediator', committeeField.control.value || undefined),
    );
  }

  // Mediation success: the agreement's structured content (the agreement document is built from it).
  let terms: ReturnType<typeof termsEditor> | null = null;
  const extras: HTMLElement[] = [];
  if (move.action === 'mediation_success') {
    const facts = field({ label: '主要事实', control: textarea({ name: 'facts', rows: 3 }), wide: true });
    const disputes = field({ label: '争议事项', control: textarea({ name: 'disputes', rows: 2 }), wide: true });
    const resp = field({ label: '各方责任', control: textarea({ name: 'responsibilities', rows: 2 }), wide: true });
    for (const [k, f] of [
      ['facts', facts],
      ['disputes', disputes],
      ['responsibilities', resp],
    ] as const)
      fields.push(Object.assign(f, { key: k, kind: 'extra' }));
    terms = termsEditor();
    extras.push(terms.el);
  }

  return panelForm(move.label, fields, {
    submitText: `确认${move.label}`,
    close,
    extra: extras.length ? extras : null,
    async onSubmit({ showError }) {
      const inputData: Record<string, unknown> = {};
      let bad: KeyedField | null = null;
      for (const f of fields) {
        const v = f.control.value.trim();
        const def = (move.fields || []).find((x) => x.key === f.key);
        if (!v) {
          if (def && def.required) {
            f.setError(`请填写${f.label}`);
            bad = bad || f;
          }
          continue;
        }
        inputData[f.key] = NUMERIC_REFS.has(f.key) && /^\d+$/.test(v) ? Number(v) : v;
      }
      if (terms) {
        const list = terms.value();
        if (list.length) inputData.terms = list;
      }
      if (bad) {
        showError('请填写必填项');
        bad.focus();
        return;
      }
      try {
        await api.post(`petitions/${encodeURIComponent(p.documentId)}/transition`, { action: move.action, input: inputData });
        app.cache.clear();
        reload('success', `已${move.label}`);
      } catch (err) {
        if (err.status === 400 && err.fieldErrors.length) {
          const unmatched: string[] = [];
          for (const fe of err.fieldErrors) {
            const key = fe.path[0] === 'input' ? fe.path[1] : fe.path[0];
            const f = fields.find((x) => x.key === key);
            if (f) f.setError(fe.message);
            else unmatched.push(fe.message);
          }
          showError(unmatched.length ? unmatched.join('；') : '请修正标出的问题');
        } else if (err.status === 409 || err.status === 403) {
          say('error', err.message);
          showError(err.message);
        } else {
          showError(err.message);
        }
      }
    },
  });
}

/** One obligation of the agreement being written. */
interface TermRow {
  obligor: HTMLInputElement;
  what: HTMLInputElement;
  how: HTMLInputElement;
  where: HTMLInputElement;
  byWhen: HTMLInputElement;
  el?: HTMLElement;
}

export function termsEditor() {
  const rows: TermRow[] = [];
  const body = h('div', { class: 'terms-rows' });
  function addRow() {
    const r: TermRow = {
      obligor: input({ placeholder: '履行义务人', 'aria-label': '履行义务人' }),
      what: input({ placeholder: '履行事项', 'aria-label': '履行事项' }),
      how: input({ placeholder: '履行方式', 'aria-label': '履行方式' }),
      where: input({ placeholder: '履行地点', 'aria-label': '履行地点' }),
      byWhen: input({ type: 'date', 'aria-label': '履行期限' }),
    };
    const rm = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'aria-label': '删除此项',
        onclick: () => (rows.splice(rows.indexOf(r), 1), r.el?.remove()),
      },
      '删除',
    );
    r.el = h(
      'div',
      { class: 'term-row' },
      r.what,
      r.obligor,
      r.how,
      r.where,
      h('label', { class: 'inline-label' }, h('span', {}, '期限'), r.byWhen),
      rm,
    );
    rows.push(r);
    body.append(r.el);
  }
  addRow();
  return {
    el: h(
      'div',
      { class: 'terms-editor field-wide' },
      h('h4', { class: 'label' }, '协议条款（履行事项、义务人、方式、地点、期限）'),
      body,
      h('button', { type: 'button', class: 'btn btn-small', onclick: addRow }, '＋ 添加一项'),
    ),
    value: () =>
      rows
        .map((r) => {
          const t: { what: string; how: string; where: string; byWhen: string; obligor?: string } = {
            what: r.what.value.trim(),
            how: r.how.value.trim(),
            where: r.where.value.trim(),
            byWhen: r.byWhen.value || '',
          };
          if (r.obligor.value.trim()) t.obligor = r.obligor.value.trim();
          return t;
        })
        .filter((t) => t.what || t.how || t.where || t.byWhen),
  };
}

export function visitForm(p: Petition, close: () => void, reload: Reload) {
  const { el: when, read: readWhen } = nowInput();
  const headcount = input({ type: 'number', inputmode: 'numeric', min: 1, step: 1, value: '1' });
  return recordForm(
    '登记来访（来信）',
    [
      { key: 'visitedAt', label: '来访时间', control: when, read: readWhen },
      { key: 'channel', label: '渠道', required: true, control: select(Object.entries(L.CHANNELS), { value: 'visit' }) },
      { key: 'level', label: '到访层级', required: true, control: select(Object.entries(L.LEVELS)) },
      { key: 'headcount', label: '人数', control: headcount, read: () => (headcount.value === '' ? undefined : Number(headcount.value)) },
      { key: 'note', label: '情况记录', control: textarea({ rows: 3 }), wide: true },
    ],
    { submitText: '保存来访记录', path: `petitions/${encodeURIComponent(p.documentId)}/visits`, close, reload, done: '已登记来访记录' },
  );
}

export function sessionForm(p: Petition, close: () => void, reload: Reload) {
  const { el: when, read: readWhen } = nowInput();
  return recordForm(
    '记录调解',
    [
      { key: 'heldAt', label: '调解时间', required: true, control: when, read: readWhen },
      { key: 'place', label: '调解地点', control: input({ placeholder: '如：湖滨镇调解室' }) },
      { key: 'participants', label: '参加人员', required: true, control: input({ placeholder: '当事人、调解员、法律顾问等' }), wide: true },
      { key: 'summary', label: '调解情况', required: true, control: textarea({ rows: 4 }), wide: true },
    ],
    { submitText: '保存调解记录', path: `petitions/${encodeURIComponent(p.documentId)}/sessions`, close, reload, done: '已记录调解' },
  );
}

export function returnVisitForm(p: Petition, close: () => void, reload: Reload) {
  return recordForm(
    '回访',
    [
      { key: 'result', label: '回访结果', required: true, control: select(Object.entries(L.RETURN_VISIT_RESULTS)) },
      { key: 'comment', label: '回访意见', control: textarea({ rows: 3 }), wide: true },
    ],
    { submitText: '保存回访', path: `petitions/${encodeURIComponent(p.documentId)}/return-visit`, close, reload, done: '已记录回访' },
  );
}
