'use strict';
/**
 * A province's case data built inside PostgreSQL, set-based (INSERT … SELECT over
 * generate_series, no row-by-row round trips), on a database whose schema and template rows
 * the app made: 11 cities, 90 counties and 1,300 townships in the organisation tree; N
 * petitions spread evenly over the townships, each with 2 or 3 parties (2.5 on average), 5
 * visits, the moves its state implies (~2.7 on average), a mediation agreement and a pledge
 * where mediation succeeded, and a credit flag per 500 petitions.
 *
 * Personal data as the app keeps it: every party's ID and phone numbers carry a distinct keyed
 * hash under the app's key (pgcrypto `hmac`, the same HMAC-SHA-256 base64url the app computes);
 * the stored ciphertext is the template's, re-encrypted per row only for the sample the bench
 * looks up (`samplePeople`).
 *
 * Secondary indexes and foreign keys of the big tables are dropped before the load and made
 * again after it (then VACUUM and ANALYZE), as a bulk load should.
 */
const crypto = require('crypto');
const { SURNAMES, GIVEN, idNumber } = require('./people');

const CITIES = 11;
const COUNTIES = 90;
const TOWNSHIPS = 1_300;
const DAY = "interval '1 day'";
const OPEN = ['registered', 'accepted', 'in_mediation', 'unit_handling', 'leader_handling'];

/** Tables the load fills; their secondary indexes and foreign keys are rebuilt after it. */
const BIG = [
  'petitions',
  'petitions_cmps',
  'components_case_parties',
  'petitions_organisation_lnk',
  'petitions_case_type_lnk',
  'visits',
  'visits_petition_lnk',
  'petition_moves',
  'petition_moves_petition_lnk',
  'fangtiao_documents',
  'fangtiao_documents_petition_lnk',
  'fangtiao_credit_flags',
  'fangtiao_credit_flags_petition_lnk',
];

const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

/**
 * A petition's mix key: i plus its round over the townships, so that every township (i % 1300)
 * gets every state (20 divides 1,300: i % 20 alone would give a township one or two states).
 */
const keyOf = (i) => `((${i}) + (${i}) / ${TOWNSHIPS})`;
/** State of petition i (1-based): 10% registered, 30% open after acceptance, 40% concluded, 15% closed, 5% referred. */
const stateOf = (i) =>
  `(CASE ${keyOf(i)} % 20 WHEN 0 THEN 'registered' WHEN 1 THEN 'registered' WHEN 2 THEN 'accepted' WHEN 3 THEN 'accepted' ` +
  `WHEN 4 THEN 'in_mediation' WHEN 5 THEN 'in_mediation' WHEN 6 THEN 'unit_handling' WHEN 7 THEN 'leader_handling' ` +
  `WHEN 16 THEN 'closed' WHEN 17 THEN 'closed' WHEN 18 THEN 'closed' WHEN 19 THEN 'referred_legal' ELSE 'concluded' END)`;
const isOpen = (i) => `(${keyOf(i)} % 20 < 8)`;
const isDone = (i) => `(${keyOf(i)} % 20 >= 8 AND ${keyOf(i)} % 20 <> 19)`;
/** Half the concluded cases were mediated (agreement and pledge), half handled by the unit. */
const isMediated = (i) => `(${keyOf(i)} / 20 % 2 = 0)`;
/** Open cases were registered in the last 120 days, the others over the last three years. */
const regOf = (i, now) =>
  `(${now} - (CASE WHEN ${isOpen(i)} THEN (${i}::bigint * 7919) % 120 ELSE (${i}::bigint * 7919) % 1095 END) * ${DAY} - (${i} % 86400) * interval '1 second')`;

/**
 * An event `offset` after registration. When the case's last event of the kind (`last`, its
 * offset) would still be ahead, every one of them is put the fraction `frac` of the way from
 * registration to now instead, keeping their order. (Cut at now, each such event of the province
 * fell on the build's instant: a pile of "today's" events no real day has, which the dashboards'
 * live part then read.)
 */
const pastOrSpread = (reg, offset, frac, now, last = offset) =>
  `(CASE WHEN ${reg} + ${last} < ${now} THEN ${reg} + ${offset} ELSE ${reg} + (${now} - ${reg}) * (${frac})::float8 END)`;

/** HMAC-SHA-256 in base64url without padding, as src/personal-data/cipher.ts lookupHash. */
const hmacExpr = (text, keyHex) =>
  `translate(rtrim(encode(hmac(convert_to(${text}, 'UTF8'), decode('${keyHex}', 'hex'), 'sha256'), 'base64'), '='), '+/', '-_')`;

async function columns(c, table) {
  const r = await c.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'id' ORDER BY ordinal_position`,
    [table],
  );
  return r.rows.map((x) => x.column_name);
}

/** INSERT … SELECT copying the newest row of `table` matching `tplWhere`, with `set` (column → SQL) over `from` (aliases g, tp). */
async function copy(c, table, tplWhere, from, set, where = '') {
  const cols = await columns(c, table);
  const exprs = cols.map((k) => (k in set ? set[k] : `tp."${k}"`));
  const extra = Object.keys(set).filter((k) => k === 'id');
  const sql =
    `INSERT INTO "${table}" (${[...extra, ...cols].map((k) => `"${k}"`).join(', ')}) ` +
    `SELECT ${[...extra.map((k) => set[k]), ...exprs].join(', ')} FROM ${from} ` +
    // LEFT JOIN: with no template row (no visit yet) the unset columns are NULL.
    `LEFT JOIN (SELECT * FROM "${table}" WHERE ${tplWhere} ORDER BY id DESC LIMIT 1) tp ON true ${where}`;
  const r = await c.query(sql);
  return r.rowCount;
}

const maxId = async (c, table) => Number((await c.query(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}"`)).rows[0].m);

/** Saves and drops the secondary indexes, unique constraints and foreign keys of `tables`; returns what rebuilds them. */
async function dropIndexes(c, tables) {
  const rebuild = [];
  for (const t of tables) {
    const fks = await c.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`,
      [t],
    );
    for (const f of fks.rows) {
      await c.query(`ALTER TABLE "${t}" DROP CONSTRAINT "${f.conname}"`);
      rebuild.push(`ALTER TABLE "${t}" ADD CONSTRAINT "${f.conname}" ${f.def}`);
    }
  }
  for (const t of tables) {
    const ix = await c.query(
      `SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def, con.conname, pg_get_constraintdef(con.oid) AS condef
       FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
       WHERE i.indrelid = $1::regclass AND NOT i.indisprimary`,
      [t],
    );
    for (const x of ix.rows) {
      if (x.conname) {
        await c.query(`ALTER TABLE "${t}" DROP CONSTRAINT "${x.conname}"`);
        rebuild.unshift(`ALTER TABLE "${t}" ADD CONSTRAINT "${x.conname}" ${x.condef}`);
      } else {
        await c.query(`DROP INDEX "${x.name}"`);
        rebuild.unshift(x.def);
      }
    }
  }
  return rebuild; // indexes first, then the foreign keys (which want the referenced keys)
}

/** Cities, counties and townships (codes as the demo's: 990100 → 990102 → 990102001); the demo's rows are kept. */
async function organisations(c, now) {
  await c.query(`DROP TABLE IF EXISTS bench_scale_towns`);
  await c.query(
    `CREATE UNLOGGED TABLE bench_scale_towns AS
     SELECT t AS n, county || lpad((t / ${COUNTIES} + 1)::text, 3, '0') AS code, county, city
     FROM (SELECT t, '99' || lpad((t % ${COUNTIES} % ${CITIES} + 1)::text, 2, '0') || lpad((t % ${COUNTIES} / ${CITIES} + 2)::text, 2, '0') AS county,
                  '99' || lpad((t % ${COUNTIES} % ${CITIES} + 1)::text, 2, '0') || '00' AS city
           FROM generate_series(0, ${TOWNSHIPS - 1}) t) x`,
  );
  const orgs = [
    [
      `SELECT DISTINCT city AS code, NULL AS parent, 'city' AS level, city AS city_code, NULL AS county_code, NULL AS township_code FROM bench_scale_towns`,
      '市',
    ],
    [
      `SELECT DISTINCT county AS code, city AS parent, 'county' AS level, city AS city_code, county AS county_code, NULL AS township_code FROM bench_scale_towns`,
      '区',
    ],
    [
      `SELECT code, county AS parent, 'township' AS level, city AS city_code, county AS county_code, code AS township_code FROM bench_scale_towns`,
      '镇',
    ],
  ];
  let base = await maxId(c, 'organisations');
  for (const [sql, suffix] of orgs) {
    await c.query(
      `INSERT INTO organisations (id, document_id, name, code, level, city_code, county_code, township_code, created_at, updated_at, published_at)
       SELECT ${base} + row_number() OVER (ORDER BY o.code), substr(md5('org' || o.code), 1, 24), '模拟' || o.code || '${suffix}', o.code, o.level,
              o.city_code, o.county_code, o.township_code, ${now}, ${now}, ${now}
       FROM (${sql}) o WHERE NOT EXISTS (SELECT 1 FROM organisations x WHERE x.code = o.code)`,
    );
    await c.query(
      `INSERT INTO organisations_parent_lnk (organisation_id, inv_organisation_id)
       SELECT o.id, p.id FROM organisations o JOIN (${sql}) s ON s.code = o.code JOIN organisations p ON p.code = s.parent
       WHERE o.id > ${base}`,
    );
    base = await maxId(c, 'organisations');
  }
  await c.query(`ALTER TABLE bench_scale_towns ADD COLUMN org_id integer`);
  await c.query(`UPDATE bench_scale_towns t SET org_id = o.id FROM organisations o WHERE o.code = t.code`);
  await c.query(`CREATE UNIQUE INDEX ON bench_scale_towns (n)`);
  return Number((await c.query(`SELECT COUNT(*) AS n FROM organisations WHERE level IN ('city', 'county', 'township')`)).rows[0].n);
}

/**
 * Builds `n` petitions and everything around them. `tpl`: ids of the rows the app wrote that
 * the load copies (petition with its case type and 20-field form, party). Returns per-step
 * seconds and row counts.
 */
async function build(c, { n: base, keyHex, log, dense = null }) {
  const now = `'${new Date().toISOString().replace('T', ' ').replace('Z', '')}'::timestamp`;
  const steps = {};
  const rows = {};
  const step = async (name, fn) => {
    const t0 = process.hrtime.bigint();
    const r = await fn();
    steps[name] = Number(process.hrtime.bigint() - t0) / 1e9;
    if (typeof r === 'number') rows[name] = r;
    log(`  ${name}: ${steps[name].toFixed(1)} s${typeof r === 'number' ? `, ${r} rows` : ''}`);
  };
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET maintenance_work_mem = '512MB'`);
  await c.query(`SET work_mem = '64MB'`);
  await c.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

  const tplPetition = (await c.query(`SELECT id FROM petitions WHERE form_data IS NOT NULL ORDER BY id DESC LIMIT 1`)).rows[0].id;
  const tplCaseType = (await c.query(`SELECT case_type_id AS id FROM petitions_case_type_lnk WHERE petition_id = $1`, [tplPetition]))
    .rows[0]?.id;
  const tplParty = (
    await c.query(`SELECT cmp_id AS id FROM petitions_cmps WHERE entity_id = $1 AND field = 'parties' ORDER BY "order" LIMIT 1`, [
      tplPetition,
    ])
  ).rows[0].id;

  let rebuild;
  await step('organisations', () => organisations(c, now));
  // A dense city: its townships get `dense.factor` times the petitions, the rest of the province
  // stays at `base` (petitions past `base` go round that city's townships only).
  let n = base;
  let townOf = (x) => `(${x}) % ${TOWNSHIPS}`;
  if (dense) {
    const mine = (await c.query(`SELECT n FROM bench_scale_towns WHERE city = $1 ORDER BY n`, [dense.city])).rows.map((r) => Number(r.n));
    const inCity = Number(
      (await c.query(`SELECT count(*) AS k FROM generate_series(1, ${base}) i WHERE i % ${TOWNSHIPS} = ANY($1::int[])`, [mine])).rows[0].k,
    );
    n = base + (dense.factor - 1) * inCity;
    townOf = (x) =>
      `(CASE WHEN (${x}) <= ${base} THEN (${x}) % ${TOWNSHIPS} ELSE (ARRAY[${mine.join(',')}])[1 + (${x}) % ${mine.length}] END)`;
    log(`  dense city ${dense.city}: ${inCity} × ${dense.factor} petitions, ${n} in all`);
  }
  await step('drop_indexes', async () => {
    rebuild = await dropIndexes(c, BIG);
  });
  const pBase = await maxId(c, 'petitions');
  const I = 'g.i';
  const towns = `JOIN bench_scale_towns tw ON tw.n = ${townOf(I)}`;
  const series = (count, alias = 'i') => `generate_series(1, ${count}) AS g(${alias})`;

  await step('petitions', () =>
    copy(c, 'petitions', `id = ${tplPetition}`, `${series(n)} ${towns}`, {
      id: `${pBase} + ${I}`,
      document_id: `substr(md5('p' || ${I}), 1, 24)`,
      reference_no: `tw.county || '-S-' || lpad(${I}::text, 8, '0')`,
      subject: `'邻里纠纷（模拟）' || ${I}`,
      state: stateOf(I),
      registered_at: regOf(I, now),
      acceptance_due_at: `${regOf(I, now)} + 15 * ${DAY}`,
      accepted_at: `CASE WHEN ${keyOf(I)} % 20 < 2 THEN NULL ELSE ${regOf(I, now)} + 3 * ${DAY} END`,
      conclusion_due_at: `CASE WHEN ${keyOf(I)} % 20 < 2 THEN NULL ELSE ${regOf(I, now)} + 63 * ${DAY} END`,
      due_at: `CASE WHEN ${keyOf(I)} % 20 < 2 THEN ${regOf(I, now)} + 15 * ${DAY} WHEN ${isOpen(I)} THEN ${regOf(I, now)} + 63 * ${DAY} ELSE NULL END`,
      concluded_at: `CASE WHEN ${isDone(I)} THEN ${pastOrSpread(regOf(I, now), `(3 + ${I} % 80) * ${DAY}`, '0.5', now, `(13 + ${I} % 80) * ${DAY}`)} END`,
      closed_at: `CASE WHEN ${keyOf(I)} % 20 IN (16, 17, 18) THEN ${pastOrSpread(regOf(I, now), `(13 + ${I} % 80) * ${DAY}`, '0.8', now)} END`,
      is_backlog: `(${isOpen(I)} AND ${regOf(I, now)} + 63 * ${DAY} < ${now})`,
      is_repeat: 'false',
      visit_count: '5',
      // Its first repeat visit (the visits below: the 2nd of its five, 4 days and an hour after registration), as recording it keeps it.
      first_repeat_at: pastOrSpread(
        regOf(I, now),
        `4 * ${DAY} + interval '1 hour'`,
        '1::float8 / 5',
        now,
        `16 * ${DAY} + interval '4 hours'`,
      ),
      extension_days: '0',
      return_visit: `CASE WHEN ${isDone(I)} AND ${I} % 3 = 0 THEN jsonb_build_object('result', (ARRAY['satisfied', 'satisfied', 'basically_satisfied', 'not_satisfied'])[1 + ${I} % 4], 'at', to_char(${pastOrSpread(regOf(I, now), `(6 + ${I} % 80) * ${DAY}`, '0.6', now, `(13 + ${I} % 80) * ${DAY}`)}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'by', 1) END`,
      city_code: 'tw.city',
      county_code: 'tw.county',
      township_code: 'tw.code',
      village_code: 'NULL',
      created_at: regOf(I, now),
      updated_at: regOf(I, now),
    }),
  );
  await step('petition_links', async () => {
    let k = (
      await c.query(
        `INSERT INTO petitions_organisation_lnk (petition_id, organisation_id) SELECT ${pBase} + ${I}, tw.org_id FROM ${series(n)} ${towns}`,
      )
    ).rowCount;
    if (tplCaseType)
      k += (
        await c.query(
          `INSERT INTO petitions_case_type_lnk (petition_id, case_type_id) SELECT ${pBase} + ${I}, ${tplCaseType} FROM ${series(n)}`,
        )
      ).rowCount;
    return k;
  });

  // Parties: petitions in pairs hold 2 + 3; party p (0-based) belongs to petition 2*(p/5) + (p%5 < 2 ? 1 : 2).
  const parties = Math.floor(n / 2) * 5;
  const cBase = await maxId(c, 'components_case_parties');
  const P = '(g.p - 1)';
  const pet = `(2 * (${P} / 5) + CASE WHEN ${P} % 5 < 2 THEN 1 ELSE 2 END)`;
  const ord = `(CASE WHEN ${P} % 5 < 2 THEN ${P} % 5 + 1 ELSE ${P} % 5 - 1 END)`;
  const S = lit(SURNAMES.join(''));
  const G = lit(GIVEN.join(''));
  const ch = (set, expr, len) => `substr(${set}::text, (1 + (${expr}) % ${len})::int, 1)`;
  const name =
    `${ch(S, `${P}::bigint * 7`, SURNAMES.length)} || ${ch(G, `${P}::bigint * 13`, GIVEN.length)} || ` +
    `CASE WHEN (${P} >> 2) % 3 <> 0 THEN ${ch(G, `${P}::bigint * 31 + 5`, GIVEN.length)} ELSE '' END`;
  await step('parties', () =>
    copy(c, 'components_case_parties', `id = ${tplParty}`, series(parties, 'p'), {
      id: `${cBase} + g.p`,
      kind: `'person'`,
      role: `CASE WHEN ${ord} = 1 THEN 'petitioner' ELSE 'respondent' END`,
      name,
      id_number_hash: hmacExpr(`'I' || g.p`, keyHex),
      phone_hash: hmacExpr(`'T' || g.p`, keyHex),
      agent_for: 'NULL',
    }),
  );
  await step(
    'party_links',
    async () =>
      (
        await c.query(
          `INSERT INTO petitions_cmps (entity_id, cmp_id, component_type, field, "order") SELECT ${pBase} + ${pet}, ${cBase} + g.p, 'case.party', 'parties', ${ord} FROM ${series(parties, 'p')}`,
        )
      ).rowCount,
  );

  // Five visits a petition, days apart; about 10% at county level or above (2.5% city, 0.5% province).
  const vBase = await maxId(c, 'visits');
  const V = '(g.v - 1)';
  const vi = `(${V} / 5 + 1)`;
  const h = `((${V}::bigint * 2654435761) % 1000)`;
  const level = `(CASE WHEN ${h} < 450 THEN 'village' WHEN ${h} < 900 THEN 'township' WHEN ${h} < 970 THEN 'county' WHEN ${h} < 995 THEN 'city' ELSE 'province' END)`;
  await step('visits', () =>
    copy(c, 'visits', 'true', `${series(n * 5, 'v')} JOIN bench_scale_towns tw ON tw.n = ${townOf(vi)}`, {
      id: `${vBase} + g.v`,
      document_id: `substr(md5('v' || g.v), 1, 24)`,
      visited_at: pastOrSpread(
        regOf(vi, now),
        `(${V} % 5) * 4 * ${DAY} + (${V} % 5) * interval '1 hour'`,
        `(${V} % 5)::float8 / 5`,
        now,
        `16 * ${DAY} + interval '4 hours'`,
      ),
      channel: `'visit'`,
      level,
      headcount: '1',
      note: 'NULL',
      is_repeat: `(${V} % 5 > 0)`,
      is_leapfrog: `(${h} >= 970)`,
      is_non_performance: 'false',
      city_code: 'tw.city',
      county_code: 'tw.county',
      township_code: 'tw.code',
      village_code: 'NULL',
      created_at: now,
      updated_at: now,
      published_at: now,
    }),
  );
  await step(
    'visit_links',
    async () =>
      (
        await c.query(
          `INSERT INTO visits_petition_lnk (visit_id, petition_id) SELECT ${vBase} + g.v, ${pBase} + ${vi} FROM ${series(n * 5, 'v')}`,
        )
      ).rowCount,
  );

  // Moves: up to four a petition, as its state implies (accept, divert / assign, the outcome, close).
  const mBase = await maxId(c, 'petition_moves');
  const M = '(g.m - 1)';
  const mi = `(${M} / 4 + 1)`;
  const k = `(${M} % 4)`;
  const st = 'g.st';
  const mediated = 'g.mediated';
  const action =
    `(CASE WHEN ${k} = 0 THEN CASE WHEN ${st} <> 'registered' THEN 'accept' END ` +
    `WHEN ${k} = 1 THEN CASE WHEN ${st} IN ('in_mediation', 'leader_handling', 'referred_legal') OR (${st} IN ('concluded', 'closed') AND ${mediated}) THEN 'divert' ` +
    `WHEN ${st} IN ('unit_handling', 'concluded', 'closed') THEN 'assign_unit' END ` +
    `WHEN ${k} = 2 THEN CASE WHEN ${st} = 'leader_handling' THEN 'escalate_leader' WHEN ${st} = 'referred_legal' THEN 'mediation_failure' ` +
    `WHEN ${st} IN ('concluded', 'closed') THEN CASE WHEN ${mediated} THEN 'mediation_success' ELSE 'conclude' END END ` +
    `WHEN ${k} = 3 THEN CASE WHEN ${st} = 'closed' THEN 'close' END END)`;
  const toState =
    `(CASE ${action} WHEN 'accept' THEN 'accepted' WHEN 'divert' THEN 'in_mediation' WHEN 'assign_unit' THEN 'unit_handling' WHEN 'escalate_leader' THEN 'leader_handling' ` +
    `WHEN 'mediation_failure' THEN 'referred_legal' WHEN 'mediation_success' THEN 'concluded' WHEN 'conclude' THEN 'concluded' ELSE 'closed' END)`;
  const fromState =
    `(CASE ${action} WHEN 'accept' THEN 'registered' WHEN 'divert' THEN 'accepted' WHEN 'assign_unit' THEN 'accepted' WHEN 'escalate_leader' THEN 'in_mediation' ` +
    `WHEN 'mediation_failure' THEN 'in_mediation' WHEN 'mediation_success' THEN 'in_mediation' WHEN 'conclude' THEN 'unit_handling' ELSE 'concluded' END)`;
  const moveAt = pastOrSpread(
    regOf(mi, now),
    `(3 + ${k} * (5 + ${mi} % 20)) * ${DAY}`,
    `(${k} + 1)::float8 / 5`,
    now,
    `(3 + 3 * (5 + ${mi} % 20)) * ${DAY}`,
  );
  await step('moves', () =>
    copy(
      c,
      'petition_moves',
      'true',
      `(SELECT g.m, ${stateOf(mi)} AS st, ${isMediated(mi)} AS mediated FROM ${series(n * 4, 'm')}) g JOIN bench_scale_towns tw ON tw.n = ${townOf(mi)}`,
      {
        id: `${mBase} + g.m`,
        document_id: `substr(md5('m' || g.m), 1, 24)`,
        action,
        from_state: fromState,
        to_state: toState,
        reason: 'NULL',
        input: 'NULL',
        actor_role: `'clerk'`,
        at: moveAt,
        city_code: 'tw.city',
        county_code: 'tw.county',
        township_code: 'tw.code',
        village_code: 'NULL',
        created_at: moveAt,
        updated_at: moveAt,
      },
      `WHERE ${action} IS NOT NULL`,
    ),
  );
  await step(
    'move_links',
    async () =>
      (
        await c.query(
          `INSERT INTO petition_moves_petition_lnk (petition_move_id, petition_id) SELECT id, ${pBase} + ((id - ${mBase} - 1) / 4 + 1) FROM petition_moves WHERE id > ${mBase}`,
        )
      ).rowCount,
  );

  // Documents: a mediation agreement and a pledge for every petition concluded by mediation.
  const dBase = await maxId(c, 'fangtiao_documents');
  const D = '(g.d - 1)';
  const di = `(${D} / 2 + 1)`;
  const kind = `(CASE WHEN ${D} % 2 = 0 THEN 'mediation-agreement' ELSE 'no-further-petition-pledge' END)`;
  const docAt = pastOrSpread(regOf(di, now), `(3 + 2 * (5 + ${di} % 20)) * ${DAY}`, '0.6', now);
  await step('documents', () =>
    copy(
      c,
      'fangtiao_documents',
      'true',
      `${series(n * 2, 'd')} JOIN bench_scale_towns tw ON tw.n = ${townOf(di)}`,
      {
        id: `${dBase} + g.d`,
        document_id: `substr(md5('d' || g.d), 1, 24)`,
        kind,
        title: `CASE WHEN ${D} % 2 = 0 THEN '人民调解协议书' ELSE '息访承诺书' END`,
        subject_key: `'petition:' || substr(md5('p' || ${di}), 1, 24)`,
        version: '1',
        sha_256: `encode(digest('d' || g.d, 'sha256'), 'hex')`,
        verification_code: `upper(substr(md5('vc' || g.d), 1, 12))`,
        issued_at: docAt,
        file_key: `'bench/' || g.d || '.pdf'`,
        city_code: 'tw.city',
        county_code: 'tw.county',
        township_code: 'tw.code',
        village_code: 'NULL',
        created_at: docAt,
        updated_at: docAt,
      },
      `WHERE ${isDone(di)} AND ${isMediated(di)}`,
    ),
  );
  await step(
    'document_links',
    async () =>
      (
        await c.query(
          `INSERT INTO fangtiao_documents_petition_lnk (generated_document_id, petition_id) SELECT id, ${pBase} + ((id - ${dBase} - 1) / 2 + 1) FROM fangtiao_documents WHERE id > ${dBase}`,
        )
      ).rowCount,
  );

  // Credit flags: one per 500 petitions, active, retention ending over the next five years (some due today).
  const fBase = await maxId(c, 'fangtiao_credit_flags');
  const flags = Math.floor(n / 500);
  const fi = `((g.f - 1) * 500 + 1)`;
  await step('credit_flags', async () => {
    const ciphertext = (await c.query(`SELECT id_number FROM components_case_parties WHERE id = $1`, [tplParty])).rows[0].id_number;
    return (
      await c.query(
        `INSERT INTO fangtiao_credit_flags (id, document_id, person_name, id_number, id_number_hash, facts, state, proposed_at, reviewed_at, notified_at,
         notice_delivered_at, active_from, expires_at, city_code, county_code, township_code, created_at, updated_at, published_at)
       SELECT ${fBase} + g.f, substr(md5('f' || g.f), 1, 24), '失信人' || g.f, ${lit(ciphertext)}, ${hmacExpr(`'F' || g.f`, keyHex)}, '拒不履行调解协议',
         'active', ${now} - 400 * ${DAY}, ${now} - 399 * ${DAY}, ${now} - 398 * ${DAY}, ${now} - 397 * ${DAY}, ${now} - 380 * ${DAY},
         ${now} + ((g.f * 37) % 1825 - 1) * ${DAY}, tw.city, tw.county, tw.code, ${now}, ${now}, ${now}
       FROM ${series(flags, 'f')} JOIN bench_scale_towns tw ON tw.n = ${townOf(fi)}`,
      )
    ).rowCount;
  });
  await step(
    'credit_flag_links',
    async () =>
      (
        await c.query(
          `INSERT INTO fangtiao_credit_flags_petition_lnk (credit_flag_id, petition_id) SELECT id, ${pBase} + (id - ${fBase} - 1) * 500 + 1 FROM fangtiao_credit_flags WHERE id > ${fBase}`,
        )
      ).rowCount,
  );

  await step('sequences', async () => {
    for (const t of [...BIG, 'organisations', 'organisations_parent_lnk']) {
      await c.query(`SELECT setval(pg_get_serial_sequence('"${t}"', 'id'), GREATEST(1, (SELECT MAX(id) FROM "${t}")))`);
    }
  });
  await step('indexes', async () => {
    await c.query(`SET max_parallel_maintenance_workers = 2`);
    for (const sql of rebuild) await c.query(sql);
  });
  // VACUUM as autovacuum would have by the time a province held this much: it sets the visibility
  // map, without which an index-only scan (a list page's count) reads every row's page anyway.
  await step('vacuum_analyze', async () => {
    await c.query(`DROP TABLE IF EXISTS bench_scale_towns`);
    await c.query('VACUUM (ANALYZE)');
  });
  // The cases' first repeat visit must be what the visits say (the measures read it from the case);
  // checked once the link's indexes are back.
  const firstRepeatOff = (
    await c.query(
      `SELECT count(*) AS n FROM (SELECT id, first_repeat_at FROM petitions WHERE id > ${pBase} ORDER BY id LIMIT 1000) p ` +
        `WHERE p.first_repeat_at IS DISTINCT FROM (SELECT MIN(v.visited_at) FROM visits_petition_lnk l JOIN visits v ON v.id = l.visit_id WHERE l.petition_id = p.id AND v.is_repeat)`,
    )
  ).rows[0].n;
  if (Number(firstRepeatOff)) throw new Error(`${firstRepeatOff} of 1,000 built cases have a first repeat visit other than their visits'`);

  return { steps, rows, seconds: Object.values(steps).reduce((a, b) => a + b, 0), petitionBase: pBase, petitions: n };
}

/**
 * `count` parties of the county `county` given real ID numbers, encrypted and hashed under the
 * app's keys (the bench looks these up); returns [{ documentId, idNo, name }].
 */
async function samplePeople(c, { county, count, pii }) {
  const r = await c.query(
    `SELECT p.document_id, cp.id AS party_id, cp.name FROM petitions p
     JOIN petitions_cmps x ON x.entity_id = p.id AND x.field = 'parties'
     JOIN components_case_parties cp ON cp.id = x.cmp_id
     WHERE p.county_code = $1 AND x."order" = 1 AND p.id % 7 = 0 ORDER BY p.id LIMIT $2`,
    [county, count],
  );
  const people = r.rows.map((row, k) => ({
    documentId: row.document_id,
    partyId: row.party_id,
    name: row.name,
    idNo: idNumber(5_000_000 + k, pii.checkCharOf),
  }));
  await c.query(
    `UPDATE components_case_parties cp SET id_number = u.enc, id_number_hash = u.hash
     FROM unnest($1::int[], $2::text[], $3::text[]) AS u(id, enc, hash) WHERE cp.id = u.id`,
    [people.map((p) => p.partyId), people.map((p) => pii.encrypt(p.idNo)), people.map((p) => pii.hashOf('id-number', p.idNo))],
  );
  return people;
}

/** The HMAC key the app derives from FANGTIAO_PII_KEYS (first key), hex, for hashing in SQL. */
function macKeyHex(spec) {
  const part = spec.split(',')[0];
  const master = Buffer.from(part.slice(part.indexOf(':') + 1).trim(), 'base64');
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'fangtiao-pii-mac', 32)).toString('hex');
}

module.exports = { build, samplePeople, macKeyHex, hmacExpr, CITIES, COUNTIES, TOWNSHIPS, OPEN };
