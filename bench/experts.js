'use strict';
/**
 * Experts: in-process through the plugin's service, on a fresh SQLite file.
 * - booking_p95_ms_100k: a clash-checked booking (pool eligibility, availability, the
 *   booking and its grid units in one transaction — what POST /consultations/:id/bookings
 *   runs after auth) with 100,000 bookings already held by 5,000 experts.
 * - matching_ms_5k: the median time to suggest experts from a pool of 5,000 profiles.
 * - double_booking_winners: 50 concurrent bookings of one expert's slot; must be 1.
 * Rows are bulk-inserted with knex after Strapi made the schema.
 */
const fs = require('fs');
const path = require('path');
const { secrets, median, quantile } = require('./lib/apps');

const EXPERTS = Number(process.env.BENCH_EXPERTS) || 5_000;
const BOOKINGS = Number(process.env.BENCH_BOOKINGS) || 100_000;
const RUNS = Number(process.env.BENCH_RUNS) || 200;
const H = 3_600_000;
const DAY = 24 * H;
const UNIT = 30 * 60_000;

async function boot(root, file) {
  const { createStrapi } = require(path.join(root, 'node_modules', '@strapi', 'strapi'));
  Object.assign(process.env, {
    ...secrets(),
    NODE_ENV: 'production',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: file,
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    FANGTIAO_DEMO: 'false',
    FANGTIAO_EMAIL: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
  });
  const app = createStrapi({ appDir: root, distDir: path.join(root, 'dist') });
  await app.load();
  return app;
}

async function seed(app, now) {
  const knex = app.db.connection;
  const meta = (uid) => app.db.metadata.get(uid);
  const col = (uid, a) => meta(uid).attributes[a].columnName;
  const row = (uid, o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [col(uid, k), v]));
  const link = (uid, attr) => meta(uid).attributes[attr].joinTable;
  const ins = async (table, rows) => {
    for (let i = 0; i < rows.length; i += 2000) await knex.batchInsert(table, rows.slice(i, i + 2000), 500);
  };
  const P = 'plugin::fangtiao.expert-profile',
    POOL = 'plugin::fangtiao.expert-pool',
    B = 'plugin::fangtiao.consultation-booking';
  const C = 'plugin::fangtiao.consultation',
    PET = 'api::petition.petition';
  const scope = { cityCode: '990100', countyCode: '990102' };
  const everyDay = JSON.stringify({
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    exceptions: [],
  });
  const stamp = { createdAt: new Date(now), updatedAt: new Date(now) };
  // Experts and one county law pool holding them all.
  await ins(
    meta(P).tableName,
    Array.from({ length: EXPERTS }, (_, i) =>
      row(P, {
        documentId: `bx${i}`,
        displayName: `专家${i}`,
        level: 'county',
        fields: JSON.stringify(['law']),
        weeklyLimit: 1000,
        status: 'active',
        availability: everyDay,
        declarations: '[]',
        ...scope,
        ...stamp,
      }),
    ),
  );
  const experts = await knex(meta(P).tableName).select('id').orderBy('id');
  await knex(meta(POOL).tableName).insert(
    row(POOL, { documentId: 'bpool', name: '东湖区法律专家库', level: 'county', field: 'law', ...scope, ...stamp }),
  );
  const pool = (await knex(meta(POOL).tableName).first('id')).id;
  const members = link(POOL, 'members');
  await ins(
    members.name,
    experts.map((e) => ({ [members.joinColumn.name]: pool, [members.inverseJoinColumn.name]: e.id })),
  );
  // A case for the consultations.
  await knex(meta(PET).tableName).insert(
    row(PET, { documentId: 'bpet', referenceNo: '990102-2026-000001', subject: '基准测试', state: 'in_mediation', ...scope, ...stamp }),
  );
  const petition = (await knex(meta(PET).tableName).where(col(PET, 'documentId'), 'bpet').first('id')).id;
  // 100,000 bookings held over the next ~200 days (1 h each, on the grid), with their units.
  const start0 = Math.ceil(now / DAY) * DAY + DAY;
  const bookings = [];
  for (let i = 0; i < BOOKINGS; i += 1) {
    const e = i % EXPERTS;
    const slot = Math.floor(i / EXPERTS); // each expert: one booking per slot index
    const s = start0 + (slot % 200) * DAY + (1 + Math.floor(slot / 200) * 2) * H;
    bookings.push({ e, s });
  }
  await ins(
    meta(B).tableName,
    bookings.map((b, i) =>
      row(B, {
        documentId: `bb${i}`,
        start: new Date(b.s),
        end: new Date(b.s + H),
        state: 'accepted',
        mode: 'video',
        remindedDay: false,
        remindedHour: false,
        ...scope,
        ...stamp,
      }),
    ),
  );
  const ids = (await knex(meta(B).tableName).select('id').orderBy('id')).map((r) => r.id);
  const be = link(B, 'expert');
  await ins(
    be.name,
    ids.map((id, i) => ({ [be.joinColumn.name]: id, [be.inverseJoinColumn.name]: experts[bookings[i].e].id })),
  );
  const units = [];
  ids.forEach((id, i) => {
    for (let u = 0; u < 2; u += 1)
      units.push({
        resource_kind: 'e',
        resource_id: experts[bookings[i].e].id,
        unit: bookings[i].s / UNIT + u,
        owner_kind: 'b',
        owner_id: id,
      });
  });
  await ins('fangtiao_schedule_units', units);
  // Open consultations to book against.
  const consult = async (n) => {
    const first = (await knex(meta(C).tableName).max({ m: 'id' }).first()).m ?? 0;
    await ins(
      meta(C).tableName,
      Array.from({ length: n }, (_, i) =>
        row(C, {
          documentId: `bc${first + i}`,
          question: '基准测试咨询问题',
          field: 'law',
          urgency: 'normal',
          mode: 'video',
          windowStart: new Date(start0),
          windowEnd: new Date(start0 + 7 * DAY),
          minutes: 60,
          difficult: false,
          level: 'county',
          state: 'open',
          recusals: '[]',
          ...scope,
          ...stamp,
        }),
      ),
    );
    const rows = await knex(meta(C).tableName)
      .where('id', '>', first)
      .select('id', col(C, 'documentId') + ' as documentId')
      .orderBy('id');
    const cp = link(C, 'petition');
    await ins(
      cp.name,
      rows.map((r) => ({ [cp.joinColumn.name]: r.id, [cp.inverseJoinColumn.name]: petition })),
    );
    return rows;
  };
  return { experts, consult, start0 };
}

async function run({ root, log }) {
  const work = path.join(root, 'bench', '.work');
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'experts.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  const app = await boot(root, file);
  try {
    const now = Date.now();
    log(`seeding ${EXPERTS} experts and ${BOOKINGS} bookings…`);
    const t0 = Date.now();
    const { experts, consult, start0 } = await seed(app, now);
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const svc = app.plugin('fangtiao').service('experts');
    const user = await app.plugin('users-permissions').service('user').add({
      username: 'bench.mediator',
      email: 'bench@bench.invalid',
      password: 'Bench-password-1',
      provider: 'local',
      confirmed: true,
      blocked: false,
    });
    const caller = { id: user.id, username: 'bench.mediator', role: 'mediator', jurisdiction: null };
    const P = 'plugin::fangtiao.expert-profile';
    const loadC = (documentId) =>
      app.db
        .query('plugin::fangtiao.consultation')
        .findOne({ where: { documentId }, populate: { petition: { select: ['id', 'documentId', 'referenceNo'] } } });

    // Matching from 5,000 profiles.
    const [mc] = await consult(1);
    const first = await svc.match(mc.id, { allowEscalation: false });
    if (first.suggestions.length !== 5) throw new Error(`matching suggested ${first.suggestions.length}`);
    const mt = [];
    for (let i = 0; i < 30; i += 1) {
      const s = process.hrtime.bigint();
      await svc.match(mc.id, { allowEscalation: false });
      mt.push(Number(process.hrtime.bigint() - s) / 1e6);
    }

    // Clash-checked bookings: free slots of random experts (18:00 Shanghai; the seeded ones are at 09:00).
    const cs = await consult(RUNS + 10);
    const bt = [];
    for (let i = 0; i < cs.length; i += 1) {
      const c = await loadC(cs[i].documentId);
      const e = await app.db
        .query(P)
        .findOne({ where: { id: experts[(i * 7919) % experts.length].id }, populate: { user: { select: ['id'] } } });
      const s = start0 + (i % 5) * DAY + 10 * H; // 18:00 Shanghai
      const t = process.hrtime.bigint();
      await svc.bookChecked(c, e, new Date(s), new Date(s + H), 'requested', caller);
      if (i >= 10) bt.push(Number(process.hrtime.bigint() - t) / 1e6);
    }

    // 50 concurrent requests for one slot.
    const race = await consult(50);
    const target = await app.db.query(P).findOne({ where: { id: experts[0].id }, populate: { user: { select: ['id'] } } });
    const slot = start0 + 6 * DAY + 11 * H; // 19:00 Shanghai
    const loaded = await Promise.all(race.map((r) => loadC(r.documentId)));
    const outcomes = await Promise.allSettled(
      loaded.map((c) => svc.bookChecked(c, target, new Date(slot), new Date(slot + H), 'requested', caller)),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled').length;
    const conflicts = outcomes.filter((o) => o.status === 'rejected' && o.reason?.status === 409).length;

    const metrics = {
      booking_p95_ms_100k: quantile(bt, 0.95),
      booking_p50_ms_100k: median(bt),
      matching_ms_5k: median(mt),
      double_booking_winners: winners,
    };
    const ok = (c) => (c ? 'met' : 'NOT met');
    return {
      metrics,
      rows: [
        [
          'booking_p95_ms_100k',
          metrics.booking_p95_ms_100k,
          `≤ 20 (${ok(metrics.booking_p95_ms_100k <= 20)}), ${bt.length} bookings, ${BOOKINGS} existing`,
        ],
        ['booking_p50_ms_100k', metrics.booking_p50_ms_100k, 'median'],
        [
          'matching_ms_5k',
          metrics.matching_ms_5k,
          `≤ 50 (${ok(metrics.matching_ms_5k <= 50)}), median of 30, ${EXPERTS} profiles in the pool`,
        ],
        ['double_booking_winners', winners, `= 1 (${ok(winners === 1)}), ${conflicts} × 409 of 50`],
      ],
    };
  } finally {
    await app.destroy();
  }
}

module.exports = { run };
