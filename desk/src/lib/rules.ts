/**
 * What the desk takes from the server's own TypeScript: form rules and every shared label table.
 * One list, bundled twice by scripts/build-desk.js: into the desk (app.js and its chunks) and, on
 * its own, into public/desk/vendor/form-rules.js (for pages and tests that load it directly).
 * Only modules documented as browser-safe (no Node, no framework imports) may be listed here.
 */
export {
  validateFormData,
  visibleFields,
  isValidDate,
  isValidDateTime,
  FIELD_TYPES,
  FIELD_TYPE_LABELS,
  FORM_STAGES,
  FORM_STAGE_LABELS,
  isRequiredAt,
  stageOfState,
} from '../../../src/case-types/form-schema';
export { idNumberProblem, isValidIdNumber, ID_NUMBER_MESSAGES } from '../../../src/personal-data/id-number';
export { isValidPhone, normalisePhone, PHONE_MESSAGE } from '../../../src/personal-data/phone';
export type {
  FormStage,
  Field as FormField,
  FormSchema,
  FieldError as FormFieldError,
  FieldOption,
} from '../../../src/case-types/form-fields';
export { STATES, MOVES, LEGAL_CHANNELS } from '../../../src/case-flow/flow';
export { ROLES } from '../../../src/case-flow/moves';
export type { MoveField } from '../../../src/case-flow/moves';
export { CLARITY_KEYS, CLARITY_LABELS, CLARITY_HINTS } from '../../../src/case-flow/five-clarity';
export { DEADLINE_KIND_LABELS } from '../../../src/case-flow/deadlines';
export { CHANNEL_LABELS } from '../../../src/case-flow/channels';
export { CREDIT_STATES } from '../../../plugins/fangtiao/server/src/credit/rules';
export {
  HEARING_KINDS,
  HEARING_STATES,
  PANEL_CATEGORIES,
  PARTICIPANT_ROLES,
  OUTCOMES,
  VOTES,
  NO_HEARING_STATES,
} from '../../../plugins/fangtiao/server/src/hearings/rules';
export { periodChoices } from '../../../plugins/fangtiao/server/src/measures/periods';
export { screenColumns } from '../../../plugins/fangtiao/server/src/measures/ledger-columns';
export { PERFORMANCE_RESULTS, PERFORMANCE_STATE_LABELS } from '../../../plugins/fangtiao/server/src/performance/rules';
export { detectQuery, SEARCH_BY_LABELS, MATCHED_LABELS } from '../../../src/search/query';
export {
  PARTY_KIND_LABELS,
  ORGANISATION_TYPE_LABELS,
  REPRESENTATIVE_TITLES,
  AGENT_AUTHORITY_LABELS,
  CONSENT_WAY_LABELS,
  ETHNIC_GROUPS,
  MAX_REPRESENTATIVES,
  personFromIdNumber,
} from '../../../src/parties/kinds';
export { creditCodeProblem, CREDIT_CODE_MESSAGES } from '../../../src/parties/credit-code';
