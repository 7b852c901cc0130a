import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let petitionId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102002', orgs);
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!));
  petitionId = res.body.data.documentId;
  await api(strapi, clerk).put(`/api/petitions/${petitionId}`, { data: { demands: '补充：要求赔偿' } });
});
afterAll(stopStrapi);

test('creating and updating a petition records who, role, organisation, action, target, time and IP', async () => {
  const entries = await strapi.db.query(UID.auditEntry).findMany({
    where: { targetDocumentId: petitionId, action: { $in: ['create', 'update'] } },
    orderBy: { id: 'asc' },
  });
  expect(entries.map((e: any) => e.action)).toEqual(['create', 'update']);
  for (const e of entries) {
    expect(e).toMatchObject({
      actorType: 'user',
      actorId: clerk.id,
      actorName: clerk.username,
      role: 'clerk',
      organisationCode: '990102002',
      targetUid: UID.petition,
    });
    expect(e.ip).toBeTruthy();
    expect(new Date(e.at).getTime()).toBeGreaterThan(Date.now() - 120_000);
  }
  expect(entries[1].detail.fields).toContain('demands');
});

test('no API route reads, changes or deletes the audit log', async () => {
  const id = (await strapi.db.query(UID.auditEntry).findOne({}))!.documentId;
  for (const res of [
    await api(strapi, clerk).get('/api/audit-entries'),
    await api(strapi, clerk).put(`/api/audit-entries/${id}`, { data: { action: 'x' } }),
    await api(strapi, clerk).delete(`/api/audit-entries/${id}`),
    await api(strapi).delete(`/api/audit-entries/${id}`),
  ]) {
    expect([403, 404, 405]).toContain(res.status);
  }
});

test('the document service refuses to change or delete an entry (admin panel included)', async () => {
  const entry = (await strapi.db.query(UID.auditEntry).findOne({}))!;
  await expect(strapi.documents(UID.auditEntry).update({ documentId: entry.documentId, data: { action: 'x' } as any })).rejects.toThrow(
    /只能追加/,
  );
  await expect(strapi.documents(UID.auditEntry).delete({ documentId: entry.documentId })).rejects.toThrow(/只能追加/);
});

test('the database itself refuses updates and deletes of the audit table', async () => {
  const table = strapi.db.metadata.get(UID.auditEntry).tableName;
  // The driver's error comes from outside jest's realm: compare its message, not its class.
  const failure = (q: PromiseLike<unknown>) =>
    Promise.resolve(q).then(
      () => 'no error',
      (e: Error) => e.message,
    );
  expect(await failure(strapi.db.connection(table).update({ action: 'x' }))).toMatch(/append-only/);
  expect(await failure(strapi.db.connection(table).delete())).toMatch(/append-only/);
  expect(await strapi.db.query(UID.auditEntry).count({ where: { action: 'x' } })).toBe(0);
});

test('admins browse the log newest first, with who, role, organisation, action, target and IP as columns', async () => {
  const conf = await strapi.plugin('content-manager').service('content-types').findConfiguration({ uid: UID.auditEntry });
  expect(conf.settings).toMatchObject({ defaultSortBy: 'at', defaultSortOrder: 'DESC' });
  expect(conf.layouts.list).toEqual(['at', 'actorName', 'role', 'organisationCode', 'action', 'targetUid', 'targetDocumentId', 'ip']);
});

test('an admin filters the log in the admin panel (content manager), but cannot create or change an entry there', async () => {
  const { adminSession } = require('../helpers/fixtures');
  const admin = await adminSession(strapi);
  const CM = '/content-manager/collection-types/api::audit-entry.audit-entry';
  const res = await admin.get(`${CM}?filters[$and][0][action][$eq]=update&filters[$and][1][targetDocumentId][$eq]=${petitionId}`);
  expect(res.status).toBe(200);
  expect(res.body.results.map((e: any) => e.action)).toEqual(['update']);
  const created = await admin.post(CM, { action: 'forged', at: new Date().toISOString(), actorType: 'admin' });
  expect(created.status).toBeGreaterThanOrEqual(400);
  const id = res.body.results[0].documentId;
  const changed = await admin.put(`${CM}/${id}`, { action: 'forged' });
  expect(changed.status).toBeGreaterThanOrEqual(400);
  expect(await strapi.db.query(UID.auditEntry).count({ where: { action: 'forged' } })).toBe(0);
});
