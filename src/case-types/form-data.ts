/**
 * Validation of a filled-in form against its (checked) schema: every failing field with every
 * reason at once, and the clean values. Conventions: see form-schema.ts. Bundled for the browser:
 * imports only the pure helpers of personal data and input limits.
 */
import { ID_NUMBER_MESSAGES, idNumberProblem } from '../personal-data/id-number';
import { PHONE_MESSAGE, isValidPhone } from '../personal-data/phone';
import { numberProblem, textProblem } from '../input-limits/rules';
import {
  FORM_STAGE_LABELS,
  compilePattern,
  hasOwn,
  isObject,
  isRequiredAt,
  type Field,
  type FieldError,
  type FormSchema,
  type FormStage,
  type FormValidation,
  type OptionValue,
  type VisibleWhen,
} from './form-fields';

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return Number(v.trim());
  return null;
}

function decimalsOk(raw: unknown, n: number): boolean {
  if (typeof raw === 'string') {
    const frac = raw.trim().split('.')[1];
    return frac === undefined || frac.length <= 2;
  }
  const cents = n * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6 * Math.max(1, Math.abs(cents));
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function isValidDate(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isValidDateTime(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(v);
  if (!m) return false;
  if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return false;
  if (m[7] !== 'Z' && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

function isAttachmentId(v: unknown): boolean {
  return (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isInteger(v) && v > 0);
}

const len = (s: string): number => Array.from(s).length;

interface Checked {
  value: unknown;
  errors: string[];
}

/** Checks a non-empty value against its field; returns the clean value and all problems. */
function checkValue(f: Field, raw: unknown): Checked {
  const label = f.label;
  const errors: string[] = [];
  const min = typeof f.min === 'number' ? f.min : undefined;
  const max = typeof f.max === 'number' ? f.max : undefined;

  switch (f.type) {
    case 'text':
    case 'textarea':
      return checkText(f, raw, min, max);
    case 'number':
    case 'money':
      return checkNumber(f, raw, min, max);
    case 'date':
      return isValidDate(raw) ? { value: raw, errors } : { value: raw, errors: [`${label}应为有效日期（格式 YYYY-MM-DD）`] };
    case 'datetime':
      return isValidDateTime(raw)
        ? { value: raw, errors }
        : { value: raw, errors: [`${label}应为带时区的有效日期时间（如 2024-03-01T09:30:00+08:00）`] };
    case 'select': {
      const values = (f.options ?? []).map((o) => o.value);
      return values.includes(raw as OptionValue) ? { value: raw, errors } : { value: raw, errors: [`${label}的取值不在可选项中`] };
    }
    case 'multiselect':
      return checkChoices(f, raw, min, max);
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw, errors } : { value: raw, errors: [`${label}应为“是”或“否”`] };
    case 'id-number': {
      if (typeof raw !== 'string') return { value: raw, errors: [ID_NUMBER_MESSAGES.format] };
      const value = raw.trim().toUpperCase();
      const p = idNumberProblem(value);
      return p ? { value, errors: [ID_NUMBER_MESSAGES[p]] } : { value, errors };
    }
    case 'phone': {
      if (typeof raw !== 'string' || !isValidPhone(raw)) return { value: raw, errors: [PHONE_MESSAGE] };
      return { value: raw.trim(), errors };
    }
    case 'attachment': {
      const ok = Array.isArray(raw) ? raw.every(isAttachmentId) : isAttachmentId(raw);
      return ok ? { value: raw, errors } : { value: raw, errors: [`${label}应为附件编号或附件编号列表`] };
    }
    default:
      return { value: raw, errors: [`${label}的字段类型未知`] };
  }
}

type Bound = number | undefined;

/** A text or textarea: a string within the input limits, its length within min–max, matching the pattern. */
function checkText(f: Field, raw: unknown, min: Bound, max: Bound): Checked {
  const label = f.label;
  const errors: string[] = [];
  if (typeof raw !== 'string') return { value: raw, errors: [`${label}应为文字`] };
  const limit = textProblem(raw, f.type === 'text' ? 'short' : 'long');
  if (limit) return { value: raw, errors: [`${label}${limit}`] };
  const value = raw.trim();
  if (min !== undefined && len(value) < min) errors.push(`${label}至少${min}个字`);
  if (max !== undefined && len(value) > max) errors.push(`${label}最多${max}个字`);
  if (typeof f.pattern === 'string') {
    const re = compilePattern(f.pattern);
    if (re && !re.test(value)) errors.push(`${label}格式不正确${f.help ? `（${f.help}）` : ''}`);
  }
  return { value, errors };
}

/** A number or an amount: finite, within the input limits and min–max; an amount not negative, in cents. */
function checkNumber(f: Field, raw: unknown, min: Bound, max: Bound): Checked {
  const label = f.label;
  const errors: string[] = [];
  const n = toNumber(raw);
  if (n === null) return { value: raw, errors: [f.type === 'money' ? `${label}应为金额数字` : `${label}应为数字`] };
  const range = numberProblem(n);
  if (range) return { value: n, errors: [`${label}${range}`] };
  if (f.type === 'money') {
    if (n < 0) errors.push(`${label}不能为负数`);
    if (!decimalsOk(raw, n)) errors.push(`${label}最多保留两位小数`);
  }
  // a negative amount is already reported; a minimum of 0 or below would only repeat it
  const negativeReported = f.type === 'money' && n < 0 && min !== undefined && min <= 0;
  if (min !== undefined && n < min && !negativeReported) errors.push(`${label}不能小于${min}`);
  if (max !== undefined && n > max) errors.push(`${label}不能大于${max}`);
  return { value: n, errors };
}

/** A multiselect: a list of distinct known options, min–max of them. */
function checkChoices(f: Field, raw: unknown, min: Bound, max: Bound): Checked {
  const label = f.label;
  const errors: string[] = [];
  if (!Array.isArray(raw)) return { value: raw, errors: [`${label}应为选项列表`] };
  const values = (f.options ?? []).map((o) => o.value);
  const bad = raw.filter((v) => !values.includes(v as OptionValue));
  if (bad.length) errors.push(`${label}包含不在可选项中的取值：${bad.map(String).join('、')}`);
  if (new Set(raw).size !== raw.length) errors.push(`${label}有重复的选项`);
  if (min !== undefined && raw.length < min) errors.push(`${label}至少选择${min}项`);
  if (max !== undefined && raw.length > max) errors.push(`${label}最多选择${max}项`);
  return { value: raw, errors };
}

function conditionHolds(cond: VisibleWhen, value: unknown): boolean {
  if (Array.isArray(cond.in)) {
    const list = cond.in;
    return Array.isArray(value) ? value.some((v) => list.includes(v)) : list.includes(value);
  }
  if (cond.equals !== undefined) {
    return Array.isArray(value) ? value.includes(cond.equals) : value === cond.equals;
  }
  return !isEmpty(value) && value !== false;
}

/** Which fields are shown for `values` (key → shown). Unresolvable conditions count as shown. */
export function visibleFields(schema: FormSchema, values: Record<string, unknown>): Map<string, boolean> {
  const byKey = new Map(schema.fields.map((f) => [f.key, f] as const));
  const memo = new Map<string, boolean>();
  const visit = (key: string, stack: string[]): boolean => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const f = byKey.get(key);
    let shown = true;
    if (f?.visibleWhen && !stack.includes(key)) {
      const c = f.visibleWhen.field;
      if (byKey.has(c) && c !== key) {
        shown = visit(c, [...stack, key]) && conditionHolds(f.visibleWhen, hasOwn(values, c) ? values[c] : undefined);
      }
    }
    if (!stack.length) memo.set(key, shown);
    return shown;
  };
  const out = new Map<string, boolean>();
  for (const f of schema.fields) out.set(f.key, visit(f.key, []));
  return out;
}

/**
 * Validates filled-in form data against a (checked) schema. Reports every failing field,
 * each with every reason, plus unknown keys; `clean` holds the valid, shown, non-empty
 * values (coerced: numbers as numbers, strings trimmed, ID numbers upper-cased).
 */
export function validateFormData(schema: FormSchema, data: unknown, opts: { stage?: FormStage } = {}): FormValidation {
  const stage = opts.stage ?? 'registration';
  const errors: FieldError[] = [];
  const clean: Record<string, unknown> = {};
  if (!isObject(data)) {
    return { errors: [{ field: '', message: '表单数据应为对象' }], clean };
  }
  const fields = schema.fields;
  const known = new Set(fields.map((f) => f.key));

  for (const key of Object.keys(data)) {
    if (!known.has(key)) errors.push({ field: key, message: `表单中没有字段“${key}”` });
  }

  // First pass: check every value, so that conditions see coerced values.
  const checked = new Map<string, Checked | null>(); // null: empty
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    if (checked.has(f.key)) continue; // duplicate key in an unchecked schema: first wins
    const raw = hasOwn(data, f.key) ? data[f.key] : undefined;
    const c = isEmpty(raw) ? null : checkValue(f, raw);
    checked.set(f.key, c);
    values[f.key] = c ? c.value : undefined;
  }

  const shown = visibleFields(schema, values);
  const done = new Set<string>();
  for (const f of fields) {
    if (done.has(f.key)) continue;
    done.add(f.key);
    if (!shown.get(f.key)) continue;
    const c = checked.get(f.key);
    if (!c) {
      if (isRequiredAt(f, stage)) {
        errors.push({
          field: f.key,
          message: f.requiredFrom ? `${f.label}不能为空（自${FORM_STAGE_LABELS[f.requiredFrom]}阶段起必填）` : `${f.label}不能为空`,
        });
      }
      continue;
    }
    if (c.errors.length) {
      for (const message of c.errors) errors.push({ field: f.key, message });
    } else {
      clean[f.key] = c.value;
    }
  }

  return { errors, clean };
}
