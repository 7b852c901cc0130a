import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let colleague: TestUser;
let supervisor: TestUser;
let petitionId: string;
const ID = idNumber('990102', '19700315', '456');

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  colleague = await makeUser(strapi, 'clerk', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, { parties: [{ name: '李四', idNumber: ID, phone: '13912345678', address: '石塘村' }] }),
  );
  expect(res.status).toBe(201);
  petitionId = res.body.data.documentId;
});
afterAll(stopStrapi);

const party = async (user: TestUser) => {
  const res = await api(strapi, user).get(`/api/petitions/${petitionId}?populate=parties`);
  expect(res.status).toBe(200);
  return res.body.data.parties[0];
};

test('the clerk handling the petition sees the ID and phone numbers in clear', async () => {
  const p = await party(clerk);
  expect(p.idNumber).toBe(ID);
  expect(p.phone).toBe('13912345678');
});

test('a colleague not handling it and a supervisor see them masked', async () => {
  for (const user of [colleague, supervisor]) {
    const p = await party(user);
    expect(p.idNumber).toBe(`${ID.slice(0, 6)}********${ID.slice(-4)}`);
    expect(p.phone).toBe('139****5678');
    expect(p.name).toBe('李四');
  }
});

test('lists mask the same way', async () => {
  const res = await api(strapi, supervisor).get('/api/petitions?populate=parties');
  expect(res.body.data[0].parties[0].idNumber).toContain('****');
});

test('every read of personal data is in the audit log, with who, role, organisation and whether it was masked', async () => {
  await party(supervisor);
  const entries = await strapi.db.query(UID.auditEntry).findMany({
    where: { action: 'read-personal', targetDocumentId: petitionId, actorId: supervisor.id },
  });
  expect(entries.length).toBeGreaterThan(0);
  expect(entries[0]).toMatchObject({ actorType: 'user', role: 'supervisor', organisationCode: '990100', detail: { masked: true } });
  expect(entries[0].ip).toBeTruthy();
  const clear = await strapi.db.query(UID.auditEntry).findMany({
    where: { action: 'read-personal', targetDocumentId: petitionId, actorId: clerk.id },
  });
  expect(clear[0].detail).toMatchObject({ masked: false });
});

test('a bad ID number is refused with 400 naming the field and the reason', async () => {
  const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, { parties: [{ name: '王五', idNumber: bad }] }),
  );
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors).toEqual([
    expect.objectContaining({ path: ['parties', '0', 'idNumber'], message: '身份证号码校验位不正确' }),
  ]);
});

test('every failing field is reported at once, and nothing is written', async () => {
  const before = await strapi.db.query(UID.petition).count({});
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, { subject: '', parties: [{ name: '王五', idNumber: '123', phone: '12345' }] }),
  );
  expect(res.status).toBe(400);
  const paths = res.body.error.details.errors.map((e: any) => e.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['subject', 'parties.0.idNumber', 'parties.0.phone']));
  expect(await strapi.db.query(UID.petition).count({})).toBe(before);
});
