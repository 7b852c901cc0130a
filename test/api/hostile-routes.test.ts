import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { ROLE_CODES } from '../../src/constants';

/**
 * Generated from the route table: every content-API GET route, called by every role of the
 * other county (西山县), with populate of every relation to depth 2, filters and sort on
 * personal fields, and malformed filters. Nothing of 东湖区's case may come back, and no
 * request may end in a 500.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
const intruders: TestUser[] = [];
let donghu: any;
const ID = idNumber('990102', '19580212', '733');
const PHONE = '13311112222';
const SUBJECT = '东湖区的秘密案情';

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, { subject: SUBJECT, parties: [{ name: '孙某', idNumber: ID, phone: PHONE }] }),
  );
  expect(res.status).toBe(201);
  donghu = res.body.data;
  expect(
    (
      await api(strapi, clerk).post(`/api/petitions/${donghu.documentId}/visits`, {
        data: { visitedAt: new Date().toISOString(), channel: 'visit', level: 'county', headcount: 1 },
      })
    ).status,
  ).toBe(201);
  for (const role of ROLE_CODES) intruders.push(await makeUser(strapi, role, '990103', orgs));
});
afterAll(stopStrapi);

type Route = { method: string; path: string };

/** The content API's GET routes, as the router holds them (`/api/...`). */
function getRoutes(): Route[] {
  const layers: any[] = (strapi.server as any).listRoutes();
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const l of layers) {
    if (!l.path?.startsWith('/api/') || !l.methods?.includes('GET')) continue;
    if (seen.has(l.path)) continue;
    seen.add(l.path);
    out.push({ method: 'GET', path: l.path });
  }
  return out;
}

/** Every relation of a content type, populated two levels deep. */
function deepPopulate(uid: string): string {
  const model: any = strapi.getModel(uid as any);
  const parts: string[] = [];
  for (const [k, a] of Object.entries<any>(model?.attributes ?? {})) {
    if (a.type !== 'relation' && a.type !== 'component') continue;
    parts.push(`populate[${k}][populate]=*`);
  }
  return parts.join('&');
}

const modelOfPath = (path: string): string | null => {
  const plural = path.split('/')[2];
  const ct = Object.values<any>(strapi.contentTypes).find((c) => c.info?.pluralName === plural);
  return ct?.uid ?? null;
};

const leaked = (body: unknown) => {
  const text = JSON.stringify(body ?? null);
  return [SUBJECT, donghu.referenceNo, donghu.documentId, ID, PHONE].filter((s) => text.includes(s));
};

test('the route table has the case routes this suite must cover', () => {
  const paths = getRoutes().map((r) => r.path);
  expect(paths).toEqual(
    expect.arrayContaining(['/api/petitions', '/api/petitions/:id', '/api/petitions/:id/form', '/api/petitions/:id/timeline']),
  );
  expect(paths.length).toBeGreaterThan(20);
});

test('every GET route, every role of the other county: no foreign data, no 500', async () => {
  const failures: string[] = [];
  const calls: Array<{ user: TestUser; url: string }> = [];
  for (const route of getRoutes()) {
    const uid = modelOfPath(route.path);
    const url = route.path.replace(/:[a-zA-Z]+/g, donghu.documentId);
    const populate = uid ? deepPopulate(uid) : 'populate=*';
    const malformed = ['filters[$or]=1', 'filters[id][$gt]=abc', 'sort=id:sideways', 'populate[x][filters][$and]=1'];
    for (const user of intruders) {
      // Every role reads plainly and populated; the malformed queries once per route suffice.
      const queries = ['', populate, ...(user.role === 'clerk' ? malformed : [])];
      for (const q of queries) calls.push({ user, url: q ? `${url}?${q}` : url });
    }
  }
  for (let i = 0; i < calls.length; i += 8) {
    await Promise.all(
      calls.slice(i, i + 8).map(async ({ user, url }) => {
        const res = await api(strapi, user).get(url);
        if (res.status >= 500) failures.push(`${user.role} GET ${url} → ${res.status}`);
        const found = leaked(res.body);
        if (found.length) failures.push(`${user.role} GET ${url} → ${res.status} leaks ${found.join(', ')}`);
      }),
    );
  }
  expect(failures).toEqual([]);
}, 300_000);

test('filters and sort on personal fields: masked readers get 400, nobody gets a 500 or a hit', async () => {
  const failures: string[] = [];
  const probes = [
    `filters[parties][idNumber][$startsWith]=${ID.slice(0, 8)}`,
    `filters[parties][idNumber][$eq]=${ID}`,
    `filters[parties][phone][$eq]=${PHONE}`,
    'sort=parties.phone:asc',
    'fields[0]=cityCode&fields[1]=countyCode',
  ];
  for (const user of intruders) {
    for (const q of probes) {
      const res = await api(strapi, user).get(`/api/petitions?${q}`);
      if (res.status >= 500) failures.push(`${user.role} ${q} → 500`);
      if (res.status === 200 && res.body.data.length) failures.push(`${user.role} ${q} → ${res.body.data.length} rows`);
      const masked = user.role === 'supervisor' || user.role === 'expert';
      if (masked && q.startsWith('filters') && res.status !== 400 && res.status !== 403)
        failures.push(`${user.role} ${q} → ${res.status}, expected 400`);
    }
  }
  expect(failures).toEqual([]);
});
