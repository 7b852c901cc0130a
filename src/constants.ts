/** Model UIDs in one place: never scatter them as string literals. */
export const UID = {
  organisation: 'api::organisation.organisation',
  committee: 'api::committee.committee',
  auditEntry: 'api::audit-entry.audit-entry',
  petition: 'api::petition.petition',
  visit: 'api::visit.visit',
  caseType: 'api::case-type.case-type',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
  permission: 'plugin::users-permissions.permission',
} as const;

/** The petition's handler relations: the people named there see its personal data in clear. */
export const PETITION_HANDLER_FIELDS = ['assignedClerk', 'mediator', 'leader'];

/** The end-user roles (users-permissions), by code name; see README.md, "What it does" → Roles. */
export const ROLES = {
  clerk: { name: '信访干部', description: 'Clerk: registers petitions and visits, triages, diverts, tracks deadlines' },
  mediator: { name: '人民调解员', description: 'Mediator: runs mediation on assigned cases, records sessions and outcomes' },
  expert: { name: '专家', description: 'Expert / legal adviser: publishes availability, takes consultations' },
  leader: { name: '包案领导', description: 'Leader: owns backlog cases, chairs reviews and hearings' },
  reviewer: { name: '信用审核员', description: 'Reviewer: reviews credit-record flags (never the proposer)' },
  supervisor: { name: '督查', description: 'Supervisor: read-only across its jurisdiction' },
} as const;

export type RoleCode = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as RoleCode[];
