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
export const FORM_STAGE_LABELS: Record<FormStage, string> = {
  registration: '登记',
  acceptance: '受理',
  mediation: '调解',
  conclusion: '办结',
};

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
