/**
 * The editor's view of a form schema: reading the stored value, locating problems,
 * naming things in Chinese, and the small edits (add, copy, rename, move, delete).
 */
import { FIELD_TYPES, FIELD_TYPE_LABELS, FORM_STAGES, FORM_STAGE_LABELS, checkFormSchema } from './shared';
import type { Field, FieldOption, FieldType, OptionValue, SchemaProblem, VisibleWhen } from './shared';

export { FIELD_TYPES, FORM_STAGES, FORM_STAGE_LABELS };
export type { Field, FieldOption, FieldType, OptionValue, SchemaProblem, VisibleWhen };

/** The Chinese names of the field types: the server's (case-types/form-schema.ts). */
export const TYPE_LABELS: Record<FieldType, string> = FIELD_TYPE_LABELS;

export const typeLabel = (t: unknown): string =>
  typeof t === 'string' && t in TYPE_LABELS ? TYPE_LABELS[t as FieldType] : `未知类型（${String(t)}）`;

export const hasOptions = (t: FieldType): boolean => t === 'select' || t === 'multiselect';
export const usesPattern = (t: FieldType): boolean => t === 'text' || t === 'textarea';

/** Labels of the min/max inputs for a type, or null when min/max mean nothing for it. */
export function boundLabels(t: FieldType): { min: string; max: string; hint: string } | null {
  switch (t) {
    case 'text':
    case 'textarea':
      return { min: '最少字数', max: '最多字数', hint: '按字符计，汉字、字母、数字各算一个' };
    case 'number':
      return { min: '最小值', max: '最大值', hint: '' };
    case 'money':
      return { min: '最小金额（元）', max: '最大金额（元）', hint: '金额不能为负，最多两位小数' };
    case 'multiselect':
      return { min: '最少选几项', max: '最多选几项', hint: '' };
    default:
      return null;
  }
}

/** The stored value as the editor works on it; top-level keys besides `fields` are kept. */
export interface EditorSchema {
  fields: Field[];
  [extra: string]: unknown;
}

export type ReadResult = { ok: true; schema: EditorSchema } | { ok: false; message: string; raw: unknown };

/** Reads the field's value (object, JSON text or nothing) into an editable schema. */
export function readValue(value: unknown): ReadResult {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return { ok: true, schema: { fields: [] } };
  }
  if (typeof value === 'string') {
    try {
      return readValue(JSON.parse(value));
    } catch {
      return { ok: false, message: '当前内容不是有效的 JSON', raw: value };
    }
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: '表单结构应为对象（含字段列表 fields）', raw: value };
  }
  const v = value as Record<string, unknown>;
  if (v.fields === undefined) return { ok: true, schema: { ...v, fields: [] } };
  if (!Array.isArray(v.fields)) return { ok: false, message: '字段列表（fields）应为数组', raw: value };
  if (v.fields.some((f) => typeof f !== 'object' || f === null || Array.isArray(f))) {
    return { ok: false, message: '字段列表中有不是对象的条目', raw: value };
  }
  return { ok: true, schema: v as EditorSchema };
}

// ---------------------------------------------------------------------------------------
// Problems

export interface LocatedProblem extends SchemaProblem {
  /** index of the field the problem is about, or null for the whole schema */
  index: number | null;
  /** the path inside the field: 'key', 'options[0].value', 'visibleWhen.field', '' */
  prop: string;
}

export function locate(p: SchemaProblem): LocatedProblem {
  const m = /^fields\[(\d+)\](?:\.(.*))?$/.exec(p.path);
  return m ? { ...p, index: Number(m[1]), prop: m[2] ?? '' } : { ...p, index: null, prop: p.path };
}

export function problemsOf(schema: EditorSchema): LocatedProblem[] {
  return checkFormSchema(schema).map(locate);
}

export function groupByField(problems: LocatedProblem[]): Map<number | null, LocatedProblem[]> {
  const out = new Map<number | null, LocatedProblem[]>();
  for (const p of problems) {
    const list = out.get(p.index) ?? [];
    list.push(p);
    out.set(p.index, list);
  }
  return out;
}

/**
 * Server validation errors as the admin's form keeps them (`rawError` of the field: an
 * object tree built from paths like formSchema.fields[1].key), flattened to problems.
 */
export function flattenServerErrors(raw: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === undefined || node === null) return;
    if (typeof node === 'string') {
      out.push({ path, message: node });
    } else if (typeof node === 'object' && 'defaultMessage' in (node as object)) {
      out.push({ path, message: String((node as { defaultMessage: unknown }).defaultMessage) });
    } else if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`));
    } else if (typeof node === 'object') {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        walk(v, /^\d+$/.test(k) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      }
    }
  };
  walk(raw, '');
  return out.map((p) => ({ ...p, path: p.path.replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]') }));
}

/** “第2个字段「婚姻状况」” for messages outside the row. */
export function fieldTitle(fields: Field[], index: number | null): string {
  if (index === null) return '表单';
  const f = fields[index];
  const name = f && typeof f.label === 'string' && f.label.trim() ? `「${f.label.trim()}」` : '';
  return `第${index + 1}个字段${name}`;
}

// ---------------------------------------------------------------------------------------
// Edits

const MAX_KEY = 40;

export function takenKeys(fields: Field[], except?: number): Set<string> {
  return new Set(fields.filter((_, i) => i !== except).map((f) => f.key));
}

/** A free key: `base` itself, or base with a number appended (`field1`, `name_copy2`). */
export function uniqueKey(base: string, taken: Set<string>, alwaysNumber = false): string {
  let b = base.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!/^[a-z]/.test(b)) b = `f${b}`;
  b = b.slice(0, MAX_KEY);
  if (!alwaysNumber && !taken.has(b)) return b;
  for (let i = alwaysNumber ? 1 : 2; ; i += 1) {
    const k = `${b.slice(0, MAX_KEY - String(i).length)}${i}`;
    if (!taken.has(k)) return k;
  }
}

export function newField(fields: Field[]): Field {
  return { key: uniqueKey('field', takenKeys(fields), true), label: '', type: 'text' };
}

export function duplicateField(fields: Field[], index: number): Field[] {
  const src = fields[index];
  const copy: Field = JSON.parse(JSON.stringify(src));
  copy.key = uniqueKey(`${src.key || 'field'}_copy`, takenKeys(fields));
  copy.label = `${src.label ?? ''}（副本）`;
  return [...fields.slice(0, index + 1), copy, ...fields.slice(index + 1)];
}

export function moveField(fields: Field[], index: number, delta: number): Field[] {
  const to = index + delta;
  if (to < 0 || to >= fields.length) return fields;
  const next = [...fields];
  const [f] = next.splice(index, 1);
  next.splice(to, 0, f);
  return next;
}

/** Fields whose display condition depends on `key`. */
export function dependents(fields: Field[], key: string, except?: number): number[] {
  return fields.flatMap((f, i) => (i !== except && f.visibleWhen?.field === key ? [i] : []));
}

/** Deletes a field; conditions that depended on it are removed with it. */
export function deleteField(fields: Field[], index: number): Field[] {
  const key = fields[index].key;
  return fields
    .filter((_, i) => i !== index)
    .map((f) => {
      if (f.visibleWhen?.field !== key) return f;
      const { visibleWhen: _dropped, ...rest } = f;
      return rest;
    });
}

/** Puts `field` at `index` (or appends it when index is null); follows a renamed key. */
export function saveField(fields: Field[], index: number | null, field: Field): Field[] {
  const clean = cleanField(field);
  if (index === null) return [...fields, clean];
  const oldKey = fields[index].key;
  return fields.map((f, i) => {
    if (i === index) return clean;
    if (oldKey !== clean.key && oldKey && f.visibleWhen?.field === oldKey && !takenKeys(fields).has(clean.key)) {
      return { ...f, visibleWhen: { ...f.visibleWhen, field: clean.key } };
    }
    return f;
  });
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * A field as it is stored: properties that mean nothing for its type are dropped, text
 * trimmed, properties the editor does not know (set through the JSON view) kept.
 */
export function cleanField(f: Field): Field {
  const { key, label, type, required, requiredFrom, options, min, max, pattern, help, visibleWhen, ...extra } = f;
  const out: Field = { key: String(key ?? '').trim(), label: String(label ?? '').trim(), type };
  if (required) out.required = true;
  // Required from a later stage (调解、办结…); from registration is the plain flag.
  if (required && requiredFrom && requiredFrom !== 'registration') out.requiredFrom = requiredFrom;
  if (hasOptions(type)) {
    out.options = (options ?? []).map((o) => ({
      value: typeof o.value === 'string' ? o.value.trim() : o.value,
      label: String(o.label ?? '').trim(),
    }));
  }
  if (boundLabels(type)) {
    if (finite(min)) out.min = min;
    if (finite(max)) out.max = max;
  }
  if (usesPattern(type) && typeof pattern === 'string' && pattern !== '') out.pattern = pattern;
  if (typeof help === 'string' && help.trim() !== '') out.help = help.trim();
  if (visibleWhen) out.visibleWhen = visibleWhen;
  return { ...out, ...extra };
}

// ---------------------------------------------------------------------------------------
// Conditions in words

export function optionLabel(controller: Field | undefined, v: unknown): string {
  if (controller?.type === 'boolean') return v === true ? '是' : v === false ? '否' : String(v);
  const o = controller?.options?.find((x) => x.value === v);
  return o ? o.label : String(v);
}

/** 仅当「婚姻状况」为「已婚」时显示 */
export function describeCondition(vw: VisibleWhen, fields: Field[]): string {
  const c = fields.find((f) => f.key === vw.field);
  const name = c ? c.label || c.key : vw.field;
  if (Array.isArray(vw.in)) {
    const vals = vw.in.map((v) => `「${optionLabel(c, v)}」`).join('、');
    return `仅当「${name}」${c?.type === 'multiselect' ? '含' : '为'}${vals}${vw.in.length > 1 ? '之一' : ''}时显示`;
  }
  if (vw.equals !== undefined) {
    return `仅当「${name}」${c?.type === 'multiselect' ? '含' : '为'}「${optionLabel(c, vw.equals)}」时显示`;
  }
  return `仅当「${name}」已填写时显示`;
}
