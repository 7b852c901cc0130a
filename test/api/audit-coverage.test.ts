import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

const AUDIT = 'api::audit-entry.audit-entry' as any;
const H = 'plugin::fangtiao.hearing' as any;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser, leader: TestUser, supervisor: TestUser;
let petitionId: string;

const entries = (action: string, targetDocumentId?: string) =>
  strapi.db
    .query(AUDIT)
    .findMany({ where: { action, ...(targetDocumentId ? { targetDocumentId } : {}) }, orderBy: { id: 'asc' } }) as Promise<any[]>;

/** A joint consultation (联席会商) chaired by the leader, by video, at the earliest slot. */
async function meeting() {
  const res = await api(strapi, leader).post('/api/hearings', {
    data: {
      kind: 'joint_consultation',
      organisation: orgs.get('990102'),
      participants: [{ role: 'chair', user: leader.documentId }],
      videoLink: 'https://meet.example.cn/audit',
    },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  petitionId = (await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!))).body.data.documentId;
});
afterAll(stopStrapi);

describe('hearing moves made below the document service are in the audit log', () => {
  test('rescheduling a hearing records who moved it, from when to when and why', async () => {
    const h = await meeting();
    const slots = (await api(strapi, leader).post('/api/hearings/slots', { data: { hearing: h.documentId } })).body.data.slots;
    const res = await api(strapi, clerk).post(`/api/hearings/${h.documentId}/reschedule`, {
      data: { start: slots[1].start, reason: '主持人临时出差' },
    });
    expect(res.status).toBe(200);
    const [e, ...more] = await entries('hearing-reschedule', h.documentId);
    expect(more).toHaveLength(0);
    expect(e).toMatchObject({
      actorType: 'user',
      actorId: clerk.id,
      actorName: clerk.username,
      role: 'clerk',
      organisationCode: '990102',
      targetUid: H,
    });
    expect(e.detail).toMatchObject({ from: h.start, to: slots[1].start, reason: '主持人临时出差' });
  });

  test('cancelling a hearing records who cancelled it and why; a refused second cancel records nothing', async () => {
    const h = await meeting();
    expect((await api(strapi, leader).post(`/api/hearings/${h.documentId}/cancel`, { data: { reason: '议题已另行协调' } })).status).toBe(
      200,
    );
    expect((await api(strapi, leader).post(`/api/hearings/${h.documentId}/cancel`, { data: { reason: '再次取消' } })).status).toBe(409);
    const list = await entries('hearing-cancel', h.documentId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      actorType: 'user',
      actorId: leader.id,
      role: 'leader',
      targetUid: H,
      detail: { start: h.start, reason: '议题已另行协调' },
    });
  });

  test('recording the minutes records who recorded them and the outcome', async () => {
    const h = await meeting();
    // The meeting took place: move it into the past, as time would.
    const row: any = await strapi.db.query(H).findOne({ where: { documentId: h.documentId } });
    await strapi.db
      .query(H)
      .update({ where: { id: row.id }, data: { start: new Date(Date.now() - 3 * 3_600_000), end: new Date(Date.now() - 3_600_000) } });
    const res = await api(strapi, leader).post(`/api/hearings/${h.documentId}/minutes`, {
      data: { attendance: [{ participant: 0, present: true }], opinions: [], conclusion: '会商确定各部门分工处置', outcome: 'accepted' },
    });
    expect(res.status).toBe(200);
    const list = await entries('hearing-minutes', h.documentId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      actorType: 'user',
      actorId: leader.id,
      role: 'leader',
      targetUid: H,
      detail: { outcome: 'accepted', caseMove: null },
    });
  });
});

describe('ledger exports are in the audit log', () => {
  test('a clerk exporting the petition ledger as CSV and XLSX leaves one entry each, naming the petitions exported', async () => {
    for (const format of ['csv', 'xlsx']) {
      const res = await api(strapi, clerk).get(`/api/petitions/export?format=${format}&filters[state][$eq]=registered`);
      expect(res.status).toBe(200);
    }
    const list = await entries('export-petitions');
    expect(list.map((e) => e.detail.format)).toEqual(['csv', 'xlsx']);
    for (const e of list) {
      expect(e).toMatchObject({
        actorType: 'user',
        actorId: clerk.id,
        role: 'clerk',
        organisationCode: '990102',
        targetUid: 'api::petition.petition',
      });
      expect(e.detail).toMatchObject({ count: 1, petitions: [petitionId], filters: { state: { $eq: 'registered' } } });
    }
  });

  test('exporting the measures ledger, by a supervisor or in the admin panel, names who and what', async () => {
    expect((await api(strapi, supervisor).get('/api/measures/export')).status).toBe(200);
    const admin = await adminSession(strapi);
    expect((await admin.get('/fangtiao/measures/export?org=990102')).status).toBe(200);
    const [bySupervisor, byAdmin] = await entries('export-measures');
    expect(bySupervisor).toMatchObject({
      actorType: 'user',
      actorId: supervisor.id,
      role: 'supervisor',
      targetUid: 'api::petition.petition',
      detail: { format: 'xlsx', organisation: '990102' },
    });
    expect(byAdmin).toMatchObject({
      actorType: 'admin',
      role: 'admin',
      actorName: expect.stringMatching(/@test\.invalid$/),
      targetUid: 'api::petition.petition',
      detail: { organisation: '990102' },
    });
  });
});
