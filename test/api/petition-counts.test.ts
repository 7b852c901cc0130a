import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, runJobNow, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';
import { COUNTS_TABLE, compactPetitionCounts, installPetitionCounts } from '../../src/database/petition-counts';

/**
 * The list's totals read from the counts the database keeps by triggers on `petitions`
 * (src/database/petition-counts.ts). The counts must equal `GROUP BY` over the cases after every
 * kind of write — the API's, the query engine's, raw SQL, a rollback — and after compaction; a
 * list filtered by state alone must take its total from them, in the caller's scope only.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let township: TestUser;
let city: TestUser;
let west: TestUser;
const pg = process.env.DATABASE_CLIENT === 'postgres';
const KEY = ['city_code', 'county_code', 'township_code', 'village_code', 'state'];

const knex = () => strapi.db.connection;
const rowsOf = (r: any) => (pg ? r.rows : r);

/** Cases per key, counted from `petitions`, and as the counts table sums them. */
async function truth(): Promise<Record<string, number>> {
  const rows = rowsOf(await knex().raw(`SELECT ${KEY.join(', ')}, count(*) AS n FROM petitions GROUP BY ${KEY.join(', ')}`));
  return Object.fromEntries(rows.map((r: any) => [KEY.map((k) => r[k]).join('|'), Number(r.n)]));
}
async function counted(): Promise<Record<string, number>> {
  const rows = rowsOf(
    await knex().raw(`SELECT ${KEY.join(', ')}, SUM(n) AS n FROM ${COUNTS_TABLE} GROUP BY ${KEY.join(', ')} HAVING SUM(n) <> 0`),
  );
  return Object.fromEntries(rows.map((r: any) => [KEY.map((k) => r[k]).join('|'), Number(r.n)]));
}
const countRows = async () => Number(rowsOf(await knex().raw(`SELECT count(*) AS n FROM ${COUNTS_TABLE}`))[0].n);

async function register(who: TestUser, org: string, subject: string) {
  const res = await api(strapi, who).post('/api/petitions', petitionInput(orgs.get(org)!, { subject }));
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
}

async function total(who: TestUser, query: string) {
  const res = await api(strapi, who).get(`/api/petitions?${query}&pagination[pageSize]=1`);
  expect(res.status).toBe(200);
  return res.body.meta.pagination.total as number;
}
/** The total as counted row by row (the counts off). */
async function rowTotal(who: TestUser, query: string) {
  process.env.FANGTIAO_LIST_COUNTS = 'off';
  try {
    return await total(who, query);
  } finally {
    delete process.env.FANGTIAO_LIST_COUNTS;
  }
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  township = await makeUser(strapi, 'clerk', '990102001', orgs);
  city = await makeUser(strapi, 'supervisor', '990100', orgs);
  west = await makeUser(strapi, 'clerk', '990103', orgs);
  for (let i = 0; i < 9; i += 1) {
    const [who, org] = i % 3 === 2 ? [west, '990103'] : i % 2 ? [township, '990102001'] : [clerk, '990102'];
    await register(who, org, `计数事项${i}`);
  }
});
afterAll(stopStrapi);

const SHAPES = [
  '',
  'filters[state][$eq]=registered',
  'filters[state][$eq]=accepted',
  'filters[state][$in][0]=accepted&filters[state][$in][1]=registered',
  'filters[state][$ne]=registered',
  'filters[state][$notIn][0]=registered&filters[state][$notIn][1]=concluded',
];

test('registrations are counted as they are written', async () => {
  expect(await countRows()).toBeGreaterThan(0);
  expect(await counted()).toEqual(await truth());
});

test('every scope’s total by state equals the rows’ count, for each caller', async () => {
  const [first] = (await api(strapi, clerk).get('/api/petitions?pagination[pageSize]=1')).body.data;
  const move = await api(strapi, clerk).post(`/api/petitions/${first.documentId}/transition`, { action: 'accept', input: {} });
  expect(move.status).toBe(200);
  for (const who of [clerk, township, city, west])
    for (const shape of SHAPES)
      expect({ who: who.org, shape, n: await total(who, shape) }).toEqual({ who: who.org, shape, n: await rowTotal(who, shape) });
  expect(await total(clerk, 'filters[state][$eq]=accepted')).toBeGreaterThan(0);
  expect(await counted()).toEqual(await truth());
});

test('a list filtered by state alone takes its total from the counts, in the caller’s scope only', async () => {
  const accepted = 'filters[state][$eq]=accepted';
  const before = {
    clerk: await total(clerk, accepted),
    township: await total(township, accepted),
    city: await total(city, accepted),
    west: await total(west, accepted),
  };
  // A row no case stands behind, in township 990102001: every scope above it sees it, the west county does not.
  await knex()(COUNTS_TABLE).insert({ city_code: '990100', county_code: '990102', township_code: '990102001', state: 'accepted', n: 1000 });
  try {
    expect(await total(clerk, accepted)).toBe(before.clerk + 1000);
    expect(await total(township, accepted)).toBe(before.township + 1000);
    expect(await total(city, accepted)).toBe(before.city + 1000);
    expect(await total(west, accepted)).toBe(before.west);
    expect(await total(clerk, 'filters[state][$ne]=registered')).toBe((await rowTotal(clerk, 'filters[state][$ne]=registered')) + 1000);
    // Any other filter, or the counts off: the rows are counted.
    expect(await total(clerk, `${accepted}&filters[channel][$eq]=visit`)).toBe(
      await rowTotal(clerk, `${accepted}&filters[channel][$eq]=visit`),
    );
    expect(await rowTotal(clerk, accepted)).toBe(before.clerk);
  } finally {
    await knex()(COUNTS_TABLE).where({ n: 1000 }).del();
  }
  expect(await total(clerk, accepted)).toBe(before.clerk);
});

test('moves between scopes, deletes, raw bulk inserts and rolled-back writes keep the counts', async () => {
  const P = strapi.db.query(UID.petition);
  const [a, b] = await P.findMany({ where: { countyCode: '990102' }, select: ['id'], orderBy: { id: 'asc' }, limit: 2 });
  // A case moved to the west county (what a transfer writes), another one's state changed.
  await P.update({ where: { id: a.id }, data: { countyCode: '990103', townshipCode: null, state: 'in_mediation' } });
  // A write that changes nothing counted appends nothing.
  const rows = await countRows();
  await P.update({ where: { id: b.id }, data: { subject: '只改事由' } });
  expect(await countRows()).toBe(rows);
  // A bulk copy in one statement, then a delete.
  const cols = rowsOf(
    await knex().raw(
      pg
        ? `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'petitions' AND column_name <> 'id'`
        : `SELECT name FROM pragma_table_info('petitions') WHERE name <> 'id'`,
    ),
  ).map((r: any) => `"${r.name}"`);
  const fresh: Record<string, string> = { '"document_id"': `'bulk' || s.g`, '"reference_no"': `'B-' || s.g` };
  const pick = cols.map((c: string) => fresh[c] ?? `t.${c}`);
  await knex().raw(
    `WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 50) ` +
      `INSERT INTO petitions (${cols.join(', ')}) SELECT ${pick.join(', ')} FROM petitions t, s WHERE t.id = ?`,
    [b.id],
  );
  expect(await countRows()).toBeLessThan(rows + (pg ? 10 : 60)); // PostgreSQL appends one row per key of a statement
  expect(await counted()).toEqual(await truth());
  await P.deleteMany({ where: { documentId: { $startsWith: 'bulk' } } });
  await P.delete({ where: { id: b.id } });
  // A transaction that writes and then fails leaves nothing.
  const snapshot = await counted();
  await expect(
    strapi.db.transaction(async () => {
      await P.update({ where: { id: a.id }, data: { state: 'concluded' } });
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(await counted()).toEqual(snapshot);
  expect(await counted()).toEqual(await truth());
});

test('the hourly job folds the appended rows into one per key, and the totals stay', async () => {
  const before = await countRows();
  const sums = await counted();
  const run = await runJobNow(await adminSession(strapi), 'petition-counts');
  expect(run.status).toBe('done');
  expect(run.counts.folded).toBeGreaterThan(0);
  expect(await countRows()).toBe(before - run.counts.folded);
  expect(await countRows()).toBe(Object.keys(sums).length);
  expect(await counted()).toEqual(sums);
  expect(await compactPetitionCounts(strapi)).toBe(0);
});

test('triggers lost to a schema rebuild are made again at start, and the counts filled anew', async () => {
  expect(await installPetitionCounts(strapi)).toEqual({ filled: false });
  const names = pg
    ? rowsOf(await knex().raw(`SELECT tgname AS name FROM pg_trigger WHERE tgname LIKE '${COUNTS_TABLE}%'`))
    : await knex().raw(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${COUNTS_TABLE}%'`);
  expect(names.length).toBe(pg ? 4 : 3);
  for (const { name } of names) await knex().raw(`DROP TRIGGER "${name}"${pg ? ' ON petitions' : ''}`);
  // Written while the triggers are gone: not counted...
  await register(clerk, '990102', '无触发器时登记');
  expect(await counted()).not.toEqual(await truth());
  // ...until the next start.
  expect(await installPetitionCounts(strapi)).toEqual({ filled: true });
  expect(await counted()).toEqual(await truth());
  await register(clerk, '990102', '触发器恢复后登记');
  expect(await counted()).toEqual(await truth());
  // A table without one of the key columns (a column renamed since) is made again, and filled.
  await knex().raw(`DROP TABLE ${COUNTS_TABLE}`);
  await knex().raw(`CREATE TABLE ${COUNTS_TABLE} (id INTEGER PRIMARY KEY, city_code VARCHAR(255), n INTEGER)`);
  expect(await installPetitionCounts(strapi)).toEqual({ filled: true });
  expect(await counted()).toEqual(await truth());
  await register(clerk, '990102', '计数表重建后登记');
  expect(await counted()).toEqual(await truth());
});

if (pg) {
  test('PostgreSQL: two open transactions moving cases of one township, and a compaction between them, never wait on each other', async () => {
    const ids = (await strapi.db.query(UID.petition).findMany({ where: { townshipCode: '990102001' }, select: ['id'], limit: 2 })).map(
      (r) => r.id,
    );
    expect(ids).toHaveLength(2);
    const t1 = await knex().transaction();
    const t2 = await knex().transaction();
    const within = async <T>(p: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('blocked')), 3000)))]);
      } finally {
        clearTimeout(timer);
      }
    };
    try {
      await within(t1('petitions').where({ id: ids[0] }).update({ state: 'accepted' }));
      await within(t2('petitions').where({ id: ids[1] }).update({ state: 'registered' }));
      // The compaction commits while both hold appended rows it cannot see: they are neither lost nor folded twice.
      await within(compactPetitionCounts(strapi));
      await t2.commit();
      await t1.commit();
    } catch (e) {
      await t1.rollback().catch(() => {});
      await t2.rollback().catch(() => {});
      throw e;
    }
    expect(await counted()).toEqual(await truth());
    await compactPetitionCounts(strapi);
    expect(await counted()).toEqual(await truth());
  });
}
