import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { readRows } from '../../src/database/direct-read';
import { CASE_COLUMNS, PARTY_COLUMNS, caseByNumber, caseTypeDeadlines } from '../../plugins/fangtiao/server/src/public/strapi/status-reads';

/**
 * The kernel's direct read (src/database/direct-read.ts) and the person's status reads built on
 * it (public/strapi/status-reads.ts): they must give what the query engine gives for the same
 * case, and join a transaction that is open (SQLite has one connection: waiting for the pool
 * there would never end).
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
});
afterAll(stopStrapi);

const registered = async () => {
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, {
      parties: [
        { name: '张三', role: 'petitioner', phone: '13800138000', idNumber: '11010519491231002X' },
        { name: '李四', role: 'respondent', phone: '13900139000' },
      ],
    }),
  );
  expect(res.status).toBe(201);
  return res.body.data;
};

test('a case read by its number is what the query engine reads: columns, datetimes, JSON, office, parties in order', async () => {
  const c = await registered();
  await strapi.db.query('api::petition.petition').update({
    where: { documentId: c.documentId },
    data: { returnVisit: { result: 'satisfied', resolved: 'yes', comment: '好' }, concludedAt: new Date('2026-12-31T16:30:00Z') },
  });
  const direct = await caseByNumber(strapi, c.referenceNo);
  const engine = await strapi.db.query('api::petition.petition').findOne({
    where: { referenceNo: c.referenceNo },
    select: CASE_COLUMNS,
    populate: { organisation: { select: ['name'] }, parties: { select: PARTY_COLUMNS } },
  });
  const { organisation, parties, ...rest } = engine;
  expect(direct).toMatchObject(rest);
  expect(direct!.concludedAt).toBe('2026-12-31T16:30:00.000Z');
  expect(direct!.returnVisit).toEqual({ result: 'satisfied', resolved: 'yes', comment: '好' });
  expect(direct!.organisation).toEqual({ name: organisation.name });
  expect(direct!.parties).toEqual(
    parties.map(({ id, name, role, kind, phoneHash, idNumberHash }: any) => ({ id, name, role, kind, phoneHash, idNumberHash })),
  );
  expect(direct!.parties.map((p) => p.name)).toEqual(['张三', '李四']);
  expect(direct!.parties[0].phoneHash).toMatch(/\S{20,}/);
  expect(await caseByNumber(strapi, `${c.referenceNo}X`)).toBeNull();
});

test('inside a transaction the read joins it and sees the transaction’s own write (on SQLite the transaction holds the one connection: the pool would never hand it out)', async () => {
  const c = await registered();
  await strapi.db.transaction(async () => {
    await strapi.db.query('api::petition.petition').update({ where: { documentId: c.documentId }, data: { subject: '改在事务中' } });
    const [row] = await readRows<{ subject: string }>(strapi, 'SELECT subject FROM petitions WHERE document_id = ?', [c.documentId]);
    expect(row.subject).toBe('改在事务中');
  });
  const [after] = await readRows<{ subject: string }>(strapi, 'SELECT subject FROM petitions WHERE document_id = ?', [c.documentId]);
  expect(after.subject).toBe('改在事务中');
});

test('a rolled-back write is not read afterwards, and values are bound, never spliced', async () => {
  const c = await registered();
  await expect(
    strapi.db.transaction(async () => {
      await strapi.db.query('api::petition.petition').update({ where: { documentId: c.documentId }, data: { subject: '回滚' } });
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  const [row] = await readRows<{ subject: string }>(strapi, 'SELECT subject FROM petitions WHERE document_id = ?', [c.documentId]);
  expect(row.subject).not.toBe('回滚');
  const hostile = await readRows(strapi, 'SELECT id FROM petitions WHERE reference_no = ?', ["x' OR '1'='1"]);
  expect(hostile).toEqual([]);
});

test('a read outside a transaction another flow holds never sees its uncommitted write (SQLite: it waits for the connection)', async () => {
  const c = await registered();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let updated!: () => void;
  const written = new Promise<void>((resolve) => (updated = resolve));
  let committedAt = 0;
  const holder = strapi.db
    .transaction(async () => {
      await strapi.db.query('api::petition.petition').update({ where: { documentId: c.documentId }, data: { subject: '尚未提交' } });
      updated();
      await gate;
    })
    .then(() => (committedAt = Date.now()));
  await written;
  let readAt = 0;
  const reader = readRows<{ subject: string }>(strapi, 'SELECT subject FROM petitions WHERE document_id = ?', [c.documentId]).then(
    (rows) => {
      readAt = Date.now();
      return rows[0].subject;
    },
  );
  await new Promise((r) => setTimeout(r, 50));
  open();
  await holder;
  const seen = await reader;
  if (seen === '尚未提交') expect(readAt).toBeGreaterThanOrEqual(committedAt);
  else expect(seen).toBe(c.subject);
});

test('the case type’s deadlines (the person’s review windows) are read as the JSON stored, and none without a type', async () => {
  const type = await strapi
    .documents('api::case-type.case-type')
    .create({ data: { name: '期限类型', code: 'direct-deadlines', deadlines: { reviewRequestDays: 45, acceptanceDays: 10 } } as any });
  const typed = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!, { caseType: type.documentId }));
  expect(typed.status).toBe(201);
  expect(await caseTypeDeadlines(strapi, typed.body.data.id)).toEqual({ reviewRequestDays: 45, acceptanceDays: 10 });
  const untyped = await registered();
  expect(await caseTypeDeadlines(strapi, untyped.id)).toBeNull();
});
