import type { RoleCode } from '../constants';

/**
 * Least privilege: the content-API actions each role may call, and nothing else. Synced
 * onto the users-permissions roles at every start (missing ones added, others removed),
 * so this table is the single source of truth. Jurisdiction and case handling narrow
 * each action further (see src/jurisdiction and the services).
 */
const crud = (uid: string, ...actions: string[]) => actions.map((a) => `${uid}.${a}`);

const ORG_READ = [
  ...crud('api::organisation.organisation', 'find', 'findOne'),
  ...crud('api::committee.committee', 'find', 'findOne'),
];
const CASE_READ = [
  ...crud('api::petition.petition', 'find', 'findOne', 'timeline', 'moves', 'getForm', 'export'),
  ...crud('plugin::fangtiao.document', 'list', 'download', 'downloadSignedScan', 'startExport', 'exportStatus', 'exportDownload'),
  ...crud('api::case-type.case-type', 'find', 'findOne'),
  ...crud('api::desk.desk', 'me', 'users'),
];
const SELF = [
  'plugin::users-permissions.user.me',
  'plugin::users-permissions.auth.changePassword',
  'plugin::users-permissions.auth.logout',
];

export const ROLE_PERMISSIONS: Record<RoleCode, string[]> = {
  clerk: [
    ...SELF,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'create', 'update', 'transition', 'createVisit', 'recordReturnVisit', 'updateForm'),
    ...crud('plugin::fangtiao.document', 'issue', 'uploadSignedScan'),
  ],
  mediator: [
    ...SELF,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'updateForm', 'createSession'),
    ...crud('plugin::fangtiao.document', 'issue', 'uploadSignedScan'),
  ],
  expert: [...SELF, ...ORG_READ, ...crud('api::desk.desk', 'me')],
  leader: [
    ...SELF,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'extend'),
  ],
  reviewer: [...SELF, ...ORG_READ, ...CASE_READ],
  supervisor: [...SELF, ...ORG_READ, ...CASE_READ],
};

/** Unauthenticated callers may log in and nothing else: no case data, no self-registration. */
export const PUBLIC_PERMISSIONS = ['plugin::users-permissions.auth.callback'];

/** The default "authenticated" role (a user with no Fangtiao role) reaches only itself. */
export const AUTHENTICATED_PERMISSIONS = SELF;
