import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { UID } from '../constants';
import { SCOPE_COLUMNS } from '../jurisdiction/scope';
import { isScoped } from '../jurisdiction/document-middleware';
import { createThrottleTable } from '../access/login-throttle';
import { personalKindOf } from '../personal-data/fields';
import { hashAttribute } from '../personal-data/at-rest';
import { installPetitionCounts } from './petition-counts';
import { triggerNames } from './triggers';

/** What Strapi's schema sync does not make: indexes for hot queries, guards, counters. Idempotent. */

const col = (strapi: Core.Strapi, uid: string, attr: string): string =>
  (strapi.db.metadata.get(uid as StrapiUID.Schema).attributes as any)[attr]?.columnName ?? attr;
const table = (strapi: Core.Strapi, uid: string): string => strapi.db.metadata.get(uid as StrapiUID.Schema).tableName;

type IndexOptions = {
  unique?: boolean;
  /**
   * PostgreSQL: the row id carried in the index (INCLUDE), so Strapi's `count(id)` over the
   * indexed columns is an index-only scan (SQLite's indexes hold the row id already). An index
   * of that name made before without it is made again, once.
   */
  includeId?: boolean;
};

async function index(strapi: Core.Strapi, uid: string, name: string, attrs: string[], { unique, includeId }: IndexOptions = {}) {
  const knex = strapi.db.connection;
  const include = includeId && strapi.db.dialect.client === 'postgres' ? ' INCLUDE (id)' : '';
  if (include) {
    const found = await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = ?`, [name]);
    if (found.rows[0] && !/ INCLUDE /.test(found.rows[0].indexdef)) await knex.raw(`DROP INDEX "${name}"`);
  }
  const cols = attrs.map((a) => `"${col(strapi, uid, a)}"`).join(', ');
  await knex.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "${table(strapi, uid)}" (${cols})${include}`);
}

/**
 * Every scoped table gets one index per scope column: the jurisdiction filter is an equality on one of them.
 * And, where a document is one row (no draft and publish, no locales), a unique index on its
 * documentId: a read by documentId inside a request is `document_id = ? AND county_code = ?`, and
 * without statistics SQLite took the county's index for it — a scan of the county's 50,000
 * petitions (124 ms) for each check of who handles a case, instead of one row. Unique, the
 * planner knows the documentId finds at most one.
 */
async function scopeIndexes(strapi: Core.Strapi) {
  for (const [uid, ct] of Object.entries(strapi.contentTypes)) {
    if (!isScoped(ct as any)) continue;
    const t = table(strapi, uid);
    for (const c of SCOPE_COLUMNS) await index(strapi, uid, `ix_${t}_${c}`.slice(0, 60), [c]);
    const options = (ct as { options?: { draftAndPublish?: boolean } }).options;
    const localised = !!(ct as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized;
    if (!options?.draftAndPublish && !localised) await index(strapi, uid, `ux_${t}_document_id`.slice(0, 60), ['documentId'], { unique: true });
  }
}

/**
 * Every personal attribute's keyed hash (`idNumberHash`, `phoneHash`: parties, credit flags)
 * gets an index: exact lookups by ID or phone number and repeat detection are equalities on it.
 * A component holding personal data (the party) is also indexed from its side of the join
 * table (`petitions_cmps.cmp_id`), so that a party found by hash leads to its record in one
 * step; Strapi indexes that table only from the record's side.
 */
async function personalHashIndexes(strapi: Core.Strapi) {
  const models = { ...strapi.contentTypes, ...strapi.components } as Record<string, any>;
  const personalComponents = new Set<string>();
  for (const [uid, model] of Object.entries(models)) {
    for (const [attr, a] of Object.entries<any>(model.attributes ?? {})) {
      if (!personalKindOf(a)) continue;
      const hash = hashAttribute(attr);
      await index(strapi, uid, `ix_${table(strapi, uid)}_${col(strapi, uid, hash)}`.slice(0, 60), [hash]);
      if (uid in strapi.components) personalComponents.add(uid);
    }
  }
  for (const [uid, model] of Object.entries(models)) {
    for (const [attr, a] of Object.entries<any>(model.attributes ?? {})) {
      if (a.type !== 'component' || !personalComponents.has(a.component)) continue;
      const jt = (strapi.db.metadata.get(uid as StrapiUID.Schema).attributes as any)[attr].joinTable;
      // With the record's id in it, the index answers "which record holds this party" alone: a
      // name-prefix search (74 parties a prefix at 250,000) took 531 µs of SQL with the index on
      // (party, field) and a lookup of each join row, 389 µs with this one.
      const name = `ix_${jt.name}_${jt.inverseJoinColumn.name}_owner`.slice(0, 60);
      await strapi.db.connection.raw(
        `CREATE INDEX IF NOT EXISTS "${name}" ON "${jt.name}" ("${jt.inverseJoinColumn.name}", "field", "${jt.joinColumn.name}")`,
      );
      // The index it replaces (same leading columns).
      await strapi.db.connection.raw(`DROP INDEX IF EXISTS "${`ix_${jt.name}_${jt.inverseJoinColumn.name}`.slice(0, 60)}"`);
    }
  }
}

/**
 * Component join tables (`petitions_cmps`) by record, field and component type: populating a
 * record's components filters on the record ids and the field (and, for some shapes, the
 * type); without this index SQLite, which keeps no statistics, picks Strapi's index on `field`
 * or `component_type` alone, which every row matches — a walk of the whole join table per
 * populate (about 200 ms at 250,000 parties; 1.5 ms with it).
 */
async function componentJoinIndexes(strapi: Core.Strapi) {
  for (const [uid, model] of Object.entries(strapi.contentTypes) as Array<[string, any]>) {
    for (const [attr, a] of Object.entries<any>(model.attributes ?? {})) {
      if (a.type !== 'component') continue;
      const jt = (strapi.db.metadata.get(uid as StrapiUID.Schema).attributes as any)[attr].joinTable;
      const name = `ix_${jt.name}_entity_field_type`.slice(0, 60);
      await strapi.db.connection.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "${jt.name}" ("${jt.joinColumn.name}", "field", "component_type")`);
      break; // one index per join table
    }
  }
}

/**
 * Party names, for the search by name prefix (src/personal-data/lookup.ts): SQLite answers
 * `GLOB 'x*'` from a plain index; PostgreSQL answers `LIKE 'x%'` from a text_pattern_ops one
 * (a plain index in a non-C locale does not serve LIKE).
 */
async function partyNameIndex(strapi: Core.Strapi) {
  const t = table(strapi, 'case.party');
  const c = col(strapi, 'case.party', 'name');
  // Parties stored before party kinds had none for some writers: they are natural persons.
  await strapi.db.connection(t).whereNull(col(strapi, 'case.party', 'kind')).update({ [col(strapi, 'case.party', 'kind')]: 'person' });
  const ops = strapi.db.dialect.client === 'postgres' ? ' text_pattern_ops' : '';
  await strapi.db.connection.raw(`CREATE INDEX IF NOT EXISTS "ix_${t}_name" ON "${t}" ("${c}"${ops})`);
}

/** The audit log is append-only down to the database: updates and deletes abort. */
async function auditGuards(strapi: Core.Strapi) {
  const t = table(strapi, UID.auditEntry);
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(
        `CREATE TRIGGER IF NOT EXISTS "${t}_no_${op.toLowerCase()}" BEFORE ${op} ON "${t}" ` +
          `BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`,
      );
    }
  } else if (strapi.db.dialect.client === 'postgres') {
    await knex.raw(
      `CREATE OR REPLACE FUNCTION fangtiao_append_only() RETURNS trigger AS $$ ` +
        `BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql`,
    );
    // Made once: dropping it at every start left the log unguarded between the two statements,
    // and took an ACCESS EXCLUSIVE lock on it while other instances were writing.
    await knex.transaction(async (trx) => {
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('fangtiao_append_only'))`); // instances may boot together
      if (!(await triggerNames(trx, true, `${t}_append_only`)).size)
        await trx.raw(
          `CREATE TRIGGER "${t}_append_only" BEFORE UPDATE OR DELETE ON "${t}" FOR EACH ROW EXECUTE FUNCTION fangtiao_append_only()`,
        );
    });
  }
}

/** Reference-number counters, one row per county and year, bumped atomically (see petition service). */
async function counters(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable('fangtiao_counters'))) {
    await knex.schema.createTable('fangtiao_counters', (t) => {
      t.string('scope', 64).notNullable();
      t.integer('year').notNullable();
      t.integer('last').notNullable();
      t.primary(['scope', 'year']);
    });
  }
}

export async function setupDatabase(strapi: Core.Strapi) {
  await counters(strapi);
  await scopeIndexes(strapi);
  await personalHashIndexes(strapi);
  await partyNameIndex(strapi);
  await componentJoinIndexes(strapi);
  // Unique in the database rather than by a schema check, which costs a query per create.
  await index(strapi, UID.petition, 'ux_petitions_reference_no', ['referenceNo'], { unique: true });
  // A list page is one of these per level: scope, state, then the deadline it is sorted by.
  // Without the city one a city's page combined the city index with every petition of that
  // state in the province (bench/scale.js: 54 ms at 100,000 petitions, 0.3 ms with it). With the
  // id, the page's total is read from the index alone: at a city of a 10,000,000 province
  // (100,000 accepted cases) the count fetched 60,000 heap pages, 390 ms a request (`10m_city`).
  for (const level of ['city', 'county', 'township'])
    await index(strapi, UID.petition, `ix_petitions_${level}_state_due`, [`${level}Code`, 'state', 'dueAt'], { includeId: true });
  await index(strapi, UID.auditEntry, 'ix_audit_target', ['targetDocumentId']);
  await index(strapi, UID.auditEntry, 'ix_audit_at', ['at']);
  await auditGuards(strapi);
  await createThrottleTable(strapi);
  // Every authenticated request looks its session up by id (src/access/sessions.ts); ending a
  // session walks its rotations (childId) and a user's sessions.
  await index(strapi, 'admin::session', 'ix_strapi_sessions_session_id', ['sessionId']);
  await index(strapi, 'admin::session', 'ix_strapi_sessions_child_id', ['childId']);
  await index(strapi, 'admin::session', 'ix_strapi_sessions_user_origin', ['userId', 'origin']);
  // The list's totals, counted by the database as cases are written (petition-counts.ts).
  await installPetitionCounts(strapi);
}
