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

/**
 * A hostile client: another county's clerk, a masked reader, malformed queries. Each test
 * here reproduces a leak found on the release before (issue 13) and must fail on it.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let donghuClerk: TestUser;
let xishanClerk: TestUser;
let citySupervisor: TestUser;
let countySupervisor: TestUser;
let caseType: string;
let donghuPetition: any;
let xishanPetition: any;
const SHARED_ID = idNumber('990102', '19650704', '321');
const OTHER_ID = idNumber('990102', '19720901', '118');
const DONGHU_SUBJECT = '东湖区宅基地纠纷（不可外泄）';

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  donghuClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  xishanClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  citySupervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  countySupervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, { name: '宅基地纠纷', code: 'homestead', formSchema: sampleFormSchema() });
  expect(type.status).toBe(201);
  caseType = type.body.data.documentId;
  const form = {
    disputeAmount: 10,
    disputeDate: '2026-10-01',
    kind: 'boundary',
    otherPartyId: OTHER_ID,
    otherPartyPhone: '13700001111',
    hasInjury: false,
  };
  const d = await api(strapi, donghuClerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, {
      subject: DONGHU_SUBJECT,
      caseType,
      formData: form,
      parties: [
        { name: '赵大', idNumber: SHARED_ID, phone: '13600002222' },
        { name: '钱二', idNumber: OTHER_ID, phone: '13500003333' },
      ],
    }),
  );
  expect(d.status).toBe(201);
  donghuPetition = d.body.data;
  const x = await api(strapi, xishanClerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990103')!, {
      subject: '西山县宅基地纠纷',
      caseType,
      formData: { ...form, otherPartyId: undefined, otherPartyPhone: undefined },
      parties: [{ name: '赵大', idNumber: SHARED_ID, phone: '13600002222' }],
    }),
  );
  expect(x.status).toBe(201);
  xishanPetition = x.body.data;
});
afterAll(stopStrapi);

const leaks = (body: unknown) => {
  const text = JSON.stringify(body);
  return [DONGHU_SUBJECT, donghuPetition.documentId, donghuPetition.referenceNo, OTHER_ID, '13500003333'].filter((s) => text.includes(s));
};

describe('another county’s case stays out of reach through relations', () => {
  test('registering the same person on the same matter in another county tells the clerk nothing', () => {
    expect(xishanPetition.isRepeat).toBe(false);
    expect(leaks(xishanPetition)).toEqual([]);
  });

  test.each([
    'populate[repeatOf][populate][parties]=true',
    'populate[repeatOf]=*',
    'populate=*',
    'populate[repeatOf][populate]=*',
    'populate[0]=repeatOf.parties',
    'populate=repeatOf,repeatOf.organisation',
  ])('GET one petition with %s shows nothing of the other county', async (q) => {
    const res = await api(strapi, xishanClerk).get(`/api/petitions/${xishanPetition.documentId}?${q}`);
    expect([res.status, res.status === 200 ? null : res.body.error]).toEqual([200, null]);
    expect(leaks(res.body)).toEqual([]);
    expect(res.body.data.repeatOf ?? null).toBeNull();
  });

  test.each([
    'filters[repeatOf][id][$notNull]=true',
    `filters[repeatOf][subject][$eq]=${encodeURIComponent(DONGHU_SUBJECT)}`,
    'filters[repeatOf][parties][name][$eq]=%E9%92%B1%E4%BA%8C',
  ])('filters through the relation are no oracle: %s finds nothing', async (q) => {
    const res = await api(strapi, xishanClerk).get(`/api/petitions?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  test('the city, which has both in scope, sees the link — with the parties masked and the read audited', async () => {
    const res = await api(strapi, citySupervisor).get(
      `/api/petitions/${xishanPetition.documentId}?populate[repeatOf][populate][parties]=true`,
    );
    expect(res.status).toBe(200);
    const linked = res.body.data.repeatOf;
    expect(linked.documentId).toBe(donghuPetition.documentId);
    expect(linked.parties.map((p: any) => p.idNumber)).toEqual([expect.stringContaining('****'), expect.stringContaining('****')]);
    const audit = await strapi.db
      .query(UID.auditEntry)
      .findMany({ where: { action: 'read-personal', targetDocumentId: donghuPetition.documentId, actorId: citySupervisor.id } });
    expect(audit.length).toBeGreaterThan(0);
  });

  test('even the handler of the outer case sees a populated case’s personal data masked', async () => {
    const res = await api(strapi, donghuClerk).get(`/api/petitions?populate[repeatOf][populate][parties]=true&populate[parties]=true`);
    const own = res.body.data.find((p: any) => p.documentId === donghuPetition.documentId);
    expect(own.parties[0].idNumber).toBe(SHARED_ID);
  });

  test('an organisation’s parent and its children show only the caller’s own part of the tree', async () => {
    const res = await api(strapi, xishanClerk).get('/api/organisations?populate[parent][populate][children]=true&pagination[pageSize]=100');
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('东湖区');
    expect(text).not.toContain('990102');
  });
});

test('no answer carries the scope columns: an export job as started, an organisation', async () => {
  const start = await api(strapi, donghuClerk).post('/api/document-exports', {
    data: { filters: { documentId: donghuPetition.documentId } },
  });
  expect(start.status).toBe(202);
  const orgsRes = await api(strapi, donghuClerk).get('/api/organisations');
  for (const body of [start.body, orgsRes.body]) expect(JSON.stringify(body)).not.toMatch(/(city|county|township|village)Code/);
});

describe('a masked reader cannot recover a masked value', () => {
  test.each([
    ['filters[parties][idNumber][$startsWith]=9901', 'parties.idNumber'],
    [`filters[parties][idNumber][$eq]=${SHARED_ID}`, 'parties.idNumber'],
    ['filters[parties][phone][$contains]=136', 'parties.phone'],
    ['filters[formData][$contains]=1370', 'formData'],
    ['sort=parties.idNumber:asc', 'sort'],
  ])('a supervisor asking %s gets 400 naming %s', async (q, field) => {
    const res = await api(strapi, countySupervisor).get(`/api/petitions?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(field);
  });

  test('a clerk may look a person up by the exact ID number, not by a prefix', async () => {
    const exact = await api(strapi, donghuClerk).get(`/api/petitions?filters[parties][idNumber][$eq]=${SHARED_ID}`);
    expect(exact.status).toBe(200);
    expect(exact.body.data.map((p: any) => p.documentId)).toEqual([donghuPetition.documentId]);
    const prefix = await api(strapi, donghuClerk).get('/api/petitions?filters[parties][idNumber][$startsWith]=9901');
    expect(prefix.status).toBe(400);
  });

  test('form fields typed id-number and phone are masked for non-handlers on /form and in the record, and every read is audited', async () => {
    const form = await api(strapi, countySupervisor).get(`/api/petitions/${donghuPetition.documentId}/form`);
    expect(form.status).toBe(200);
    expect(form.body.data.data.otherPartyId).toBe(`${OTHER_ID.slice(0, 6)}********${OTHER_ID.slice(-4)}`);
    expect(form.body.data.data.otherPartyPhone).toBe('137****1111');
    const record = await api(strapi, countySupervisor).get(`/api/petitions/${donghuPetition.documentId}`);
    expect(JSON.stringify(record.body)).not.toContain(OTHER_ID);
    expect(JSON.stringify(record.body)).not.toContain('13700001111');
    const own = await api(strapi, donghuClerk).get(`/api/petitions/${donghuPetition.documentId}/form`);
    expect(own.body.data.data.otherPartyId).toBe(OTHER_ID);
    const audit = await strapi.db
      .query(UID.auditEntry)
      .findMany({ where: { action: 'read-personal', targetDocumentId: donghuPetition.documentId, actorId: countySupervisor.id } });
    expect(audit.map((a: any) => a.detail.route)).toEqual(expect.arrayContaining([expect.stringMatching(/\/form$/)]));
    expect(audit.every((a: any) => a.detail.masked)).toBe(true);
  });

  test('the timeline read is audited', async () => {
    await api(strapi, countySupervisor).get(`/api/petitions/${donghuPetition.documentId}/timeline`);
    const audit = await strapi.db
      .query(UID.auditEntry)
      .findMany({ where: { action: 'read-timeline', targetDocumentId: donghuPetition.documentId, actorId: countySupervisor.id } });
    expect(audit).toHaveLength(1);
  });
});

describe('malformed queries are a 400 naming the parameter, never a 500', () => {
  const malformed = [
    ['filters[$or]=1', 'filters.$or'],
    ['filters[$and]=x', 'filters.$and'],
    ['filters[visitCount][$gt]=abc', 'filters.visitCount'],
    ['filters[registeredAt][$between]=1', 'filters.registeredAt'],
    ['filters[registeredAt][$lt]=notadate', 'filters.registeredAt'],
    ['populate[parties][filters][$or]=1', 'populate.parties.filters.$or'],
    ['sort=subject:sideways', 'sort'],
    ['populate[subject]=true', 'populate.subject'],
  ];
  test.each(malformed)('GET /api/petitions?%s', async (q, param) => {
    const res = await api(strapi, donghuClerk).get(`/api/petitions?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain(param);
  });

  test.each(malformed.slice(0, 5))('GET /api/petitions/export?%s', async (q) => {
    const res = await api(strapi, donghuClerk).get(`/api/petitions/export?${q}`);
    expect(res.status).toBe(400);
  });

  test.each([{ $or: 1 }, { visitCount: { $gt: 'abc' } }, { registeredAt: { $between: 1 } }, { $and: 'x' }])(
    'POST /api/document-exports with filters %j',
    async (filters) => {
      const res = await api(strapi, donghuClerk).post('/api/document-exports', { data: { filters } });
      expect(res.status).toBe(400);
    },
  );
});
