// A party in the register form: its kind (person, organisation, agent, group), its fields and
// the checks the server makes (src/api/petition/controllers/validation/parties.ts), with the
// server's own messages once it answered.
import { h, uid } from '../lib/ui';
import * as L from '../lib/labels';
import { idNumberProblem, ID_NUMBER_MESSAGES, isValidPhone, PHONE_MESSAGE } from '../lib/rules';
import { type Field, field, input, select } from '../lib/fields';
import * as parties from './parties';
import type { PartyInput } from './parties';

export function partyChecks(party: PartyInput) {
  // Mirrors src/api/petition/controllers/validation/parties.ts (checkParties).
  const out: Record<string, string> = {};
  if (!party.name || !String(party.name).trim()) out.name = '姓名（名称）必填';
  if (party.idNumber) {
    const problem = idNumberProblem(String(party.idNumber));
    if (problem) out.idNumber = ID_NUMBER_MESSAGES[problem];
  }
  if (party.phone && !isValidPhone(String(party.phone))) out.phone = PHONE_MESSAGE;
  if (party.kind === 'group' && !(typeof party.headcount === 'number' && Number.isInteger(party.headcount) && party.headcount >= 2))
    out.headcount = '集体访须填写人数（至少2人）';
  return out;
}

/** The fields every party has: name, ID number, phone, address, and a group's headcount. */
function partyFields(): Record<string, Field> {
  return {
    name: field({ label: '姓名', required: true, control: input({ autocomplete: 'off' }) }),
    idNumber: field({
      label: '身份证号码',
      control: input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false', class: 'mono', placeholder: '18位身份证号码' }),
    }),
    phone: field({
      label: '联系电话',
      control: input({ type: 'tel', inputmode: 'tel', autocomplete: 'off', placeholder: '手机或带区号的固定电话' }),
    }),
    address: field({ label: '住址', control: input({ autocomplete: 'off' }), wide: true }),
    headcount: field({
      label: '人数',
      required: true,
      control: input({ type: 'number', inputmode: 'numeric', min: 2, step: 1 }),
      help: '集体访的来访人数',
    }),
  };
}

export type PartyEditor = ReturnType<typeof partyEditor>;

/** The party's role in the case (信访人, 对方当事人…). */
const roleSelect = (value: string) =>
  select(Object.entries(L.PARTY_ROLES), { placeholder: null, value, 'aria-label': '当事人身份', class: 'role-select' });

export function partyEditor(onRemove: (editor: PartyEditor) => void, defaultRole = 'petitioner') {
  const kindName = uid('kind');
  const role = roleSelect(defaultRole);
  const kinds = Object.entries({ person: '个人', organisation: '单位', agent: '代理人', group: '集体' }).map(([v, text], i) =>
    h(
      'label',
      { class: 'seg' },
      h('input', { type: 'radio', name: kindName, value: v, checked: i === 0, onchange: () => update() }),
      h('span', {}, text),
    ),
  );
  const f = partyFields();
  const extra = parties.kindFields(field, input, select);
  Object.assign(f, extra.fields);
  const title = h('h3', { class: 'party-title' }, '当事人');
  const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onRemove(editor) }, '删除');
  const el = h(
    'fieldset',
    { class: 'party' },
    h('legend', { class: 'sr-only' }, '当事人'),
    h('div', { class: 'party-head' }, title, role, h('span', { class: 'spacer' }), remove),
    h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': '信访人类型' }, kinds),
    h('div', { class: 'grid' }, f.name.wrap, f.idNumber.wrap, f.phone.wrap, f.headcount.wrap, f.address.wrap),
    extra.el,
  );
  const touched = new Set<string>();
  const server: Record<string, string> = {};

  function kind() {
    // Each segment is a label around its radio button.
    const c = kinds.map((k) => k.querySelector('input')!).find((i) => i.checked);
    return c ? c.value : 'person';
  }
  function value(): PartyInput {
    const v: PartyInput & Record<string, unknown> = {
      kind: kind() as PartyInput['kind'],
      role: role.value as PartyInput['role'],
      name: f.name.control.value.trim(),
      idNumber: f.idNumber.control.value.trim().toUpperCase(),
      phone: f.phone.control.value.trim(),
      address: f.address.control.value.trim(),
    };
    if (v.kind === 'group') v.headcount = f.headcount.control.value === '' ? undefined : Number(f.headcount.control.value);
    if (v.kind === 'organisation' || v.kind === 'group') delete v.idNumber;
    if (v.kind === 'group') delete v.phone;
    for (const k of ['idNumber', 'phone', 'address']) if (!v[k]) delete v[k];
    return { ...v, ...extra.value(v.kind || 'person') };
  }
  function update(all = false) {
    const group = kind() === 'group';
    f.headcount.wrap.hidden = !group;
    const k = kind();
    f.name.labelText.textContent = group ? '集体名称' : k === 'organisation' ? '单位名称' : '姓名';
    f.idNumber.wrap.hidden = k === 'organisation' || group;
    f.phone.wrap.hidden = group;
    extra.update(k);
    const v = value();
    const problems: Record<string, string> = { ...partyChecks(v), ...extra.problems(v) };
    for (const key of Object.keys(f)) {
      const msgs: string[] = [];
      if (all || touched.has(key)) if (problems[key]) msgs.push(problems[key]);
      if (server[key] && !msgs.includes(server[key])) msgs.push(server[key]);
      f[key].setError(msgs);
    }
    return problems;
  }
  for (const [key, fl] of Object.entries(f)) {
    fl.control.addEventListener('blur', () => (touched.add(key), update()));
    fl.control.addEventListener('input', () => (delete server[key], update()));
  }
  const editor = {
    el,
    value,
    fields: f,
    check: () => update(true),
    setServer(key: string, message: string) {
      server[key] = message;
      update();
    },
    clearServer() {
      for (const k of Object.keys(server)) delete server[k];
    },
    setIndex(i: number, count: number) {
      title.textContent = `当事人 ${i + 1}`;
      remove.hidden = count <= 1;
      el.dataset.index = String(i);
    },
  };
  update();
  return editor;
}
