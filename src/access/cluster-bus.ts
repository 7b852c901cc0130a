import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { UID } from '../constants';
import { triggerNames } from '../database/triggers';

/**
 * Clears every instance's auth caches (./user-cache, ./auth-cache, ./api-token-miss) when a
 * user, role, permission, organisation, API token or the plugin's settings change — on any
 * instance, through any path, raw SQL included.
 *
 * PostgreSQL: statement triggers on those tables send `NOTIFY fangtiao_auth` inside the
 * writing transaction, so the notice goes out only on commit (a rolled-back change sends
 * nothing, and no instance can reload the old row after the notice). Each instance keeps one
 * connection of its own, outside the pool, that LISTENs and clears its caches on every notice;
 * the writing instance hears its own notice too, which drops anything it cached from a read
 * made before the commit. A lost connection is reopened with back-off, and the caches are
 * cleared on every (re)connect, as notices sent meanwhile are gone.
 * SQLite: one process, whose own writes already clear its caches (lifecycle hooks): a no-op.
 */
const CHANNEL = 'fangtiao_auth';
const APPLICATION_NAME = 'fangtiao-cluster-bus';
const WATCHED: string[] = [UID.user, UID.role, UID.permission, UID.organisation, 'admin::api-token', 'strapi::core-store'];

/** What this module uses of a `pg` Client. */
type ListenClient = {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: string, listener: (err?: Error) => void): unknown;
};
type Bus = { clears: Set<() => void>; client?: ListenClient; stopped: boolean; retry?: NodeJS.Timeout; connects: number };
type ModelMeta = { tableName: string; attributes: Record<string, { joinTable?: { name: string } }> };
const buses = new WeakMap<Core.Strapi, Bus>();
const busOf = (strapi: Core.Strapi): Bus => {
  let bus = buses.get(strapi);
  if (!bus) buses.set(strapi, (bus = { clears: new Set(), stopped: false, connects: 0 }));
  return bus;
};
const onPostgres = (strapi: Core.Strapi) => strapi.db.dialect.client === 'postgres';

/** Registers a cache's `clear`, called on every change anywhere in the cluster (and this instance's own). */
export function onAuthChange(strapi: Core.Strapi, clear: () => void): void {
  busOf(strapi).clears.add(clear);
}

/** Clears this instance's auth caches now. */
export function clearAuthCaches(strapi: Core.Strapi): void {
  for (const clear of busOf(strapi).clears) clear();
}

/** The watched models' tables and the join tables of their relations. */
function watchedTables(strapi: Core.Strapi): string[] {
  const names = new Set<string>();
  for (const uid of WATCHED) {
    if (!strapi.db.metadata.has(uid)) continue;
    const meta = strapi.db.metadata.get(uid as StrapiUID.Schema) as unknown as ModelMeta;
    names.add(meta.tableName);
    for (const a of Object.values(meta.attributes)) if (a.joinTable?.name) names.add(a.joinTable.name);
  }
  return [...names];
}

/**
 * Creates the notify triggers that are missing (under an advisory lock, as instances may boot
 * together). A trigger that is there is left alone: dropping and making it again took an ACCESS
 * EXCLUSIVE lock on `up_users`, `organisations`… at every start, held to the commit, and a
 * restarting instance deadlocked with the others' registrations (each held a read of
 * `organisations` and waited on one another's reference-number counter, one of them on the
 * lock): they failed with 500 (`npm run bench -- cluster`, 5 December, session 11).
 */
export async function installAuthNotify(strapi: Core.Strapi): Promise<void> {
  if (!onPostgres(strapi)) return;
  await strapi.db.connection.transaction(async (trx) => {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('fangtiao_auth_notify'))`);
    await trx.raw(
      `CREATE OR REPLACE FUNCTION fangtiao_auth_notify() RETURNS trigger AS $$ ` +
        `BEGIN PERFORM pg_notify('${CHANNEL}', TG_TABLE_NAME); RETURN NULL; END; $$ LANGUAGE plpgsql`,
    );
    const have = await triggerNames(trx, true, '%_auth_notify');
    for (const t of watchedTables(strapi)) {
      const name = `${t}_auth_notify`.slice(0, 63); // PostgreSQL's identifier limit
      if (have.has(name)) continue;
      await trx.raw(
        `CREATE TRIGGER "${name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}" ` +
          `FOR EACH STATEMENT EXECUTE FUNCTION fangtiao_auth_notify()`,
      );
    }
  });
}

/** Opens the listening connection (PostgreSQL only); resolves once it listens. */
export async function startClusterBus(strapi: Core.Strapi): Promise<void> {
  if (!onPostgres(strapi)) return;
  const bus = busOf(strapi);
  bus.stopped = false;
  await connect(strapi, bus).catch(() => reconnectLater(strapi, bus, 100));
}

async function connect(strapi: Core.Strapi, bus: Bus): Promise<void> {
  const { Client } = require('pg');
  // The settings knex connects with; knex keeps the password non-enumerable (out of logs), so name it.
  const config = (strapi.db.connection as unknown as { client: { connectionSettings: Record<string, unknown> } }).client.connectionSettings;
  const client: ListenClient = new Client({ ...config, password: config.password, application_name: APPLICATION_NAME, keepAlive: true });
  let lost = false;
  const onLost = (err?: Error) => {
    if (lost) return;
    lost = true;
    if (bus.client === client) bus.client = undefined;
    client.end().catch(() => {});
    if (!bus.stopped) {
      strapi.log.warn(`[cluster-bus] listening connection lost${err ? `: ${err.message}` : ''}; reconnecting`);
      reconnectLater(strapi, bus, 100);
    }
  };
  client.on('error', onLost);
  client.on('end', () => onLost());
  client.on('notification', () => clearAuthCaches(strapi));
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  if (bus.stopped) return void client.end().catch(() => {});
  bus.client = client;
  bus.connects += 1;
  clearAuthCaches(strapi); // whatever was sent while not listening is lost
}

function reconnectLater(strapi: Core.Strapi, bus: Bus, delayMs: number) {
  if (bus.stopped || bus.retry) return;
  bus.retry = setTimeout(() => {
    bus.retry = undefined;
    connect(strapi, bus).catch((err) => {
      strapi.log.warn(`[cluster-bus] reconnect failed: ${err.message}`);
      reconnectLater(strapi, bus, Math.min(delayMs * 2, 5000));
    });
  }, delayMs);
  bus.retry.unref();
}

/** True while this instance listens (PostgreSQL); how many times it has connected. */
export function clusterBusState(strapi: Core.Strapi): { listening: boolean; connects: number } {
  const bus = busOf(strapi);
  return { listening: !!bus.client, connects: bus.connects };
}

export async function stopClusterBus(strapi: Core.Strapi): Promise<void> {
  const bus = busOf(strapi);
  bus.stopped = true;
  if (bus.retry) clearTimeout(bus.retry);
  bus.retry = undefined;
  const client = bus.client;
  bus.client = undefined;
  if (client) await client.end().catch(() => {});
}
