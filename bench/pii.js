'use strict';
/**
 * Personal data at rest: what encrypting an ID number costs (AES-256-GCM there and back, and
 * its lookup hash), and a clerk's exact search by ID number and by phone through the API with
 * 100,000 petitions of ~2.5 parties each in the database — the query guard turns
 * `filters[parties][idNumber][$eq]` into an equality on the party table's keyed hash.
 *
 * The rows are seeded set-based, as petitions.js does: copies of a petition and its party rows
 * the app wrote, each party with its own number encrypted and hashed by the compiled
 * dist/src/personal-data modules under the same FANGTIAO_PII_KEYS the app is given.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { rand, secrets, startApp, quantile, median } = require('./lib/apps');
const { idNumber, phoneNumber } = require('./lib/people');

const ROWS = Number(process.env.BENCH_ROWS) || 100_000;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS) || 100;
const CIPHER_VALUES = 20_000;
const COUNTIES = ['990102', '990103'];
const STATES = ['registered', 'accepted', 'in_mediation', 'unit_handling', 'leader_handling', 'concluded', 'closed'];
const PARTY = 'case.party';

function freshDb(work) {
  const file = path.join(work, 'pii.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  return file;
}

/** Per value, in µs: the median of 5 rounds over CIPHER_VALUES numbers, after a warm-up. */
function perValueUs(values, fn) {
  for (let i = 0; i < 2_000; i += 1) fn(values[i % values.length]);
  const rounds = [];
  for (let r = 0; r < 5; r += 1) {
    const t0 = process.hrtime.bigint();
    for (const v of values) fn(v);
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / values.length);
  }
  return median(rounds);
}

/**
 * Copies the newest petition and its party rows `count` times; petition i gets 2 or 3 parties
 * (2.5 on average), each with the next distinct ID and phone number. Returns, per petition,
 * its documentId, county and parties' plain numbers, for the lookups.
 */
function seed(file, count, pii, log) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  const petition = db.prepare('SELECT * FROM petitions ORDER BY id DESC LIMIT 1').get();
  const link = db
    .prepare('SELECT * FROM petitions_cmps WHERE entity_id = ? AND component_type = ? ORDER BY "order" LIMIT 1')
    .get(petition.id, PARTY);
  const party = db.prepare('SELECT * FROM components_case_parties WHERE id = ?').get(link.cmp_id);
  const insertOf = (table, template) => {
    const cols = Object.keys(template).filter((c) => c !== 'id');
    const stmt = db.prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
    return (row) => Number(stmt.run(cols.map((c) => row[c])).lastInsertRowid);
  };
  const insertPetition = insertOf('petitions', petition);
  const insertParty = insertOf('components_case_parties', party);
  const insertLink = insertOf('petitions_cmps', link);

  const day = 86_400_000;
  const base = Date.now();
  const seeded = [];
  let n = 0;
  const many = db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const county = COUNTIES[i % 2];
      const documentId = `pii${i}${rand().slice(0, 12)}`;
      const id = insertPetition({
        ...petition,
        document_id: documentId,
        reference_no: `${county}-2024-${String(i).padStart(7, '0')}`,
        county_code: county,
        township_code: `${county}001`,
        state: STATES[i % STATES.length],
        due_at: base + ((i * 7919) % 120) * day - 30 * day,
      });
      const parties = [];
      for (let k = 0; k < 2 + (i % 2); k += 1, n += 1) {
        const idNo = idNumber(n, pii.checkCharOf);
        const phone = phoneNumber(n);
        const cmp = insertParty({
          ...party,
          role: k === 0 ? 'petitioner' : 'respondent',
          id_number: pii.encrypt(idNo),
          phone: pii.encrypt(phone),
          id_number_hash: pii.hashOf('id-number', idNo),
          phone_hash: pii.hashOf('phone', phone),
        });
        insertLink({ ...link, entity_id: id, cmp_id: cmp, order: k + 1 });
        parties.push({ idNo, phone });
      }
      seeded.push({ documentId, county, parties });
      if ((i + 1) % 25_000 === 0) log(`  ${i + 1} petitions, ${n} parties`);
    }
  });
  many();
  db.close();
  return seeded;
}

/**
 * The query plan SQLite picks for the hash lookup as the query engine writes it (a component
 * filter is two LEFT JOINs, see @strapi/database's join helper), for the log: the left joins
 * keep the petitions outermost, so the plan walks the whole county whatever the indexes.
 */
function planOf(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  const plan = db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT DISTINCT t0.id FROM petitions t0
       LEFT JOIN petitions_cmps t1 ON t0.id = t1.entity_id AND t1.field = 'parties'
       LEFT JOIN components_case_parties t2 ON t1.cmp_id = t2.id
       WHERE t2.id_number_hash = ? AND t0.county_code = ?`,
    )
    .all('x', COUNTIES[0]);
  db.close();
  return plan.map((r) => r.detail).join('; ');
}

async function run({ root, log }) {
  const work = path.join(root, 'bench', '.work');
  fs.mkdirSync(work, { recursive: true });
  // One key list for this process (the seeding) and the app.
  const keys = `b1:${crypto.randomBytes(32).toString('base64')}`;
  process.env.FANGTIAO_PII_KEYS = keys;
  const dist = (m) => require(path.join(root, 'dist', 'src', 'personal-data', m));
  const { encrypt, decrypt } = dist('cipher.js');
  const { hashOf } = dist('at-rest.js');
  const { checkCharOf } = dist('id-number.js');

  log(`encrypting and decrypting ${CIPHER_VALUES} ID numbers…`);
  const ids = Array.from({ length: CIPHER_VALUES }, (_, i) => idNumber(1_000_000 + i, checkCharOf));
  for (const v of ids.slice(0, 100)) if (decrypt(encrypt(v)) !== v) throw new Error('round trip lost the value');
  const encryptDecryptUs = perValueUs(ids, (v) => decrypt(encrypt(v)));
  const hashUs = perValueUs(ids, (v) => hashOf('id-number', v));

  const env = { ...secrets(), DATABASE_CLIENT: 'sqlite', FANGTIAO_PII_KEYS: keys };
  const demoPassword = `Bench-${rand().slice(0, 8)}`;
  const db = freshDb(work);
  log('starting our app with demo data…');
  const app = await startApp({
    name: 'ours',
    cwd: root,
    root,
    env: { ...env, DATABASE_FILENAME: db, FANGTIAO_DEMO: 'true', DEMO_PASSWORD: demoPassword },
  });
  try {
    const clerk = (await app.call('POST', '/api/auth/local', { body: { identifier: 'clerk.donghu', password: demoPassword } })).body.jwt;
    const org = (await app.call('GET', '/api/organisations?filters[code][$eq]=990102002', { token: clerk })).body.data[0].documentId;
    const template = await app.call('POST', '/api/petitions', {
      token: clerk,
      body: {
        data: {
          channel: 'visit',
          subject: '宅基地边界纠纷',
          demands: '要求重新测量',
          organisation: org,
          parties: [
            { name: '张三', idNumber: idNumber(2_000_000, checkCharOf), phone: '13800138000', address: '新桥村1组' },
            { name: '李四', idNumber: idNumber(2_000_001, checkCharOf), phone: '13800138001', address: '新桥村2组' },
          ],
        },
      },
    });
    if (template.status !== 201) throw new Error(`create failed: ${JSON.stringify(template.body).slice(0, 300)}`);

    log(`seeding ${ROWS} petitions with their parties…`);
    const t0 = Date.now();
    const seeded = seed(db, ROWS, { encrypt, hashOf, checkCharOf }, log);
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; plan: ${planOf(db)}`);

    const mine = seeded.filter((s) => s.county === COUNTIES[0]);
    const pick = () => {
      const s = mine[Math.floor(Math.random() * mine.length)];
      return { s, p: s.parties[Math.floor(Math.random() * s.parties.length)] };
    };
    // Seeding outlasts the server's keep-alive: a socket it closed meanwhile is retried once.
    const call = (...args) => app.call(...args).catch((e) => (e.code === 'EPIPE' ? app.call(...args) : Promise.reject(e)));
    const byId = (v) => call('GET', `/api/petitions?filters[parties][idNumber][$eq]=${v}`, { token: clerk });
    const byPhone = (v) => call('GET', `/api/petitions?filters[parties][phone][$eq]=${v}`, { token: clerk });
    /** One lookup that must find exactly the petition holding the number. */
    const found = async (fn, value, documentId) => {
      const res = await fn(value);
      if (res.status !== 200 || res.body.data.length !== 1 || res.body.data[0].documentId !== documentId) {
        throw new Error(`lookup of ${value} did not find ${documentId}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      return res.ms;
    };
    // Another county's number is not found: the scope holds on the hash lookup.
    const foreign = seeded.find((s) => s.county !== COUNTIES[0]);
    const miss = await byId(foreign.parties[0].idNo);
    if (miss.status !== 200 || miss.body.data.length !== 0)
      throw new Error(`another county's petition was found: ${JSON.stringify(miss.body).slice(0, 300)}`);

    for (let i = 0; i < 20; i += 1) {
      const { s, p } = pick();
      await found(byId, p.idNo, s.documentId);
      await found(byPhone, p.phone, s.documentId);
    }
    log(`${LOOKUPS} lookups by ID number and by phone, one client…`);
    const t = { id: [], phone: [] };
    for (let i = 0; i < LOOKUPS; i += 1) {
      const { s, p } = pick();
      t.id.push(await found(byId, p.idNo, s.documentId));
      t.phone.push(await found(byPhone, p.phone, s.documentId));
    }

    const metrics = {
      encrypt_decrypt_us: encryptDecryptUs,
      hash_us: hashUs,
      lookup_by_id_ms_100k: median(t.id),
      lookup_by_id_p95_ms_100k: quantile(t.id, 0.95),
      lookup_by_phone_ms_100k: median(t.phone),
      lookup_by_phone_p95_ms_100k: quantile(t.phone, 0.95),
    };
    const ok = (cond) => (cond ? 'met' : 'NOT met');
    return {
      metrics,
      rows: [
        ['encrypt_decrypt_us', metrics.encrypt_decrypt_us, 'per ID number, AES-256-GCM encrypt + decrypt'],
        ['hash_us', metrics.hash_us, 'per ID number, HMAC-SHA-256 lookup hash'],
        ['lookup_by_id_ms_100k', metrics.lookup_by_id_ms_100k, `≤ 20 (${ok(metrics.lookup_by_id_ms_100k <= 20)}), median of ${LOOKUPS}`],
        ['lookup_by_id_p95_ms_100k', metrics.lookup_by_id_p95_ms_100k, `≤ 20 (${ok(metrics.lookup_by_id_p95_ms_100k <= 20)})`],
        ['lookup_by_phone_ms_100k', metrics.lookup_by_phone_ms_100k, `median of ${LOOKUPS}`],
        ['lookup_by_phone_p95_ms_100k', metrics.lookup_by_phone_p95_ms_100k, ''],
      ],
    };
  } finally {
    await app.stop();
  }
}

// The seeding is shared with bench/public.js (the petitioner's status over the same data).
module.exports = { run, seed, idNumber, freshDb };
