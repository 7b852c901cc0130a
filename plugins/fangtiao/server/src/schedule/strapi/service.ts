import type { Core } from '@strapi/strapi';
import { UNIT_MS, unitOf } from '../../experts/availability';

/**
 * Module schedule/: owns the busy grid; imports Strapi and the experts' pure availability units.
 *
 * The busy grid (占用表): one row per person or room and 30-minute unit held, with the
 * booking or hearing that holds it. UNIQUE (resource_kind, resource_id, unit) makes a clash
 * impossible under any concurrency: whoever commits first holds the unit, the other gets a
 * unique violation (409). Expert consultations and hearings share it, so an expert booked for
 * a consultation cannot be put on a hearing panel at the same time, and the other way round.
 *
 * Resources: e = expert profile, u = user (staff), r = room. Owners: b = consultation booking,
 * h = hearing.
 */
export const SCHEDULE_UNITS_TABLE = 'fangtiao_schedule_units';
/** The expert-only grid of the first release; its rows move here at the first start. */
const LEGACY_TABLE = 'fangtiao_booking_units';

export type ResourceKind = 'e' | 'u' | 'r';
export type OwnerKind = 'b' | 'h';
export type Resource = { kind: ResourceKind; id: number };
export type Owner = { kind: OwnerKind; id: number };

export const resourceKey = (r: Resource) => `${r.kind}:${r.id}`;

/** Unique violation on SQLite or PostgreSQL. */
export const isUniqueViolation = (e: any) =>
  e?.code === '23505' || /SQLITE_CONSTRAINT|UNIQUE constraint failed/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The knex to use now: the open transaction's when there is one (SQLite has one connection). */
  const run = <T>(fn: (knex: any) => Promise<T>): Promise<T> =>
    strapi.db.inTransaction() ? (strapi.db.transaction(({ trx }) => fn(trx)) as Promise<T>) : fn(strapi.db.connection);
  const byKind = (list: Resource[]) => {
    const m = new Map<ResourceKind, number[]>();
    for (const r of list) m.set(r.kind, [...(m.get(r.kind) ?? []), r.id]);
    return m;
  };
  /** WHERE (kind = 'e' AND id IN (…)) OR (kind = 'u' AND id IN (…)) … */
  const whereResources = (q: any, list: Resource[]) =>
    q.where((w: any) => {
      for (const [kind, ids] of byKind(list)) w.orWhere((x: any) => x.where('resource_kind', kind).whereIn('resource_id', ids));
    });

  return {
    /** The table, its indexes, and the move of the first release's expert grid; idempotent. */
    async indexes() {
      const knex = strapi.db.connection;
      if (!(await knex.schema.hasTable(SCHEDULE_UNITS_TABLE))) {
        await knex.schema.createTable(SCHEDULE_UNITS_TABLE, (t) => {
          t.string('resource_kind', 1).notNullable();
          t.integer('resource_id').notNullable();
          t.integer('unit').notNullable();
          t.string('owner_kind', 1).notNullable();
          t.integer('owner_id').notNullable();
        });
      }
      const T = SCHEDULE_UNITS_TABLE;
      await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS "ux_${T}" ON "${T}" ("resource_kind", "resource_id", "unit")`);
      await knex.raw(`CREATE INDEX IF NOT EXISTS "ix_${T}_owner" ON "${T}" ("owner_kind", "owner_id")`);
      await knex.raw(
        `CREATE INDEX IF NOT EXISTS "ix_${T}_unit" ON "${T}" ("unit", "resource_kind", "resource_id", "owner_kind", "owner_id")`,
      );
      if (await knex.schema.hasTable(LEGACY_TABLE)) {
        await knex.transaction(async (trx) => {
          await trx.raw(
            `INSERT INTO "${T}" ("resource_kind", "resource_id", "unit", "owner_kind", "owner_id") SELECT 'e', "expert_id", "unit", 'b', "booking_id" FROM "${LEGACY_TABLE}"`,
          );
          await trx.schema.dropTable(LEGACY_TABLE);
        });
        strapi.log.info(`[schedule] moved ${LEGACY_TABLE} into ${T}`);
      }
    },

    /** Holds `units` of every resource for `owner`; throws the unique violation on a clash (callers turn it into 409). */
    async hold(owner: Owner, resources: Resource[], units: number[]) {
      const rows = resources.flatMap((r) =>
        units.map((unit) => ({ resource_kind: r.kind, resource_id: r.id, unit, owner_kind: owner.kind, owner_id: owner.id })),
      );
      if (!rows.length) return;
      await run(async (knex) => {
        // Chunks keep SQLite under its bound-parameter limit.
        for (let i = 0; i < rows.length; i += 150) await knex(SCHEDULE_UNITS_TABLE).insert(rows.slice(i, i + 150));
      });
    },

    /** Frees everything `owner` holds. */
    async release(owner: Owner) {
      await run((knex) => knex(SCHEDULE_UNITS_TABLE).where({ owner_kind: owner.kind, owner_id: owner.id }).delete());
    },

    /** The units each resource holds inside [from, to), by resource key (the unique index answers it). */
    async busy(resources: Resource[], from: number, to: number, except?: Owner): Promise<Map<string, Set<number>>> {
      const busy = new Map<string, Set<number>>(resources.map((r) => [resourceKey(r), new Set<number>()]));
      if (!resources.length) return busy;
      const q = run((knex) => {
        const query = knex(SCHEDULE_UNITS_TABLE).select('resource_kind', 'resource_id', 'unit', 'owner_kind', 'owner_id');
        whereResources(query, resources);
        return query.andWhere('unit', '>=', unitOf(from)).andWhere('unit', '<', Math.ceil(to / UNIT_MS));
      });
      for (const r of (await q) as any[]) {
        if (except && r.owner_kind === except.kind && Number(r.owner_id) === except.id) continue;
        busy.get(`${r.resource_kind}:${Number(r.resource_id)}`)?.add(Number(r.unit));
      }
      return busy;
    },

    /** Which of `resources` already hold one of `units` (for a clear 409), with the owner holding it. */
    async clashes(resources: Resource[], units: number[], except?: Owner): Promise<{ resource: Resource; owner: Owner }[]> {
      if (!resources.length || !units.length) return [];
      const rows: any[] = await run((knex) => {
        const query = knex(SCHEDULE_UNITS_TABLE).distinct('resource_kind', 'resource_id', 'owner_kind', 'owner_id');
        whereResources(query, resources);
        return query.andWhere('unit', '>=', Math.min(...units)).andWhere('unit', '<=', Math.max(...units));
      });
      return rows
        .filter((r) => !(except && r.owner_kind === except.kind && Number(r.owner_id) === except.id))
        .map((r) => ({
          resource: { kind: r.resource_kind, id: Number(r.resource_id) },
          owner: { kind: r.owner_kind, id: Number(r.owner_id) },
        }));
    },

    /** Distinct owners per expert inside [from, to): an expert's load (consultations and hearings). */
    async ownersPerResource(kind: ResourceKind, ids: number[] | null, from: number, to: number): Promise<Map<number, number>> {
      const load = new Map<number, number>();
      if (ids && !ids.length) return load;
      const rows: any[] = await run((knex) => {
        const q = knex(SCHEDULE_UNITS_TABLE)
          .select('resource_id', knex.raw(`COUNT(DISTINCT "owner_kind" || CAST("owner_id" AS TEXT)) AS n`))
          .where('unit', '>=', unitOf(from))
          .andWhere('unit', '<', Math.ceil(to / UNIT_MS))
          .andWhere('resource_kind', kind)
          .groupBy('resource_id');
        if (ids && ids.length <= 500) q.whereIn('resource_id', ids);
        return q;
      });
      for (const r of rows) load.set(Number(r.resource_id), Number(r.n));
      return load;
    },

    /** The owners holding a resource's time inside [from, to), for week calendars. */
    async ownersOf(resource: Resource, from: number, to: number): Promise<Owner[]> {
      const rows: any[] = await run((knex) =>
        knex(SCHEDULE_UNITS_TABLE)
          .distinct('owner_kind', 'owner_id')
          .where({ resource_kind: resource.kind, resource_id: resource.id })
          .andWhere('unit', '>=', unitOf(from))
          .andWhere('unit', '<', Math.ceil(to / UNIT_MS)),
      );
      return rows.map((r) => ({ kind: r.owner_kind, id: Number(r.owner_id) }));
    },
  };
};
