// The case type's generated form: renders `schema.fields` into inputs, shows and hides
// fields by `visibleWhen` as the user types, and checks values with the server's own
// rules (src/case-types/form-schema.ts, bundled into vendor/form-rules.js by
// scripts/build-desk.js), so the page says exactly what the server would say.
import {
  validateFormData,
  visibleFields,
  isRequiredAt,
  FORM_STAGE_LABELS,
  type FormStage,
  type FormField,
  type FormFieldError,
} from './rules';
import { h, uid, fmtDate, fmtDateTime } from './ui';
import * as attachments from '../routes/attachment-field';
import { buildInput, optionIndex, type FieldInput } from './form-inputs';

export { validateFormData, visibleFields };

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Groups [{ field, message }] by field: Map(key → [messages]). */
export function byField(errors: FormFieldError[]) {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    const list = map.get(e.field) || [];
    if (!list.includes(e.message)) list.push(e.message);
    map.set(e.field, list);
  }
  return map;
}

/**
 * Renders `schema` with initial `values`. Returns a controller:
 *   el                  the form's element (a <div>, to be put inside a <form>)
 *   check({ all })      runs the rules; shows errors of touched fields (all: every field); → { errors, clean }
 *   showServerErrors([{ field, message }])   server-side problems next to their fields
 *   labelOf(key), focus(key), has(key)
 */
/** `stage`: where the case is (registration by default); a field required from a later stage is marked so, not starred. */
export interface FormOptions {
  values?: Record<string, unknown>;
  idPrefix?: string;
  /** The case (documentId) the attachments belong to. */
  petition?: string | null;
  stage?: FormStage;
}

/** A case type's form schema as the API sends it (its fields are checked before use). */
export type SchemaLike = { fields?: unknown } | null | undefined;

const fieldsOf = (schema: SchemaLike): FormField[] =>
  (schema && Array.isArray(schema.fields) ? (schema.fields as (FormField | null)[]) : []).filter(
    (f): f is FormField => !!f && typeof f.key === 'string',
  );

/** A field of the form: its label (starred when required at `stage`), help lines, input and error line. */
function fieldWrap(f: FormField, id: string, stage: FormStage, input: FieldInput, err: HTMLElement) {
  const labelAttrs = f.type === 'multiselect' ? { class: 'label', id: `${id}-label` } : { class: 'label', for: id, id: `${id}-label` };
  return h(
    'div',
    { class: `field field-${f.type}`, dataset: { key: f.key }, id: `${id}-field` },
    h(
      f.type === 'multiselect' ? 'span' : 'label',
      labelAttrs,
      f.label,
      isRequiredAt(f, stage) ? h('span', { class: 'req', title: '必填' }, ' *') : null,
    ),
    f.requiredFrom
      ? h(
          'p',
          { class: 'help stage-required', dataset: { requiredFrom: f.requiredFrom } },
          `自${FORM_STAGE_LABELS[f.requiredFrom] || f.requiredFrom}阶段起必填`,
        )
      : null,
    f.help ? h('p', { class: 'help', id: `${id}-help` }, f.help) : null,
    input.el,
    err,
  );
}

interface Row {
  field: FormField;
  wrap: HTMLElement;
  input: FieldInput;
  err: HTMLElement;
}

export function createForm(
  schema: SchemaLike,
  { values = {}, idPrefix = uid('form'), petition = null, stage = 'registration' }: FormOptions = {},
) {
  const fields = fieldsOf(schema);
  const rows = new Map<string, Row>();
  const touched = new Set<string>();
  const serverErrors = new Map<string, string[]>();
  let checkedAll = false;

  const el = h('div', { class: 'generated-form' });

  const onChange = (key: string) => () => {
    serverErrors.delete(key);
    refresh();
  };

  for (const f of fields) {
    if (rows.has(f.key)) continue;
    const id = `${idPrefix}-${f.key}`;
    const input = buildInput(f, id, onChange(f.key), petition);
    const err = h('p', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
    const wrap = fieldWrap(f, id, stage, input, err);
    wrap.addEventListener('focusout', (e) => {
      // Leaving the field (not moving between the checkboxes of one field).
      if (e.relatedTarget && wrap.contains(e.relatedTarget as Node)) return;
      touched.add(f.key);
      refresh();
    });
    if (Object.prototype.hasOwnProperty.call(values, f.key)) input.set(values[f.key]);
    rows.set(f.key, { field: f, wrap, input, err });
    el.append(wrap);
  }

  if (!rows.size) el.append(h('p', { class: 'muted' }, '该案件类型没有表单字段。'));

  /** The raw values of every field (hidden ones too), as the rules take them. */
  function raw() {
    const out: Record<string, unknown> = {};
    for (const [key, r] of rows) {
      const v = r.input.get();
      if (!isEmpty(v) || v === false) out[key] = v;
    }
    return out;
  }

  function setError(r: Row, messages: string[]) {
    r.err.textContent = messages.length ? messages.join('；') : '';
    r.wrap.classList.toggle('has-error', messages.length > 0);
    const target = r.input.focus;
    if (messages.length) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  }

  /** Visibility and the errors to show now. */
  function refresh({ all = false } = {}) {
    if (all) checkedAll = true;
    const data = raw();
    const result = validateFormData({ fields }, data, { stage });
    const shown = visibleFields({ fields }, { ...data, ...result.clean });
    const errs = byField(result.errors);
    for (const [key, r] of rows) {
      const visible = shown.get(key) !== false;
      r.wrap.hidden = !visible;
      const messages: string[] = [];
      if (visible && (checkedAll || touched.has(key))) messages.push(...(errs.get(key) || []));
      for (const m of serverErrors.get(key) || []) if (!messages.includes(m)) messages.push(m);
      setError(r, messages);
    }
    return result;
  }

  refresh();

  return {
    el,
    fields,
    /** Runs the rules; `all` shows every problem (on submit). → { errors, clean } */
    check: ({ all = false } = {}) => refresh({ all }),
    showServerErrors(list: FormFieldError[]) {
      serverErrors.clear();
      for (const e of list) {
        const arr = serverErrors.get(e.field) || [];
        arr.push(e.message);
        serverErrors.set(e.field, arr);
      }
      refresh();
    },
    /** The raw values of every field (to rebuild the form, e.g. with a newer schema). */
    values: raw,
    has: (key: string) => rows.has(key),
    labelOf: (key: string) => {
      const r = rows.get(key);
      return r ? r.field.label : key;
    },
    focus(key: string) {
      const r = rows.get(key);
      if (r && !r.wrap.hidden) {
        r.input.focus.focus();
        r.wrap.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    },
  };
}

/** Read-only display of filled-in form data (shown fields only). */
export function renderFormValues(
  schema: SchemaLike,
  data: Record<string, unknown> | null = {},
  { petition = null }: { petition?: string | null } = {},
) {
  const fields = fieldsOf(schema);
  if (!fields.length) return h('p', { class: 'muted' }, '该案件类型没有表单字段。');
  const shown = visibleFields({ fields }, data || {});
  const show = (f: FormField, v: unknown) => {
    if (isEmpty(v)) return h('span', { class: 'muted' }, '未填写');
    switch (f.type) {
      case 'money':
        return `¥${Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      case 'date':
        return fmtDate(v as string);
      case 'datetime':
        return fmtDateTime(v as string);
      case 'boolean':
        return v === true ? '是' : '否';
      case 'select': {
        const i = optionIndex(f.options, v);
        return i < 0 ? String(v) : (f.options || [])[i].label;
      }
      case 'multiselect':
        return (Array.isArray(v) ? v : [v])
          .map((x) => {
            const i = optionIndex(f.options, x);
            return i < 0 ? String(x) : (f.options || [])[i].label;
          })
          .join('、');
      case 'attachment':
        return petition ? attachments.fieldValue(v, petition, f) : (Array.isArray(v) ? v : [v]).length + '个附件';
      default:
        return String(v);
    }
  };
  return h(
    'dl',
    { class: 'kv' },
    fields
      .filter((f) => shown.get(f.key) !== false)
      .map((f) => [
        h('dt', {}, f.label),
        h('dd', { class: f.type === 'id-number' ? 'mono' : null }, show(f, data ? data[f.key] : undefined)),
      ]),
  );
}
