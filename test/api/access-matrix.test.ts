import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import type { RoleCode } from '../../src/constants';
import { clearAuthCaches } from '../../src/access/cluster-bus';

/**
 * Every role against every endpoint: what it must reach (not 401/403) and what it must
 * not (403). The expectations are written out here by hand, independently of the
 * permission table in src/access, so a wrong grant there fails this test.
 */
type Who = RoleCode | 'public';
const ALL: Who[] = ['public', 'clerk', 'mediator', 'expert', 'leader', 'reviewer', 'supervisor'];
const STAFF: Who[] = ['clerk', 'mediator', 'expert', 'leader', 'reviewer', 'supervisor'];
const CASE_READERS: Who[] = ['clerk', 'mediator', 'leader', 'reviewer', 'supervisor'];

const MATRIX: { endpoint: string; allowed: Who[]; body?: object }[] = [
  { endpoint: 'GET /api/users/me', allowed: STAFF },
  { endpoint: 'GET /api/desk/me', allowed: STAFF },
  { endpoint: 'GET /api/desk/users?role=mediator', allowed: CASE_READERS },
  { endpoint: 'GET /api/organisations', allowed: STAFF },
  { endpoint: 'GET /api/organisations/:org', allowed: STAFF },
  { endpoint: 'GET /api/committees', allowed: STAFF },
  { endpoint: 'GET /api/case-types', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/export?format=csv', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/search?q=%E5%BC%A0', allowed: CASE_READERS },
  { endpoint: 'POST /api/petitions/:petition/consent', allowed: ['clerk'], body: { data: { party: 99, way: 'oral' } } },
  { endpoint: 'POST /api/petitions', allowed: ['clerk'], body: { data: { subject: '' } } },
  { endpoint: 'PUT /api/petitions/:petition', allowed: ['clerk'], body: { data: { demands: '补充诉求' } } },
  // Bodies that the rules refuse (400) when the permission lets the call through, so the
  // matrix changes nothing: only 401/403 mean "may not reach".
  { endpoint: 'POST /api/petitions/:petition/transition', allowed: ['clerk', 'mediator', 'leader'], body: { action: 'no_such_move' } },
  { endpoint: 'GET /api/petitions/:petition/moves', allowed: CASE_READERS },
  { endpoint: 'POST /api/petitions/:petition/extend', allowed: ['leader'], body: { data: { days: 30 } } },
  { endpoint: 'POST /api/petitions/:petition/visits', allowed: ['clerk'], body: { data: { channel: 'x' } } },
  { endpoint: 'POST /api/petitions/:petition/sessions', allowed: ['mediator'], body: { data: {} } },
  { endpoint: 'POST /api/petitions/:petition/return-visit', allowed: ['clerk'], body: { data: { result: 'x' } } },
  { endpoint: 'GET /api/petitions/:petition/form', allowed: CASE_READERS },
  { endpoint: 'PUT /api/petitions/:petition/form', allowed: ['clerk', 'mediator'], body: { data: {} } },
  { endpoint: 'GET /api/petitions/:petition/timeline', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition/documents', allowed: CASE_READERS },
  { endpoint: 'POST /api/petitions/:petition/documents/no-such-kind', allowed: ['clerk', 'mediator'] },
  { endpoint: 'GET /api/documents/nosuchdocument/download', allowed: CASE_READERS },
  { endpoint: 'POST /api/documents/nosuchdocument/signed-scan', allowed: ['clerk', 'mediator'] },
  {
    endpoint: 'POST /api/documents/nosuchdocument/signed-scan/withdraw',
    allowed: ['clerk', 'mediator'],
    body: { data: { reason: '误传' } },
  },
  { endpoint: 'GET /api/document-exports/nosuchexport', allowed: CASE_READERS },
  { endpoint: 'GET /api/verify/0000000000', allowed: ALL },
  // Attachments (附件与证据): made-up ids answer 404, an upload without an owner kind 400.
  { endpoint: 'POST /api/attachments', allowed: ['clerk', 'mediator', 'leader'], body: { ownerKind: 'none' } },
  { endpoint: 'GET /api/attachments?ownerKind=none', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition/attachments', allowed: CASE_READERS },
  { endpoint: 'GET /api/attachments/nosuchattachment/download', allowed: CASE_READERS },
  { endpoint: 'GET /api/attachments/nosuchattachment/thumbnail', allowed: CASE_READERS },
  { endpoint: 'GET /api/attachments/nosuchattachment/versions', allowed: CASE_READERS },
  // Withdraw, replace, mark: by role here; the service then allows only the case's handlers.
  {
    endpoint: 'POST /api/attachments/nosuchattachment/withdraw',
    allowed: ['clerk', 'mediator', 'leader'],
    body: { data: { reason: '误传' } },
  },
  { endpoint: 'POST /api/attachments/nosuchattachment/replace', allowed: ['clerk', 'mediator', 'leader'] },
  { endpoint: 'POST /api/attachments/nosuchattachment/mark', allowed: ['clerk', 'mediator', 'leader'], body: { data: { note: '标注' } } },
  // 一案一档, 履行回访, 以案定补 (issue #16).
  { endpoint: 'POST /api/petitions/nosuchpetition/case-file', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition/case-files', allowed: CASE_READERS },
  { endpoint: 'GET /api/case-files/nosuchfile/download', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition/performance', allowed: CASE_READERS },
  { endpoint: 'POST /api/performance-checks/nosuchcheck/record', allowed: ['mediator'], body: { data: { result: 'performed' } } },
  { endpoint: 'GET /api/subsidies?month=2026-01', allowed: ['clerk', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/subsidies/export?month=2026-01', allowed: ['clerk', 'leader', 'supervisor'] },
  // Credit flags: made-up ids answer 404 to the roles that may call, so nothing changes.
  { endpoint: 'GET /api/credit-grounds', allowed: ['clerk', 'leader', 'reviewer', 'supervisor'] },
  { endpoint: 'GET /api/credit-flags', allowed: ['clerk', 'leader', 'reviewer', 'supervisor'] },
  { endpoint: 'GET /api/credit-flags/nosuchflag', allowed: ['clerk', 'leader', 'reviewer', 'supervisor'] },
  { endpoint: 'GET /api/credit-flags/nosuchflag/history', allowed: ['clerk', 'leader', 'reviewer', 'supervisor'] },
  { endpoint: 'POST /api/credit-flags', allowed: ['clerk'], body: { data: {} } },
  ...['approve', 'reject', 'objection/decision', 'objection/extension', 'activate', 'repair/decision'].map((a) => ({
    endpoint: `POST /api/credit-flags/nosuchflag/${a}`,
    allowed: ['reviewer'] as Who[],
  })),
  ...['notify', 'expire', 'remove', 'delivery', 'objection', 'repair'].map((a) => ({
    endpoint: `POST /api/credit-flags/nosuchflag/${a}`,
    allowed: ['clerk', 'reviewer'] as Who[],
  })),
  { endpoint: 'GET /api/credit-flags/nosuchflag/queries', allowed: ['reviewer', 'supervisor'] },
  { endpoint: 'GET /api/credit-flags/export?format=json', allowed: ['supervisor'] },
  { endpoint: 'GET /api/petitions/:petition/credit-hints', allowed: ['clerk'] },
  // Hearings: schedulers are clerks and leaders; mediators and supervisors read; experts see their own.
  { endpoint: 'GET /api/hearing-types', allowed: CASE_READERS.filter((r) => r !== 'reviewer') },
  { endpoint: 'GET /api/rooms', allowed: CASE_READERS.filter((r) => r !== 'reviewer') },
  { endpoint: 'GET /api/hearings', allowed: ['clerk', 'mediator', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/hearings/mine', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/hearings/nosuchhearing', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/hearings/nosuchhearing/notices/0', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/hearings/nosuchhearing/record', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/schedule/week', allowed: ['clerk', 'mediator', 'expert', 'leader', 'supervisor'] },
  { endpoint: 'GET /api/hearings/people', allowed: ['clerk', 'leader'] },
  { endpoint: 'POST /api/hearings/slots', allowed: ['clerk', 'leader'], body: { data: { kind: 'none' } } },
  { endpoint: 'POST /api/hearings', allowed: ['clerk', 'leader'], body: { data: { kind: 'none' } } },
  ...['reschedule', 'cancel', 'minutes'].map((a) => ({
    endpoint: `POST /api/hearings/nosuchhearing/${a}`,
    allowed: ['clerk', 'leader'] as Who[],
  })),
  { endpoint: 'GET /api/hearing-announcements', allowed: ALL },
  { endpoint: 'GET /api/users', allowed: [] },
  // Sessions: refreshing needs no access token (400 here: no refresh token sent); listing one's sessions does.
  { endpoint: 'POST /api/auth/refresh', allowed: ALL },
  { endpoint: 'GET /api/auth/sessions', allowed: STAFF },
  { endpoint: 'POST /api/auth/local/register', allowed: [], body: { username: 'x1', email: 'x1@test.invalid', password: 'Secret-123' } },
];

let strapi: Core.Strapi;
let orgs: Map<string, string>;
const users = new Map<Who, TestUser | null>();
let petitionId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  users.set('public', null);
  for (const role of STAFF) users.set(role, await makeUser(strapi, role as RoleCode, '990102', orgs));
  const clerk = users.get('clerk')!;
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!));
  expect(res.status).toBe(201);
  petitionId = res.body.data.documentId;
  // The matrix mediator handles this case, so what it may do is limited by permissions only.
  const committee = (await api(strapi, clerk).get('/api/committees')).body.data[0].documentId;
  await api(strapi, clerk).post(`/api/petitions/${petitionId}/transition`, { action: 'accept' });
  const divert = await api(strapi, clerk).post(`/api/petitions/${petitionId}/transition`, {
    action: 'divert',
    input: { committee, mediator: users.get('mediator')!.id },
  });
  expect(divert.status).toBe(200);
});
afterAll(stopStrapi);

function call(who: Who, endpoint: string, body: object = {}) {
  const [method, template] = endpoint.split(' ');
  const url = template.replace(':petition', petitionId).replace(':org', orgs.get('990102')!);
  const client = api(strapi, users.get(who));
  return method === 'GET' ? client.get(url) : method === 'POST' ? client.post(url, body) : client.put(url, body);
}

describe.each(MATRIX)('$endpoint', ({ endpoint, allowed, body }) => {
  test.each(ALL)('%s', async (who) => {
    const res = await call(who, endpoint, body);
    if (allowed.includes(who)) {
      expect([401, 403, 405]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect([401, 403, 405]).toContain(res.status);
    }
  });
});

test('the audit log has no API at all: 404 for every role', async () => {
  for (const who of ALL) expect((await call(who, 'GET /api/audit-entries')).status).toBe(404);
});

test('the public role reads no case data even with a known id', async () => {
  const res = await api(strapi).get(`/api/petitions/${petitionId}`);
  expect(res.status).toBe(403);
  expect(JSON.stringify(res.body)).not.toContain('张三');
});

const postgres = process.env.DATABASE_CLIENT === 'postgres';

test(`a role's permissions are kept per instance: an edit behind its back takes effect ${postgres ? 'at once (the database notice clears the cache)' : 'within 5 s'}`, async () => {
  const clerk = users.get('clerk')!;
  const list = () => api(strapi, clerk).get('/api/petitions');
  // A fresh cache entry: one filled by an earlier test could run out between the two reads below.
  clearAuthCaches(strapi);
  expect((await list()).status).toBe(200);
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'clerk' } });
  const perm = await strapi.db
    .query('plugin::users-permissions.permission')
    .findOne({ where: { action: 'api::petition.petition.find', role: role.id } });
  await strapi.db.query('plugin::users-permissions.permission').delete({ where: { id: perm.id } });
  if (postgres) {
    // src/access/cluster-bus.ts: the permission table's trigger NOTIFYs every instance on commit.
    const deadline = Date.now() + 1000;
    let status = (await list()).status;
    while (status === 200 && Date.now() < deadline) status = (await list()).status;
    expect(status).toBe(403);
    return;
  }
  expect((await list()).status).toBe(200); // SQLite: still the cached permissions
  await new Promise((r) => setTimeout(r, 5200));
  expect((await list()).status).toBe(403);
});

test('a list page shows only plain list fields; fields or populate asked by the caller are still sanitized', async () => {
  const reader = users.get('supervisor')!; // the clerk lost its list permission in the test above
  const plain = await api(strapi, reader).get('/api/petitions');
  expect(plain.status).toBe(200);
  const row = plain.body.data.find((p: any) => p.documentId === petitionId);
  expect(row).toMatchObject({ referenceNo: expect.any(String), state: expect.any(String) });
  for (const hidden of ['countyCode', 'townshipCode', 'parties', 'formData', 'assignedClerk', 'organisation'])
    expect(row).not.toHaveProperty(hidden);
  const asked = await api(strapi, reader).get(
    '/api/petitions?fields[0]=subject&fields[1]=countyCode&populate[assignedClerk]=true&populate[organisation]=true',
  );
  expect(asked.status).toBe(200);
  const text = JSON.stringify(asked.body);
  for (const secret of ['countyCode', 'password', 'resetPasswordToken', 'confirmationToken']) expect(text).not.toContain(secret);
});
