import { SCOPE_ATTRIBUTES } from '../../constants';

export const BACKLOG_UID = {
  package: 'plugin::fangtiao.backlog-package',
  tenure: 'plugin::fangtiao.leader-tenure',
} as const;

const user = () => ({ type: 'relation', relation: 'manyToOne', target: 'plugin::users-permissions.user' }) as const;
const inAdmin = () => ({ 'content-manager': { visible: true }, 'content-type-builder': { visible: false } });

/** 五个一 on one backlog case: leader, work team, resolution plan, case file; progress updates. */
export const backlogPackage = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_backlog_packages',
    info: {
      singularName: 'backlog-package',
      pluralName: 'backlog-packages',
      displayName: '积案包案 Backlog package',
      description: 'The five ones of a backlog case: one leader, one work team, one resolution plan, one case file',
    },
    options: { draftAndPublish: false },
    pluginOptions: { ...inAdmin(), fangtiao: { scopeFrom: 'petition' } },
    attributes: {
      petition: { type: 'relation', relation: 'manyToOne', target: 'api::petition.petition' },
      leader: user(),
      workTeam: { type: 'text' },
      plan: { type: 'text' },
      caseFile: { type: 'media', multiple: true, allowedTypes: ['files', 'images'] },
      caseFileDocuments: { type: 'json' },
      state: { type: 'enumeration', enum: ['open', 'resolved'], required: true, default: 'open' },
      openedAt: { type: 'datetime' },
      targetDate: { type: 'date' },
      resolvedAt: { type: 'datetime' },
      resolution: { type: 'text' },
      /** [{ at, by, byName, text }] */
      progress: { type: 'json' },
      lastProgressAt: { type: 'datetime' },
      /** [{ at, from, to, reason }] — handovers and reassignments. */
      leaderHistory: { type: 'json' },
      petitionRef: { type: 'integer', private: true, configurable: false },
      batch: { type: 'string', private: true, configurable: false },
      ...SCOPE_ATTRIBUTES,
    },
  },
};

/** A leader's tenure at an organisation (到任, 离任) and its handover sheet. */
export const leaderTenure = {
  schema: {
    kind: 'collectionType',
    collectionName: 'fangtiao_leader_tenures',
    info: {
      singularName: 'leader-tenure',
      pluralName: 'leader-tenures',
      displayName: '领导任职 Leader tenure',
      description: 'When a leader arrived at and left an organisation, the successor and the handover sheet',
    },
    options: { draftAndPublish: false },
    pluginOptions: inAdmin(),
    attributes: {
      leader: user(),
      organisation: { type: 'relation', relation: 'manyToOne', target: 'api::organisation.organisation' },
      post: { type: 'string' },
      arrivedAt: { type: 'datetime', required: true },
      leftAt: { type: 'datetime' },
      successor: user(),
      handoverDocument: { type: 'relation', relation: 'manyToOne', target: 'plugin::fangtiao.generated-document' },
      sheet: { type: 'json' },
      ...SCOPE_ATTRIBUTES,
    },
  },
};
