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
  ...crud('api::petition.petition', 'find', 'findOne', 'timeline', 'export'),
  ...crud('api::visit.visit', 'find', 'findOne'),
  ...crud('api::case-type.case-type', 'find', 'findOne'),
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
    ...crud('api::petition.petition', 'create', 'update', 'transition', 'fiveClarity'),
    ...crud('api::visit.visit', 'create'),
    ...crud('api::desk.desk', 'users'),
  ],
  mediator: [
    ...SELF,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'updateForm'),
    ...crud('api::mediation-session.mediation-session', 'find', 'create'),
  ],
  expert: [...SELF, ...ORG_READ],
  leader: [
    ...SELF,
    ...ORG_READ,
    ...CASE_READ,
    ...crud('api::petition.petition', 'transition', 'extend'),
    ...crud('api::mediation-session.mediation-session', 'find'),
    ...crud('api::desk.desk', 'users'),
  ],
  reviewer: [...SELF, ...ORG_READ, ...CASE_READ],
  supervisor: [...SELF, ...ORG_READ, ...CASE_READ, ...crud('api::mediation-session.mediation-session', 'find')],
};

/** Unauthenticated callers may log in and nothing else: no case data, no self-registration. */
export const PUBLIC_PERMISSIONS = ['plugin::users-permissions.auth.callback'];

/** The default "authenticated" role (a user with no Fangtiao role) reaches only itself. */
export const AUTHENTICATED_PERMISSIONS = SELF;
