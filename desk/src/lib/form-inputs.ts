// The inputs of a case type's form, one kind of field each, with a reader and a writer of the
// value (the form itself: form.ts).
import type { FormField, FieldOption } from './rules';
import { h, toLocalInput, fromLocalInput } from './ui';
import * as attachments from '../routes/attachment-field';

export function optionIndex(options: FieldOption[] | undefined, value: unknown) {
  return (options || []).findIndex((o) => o.value === value || String(o.value) === String(value));
}

/** One field's input(s), with a reader and a writer of its value. */
export interface FieldInput {
  el: HTMLElement;
  focus: HTMLElement;
  get: () => unknown;
  set: (v: unknown) => void;
}

/** What every input of a field carries: its id, name and the lines that describe it. */
type Common = { id: string; name: string; 'aria-describedby': string };

/** A number, or an amount in yuan (¥ … 元). */
function numberInput(f: FormField, common: Common, onChange: (e?: Event) => void): FieldInput {
  const el = h('input', {
    ...common,
    type: 'number',
    inputmode: 'decimal',
    step: f.type === 'money' ? '0.01' : 'any',
    min: typeof f.min === 'number' ? f.min : null,
    max: typeof f.max === 'number' ? f.max : null,
    oninput: onChange,
  });
  const wrap =
    f.type === 'money'
      ? h(
          'div',
          { class: 'affix' },
          h('span', { class: 'affix-text', 'aria-hidden': 'true' }, '¥'),
          el,
          h('span', { class: 'affix-text', 'aria-hidden': 'true' }, '元'),
        )
      : el;
  // A number input reports '' for text it cannot parse: pass the text on so the rules name it.
  return {
    el: wrap,
    focus: el,
    get: () => (el.validity && el.validity.badInput ? '?' : el.value),
    set: (v) => (el.value = v == null ? '' : String(v)),
  };
}

/** Several of the options, as checkboxes. */
function multiselectInput(f: FormField, options: FieldOption[], common: Common, onChange: (e?: Event) => void): FieldInput {
  const id = common.id;
  const boxes = options.map((o, i) =>
    h('input', { type: 'checkbox', id: `${id}-${i}`, name: f.key, value: String(i), onchange: onChange }),
  );
  const el = h(
    'div',
    { class: 'checks', role: 'group', id, 'aria-labelledby': `${id}-label`, 'aria-describedby': common['aria-describedby'] },
    boxes.map((b, i) => h('label', { class: 'check', for: b.id }, b, h('span', {}, options[i].label))),
  );
  return {
    el,
    focus: boxes[0] || el,
    get: () => boxes.filter((b) => b.checked).map((b) => options[Number(b.value)].value),
    set: (v) => {
      const list = Array.isArray(v) ? v : [];
      boxes.forEach((b, i) => (b.checked = list.some((x) => x === options[i].value || String(x) === String(options[i].value))));
    },
  };
}

/** Yes or no, as a switch. */
function booleanInput(common: Common, onChange: (e?: Event) => void): FieldInput {
  const id = common.id;
  const box = h('input', {
    ...common,
    type: 'checkbox',
    role: 'switch',
    onchange: (e: Event) => ((text.textContent = box.checked ? '是' : '否'), onChange(e)),
  });
  const text = h('span', { class: 'switch-text' }, '否');
  const el = h('label', { class: 'switch', for: id }, box, h('span', { class: 'slider', 'aria-hidden': 'true' }), text);
  return {
    el,
    focus: box,
    get: () => box.checked,
    set: (v) => {
      box.checked = v === true;
      text.textContent = box.checked ? '是' : '否';
    },
  };
}

export function buildInput(f: FormField, id: string, onChange: (e?: Event) => void, petition: string | null): FieldInput {
  const options = f.options || [];
  const common: Common = { id, name: f.key, 'aria-describedby': `${id}-err${f.help ? ` ${id}-help` : ''}` };
  switch (f.type) {
    case 'textarea': {
      const el = h('textarea', { ...common, rows: 3, oninput: onChange });
      return { el, focus: el, get: () => el.value, set: (v) => (el.value = v == null ? '' : String(v)) };
    }
    case 'number':
    case 'money':
      return numberInput(f, common, onChange);
    case 'date': {
      const el = h('input', { ...common, type: 'date', oninput: onChange, onchange: onChange });
      return { el, focus: el, get: () => el.value, set: (v) => (el.value = v ? String(v).slice(0, 10) : '') };
    }
    case 'datetime': {
      const el = h('input', { ...common, type: 'datetime-local', oninput: onChange, onchange: onChange });
      return { el, focus: el, get: () => fromLocalInput(el.value), set: (v) => (el.value = v ? toLocalInput(v as string) : '') };
    }
    case 'select': {
      const el = h(
        'select',
        { ...common, onchange: onChange },
        h('option', { value: '' }, '请选择'),
        options.map((o, i) => h('option', { value: String(i) }, o.label)),
      );
      return {
        el,
        focus: el,
        get: () => (el.value === '' ? undefined : options[Number(el.value)].value),
        set: (v) => {
          const i = optionIndex(options, v);
          el.value = i < 0 ? '' : String(i);
        },
      };
    }
    case 'multiselect':
      return multiselectInput(f, options, common, onChange);
    case 'boolean':
      return booleanInput(common, onChange);
    case 'id-number': {
      const el = h('input', {
        ...common,
        type: 'text',
        inputmode: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        maxlength: 18,
        placeholder: '18位身份证号码',
        class: 'mono',
        oninput: onChange,
      });
      return { el, focus: el, get: () => el.value, set: (v) => (el.value = v == null ? '' : String(v)) };
    }
    case 'phone': {
      const el = h('input', {
        ...common,
        type: 'tel',
        inputmode: 'tel',
        autocomplete: 'off',
        placeholder: '手机或带区号的固定电话',
        oninput: onChange,
      });
      return { el, focus: el, get: () => el.value, set: (v) => (el.value = v == null ? '' : String(v)) };
    }
    case 'attachment':
      // Files uploaded to this field of the case (private storage); the value is their ids.
      return attachments.fieldInput(f, id, onChange, petition);
    case 'text':
    default: {
      const el = h('input', { ...common, type: 'text', oninput: onChange });
      return { el, focus: el, get: () => el.value, set: (v) => (el.value = v == null ? '' : String(v)) };
    }
  }
}
