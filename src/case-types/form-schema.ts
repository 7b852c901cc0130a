/** Module case-types/: the case type's form — field types, schema check, data validation (pure, bundled for the desk) and the version-on-save middleware. Imports: personal-data/ and input-limits/ pure helpers only (the middleware: Strapi, constants, validation). */
/**
 * Low-code form schemas of case types: the admin defines the fields of a case type's
 * form; mediators fill it in. `checkFormSchema` checks a schema when it is saved;
 * `validateFormData` checks a filled-in form and returns every problem at once.
 *
 * The form's field types are in form-fields.ts, the data validation in form-data.ts (both
 * re-exported here). These files are bundled for the browser as well (the desk page validates
 * before submitting): they import nothing but pure helpers (personal data, input limits) — no
 * Node modules, no framework.
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
import {
  FIELD_KEY_PATTERN,
  FORM_STAGES,
  FORM_STAGE_LABELS,
  MAX_FIELDS,
  compilePattern,
  isFieldType,
  isObject,
  type OptionValue,
  type SchemaProblem,
} from './form-fields';

export * from './form-fields';
export * from './form-data';

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

  fields.forEach((f, i) => checkField(f, i, firstIndex, add));
  checkCycles(fields, firstIndex, add);

  return problems;
}

type Add = (path: string, message: string) => void;

/** The problems of field `i`: key, label, type, options, bounds, pattern, its visibility condition. */
function checkField(f: unknown, i: number, firstIndex: Map<string, number>, add: Add): void {
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
  checkOptions(f, at, add);
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
}

/** A select's options: at least one, each with a unique value and a label. */
function checkOptions(f: Record<string, unknown>, at: string, add: Add): void {
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
        if (!(typeof o.value === 'string' && o.value !== '') && !(typeof o.value === 'number' && Number.isFinite(o.value))) {
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
}

/** Cycles among the visibility conditions, each reported once (self-reference is reported by checkField). */
function checkCycles(fields: unknown[], firstIndex: Map<string, number>, add: Add): void {
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
}
