/**
 * Low-code form schemas of case types: the admin defines the fields of a case type's
 * form; mediators fill it in. `checkFormSchema` checks a schema when it is saved;
 * `validateFormData` checks a filled-in form and returns every problem at once.
 *
 * This file is bundled for the browser as well (the desk page validates before
 * submitting): it must import nothing but the pure helpers below (personal data, input
 * limits) — no Node modules, no framework.
 *
 * Conventions:
 * - `pattern` is a JavaScript regular expression that must match the whole value (as the
 *   HTML `pattern` attribute does); it applies to text and textarea fields.
 * - `min`/`max` bound the value of number and money fields, the length (in characters)
 *   of text and textarea fields, and the number of choices of multiselect fields.
 * - Number and money fields accept numbers or decimal strings ("12.50"), stored as numbers.
 * - Whatever the schema says, the input limits hold (../input-limits/rules.ts): a text field
 *   is one line of at most 200 characters, a textarea at most 20,000, a number within
 *   ±1,000,000,000, and no control, bidi-override or lone-surrogate characters.
 * - Empty means undefined, null, a blank string or an empty list; `false` is an answer.
 *   Empty optional fields are left out of `clean`.
 * - A field is shown when its `visibleWhen` controller is shown and its value equals
 *   `equals` (or, for a multiselect controller, contains it), or is one of `in`; with
 *   neither, when the controller is not empty. Hidden fields are not validated and are
 *   dropped from `clean`.
 * - datetime values are ISO 8601 with seconds optional and a time-zone designator
 *   required (Z or ±hh:mm), e.g. 2024-03-01T09:30:00+08:00, so they are unambiguous.
 */
import { ID_NUMBER_MESSAGES, idNumberProblem } from '../personal-data/id-number';
import { PHONE_MESSAGE, isValidPhone } from '../personal-data/phone';
import { numberProblem, textProblem } from '../input-limits/rules';

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'money',
  'date',
  'datetime',
  'select',
  'multiselect',
  'boolean',
  'id-number',
  'phone',
  'attachment',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: '单行文字',
  textarea: '多行文字',
  number: '数字',
  money: '金额',
  date: '日期',
  datetime: '日期时间',
  select: '单选',
  multiselect: '多选',
  boolean: '是/否',
  'id-number': '身份证号码',
  phone: '电话号码',
  attachment: '附件',
};

export type OptionValue = string | number;

export interface FieldOption {
  value: OptionValue;
  label: string;
}

export interface VisibleWhen {
  field: string;
  equals?: unknown;
  in?: unknown[];
}

export interface Field {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  options?: FieldOption[];
  min?: number;
  max?: number;
  pattern?: string;
  help?: string;
  visibleWhen?: VisibleWhen;
  /**
   * Required only from this stage of the case on (e.g. the contract date, once the mediator
   * knows it): empty is fine at registration, refused when the case moves into that stage
   * or a later one. Absent: `required` holds from registration.
   */
  requiredFrom?: FormStage;
}

/** The stages a form field can be required from, in the order a case reaches them. */
export const FORM_STAGES = ['registration', 'acceptance', 'mediation', 'conclusion'] as const;
export type FormStage = (typeof FORM_STAGES)[number];
export const FORM_STAGE_LABELS: Record<FormStage, string> = { registration: '登记', acceptance: '受理', mediation: '调解', conclusion: '办结' };

/**
 * The stage a case is at in a state. Handling by the unit, a leader or legal channels is
 * not mediation: a field required from mediation waits for mediation or for conclusion.
 */
export function stageOfState(state: string | null | undefined): FormStage {
  switch (state) {
    case 'registered':
    case undefined:
    case null:
      return 'registration';
    case 'in_mediation':
      return 'mediation';
    case 'concluded':
    case 'review_requested':
    case 'reviewed':
    case 're_review_requested':
    case 'final':
    case 'closed':
      return 'conclusion';
    default:
      return 'acceptance';
  }
}

/** Whether a field must be filled at `stage` (a field without `requiredFrom` is required from registration). */
export function isRequiredAt(f: Pick<Field, 'required' | 'requiredFrom'>, stage: FormStage): boolean {
  if (f.requiredFrom && (FORM_STAGES as readonly string[]).includes(f.requiredFrom)) {
    return FORM_STAGES.indexOf(stage) >= FORM_STAGES.indexOf(f.requiredFrom);
  }
  return !!f.required;
}

export interface FormSchema {
  fields: Field[];
}

export interface SchemaProblem {
  path: string;
  message: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface FormValidation {
  errors: FieldError[];
  clean: Record<string, unknown>;
}

export const MAX_FIELDS = 100;
export const FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9_]{0,39}$/;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFieldType(v: unknown): v is FieldType {
  return typeof v === 'string' && (FIELD_TYPES as readonly string[]).includes(v);
}

function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Schema check

/** Every problem of a schema (empty list when it is valid). Accepts any JSON value. */
export function checkFormSchema(schema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (!isObject(schema)) {
    add('', '表单定义应为对象');
    return problems;
  }
  if (!Array.isArray(schema.fields)) {
    add('fields', '表单定义须包含字段列表（fields）');
    return problems;
  }
  const fields = schema.fields as unknown[];
  if (fields.length > MAX_FIELDS) add('fields', `字段数量不能超过${MAX_FIELDS}个（当前${fields.length}个）`);

  // key → index of its first occurrence
  const firstIndex = new Map<string, number>();
  fields.forEach((f, i) => {
    if (isObject(f) && typeof f.key === 'string' && !firstIndex.has(f.key)) firstIndex.set(f.key, i);
  });

  fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (!isObject(f)) {
      add(at, '字段定义应为对象');
      return;
    }
    // key
    if (typeof f.key !== 'string' || f.key === '') {
      add(`${at}.key`, '字段标识不能为空');
    } else if (!FIELD_KEY_PATTERN.test(f.key)) {
      add(`${at}.key`, `字段标识“${f.key}”格式不正确：须以小写字母开头，只含字母、数字和下划线，最长40个字符`);
    } else if (firstIndex.get(f.key) !== i) {
      add(`${at}.key`, `字段标识“${f.key}”重复`);
    }
    // label
    if (typeof f.label !== 'string' || f.label.trim() === '') add(`${at}.label`, '字段名称不能为空');
    // type
    if (!isFieldType(f.type)) {
      add(`${at}.type`, `未知的字段类型“${String(f.type)}”`);
    }
    if (f.required !== undefined && typeof f.required !== 'boolean') add(`${at}.required`, '“必填”应为是或否');
    if (f.requiredFrom !== undefined && !(FORM_STAGES as readonly unknown[]).includes(f.requiredFrom)) {
      add(`${at}.requiredFrom`, `“自何阶段起必填”应为${FORM_STAGES.map((x) => `${x}（${FORM_STAGE_LABELS[x]}）`).join('、')}之一`);
    }
    if (f.help !== undefined && typeof f.help !== 'string') add(`${at}.help`, '填写说明应为文字');
    // options
    if (f.type === 'select' || f.type === 'multiselect') {
      if (!Array.isArray(f.options) || f.options.length === 0) {
        add(`${at}.options`, '单选或多选字段须至少有一个选项');
      } else {
        const seen = new Set<OptionValue>();
        (f.options as unknown[]).forEach((o, j) => {
          const op = `${at}.options[${j}]`;
          if (!isObject(o)) {
            add(op, '选项应为对象（value、label）');
            return;
          }
          if (
            !(typeof o.value === 'string' && o.value !== '') &&
            !(typeof o.value === 'number' && Number.isFinite(o.value))
          ) {
            add(`${op}.value`, '选项值应为非空文字或数字');
          } else if (seen.has(o.value)) {
            add(`${op}.value`, `选项值“${o.value}”重复`);
          } else {
            seen.add(o.value);
          }
          if (typeof o.label !== 'string' || o.label.trim() === '') add(`${op}.label`, '选项名称不能为空');
        });
      }
    } else if (f.options !== undefined && !Array.isArray(f.options)) {
      add(`${at}.options`, '选项应为列表');
    }
    // min / max
    const minOk = f.min === undefined || (typeof f.min === 'number' && Number.isFinite(f.min));
    const maxOk = f.max === undefined || (typeof f.max === 'number' && Number.isFinite(f.max));
    if (!minOk) add(`${at}.min`, '最小值应为数字');
    if (!maxOk) add(`${at}.max`, '最大值应为数字');
    if (minOk && maxOk && typeof f.min === 'number' && typeof f.max === 'number' && f.min > f.max) {
      add(`${at}.min`, `最小值（${f.min}）不能大于最大值（${f.max}）`);
    }
    // pattern
    if (f.pattern !== undefined) {
      if (typeof f.pattern !== 'string' || compilePattern(f.pattern) === null) {
        add(`${at}.pattern`, `格式规则不是有效的正则表达式：${String(f.pattern)}`);
      }
    }
    // visibleWhen
    if (f.visibleWhen !== undefined) {
      const vw = f.visibleWhen;
      if (!isObject(vw) || typeof vw.field !== 'string' || vw.field === '') {
        add(`${at}.visibleWhen`, '显示条件须指定所依据的字段');
      } else if (vw.field === f.key) {
        add(`${at}.visibleWhen.field`, '显示条件不能依据字段自身');
      } else if (!firstIndex.has(vw.field)) {
        add(`${at}.visibleWhen.field`, `显示条件所依据的字段“${vw.field}”不存在`);
      } else if (vw.in !== undefined && !Array.isArray(vw.in)) {
        add(`${at}.visibleWhen.in`, '显示条件的取值范围（in）应为列表');
      }
    }
  });

  // cycles among visibleWhen (self-reference is reported above)
  const controller = new Map<string, string>();
  for (const f of fields) {
    if (isObject(f) && typeof f.key === 'string' && isObject(f.visibleWhen)) {
      const c = f.visibleWhen.field;
      if (typeof c === 'string' && c !== f.key && firstIndex.has(c) && !controller.has(f.key)) controller.set(f.key, c);
    }
  }
  for (const [key, i] of firstIndex) {
    const chain = [key];
    let cur = controller.get(key);
    while (cur !== undefined && !chain.includes(cur)) {
      chain.push(cur);
      cur = controller.get(cur);
    }
    if (cur !== key) continue; // no cycle through this field
    // report each cycle once, at its member that comes first in the form
    if (chain.every((k) => (firstIndex.get(k) ?? 0) >= i)) {
      add(`fields[${i}].visibleWhen`, `显示条件存在循环依赖：${[...chain, key].join(' → ')}`);
    }
  }

  return problems;
}

// ---------------------------------------------------------------------------------------
// Data validation

function isEmpty(v: unknown): boolean {
  return (
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
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
    case 'textarea': {
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
    case 'number':
    case 'money': {
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
    case 'date':
      return isValidDate(raw)
        ? { value: raw, errors }
        : { value: raw, errors: [`${label}应为有效日期（格式 YYYY-MM-DD）`] };
    case 'datetime':
      return isValidDateTime(raw)
        ? { value: raw, errors }
        : { value: raw, errors: [`${label}应为带时区的有效日期时间（如 2024-03-01T09:30:00+08:00）`] };
    case 'select': {
      const values = (f.options ?? []).map((o) => o.value);
      return values.includes(raw as OptionValue)
        ? { value: raw, errors }
        : { value: raw, errors: [`${label}的取值不在可选项中`] };
    }
    case 'multiselect': {
      if (!Array.isArray(raw)) return { value: raw, errors: [`${label}应为选项列表`] };
      const values = (f.options ?? []).map((o) => o.value);
      const bad = raw.filter((v) => !values.includes(v as OptionValue));
      if (bad.length) errors.push(`${label}包含不在可选项中的取值：${bad.map(String).join('、')}`);
      if (new Set(raw).size !== raw.length) errors.push(`${label}有重复的选项`);
      if (min !== undefined && raw.length < min) errors.push(`${label}至少选择${min}项`);
      if (max !== undefined && raw.length > max) errors.push(`${label}最多选择${max}项`);
      return { value: raw, errors };
    }
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
 * `stage`: where the case is (or is moving to); a field required from a later stage may be empty.
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
        errors.push({ field: f.key, message: f.requiredFrom ? `${f.label}不能为空（自${FORM_STAGE_LABELS[f.requiredFrom]}阶段起必填）` : `${f.label}不能为空` });
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
