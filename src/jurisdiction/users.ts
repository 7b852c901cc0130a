import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { scopeColumnOf, type Jurisdiction } from './scope';

/**
 * A user of `role` inside the jurisdiction, by id or documentId, or null. Users carry no
 * scope columns of their own: the scope is that of their organisation, joined in the query.
 */
export async function userInScope(strapi: Core.Strapi, j: Jurisdiction | null, ref: unknown, role?: string) {
  if (ref === undefined || ref === null || ref === '') return null;
  const key = typeof ref === 'number' || /^\d+$/.test(String(ref)) ? { id: Number(ref) } : { documentId: String(ref) };
  const where: Record<string, unknown> = { ...key, blocked: false };
  if (role) where.role = { type: role };
  if (j) where.organisation = { [scopeColumnOf(j.level)]: j.code };
  return strapi.db.query(UID.user).findOne({ where, select: ['id', 'documentId', 'username', 'fullName'] });
}

/**
 * Users of `role` in the jurisdiction, for pickers on the desk (no personal data); `within`
 * narrows them to an organisation's subtree (a committee's, when diverting to mediation).
 */
export async function usersInScope(
  strapi: Core.Strapi,
  j: Jurisdiction,
  role: string,
  within?: { level: Jurisdiction['level']; code: string },
) {
  const org: Record<string, unknown> = { [scopeColumnOf(j.level)]: j.code };
  if (within) org[scopeColumnOf(within.level)] = within.code;
  return strapi.db.query(UID.user).findMany({
    where: { blocked: false, role: { type: role }, organisation: org },
    select: ['id', 'documentId', 'username', 'fullName'],
    populate: { organisation: { select: ['name', 'code'] } },
    orderBy: { username: 'asc' },
    limit: 200,
  });
}
