import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { setupDatabase } from '../../src/database/setup';
import { installAuthNotify } from '../../src/access/cluster-bus';
import { UID } from '../../src/constants';
import { triggerNames } from '../../src/database/triggers';

/**
 * A start of one more instance while the others serve. Its set-up (src/database/setup.ts, the
 * cluster bus's notify triggers) makes what is missing and leaves alone what is there: dropping
 * and remaking the notify triggers at every start held ACCESS EXCLUSIVE locks on `up_users`,
 * `organisations`… to its commit, and a restarting instance deadlocked with the other instances'
 * registrations, which failed with 500 (`npm run bench -- cluster`, session 11).
 */
let strapi: Core.Strapi;
const pg = process.env.DATABASE_CLIENT === 'postgres';

beforeAll(async () => {
  strapi = await startStrapi();
});
afterAll(stopStrapi);

const auditTable = () => strapi.db.metadata.get(UID.auditEntry as any).tableName;

test('a second start keeps the guards and triggers it found, and they still work', async () => {
  await setupDatabase(strapi);
  await installAuthNotify(strapi);
  const knex = strapi.db.connection;
  // The guard's effect on SQLite is test/api/audit.test.ts's: there, this check once passed and
  // once did not in CI (session 11, unexplained; see the closing note). This change is PostgreSQL's.
  if (pg) {
    const [row] = await knex(auditTable()).select('id').limit(1);
    expect(row).toBeDefined();
    await expect(knex(auditTable()).where({ id: row.id }).update({ action: 'changed' })).rejects.toThrow(/append-only/);
    await expect(knex(auditTable()).where({ id: row.id }).del()).rejects.toThrow(/append-only/);
    const triggers = await knex.raw(`SELECT tgname FROM pg_trigger WHERE tgname LIKE '%_auth_notify' OR tgname LIKE '%_append_only'`);
    const names = triggers.rows.map((r: { tgname: string }) => r.tgname);
    expect(names).toEqual(expect.arrayContaining(['up_users_auth_notify', 'organisations_auth_notify', `${auditTable()}_append_only`]));
    expect(new Set(names).size).toBe(names.length);
  } else {
    const t = auditTable();
    expect([...(await triggerNames(knex, false, `${t}_no_%`))].sort()).toEqual([`${t}_no_delete`, `${t}_no_update`]);
  }
});

if (pg) {
  test('PostgreSQL: a start does not wait on the other instances’ open transactions on those tables', async () => {
    const knex = strapi.db.connection;
    // Another instance's registration, mid-way: it has read the organisation and the user, and written an audit entry.
    const other = await knex.transaction();
    try {
      await other('organisations').select('id').limit(1);
      await other('up_users').select('id').limit(1);
      await other(auditTable()).select('id').limit(1);
      let timer: NodeJS.Timeout | undefined;
      const started = Promise.all([installAuthNotify(strapi), setupDatabase(strapi)]);
      const blocked = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the start waited')), 3000)));
      try {
        await Promise.race([started, blocked]);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      await other.commit();
    }
  });
}
