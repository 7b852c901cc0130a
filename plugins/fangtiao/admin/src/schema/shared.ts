/**
 * The server's own form-schema module, bundled into the admin panel so the editor checks
 * exactly what the server checks on save (the module is written to be browser-safe: it
 * imports nothing but the pure personal-data helpers). Everything the editor needs from
 * the server side goes through this one file.
 */
export {
  FIELD_TYPES,
  FIELD_TYPE_LABELS,
  FIELD_KEY_PATTERN,
  MAX_FIELDS,
  checkFormSchema,
  validateFormData,
  visibleFields,
  FORM_STAGES,
  FORM_STAGE_LABELS,
} from '@fangtiao/kernel/pure';
export type { FormStage, Field, FieldOption, FieldType, FormSchema, OptionValue, SchemaProblem, VisibleWhen } from '@fangtiao/kernel/pure';
