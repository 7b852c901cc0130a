import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import type { RoleCode } from '../../src/constants';

/**
 * Every role against every endpoint: what it must reach (not 401/403) and what it must
 * not (403). The expectations are written out here by hand, independently of the
 * permission table in src/access, so a wrong grant there fails this test.
 */
type Who = RoleCode | 'public';
const ALL: Who[] = ['public', 'clerk', 'mediator', 'expert', 'leader', 'reviewer', 'supervisor'];
const STAFF: Who[] = ['clerk', 'mediator', 'expert', 'leader', 'reviewer', 'supervisor'];
const CASE_READERS: Who[] = ['clerk', 'mediator', 'leader', 'reviewer', 'supervisor'];

const MATRIX: { endpoint: string; allowed: Who[] }[] = [
  { endpoint: 'GET /api/users/me', allowed: STAFF },
  { endpoint: 'GET /api/organisations', allowed: STAFF },
  { endpoint: 'GET /api/organisations/:org', allowed: STAFF },
  { endpoint: 'GET /api/committees', allowed: STAFF },
  { endpoint: 'GET /api/case-types', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions', allowed: CASE_READERS },
  { endpoint: 'GET /api/petitions/:petition', allowed: CASE_READERS },
  { endpoint: 'POST /api/petitions', allowed: ['clerk'] },
  { endpoint: 'PUT /api/petitions/:petition', allowed: ['clerk'] },
  { endpoint: 'GET /api/users', allowed: [] },
  { endpoint: 'POST /api/auth/local/register', allowed: [] },
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
  const res = await api(strapi, users.get('clerk')).post('/api/petitions', petitionInput(orgs.get('990102002')!));
  expect(res.status).toBe(201);
  petitionId = res.body.data.documentId;
});
afterAll(stopStrapi);

function call(who: Who, endpoint: string) {
  const [method, template] = endpoint.split(' ');
  const url = template.replace(':petition', petitionId).replace(':org', orgs.get('990102')!);
  const client = api(strapi, users.get(who));
  const body = method === 'POST' ? petitionInput(orgs.get('990102002')!) : { data: { demands: '补充诉求' } };
  if (endpoint === 'POST /api/auth/local/register') return client.post(url, { username: 'x1', email: 'x1@test.invalid', password: 'Secret-123' });
  return method === 'GET' ? client.get(url) : method === 'POST' ? client.post(url, body) : client.put(url, body);
}

describe.each(MATRIX)('$endpoint', ({ endpoint, allowed }) => {
  test.each(ALL)('%s', async (who) => {
    const res = await call(who, endpoint);
    if (allowed.includes(who)) {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(300);
    } else {
      expect([401, 403, 405]).toContain(res.status);
    }
  });
});

test('the public role reads no case data even with a known id', async () => {
  const res = await api(strapi).get(`/api/petitions/${petitionId}`);
  expect(res.status).toBe(403);
  expect(JSON.stringify(res.body)).not.toContain('张三');
});
