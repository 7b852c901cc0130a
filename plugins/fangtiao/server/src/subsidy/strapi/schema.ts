import { SCOPE_ATTRIBUTES } from '../../constants';
import { COMPLEXITIES } from '../rules';

/** 以案定补 rates, set by admins in the admin panel (Content Manager → 以案定补标准): per case type (or all) and complexity. */
export const subsidyRate = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_subsidy_rates',
    info: {
      singularName: 'subsidy-rate',
      pluralName: 'subsidy-rates',
      displayName: '以案定补标准 Subsidy rate',
      description: 'Yuan per concluded case, by case type (empty: every type without its own) and complexity',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: true }, 'content-type-builder': { visible: false } },
    attributes: {
      caseType: { type: 'relation', relation: 'manyToOne', target: 'api::case-type.case-type' },
      complexity: { type: 'enumeration', enum: Object.keys(COMPLEXITIES), required: true, default: 'ordinary' },
      amount: { type: 'decimal', required: true, min: 0, max: 100000 },
      active: { type: 'boolean', default: true },
    },
  },
};

/** One concluded case's subsidy for its mediator, booked in the month of conclusion (Beijing time). Scoped through its petition. */
export const caseSubsidy = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_case_subsidies',
    info: { singularName: 'case-subsidy', pluralName: 'case-subsidies', displayName: '以案定补 Case subsidy' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: true },
      'content-type-builder': { visible: false },
      fangtiao: { scopeFrom: 'petition' },
    },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      /** The petition's documentId, unique: a case is paid once however often it is concluded again. */
      petitionKey: { type: 'string', required: true, unique: true },
      referenceNo: { type: 'string' },
      mediator: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      mediatorName: { type: 'string' },
      committee: { type: 'relation', relation: 'manyToOne', target: 'api::committee.committee' },
      committeeName: { type: 'string' },
      caseTypeName: { type: 'string' },
      complexity: { type: 'enumeration', enum: Object.keys(COMPLEXITIES), required: true },
      amount: { type: 'decimal', required: true },
      /** No rate was set for the case type and complexity: booked at 0, for the admins to see. */
      rateMissing: { type: 'boolean', default: false },
      month: { type: 'string', required: true },
      concludedAt: { type: 'datetime', required: true },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
