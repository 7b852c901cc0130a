import { SCOPE_ATTRIBUTES } from '../../constants';
import { COLOURS, CONDITION_KINDS, ORG_LEVELS, VISIT_LEVELS, WARNING_STATES } from '../rules';

export const WARNING_UID = {
  rule: 'plugin::fangtiao.warning-rule',
  warning: 'plugin::fangtiao.warning',
} as const;

const user = () => ({ type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' }) as const;
const inAdmin = () => ({ 'content-manager': { visible: true }, 'content-type-builder': { visible: false } });

/** A warning rule (预警规则), configured by administrators in the admin panel. */
export const warningRule = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_warning_rules',
    info: {
      singularName: 'warning-rule',
      pluralName: 'warning-rules',
      displayName: '预警规则 Warning rule',
      description: 'When a case raises an early warning, of which colour, to whom, and how fast they must respond',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      code: { type: 'string', required: true, unique: true, regex: '^[a-z0-9-]{2,60}$' },
      name: { type: 'string', required: true },
      conditionKind: { type: 'enumeration', enum: [...CONDITION_KINDS], required: true },
      minVisits: { type: 'integer', min: 1 },
      minLevel: { type: 'enumeration', enum: [...VISIT_LEVELS] },
      outcomes: { type: 'json' },
      colour: { type: 'enumeration', enum: [...COLOURS], required: true },
      /** [{ role: clerk|leader|supervisor|mediator, level: unit|village|township|county|city }] */
      recipients: { type: 'customField', customField: 'plugin::fangtiao.recipients', required: true },
      responseHours: { type: 'integer', required: true, min: 1, default: 72 },
      issuer: { type: 'string' },
      active: { type: 'boolean', default: true },
      description: { type: 'text' },
    },
  },
};

/**
 * An early warning (信访预警单) on a case, addressed to officials: who must act and by when.
 * Raised by the scan (set-based) or when a visit is recorded; its trigger key is unique.
 * Scoped through its petition.
 */
export const warning = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_warnings',
    info: {
      singularName: 'warning',
      pluralName: 'warnings',
      displayName: '信访预警 Warning',
      description: 'A notice to named officials that a case is escalating; acknowledged, acted on and closed',
    },
    options: { draftAndPublish: false },
    pluginOptions: { ...inAdmin(), fangtiao: { scopeFrom: 'petition' } },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      rule: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.warning-rule' },
      recipients: { type: 'relation', relation: 'manyToMany', target: 'plugin::users-permissions.user' },
      triggerKey: { type: 'string', required: true, unique: true, private: true },
      ruleCode: { type: 'string' },
      threshold: { type: 'string' },
      colour: { type: 'enumeration', enum: [...COLOURS], required: true },
      state: { type: 'enumeration', enum: Object.keys(WARNING_STATES), required: true, default: 'raised' },
      reason: { type: 'text' },
      /** The organisation level that owns it (colour ownership). */
      level: { type: 'enumeration', enum: [...ORG_LEVELS] },
      raisedAt: { type: 'datetime' },
      dueAt: { type: 'datetime' },
      acknowledgedAt: { type: 'datetime' },
      acknowledgedBy: user(),
      actedAt: { type: 'datetime' },
      actionNote: { type: 'text' },
      actedBy: user(),
      closedAt: { type: 'datetime' },
      closedBy: user(),
      escalatedAt: { type: 'datetime' },
      escalatedTo: { type: 'enumeration', enum: [...ORG_LEVELS] },
      noticeDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      // Denormalised ids and batch marks for the set-based scan (no query per row).
      petitionRef: { type: 'integer', private: true, configurable: false },
      unitRef: { type: 'integer', private: true, configurable: false },
      batch: { type: 'string', private: true, configurable: false },
      escalationBatch: { type: 'string', private: true, configurable: false },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
