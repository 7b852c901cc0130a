import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput } from '../helpers/fixtures';
import { recomputeLeapfrogVisits } from '../../src/bootstrap/visit-leapfrog';
import { fillFirstRepeatVisits } from '../../src/bootstrap/first-repeat';

/**
 * What keeps the hot paths proportional to the caller's scope at province scale
 * (bench/scale.js measured them at 100,000 to 1,000,000 petitions on PostgreSQL).
 */
let strapi: Core.Strapi;

beforeAll(async () => {
  strapi = await startStrapi();
});
afterAll(async () => {
  await stopStrapi();
});

const sqlite = () => strapi.db.dialect.client === 'sqlite';
/** The test organisations, made once for the file. */
let orgsMade: ReturnType<typeof organisations> | undefined;
const orgsOnce = () => (orgsMade ??= organisations(strapi));

/** The SQL texts a dashboard of this scope runs (the measures service, called as a job would). */
async function dashboardStatements(scope: { level: string; code: string }): Promise<string[]> {
  const statements: string[] = [];
  const knex = strapi.db.connection;
  const listener = (q: { sql: string }) => statements.push(q.sql);
  knex.on('query', listener);
  try {
    await strapi.plugin('fangtiao').service('measures').dashboard({ scope, kind: 'year' });
  } finally {
    knex.removeListener('query', listener);
  }
  return statements;
}

describe('province-scale paths', () => {
  test("a city supervisor's list page (state filter, deadline order) is read from the city's index, not sorted", async () => {
    const knex = strapi.db.connection;
    if (sqlite()) {
      const plan = await knex.raw(
        `EXPLAIN QUERY PLAN SELECT id FROM petitions WHERE city_code = ? AND state = ? ORDER BY due_at LIMIT 25`,
        ['990100', 'accepted'],
      );
      const detail = plan.map((r: any) => r.detail).join('; ');
      expect(detail).toContain('ix_petitions_city_state_due');
      expect(detail).not.toContain('TEMP B-TREE');
    } else {
      const r = await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_petitions_city_state_due'`);
      expect(r.rows[0]?.indexdef).toMatch(/\(city_code, state, due_at\) INCLUDE \(id\)/);
    }
  });

  test("a list page's total (Strapi's count of ids) is answered from the list index alone; an index made before without the id is made again", async () => {
    const knex = strapi.db.connection;
    const count = `SELECT count(t0.id) FROM petitions t0 WHERE t0.state = 'accepted' AND t0.county_code = '990102'`;
    if (sqlite()) {
      const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${count}`)).map((r: any) => r.detail).join('; ');
      expect(plan).toMatch(/COVERING INDEX ix_petitions_county_state_due/);
      return;
    }
    await knex.raw('DROP INDEX "ix_petitions_county_state_due"');
    await knex.raw('CREATE INDEX "ix_petitions_county_state_due" ON petitions (county_code, state, due_at)');
    const { setupDatabase } = require('../../src/database/setup');
    await setupDatabase(strapi);
    const def = await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_petitions_county_state_due'`);
    expect(def.rows[0].indexdef).toMatch(/INCLUDE \(id\)/);
    await knex.raw('VACUUM petitions');
    // A test database is small: the planner is asked for an index path, and it must be the index-only one.
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      return (await trx.raw(`EXPLAIN ${count}`)).rows.map((r: any) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Only Scan using ix_petitions_county_state_due/);
  });

  test('a read by documentId inside a county finds its one row by the documentId, not through the county index', async () => {
    const knex = strapi.db.connection;
    if (sqlite()) {
      // Without the unique index SQLite took ix_petitions_county_state_due: 124 ms at 100,000 petitions per handler check.
      const plan = await knex.raw(`EXPLAIN QUERY PLAN SELECT id FROM petitions WHERE document_id IN (?) AND county_code = ?`, [
        'x',
        '990102',
      ]);
      expect(plan.map((r: any) => r.detail).join('; ')).toContain('ux_petitions_document_id');
    } else {
      const r = await knex.raw(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ux_petitions_document_id'`);
      expect(r.rows[0]?.indexdef).toMatch(/UNIQUE INDEX .*\(document_id\)/);
    }
  });

  test("a dashboard counts the scope's visits and mediation outcomes without walking the province's link tables", async () => {
    const statements = await dashboardStatements({ level: 'county', code: '990102' });
    const ledger = (alias: string, table: string) =>
      statements.filter((s) => new RegExp(`^\\s*WITH b AS \\(\\s*SELECT ${alias}\\.id`).test(s) && s.includes(`FROM "${table}" ${alias}`));
    const visits = ledger('v', 'visits');
    const moves = ledger('m', 'petition_moves');
    expect(visits.length).toBeGreaterThan(0);
    expect(moves.length).toBeGreaterThan(0);
    for (const s of visits) expect(s).not.toContain('visits_petition_lnk');
    for (const s of moves) expect(s).not.toContain('petition_moves_petition_lnk');
  });

  test("a county clerk's name search draws its candidates from the county only (a part of a name has no index to use)", async () => {
    const orgs = await orgsOnce();
    const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
    const other = await makeUser(strapi, 'clerk', '990103', orgs);
    const mine = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102002')!, { parties: [{ name: '欧阳明远' }] }),
    );
    const theirs = await api(strapi, other).post('/api/petitions', petitionInput(orgs.get('990103')!, { parties: [{ name: '欧阳明远' }] }));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const statements: string[] = [];
    const knex = strapi.db.connection;
    const listener = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', listener);
    let res;
    try {
      res = await api(strapi, clerk).get(`/api/petitions/search?q=${encodeURIComponent('明远')}`);
    } finally {
      knex.removeListener('query', listener);
    }
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.documentId)).toEqual([mine.body.data.documentId]);
    const candidates = statements.filter((s) => s.includes('petitions_cmps') && /like|glob/i.test(s));
    expect(candidates.length).toBeGreaterThan(0);
    for (const s of candidates) expect(s).toMatch(/[`"]county_code[`"]/);
  });

  test("a clerk's name-prefix search starts from the name index, not from the cases in scope", async () => {
    const orgs = await orgsOnce();
    // A township's clerk (the county's was made above): the scope is the township's.
    const clerk = await makeUser(strapi, 'clerk', '990102002', orgs);
    const mine = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102002')!, { parties: [{ name: '司马光远' }] }),
    );
    expect(mine.status).toBe(201);
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const knex = strapi.db.connection;
    const listener = (q: { sql: string; bindings: unknown[] }) => statements.push(q);
    knex.on('query', listener);
    let res;
    try {
      res = await api(strapi, clerk).get(`/api/petitions/search?q=${encodeURIComponent('司马')}&by=name`);
    } finally {
      knex.removeListener('query', listener);
    }
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.documentId)).toContain(mine.body.data.documentId);
    const prefix = statements.find((s) => s.sql.includes('petitions_cmps') && /glob|like/i.test(s.sql) && /township_code/.test(s.sql));
    expect(prefix).toBeDefined();
    if (!sqlite()) return; // PostgreSQL plans by its statistics; SQLite by the statement's shape
    // At 100,000 petitions the county-first order took 922 ms a search; the name index first, 2 ms.
    const plan = await knex.raw(`EXPLAIN QUERY PLAN ${prefix!.sql}`, prefix!.bindings as any);
    expect(plan[0].detail).toMatch(/^SEARCH (c|components_case_parties) USING .*INDEX ix_components_case_parties_name/);
    // From the party to its petition without reading the join row (531 → 389 µs a search at 250,000 parties).
    expect(plan[1].detail).toMatch(/USING COVERING INDEX ix_petitions_cmps_cmp_id_owner/);
  });

  test("a dashboard's petitions ledger reads the scope's cases only: no visit link table, no province-wide DISTINCT", async () => {
    const statements = await dashboardStatements({ level: 'city', code: '990100' });
    const petitions = statements.filter((s) => /b0 AS \(\s*SELECT p\.id/.test(s) && s.includes('FROM "petitions" p'));
    expect(petitions.length).toBeGreaterThan(0);
    for (const s of petitions) {
      expect(s).not.toContain('visits_petition_lnk');
      expect(s).not.toMatch(/SELECT DISTINCT/i);
      expect(s).toContain('"first_repeat_at"');
    }
  });

  test('a case keeps its first repeat visit: written with the visit, earliest first, private, and filled once for cases recorded before', async () => {
    const orgs = await orgsOnce();
    const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
    const res = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102')!, { channel: 'letter', firstRepeatAt: '2020-01-01T00:00:00Z' }),
    );
    expect(res.status).toBe(201);
    const id = res.body.data.documentId;
    const row = () => strapi.db.query('api::petition.petition').findOne({ where: { documentId: id }, select: ['id', 'firstRepeatAt'] });
    // The client cannot set it, nor read it.
    expect((await row()).firstRepeatAt).toBeNull();
    expect(res.body.data).not.toHaveProperty('firstRepeatAt');
    // A visit before conclusion is no repeat; after it, it is, and the earliest one stays.
    const visit = (visitedAt: string) =>
      api(strapi, clerk).post(`/api/petitions/${id}/visits`, { data: { channel: 'visit', level: 'county', headcount: 1, visitedAt } });
    expect((await visit('2026-03-01T02:00:00Z')).status).toBe(201);
    expect((await row()).firstRepeatAt).toBeNull();
    await strapi.db
      .query('api::petition.petition')
      .update({ where: { documentId: id }, data: { state: 'concluded', concludedAt: new Date('2026-03-02T02:00:00Z') } });
    expect((await visit('2026-05-01T02:00:00Z')).status).toBe(201);
    expect(new Date((await row()).firstRepeatAt).toISOString()).toBe('2026-05-01T02:00:00.000Z');
    expect((await visit('2026-04-01T02:00:00Z')).status).toBe(201);
    expect((await visit('2026-06-01T02:00:00Z')).status).toBe(201);
    expect(new Date((await row()).firstRepeatAt).toISOString()).toBe('2026-04-01T02:00:00.000Z');
    expect((await api(strapi, clerk).get(`/api/petitions/${id}`)).body.data).not.toHaveProperty('firstRepeatAt');
    // A case recorded before the column: filled from its repeat visits, once per database.
    await strapi.db.query('api::petition.petition').update({ where: { documentId: id }, data: { firstRepeatAt: null } });
    await strapi.store({ type: 'app', name: 'fangtiao', key: 'first-repeat-at' }).delete({});
    expect(await fillFirstRepeatVisits(strapi)).toBeGreaterThanOrEqual(1);
    expect(new Date((await row()).firstRepeatAt).toISOString()).toBe('2026-04-01T02:00:00.000Z');
    await strapi.db.query('api::petition.petition').update({ where: { documentId: id }, data: { firstRepeatAt: null } });
    expect(await fillFirstRepeatVisits(strapi)).toBeNull();
    expect((await row()).firstRepeatAt).toBeNull();
  });

  test('the start-up check of 越级 marks copes with more marked visits than one query may bind, and still corrects a wrong mark', async () => {
    const knex = strapi.db.connection;
    const sqliteDb = sqlite();
    const at = sqliteDb ? Date.now() : new Date();
    const row = (i: number, level: string) => ({
      document_id: `scale-leap-${i}`,
      level,
      is_leapfrog: true,
      visited_at: at,
      created_at: at,
      updated_at: at,
      published_at: at,
    });
    // 70,000: above PostgreSQL's 65,535 bound parameters (and SQLite's 32,766), as a province's database is.
    const rows = Array.from({ length: 70_000 }, (_, i) => row(i, 'province'));
    rows.push(row(70_000, 'city')); // a county's case taken to the city: the level above, lawful, not 越级
    await knex.batchInsert('visits', rows, 500);
    try {
      expect(await recomputeLeapfrogVisits(strapi)).toBe(1);
      const marks = await knex('visits').where('document_id', 'like', 'scale-leap-%').select('level', 'is_leapfrog');
      expect(marks.filter((m: any) => !!m.is_leapfrog).length).toBe(70_000);
      expect(marks.find((m: any) => m.level === 'city').is_leapfrog).toBeFalsy();
    } finally {
      await knex('visits').where('document_id', 'like', 'scale-leap-%').del();
    }
  }, 120_000);
});
