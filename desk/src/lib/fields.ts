// Form fields of the desk's own screens: a label, a control, its error line; panels and record forms.
import * as api from './api';
import { h, type Child, type ValueControl, uid, toLocalInput, fromLocalInput, setBusy as busy } from './ui';
import { say, type Reload } from './shell';

// ---------------------------------------------------------------------------------------
// Fields: a label, a control, its error line

export interface FieldOptions {
  label: string;
  control: ValueControl;
  required?: boolean;
  help?: string;
  wide?: boolean;
}

/** A field as the desk's forms use it; recordForm() adds key, required and read. */
export interface Field {
  wrap: HTMLElement;
  control: ValueControl;
  label: string;
  labelEl: HTMLLabelElement;
  /** The label's text node: the forms rename a field (姓名 → 单位名称) through it. */
  labelText: Text;
  setError(messages: string | string[]): void;
  focus(): void;
}

/** A field sent under `key` (recordForm(), the move forms); `kind`: the move field's kind. */
export type KeyedField = Field & { key: string; kind?: string };

export function field({ label, required = false, help, control, wide = false }: FieldOptions): Field {
  const target = control;
  const id = target.id || uid('fld');
  target.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  target.setAttribute('aria-describedby', `${id}-err`);
  const labelText = document.createTextNode(label);
  const labelEl = h('label', { class: 'label', for: id }, labelText, required ? h('span', { class: 'req', title: '必填' }, ' *') : null);
  const wrap = h(
    'div',
    { class: `field${wide ? ' field-wide' : ''}` },
    labelEl,
    help ? h('p', { class: 'help' }, help) : null,
    control,
    err,
  );
  return {
    wrap,
    control: target,
    label,
    labelEl,
    labelText,
    setError(messages) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter(Boolean);
      err.textContent = list.join('；');
      wrap.classList.toggle('has-error', list.length > 0);
      if (list.length) target.setAttribute('aria-invalid', 'true');
      else target.removeAttribute('aria-invalid');
    },
    focus() {
      target.focus();
      wrap.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
  };
}

export const input = (attrs: Record<string, unknown> = {}) => h('input', { type: 'text', ...attrs });
export const textarea = (attrs: Record<string, unknown> = {}) => h('textarea', { rows: 3, ...attrs });
export function select(
  options: [unknown, string][],
  { placeholder = '请选择', value = '', ...attrs }: { placeholder?: string | null; value?: string; [attr: string]: unknown } = {},
) {
  const el = h(
    'select',
    attrs,
    placeholder !== null ? h('option', { value: '' }, placeholder) : null,
    options.map(([v, text]) => h('option', { value: String(v) }, text)),
  );
  el.value = value;
  return el;
}

/** A summary of problems at the top of a form; each entry focuses its field. */
/** A problem the summary lists; `focus` takes the user to its field. */
export interface Problem {
  label?: string;
  message: string;
  focus?: () => void;
}

export function problemSummary(box: HTMLElement, problems: Problem[], title = '提交未成功，请修正以下问题：') {
  if (!problems.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  box.replaceChildren(
    h('p', { class: 'summary-title' }, `${title}（共${problems.length}处）`),
    h(
      'ul',
      {},
      problems.map((p) =>
        h(
          'li',
          {},
          p.focus
            ? h('button', { type: 'button', class: 'linklike', onclick: p.focus }, `${p.label}：${p.message}`)
            : `${p.label ? `${p.label}：` : ''}${p.message}`,
        ),
      ),
    ),
  );
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

/** A small form inside the actions card: fields, an error summary line, submit/cancel. */
export interface PanelOptions {
  submitText: string;
  onSubmit: (ui: { showError: (msg: string) => unknown }) => Promise<unknown> | unknown;
  close: () => unknown;
  extra?: Child;
}

export function panelForm(title: string, fields: { wrap: HTMLElement }[], { submitText, onSubmit, close, extra }: PanelOptions) {
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, submitText);
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    h('h3', { class: 'panel-title' }, title),
    error,
    h(
      'div',
      { class: 'grid' },
      fields.map((f) => f.wrap),
    ),
    extra || null,
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  form.addEventListener('input', () => (error.hidden = true));
  form.addEventListener('change', () => (error.hidden = true));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    busy(submit, true, '正在提交…');
    try {
      await onSubmit({ showError: (msg) => ((error.textContent = msg), (error.hidden = !msg)) });
    } finally {
      if (submit.isConnected) busy(submit, false);
    }
  });
  return form;
}

/** Applies a 400's field errors to `fields` (matched by key), returns the unmatched messages. */
export function applyFieldErrors(err: api.ApiError, fields: { key?: string; setError: (m: string) => void }[]) {
  const unmatched: string[] = [];
  for (const fe of err.fieldErrors) {
    const f = fields.find((x) => x.key === fe.path[fe.path.length - 1] || x.key === fe.path[0]);
    if (f) f.setError(fe.message);
    else unmatched.push(fe.message);
  }
  return unmatched;
}

export interface RecordOptions {
  submitText: string;
  path: string;
  method?: 'post' | 'put';
  close: () => unknown;
  reload: Reload;
  done: string;
  build?: (data: Record<string, unknown>) => unknown;
}

export type { ValueControl };

/** One field of a record form; `read` turns the control into the value sent (undefined: left out). */
export interface RecordDef {
  key: string;
  label: string;
  control: ValueControl;
  required?: boolean;
  wide?: boolean;
  help?: string;
  read?: () => unknown;
}

export function recordForm(
  title: string,
  defs: RecordDef[],
  { submitText, path, method = 'post', close, reload, done, build }: RecordOptions,
) {
  const fields = defs.map((d) => {
    const fl = Object.assign(field({ label: d.label, required: !!d.required, control: d.control, wide: d.wide, help: d.help }), {
      key: d.key,
      required: !!d.required,
      read: d.read || (() => (d.control.value.trim() === '' ? undefined : d.control.value.trim())),
    });
    d.control.addEventListener('input', () => fl.setError([]));
    return fl;
  });
  return panelForm(title, fields, {
    submitText,
    close,
    async onSubmit({ showError }) {
      const data: Record<string, unknown> = {};
      let bad: Field | null = null;
      for (const f of fields) {
        const v = f.read();
        if (v === undefined && f.required) {
          f.setError(`请填写${f.label}`);
          bad = bad || f;
        }
        if (v !== undefined) data[f.key] = v;
      }
      if (bad) {
        showError('请填写必填项');
        bad.focus();
        return;
      }
      try {
        await api[method](path, { data: build ? build(data) : data });
        reload('success', done);
      } catch (err) {
        if (err.status === 400 && err.fieldErrors.length) {
          const rest = applyFieldErrors(err, fields);
          showError(rest.length ? rest.join('；') : '请修正标出的问题');
        } else {
          if (err.status === 409 || err.status === 403) say('error', err.message);
          showError(err.message);
        }
      }
    },
  });
}

/** A date-time input preset to now; left as it is, it reads as the exact moment of saving. */
export function nowInput() {
  const preset = toLocalInput(new Date());
  const el = input({ type: 'datetime-local', value: preset });
  const read = () => (el.value === preset ? new Date().toISOString() : fromLocalInput(el.value));
  return { el, read };
}
