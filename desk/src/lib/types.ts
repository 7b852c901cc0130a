// The shapes the desk reads from the app's own API (src/api/*): the signed-in user and the
// records its lists name. The plugin's endpoints have their contracts in
// plugins/fangtiao/shared/contracts (imported as '@fangtiao/contracts').
import type { Common } from '@fangtiao/contracts';

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
  documentId?: string;
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
