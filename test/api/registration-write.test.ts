import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

/**
 * A registration writes the petition and its intake visit below the document service
 * (jurisdiction/create-in-scope.ts): what Strapi's validator and the kernel's document
 * middlewares did for it must still happen — wrong types and values refused with the field,
 * nothing half-written, the scope stamped, the audit entry, and entry.create for webhooks.
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

const register = (overrides: Record<string, unknown>) =>
  api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!, overrides));
const party = (extra: Record<string, unknown>) => [{ name: '张三', address: '新桥村1组', ...extra }];
const counts = async () => ({
  petitions: await strapi.db.query('api::petition.petition').count({}),
  visits: await strapi.db.query('api::visit.visit').count({}),
  parties: await strapi.db.query('case.party' as any).count({}),
});

test.each([
  ['a party role outside its list', { parties: party({ role: 'witness' }) }, ['parties', 0, 'role']],
  ['a party address that is not text', { parties: party({ address: { street: 'x' } }) }, ['parties', 0, 'address']],
  ['a party name that is a number', { parties: [{ name: 12345 }] }, ['parties', 0, 'name']],
  ['demands that are not text', { demands: ['要求', '疏通'] }, ['demands']],
  ['a history that is an object', { history: { year: 2026 } }, ['history']],
  ['a party that is a list', { parties: [['张三']] }, ['parties', 0]],
])('%s is refused with its field, and nothing is written', async (_what, overrides, path) => {
  const before = await counts();
  const res = await register(overrides);
  expect(res.status).toBe(400);
  const paths: string[] = res.body.error.details.errors.map((e: any) => e.path.join('.'));
  expect(paths.some((p) => p.startsWith(path.join('.')))).toBe(true);
  expect(await counts()).toEqual(before);
});

test('a registration is stamped with its organisation’s scope, audited, and its entry.create reaches listeners with the full entry', async () => {
  const heard: any[] = [];
  const listener = (event: any) => heard.push(event);
  strapi.eventHub.on('entry.create', listener);
  try {
    const res = await register({});
    expect(res.status).toBe(201);
    const id = res.body.data.documentId;
    const row = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: id } });
    expect(row).toMatchObject({ countyCode: '990102', state: 'registered' });
    expect(row.cityCode).toBe('990100');
    expect(row.publishedAt).toBeTruthy();
    const entries = await strapi.db.query('api::audit-entry.audit-entry').findMany({ where: { targetDocumentId: id, action: 'create' } });
    expect(entries).toHaveLength(1);
    expect(entries[0].detail.fields).toEqual(expect.arrayContaining(['subject', 'parties', 'organisation', 'referenceNo']));
    // Strapi emits after the commit.
    for (let i = 0; i < 50 && heard.length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    const petitionEvent = heard.find((e) => e.uid === 'api::petition.petition');
    expect(petitionEvent.entry.documentId).toBe(id);
    expect(petitionEvent.entry.parties[0].name).toBe('张三');
    expect(petitionEvent.entry.organisation.code).toBe('990102');
    expect(heard.find((e) => e.uid === 'api::visit.visit')?.entry.petition.documentId).toBe(id);
  } finally {
    strapi.eventHub.off('entry.create', listener);
  }
});

test('another county’s organisation is refused as before: 400 on the organisation, nothing written', async () => {
  const before = await counts();
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990103')!));
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors.map((e: any) => e.path)).toContainEqual(['organisation']);
  expect(await counts()).toEqual(before);
});

test('a party sent with the id of another county’s party row makes a new row: the other case’s party is not taken over or changed', async () => {
  const westClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  const west = await api(strapi, westClerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990103')!, { parties: party({ name: '王五' }) }),
  );
  expect(west.status).toBe(201);
  const westRow = await strapi.db
    .query('api::petition.petition')
    .findOne({ where: { documentId: west.body.data.documentId }, populate: { parties: true } });
  const stolen = westRow.parties[0].id;
  const res = await register({ parties: [{ id: stolen, name: '张三', address: '新桥村1组' }] });
  expect(res.status).toBe(201);
  const mine = await strapi.db
    .query('api::petition.petition')
    .findOne({ where: { documentId: res.body.data.documentId }, populate: { parties: true } });
  expect(mine.parties).toHaveLength(1);
  expect(mine.parties[0].id).not.toBe(stolen);
  const after = await strapi.db
    .query('api::petition.petition')
    .findOne({ where: { documentId: west.body.data.documentId }, populate: { parties: true } });
  expect(after.parties.map((p: any) => [p.id, p.name])).toEqual([[stolen, '王五']]);
});
