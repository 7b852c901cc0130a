/**
 * The fields of a case type's form: their types and labels, the shapes of a schema and of its
 * problems, and the small checks both the schema check (form-schema.ts) and the data
 * validation (form-data.ts) use. Bundled for the browser: imports nothing.
 */
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

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isFieldType(v: unknown): v is FieldType {
  return typeof v === 'string' && (FIELD_TYPES as readonly string[]).includes(v);
}

export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}
