import { SCOPE_ATTRIBUTES } from '../../constants';
import { RULING_OUTCOMES } from '../rules';

export const JUDICIAL_UID = 'plugin::fangtiao.judicial-confirmation' as const;

/**
 * One petition's judicial confirmation (司法确认): the application window, the filing and the
 * ruling, and which reminders went out. Scoped through its petition.
 */
export const judicialConfirmation = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_judicial_confirmations',
    info: {
      singularName: 'judicial-confirmation',
      pluralName: 'judicial-confirmations',
      displayName: '司法确认 Judicial confirmation',
      description: 'Application within 30 days of the mediation agreement, filing and ruling',
    },
    options: { draftAndPublish: false },
    pluginOptions: {
      'content-manager': { visible: true },
      'content-type-builder': { visible: false },
      fangtiao: { scopeFrom: 'petition' },
    },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      effectiveAt: { type: 'datetime' },
      deadline: { type: 'datetime' },
      filedAt: { type: 'date' },
      court: { type: 'string', maxLength: 100 },
      caseNumber: { type: 'string', maxLength: 60 },
      ruledAt: { type: 'date' },
      outcome: { type: 'enumeration', enum: [...RULING_OUTCOMES] },
      note: { type: 'text', maxLength: 500 },
      /** The reminder marks (days left) already sent. */
      remindersSent: { type: 'json' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
