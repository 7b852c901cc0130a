import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import {
  adminSession,
  api,
  CM_CASE_TYPES,
  idNumber,
  makeUser,
  organisations,
  petitionInput,
  sampleFormSchema,
  type TestUser,
} from '../helpers/fixtures';
import { UID } from '../../src/constants';
import { newKey } from '../../src/personal-data/cipher';

/** ID and phone numbers are stored encrypted, with keyed hashes for exact lookups; keys rotate. */
let strapi: Core.Strapi;
let clerk: TestUser;
let petition: any;
let orgs: Map<string, string>;
const ID = idNumber('990102', '19660606', '207');
const PHONE = '13988887777';
const FORM_ID = idNumber('990102', '19791111', '404');

const knex = () => strapi.db.connection;
const partyTable = () => strapi.db.metadata.get('case.party' as any).tableName;
const petitionTable = () => strapi.db.metadata.get(UID.petition as any).tableName;
const rawParties = async () => knex()(partyTable()).select('*');

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, { name: '相邻关系', code: 'adjacent', formSchema: sampleFormSchema() });
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, {
      caseType: type.body.data.documentId,
      formData: {
        disputeAmount: 1,
        disputeDate: '2026-10-01',
        kind: 'drain',
        otherPartyId: FORM_ID,
        otherPartyPhone: '13612345678',
        hasInjury: false,
      },
      parties: [{ name: '周某', idNumber: ID, phone: PHONE }],
    }),
  );
  expect(res.status).toBe(201);
  petition = res.body.data;
});
afterAll(stopStrapi);

test('the database holds ciphertext and keyed hashes, never the numbers', async () => {
  const rows = await rawParties();
  const text = JSON.stringify(rows) + JSON.stringify(await knex()(petitionTable()).select('form_data'));
  for (const secret of [ID, PHONE, FORM_ID, '13612345678']) expect(text).not.toContain(secret);
  expect(rows[0].id_number).toMatch(/^enc:t1:/);
  expect(rows[0].phone).toMatch(/^enc:t1:/);
  expect(rows[0].id_number_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('the handler reads them in clear through the API; the form too', async () => {
  const res = await api(strapi, clerk).get(`/api/petitions/${petition.documentId}?populate=parties`);
  expect(res.body.data.parties[0]).toMatchObject({ idNumber: ID, phone: PHONE });
  expect(res.body.data.parties[0].idNumberHash).toBeUndefined();
  const form = await api(strapi, clerk).get(`/api/petitions/${petition.documentId}/form`);
  expect(form.body.data.data).toMatchObject({ otherPartyId: FORM_ID, otherPartyPhone: '13612345678' });
});

test('exact lookups and repeat detection work on the keyed hash', async () => {
  const found = await api(strapi, clerk).get(`/api/petitions?filters[parties][idNumber][$eq]=${ID}`);
  expect(found.body.data.map((p: any) => p.documentId)).toEqual([petition.documentId]);
  const byPhone = await api(strapi, clerk).get(`/api/petitions?filters[parties][phone][$eq]=${PHONE}`);
  expect(byPhone.body.data).toHaveLength(1);
  const again = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, { subject: petition.subject, parties: [{ name: '周某', idNumber: ID }] }),
  );
  expect(again.body.data.isRepeat).toBe(true);
});

/** The indexed columns of a table, as lists, on either database. */
async function indexedColumns(table: string): Promise<string[][]> {
  if (strapi.db.dialect.client === 'postgres') {
    const { rows } = await knex().raw(
      `SELECT array_agg(a.attname::text ORDER BY k.n) AS cols FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE t.relname = ? GROUP BY i.indexrelid`,
      [table],
    );
    return rows.map((r: any) => r.cols);
  }
  const list = await knex().raw(`PRAGMA index_list("${table}")`);
  return Promise.all(list.map(async (ix: any) => (await knex().raw(`PRAGMA index_info("${ix.name}")`)).map((c: any) => c.name)));
}

test('a search by ID or phone number has indexes to go by: the keyed hashes, and the join table from the party side', async () => {
  const parties = await indexedColumns(partyTable());
  expect(parties).toEqual(expect.arrayContaining([['id_number_hash'], ['phone_hash']]));
  const flags = strapi.db.metadata.get('plugin::fangtiao.credit-flag' as any);
  expect(await indexedColumns(flags.tableName)).toEqual(expect.arrayContaining([['id_number_hash']]));
  const join = (strapi.db.metadata.get(UID.petition as any).attributes as any).parties.joinTable;
  // From the party to its record without reading the join row: the record's id is in the index.
  expect(await indexedColumns(join.name)).toEqual(expect.arrayContaining([[join.inverseJoinColumn.name, 'field', join.joinColumn.name]]));
});

test('a value stored in clear (written before encryption) is encrypted at the next start', async () => {
  const [row] = await rawParties();
  await knex()(partyTable()).where({ id: row.id }).update({ id_number: ID, phone: PHONE });
  const changed = await require('../../dist/src/personal-data/at-rest').reencryptStored(strapi);
  expect(changed).toBeGreaterThanOrEqual(1);
  const [after] = (await rawParties()).filter((r: any) => r.id === row.id);
  expect(after.id_number).toMatch(/^enc:t1:/);
  const res = await api(strapi, clerk).get(`/api/petitions/${petition.documentId}?populate=parties`);
  expect(res.body.data.parties[0].idNumber).toBe(ID);
});

test('rotation: a new key first, the old one kept to read; the rotation re-encrypts and rehashes everything', async () => {
  const old = process.env.FANGTIAO_PII_KEYS!;
  process.env.FANGTIAO_PII_KEYS = `${newKey('t2')},${old}`;
  try {
    const changed = await require('../../dist/src/personal-data/at-rest').reencryptStored(strapi);
    expect(changed).toBeGreaterThanOrEqual(2);
    const rows = await rawParties();
    expect(rows.every((r: any) => !r.id_number || r.id_number.startsWith('enc:t2:'))).toBe(true);
    const forms = await knex()(petitionTable()).select('form_data').whereNotNull('form_data');
    expect(JSON.stringify(forms)).not.toContain('enc:t1:');
    // The old key can go now: everything reads, and lookups use the new hashes.
    process.env.FANGTIAO_PII_KEYS = process.env.FANGTIAO_PII_KEYS.split(',')[0];
    const res = await api(strapi, clerk).get(`/api/petitions/${petition.documentId}?populate=parties`);
    expect(res.body.data.parties[0].idNumber).toBe(ID);
    const found = await api(strapi, clerk).get(`/api/petitions?filters[parties][idNumber][$eq]=${ID}`);
    expect(found.body.data.length).toBeGreaterThanOrEqual(1);
  } finally {
    process.env.FANGTIAO_PII_KEYS = old;
  }
});
