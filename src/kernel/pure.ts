/**
 * The kernel's pure part, `@fangtiao/kernel/pure`: Beijing time, the legal deadlines, the
 * case flow's moves and states, ID-number checks, role and model names. No Strapi import:
 * the plugin's rules.ts files use this entry and stay testable without booting anything.
 */
export * from '../time/shanghai';
export { dueAfter, isWithin, shanghaiDayNumber, toDate } from '../case-flow/deadlines';
export { getMove, STATES } from '../case-flow/flow';
export { refusal, type Refusal } from '../case-flow/refusal';
export { CHANNELS, CHANNEL_LABELS, type Channel } from '../case-flow/channels';
export {
  VISIT_LEVELS,
  VISIT_LEVEL_NAMES,
  VISIT_PURPOSES,
  VISIT_KIND_LABELS,
  isLeapfrog,
  visitMeaning,
  type VisitLevel,
  type VisitPurpose,
  type VisitKind,
} from '../case-flow/visits';
export { parseWrittenDate, lastAgreedDay } from '../case-flow/written-date';
export { ID_NUMBER_MESSAGES, idNumberProblem } from '../personal-data/id-number';
export { ROLES, ROLE_CODES, UID, PETITION_HANDLER_FIELDS, type RoleCode } from '../constants';
export {
  inScope,
  scopeColumnOf,
  scopeFilter,
  SCOPE_COLUMNS,
  type Level,
  type Jurisdiction,
  type ScopeColumns,
} from '../jurisdiction/scope';
export { csvCell, csvFile } from '../csv';
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
  stageOfState,
  isRequiredAt,
  type FormStage,
  type Field,
  type FieldOption,
  type FieldType,
  type FormSchema,
  type OptionValue,
  type SchemaProblem,
  type VisibleWhen,
} from '../case-types/form-schema';
export {
  personFromIdNumber,
  PARTY_KINDS,
  PARTY_KIND_LABELS,
  REPRESENTATIVE_TITLES,
  AGENT_AUTHORITY_LABELS,
  CONSENT_WAY_LABELS,
  MAX_REPRESENTATIVES,
  type PartyKind,
  type OrganisationType,
  type AgentAuthority,
} from '../parties/kinds';
export { creditCodeProblem, CREDIT_CODE_MESSAGES } from '../parties/credit-code';
export {
  fieldProblem,
  isBlank,
  isStateOf,
  moveOf,
  movesFromState,
  planTransition,
  problemsRefusal,
  type FieldProblem,
  type Machine,
  type MachineField,
  type MachineMove,
  type MoveRules,
  type TransitionPlan,
} from './state-machine';
