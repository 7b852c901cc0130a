/** Module contracts/: request and response types of the app's own endpoints (src/api/*). Imports: other contracts and the case flow's move fields, types only. */
/**
 * The shapes of the app's own API (src/api/*) — the signed-in user, cases and the records their
 * pages name — written once and used by the controllers (`satisfies`) and the desk (through
 * `@fangtiao/app-contracts`, see desk/tsconfig.json), as the plugin's endpoints have theirs in
 * plugins/fangtiao/shared/contracts. Types only: nothing here exists at run time.
 */
import type { Common } from '../../plugins/fangtiao/shared/contracts';
import type { MoveField } from '../case-flow/moves';

export type { Common };

/** A Strapi list envelope: `{ data: [...], meta: { pagination } }`. */
export interface List<T> {
  data: T[];
  meta?: { pagination?: Common.Pagination; [k: string]: unknown };
}

/** A single record: `{ data: {...} }`. */
export interface One<T> {
  data: T;
}

export interface OrganisationRef {
  id?: number;
  documentId: string;
  name: string;
  code?: string;
  level?: string;
}

/** GET /api/desk/me: the caller, their role's type and name, and their organisation. */
export interface Me {
  id: number;
  documentId: string;
  username: string;
  fullName?: string | null;
  role: string;
  roleName?: string;
  organisation?: OrganisationRef | null;
}

/** A person the caller may assign work to (GET /api/desk/users). */
export interface StaffUser {
  id: number;
  documentId: string;
  username: string;
  fullName?: string | null;
  displayName?: string;
  organisation?: OrganisationRef | null;
  [k: string]: unknown;
}

/** A case type as the lists give it; `formSchema` is checked field by field before use. */
export interface CaseTypeRef {
  id?: number;
  documentId: string;
  name: string;
  code?: string;
  formSchema?: { fields?: unknown } | null;
  [k: string]: unknown;
}

/** A move the caller may make on a case now (GET /api/petitions/:id/moves). */
export interface MoveOption {
  action: string;
  label: string;
  fields: readonly MoveField[];
  targets: readonly string[];
}

/** A party of a case (the case.party component), as the case page reads it. */
export interface Party {
  id?: number;
  kind?: 'person' | 'organisation' | 'agent' | 'group';
  role?: 'petitioner' | 'respondent' | 'other';
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
  address?: string | null;
  headcount?: number | null;
  isRepresentative?: boolean | null;
  organisationType?: 'legal_person' | 'other_organisation' | null;
  creditCode?: string | null;
  representativeName?: string | null;
  agentFor?: number | null;
  agentAuthority?: 'general' | 'special' | null;
  agentAuthorityScope?: string | null;
  mediationConsent?: boolean | null;
  consentWay?: 'written' | 'oral' | null;
  consentAt?: string | null;
}

export interface UserRef {
  id: number;
  documentId?: string;
  username: string;
  fullName?: string | null;
}

/** The deadline in force, as the API adds it to a case. */
export interface Deadline {
  colour?: string;
  daysLeft?: number | null;
  kind?: string;
  due?: string | null;
}

/** A case (信访事项) as GET /api/petitions and /api/petitions/:id give it; relations when populated. */
export interface Petition {
  id?: number;
  documentId: string;
  referenceNo: string;
  channel?: string;
  subject?: string;
  demands?: string | null;
  history?: string | null;
  handlingNotes?: string | null;
  parties?: Party[];
  organisation?: OrganisationRef | null;
  committee?: { documentId: string; name: string } | null;
  caseType?: CaseTypeRef | null;
  formData?: Record<string, unknown> | null;
  state: string;
  stateLabel?: string;
  registeredAt?: string;
  acceptedAt?: string | null;
  conclusionDueAt?: string | null;
  concludedAt?: string | null;
  closedAt?: string | null;
  dueAt?: string | null;
  extensionDays?: number | null;
  isBacklog?: boolean;
  isRepeat?: boolean;
  isDifficult?: boolean;
  visitCount?: number;
  fiveClarityScore?: number;
  fiveClarityMissing?: string[] | null;
  fiveClarityMissingLabels?: string[];
  outcome?: Outcome | null;
  returnVisit?: { result?: string; comment?: string; at?: string; [k: string]: unknown } | null;
  assignedClerk?: UserRef | null;
  mediator?: UserRef | null;
  leader?: UserRef | null;
  deadline?: Deadline | null;
  handlers?: unknown;
}

/** One obligation of a mediation agreement. */
export interface Term {
  what?: string;
  obligor?: string;
  how?: string;
  where?: string;
  byWhen?: string;
}

/** How mediation ended: the agreement (success) or the reason and what follows (failure). */
export interface Outcome {
  result?: 'success' | 'failure' | string;
  agreedTerms?: string;
  facts?: string;
  disputes?: string;
  responsibilities?: string;
  terms?: (Term | null)[];
  reason?: string;
  next?: string;
  channel?: string;
  [k: string]: unknown;
}

/** GET /api/petitions/:id/form: the case type's form (its version's schema) and what is filled in. */
export interface CaseForm {
  caseType: { documentId?: string; name?: string } | null;
  version: number | null;
  schema: { fields?: unknown } | null;
  data: Record<string, unknown> | null;
}

/** GET /api/petitions/:id/timeline: registration, moves, visits, sessions, the return visit. */
export interface TimelineItem {
  kind: string;
  label: string;
  at?: string;
  detail?: {
    referenceNo?: string;
    action?: string;
    from?: string;
    to?: string;
    reason?: string;
    by?: Pick<UserRef, 'username' | 'fullName'> | null;
    role?: string;
    channel?: string;
    level?: string;
    headcount?: number;
    note?: string;
    isRepeat?: boolean;
    isLeapfrog?: boolean;
    place?: string;
    participants?: string;
    summary?: string;
    result?: string;
    comment?: string;
  };
}

/** GET /api/petitions/search: the cases found, each with what it matched; `meta.by` says how the box was read. */
export interface SearchHit extends Petition {
  matched?: { field: string; party?: string }[];
}
export interface SearchResult {
  data: SearchHit[];
  meta: { by: string; more?: boolean };
}
