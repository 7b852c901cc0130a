import { SCOPE_ATTRIBUTES } from '../../constants';
import { PERFORMANCE_STATES } from '../rules';

/**
 * 履行回访: one agreed term of a mediation agreement and its follow-up. Planned when the
 * mediation succeeds, asked of the mediator by the daily job when the term falls due, and
 * closed with what the mediator found. Scoped through its petition.
 */
export const performanceCheck = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_performance_checks',
    info: { singularName: 'performance-check', pluralName: 'performance-checks', displayName: '履行回访 Performance check' },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: true },
      'content-type-builder': { visible: false },
      fangtiao: { scopeFrom: 'petition' },
    },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      termIndex: { type: 'integer', required: true },
      what: { type: 'text' },
      obligor: { type: 'string' },
      dueDate: { type: 'date', required: true },
      state: { type: 'enumeration', enum: [...PERFORMANCE_STATES], default: 'pending', required: true },
      askedAt: { type: 'datetime' },
      recordedAt: { type: 'datetime' },
      recordedBy: { type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' },
      note: { type: 'text' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
