import type { Core } from '@strapi/strapi';
import { ROLES, ROLE_CODES, UID } from '../constants';
import { AUTHENTICATED_PERMISSIONS, PUBLIC_PERMISSIONS, ROLE_PERMISSIONS } from '../access/permissions';

/** Only actions that exist are granted; a table entry for a route not built yet waits for it. */
function existingActions(strapi: Core.Strapi): Set<string> {
  const actions = new Set<string>();
  const up = strapi.plugin('users-permissions').service('users-permissions');
  const tree = up.getActions() as Record<string, { controllers: Record<string, Record<string, unknown>> }>;
  for (const [ns, { controllers }] of Object.entries(tree)) {
    for (const [controller, acts] of Object.entries(controllers)) {
      for (const action of Object.keys(acts)) actions.add(`${ns}.${controller}.${action}`);
    }
  }
  return actions;
}

async function syncRole(strapi: Core.Strapi, roleId: number, wanted: string[], known: Set<string>) {
  const want = new Set(wanted.filter((a) => known.has(a)));
  const have = await strapi.db.query(UID.permission).findMany({ where: { role: roleId }, select: ['id', 'action'] });
  const stale = have.filter((p) => !want.has(p.action));
  if (stale.length) await strapi.db.query(UID.permission).deleteMany({ where: { id: { $in: stale.map((p) => p.id) } } });
  const present = new Set(have.map((p) => p.action));
  for (const action of want) {
    if (!present.has(action)) await strapi.db.query(UID.permission).create({ data: { action, role: roleId } });
  }
}

/** Creates the six roles if missing and makes each role's permissions exactly the table's. Idempotent. */
export async function seedRoles(strapi: Core.Strapi) {
  const known = existingActions(strapi);
  for (const code of ROLE_CODES) {
    let role = await strapi.db.query(UID.role).findOne({ where: { type: code } });
    if (!role) {
      role = await strapi.db.query(UID.role).create({ data: { type: code, ...ROLES[code] } });
    }
    await syncRole(strapi, role.id, ROLE_PERMISSIONS[code], known);
  }
  const pub = await strapi.db.query(UID.role).findOne({ where: { type: 'public' } });
  if (pub) await syncRole(strapi, pub.id, PUBLIC_PERMISSIONS, known);
  const auth = await strapi.db.query(UID.role).findOne({ where: { type: 'authenticated' } });
  if (auth) await syncRole(strapi, auth.id, AUTHENTICATED_PERMISSIONS, known);

  // Officials are given accounts; nobody registers themselves.
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  if (advanced.allow_register !== false) await store.set({ key: 'advanced', value: { ...advanced, allow_register: false } });
}
