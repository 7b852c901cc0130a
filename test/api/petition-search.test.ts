import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
const u: Record<string, TestUser> = {};
const ID = idNumber('990102', '19700315', '456');
const PHONE = '13912345678';
let mine: any;
let neighbour: any;
let foreign: any;

const register = async (who: TestUser, org: string, overrides: Record<string, unknown>) => {
  const res = await api(strapi, who).post('/api/petitions', petitionInput(orgs.get(org)!, overrides));
  expect(res.status).toBe(201);
  return res.body.data;
};
const search = (who: TestUser, query: string) => api(strapi, who).get(`/api/petitions/search?${query}`);
const ids = (res: any) => res.body.data.map((r: any) => r.documentId);

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  for (const [name, role, org] of [
    ['clerk', 'clerk', '990102'],
    ['colleague', 'clerk', '990102'],
    ['otherCounty', 'clerk', '990103'],
    ['supervisor', 'supervisor', '990100'],
    ['mediator', 'mediator', '990102'],
    ['leader', 'leader', '990102'],
    ['reviewer', 'reviewer', '990102'],
    ['expert', 'expert', '990102'],
  ] as const)
    u[name] = await makeUser(strapi, role, org, orgs);
  mine = await register(u.clerk, '990102002', {
    subject: '宅基地边界纠纷',
    parties: [
      { name: '王小明', idNumber: ID, phone: PHONE, address: '新桥村' },
      { name: '李四', role: 'respondent' },
    ],
  });
  neighbour = await register(u.clerk, '990102002', { subject: '邻里排水纠纷', parties: [{ name: '赵大明' }] });
  foreign = await register(u.otherCounty, '990103', {
    subject: '宅基地边界纠纷',
    parties: [{ name: '王小明', idNumber: idNumber('990103', '19800101', '111'), phone: '13700000000' }],
  });
});
afterAll(stopStrapi);

test("a clerk finds the cases of a person by the start of the name, with the party that matched, and not another county's", async () => {
  const res = await search(u.clerk, `q=${encodeURIComponent('王小')}`);
  expect(res.status).toBe(200);
  expect(res.body.meta.by).toBe('text');
  expect(ids(res)).toEqual([mine.documentId]);
  expect(res.body.data[0].matched).toEqual([{ field: 'name', party: '王小明' }]);
  expect(res.body.data[0].referenceNo).toBe(mine.referenceNo);
});

test('a part of the name finds it too, and the subject matches on its own field', async () => {
  const res = await search(u.clerk, `q=${encodeURIComponent('大明')}`);
  expect(ids(res)).toEqual([neighbour.documentId]);
  const subject = await search(u.clerk, `q=${encodeURIComponent('宅基地')}`);
  expect(ids(subject)).toEqual([mine.documentId]);
  expect(subject.body.data[0].matched).toEqual([{ field: 'subject' }]);
});

test('a clerk finds a case by the full ID number, sees it in clear as its handler, and the search is audited', async () => {
  const res = await search(u.clerk, `q=${ID}`);
  expect(res.status).toBe(200);
  expect(res.body.meta.by).toBe('id');
  expect(ids(res)).toEqual([mine.documentId]);
  expect(res.body.data[0].matched).toEqual([{ field: 'idNumber', party: '王小明' }]);
  expect(res.body.data[0].parties[0].idNumber).toBe(ID);
  const audit = await strapi.db.query(UID.auditEntry).findMany({ where: { action: 'search-personal', actorId: u.clerk.id } });
  expect(audit).toHaveLength(1);
  expect(audit[0].detail).toMatchObject({ by: 'idNumber', found: [mine.documentId] });
  expect(JSON.stringify(audit[0].detail)).not.toContain(ID);
});

test('a colleague who does not handle the case finds it by phone and sees the numbers masked; the read is audited', async () => {
  const res = await search(u.colleague, `q=${PHONE}`);
  expect(res.body.meta.by).toBe('phone');
  expect(ids(res)).toEqual([mine.documentId]);
  expect(res.body.data[0].parties[0].phone).toBe('139****5678');
  expect(res.body.data[0].parties[0].idNumber).toBe(`${ID.slice(0, 6)}********${ID.slice(-4)}`);
  const reads = await strapi.db
    .query(UID.auditEntry)
    .findMany({ where: { action: 'read-personal', actorId: u.colleague.id, targetDocumentId: mine.documentId } });
  expect(reads.length).toBeGreaterThan(0);
  const lookups = await strapi.db.query(UID.auditEntry).findMany({ where: { action: 'search-personal', actorId: u.colleague.id } });
  expect(lookups).toHaveLength(1);
});

test('a part of an ID number finds nothing: numbers are found only whole', async () => {
  const res = await search(u.clerk, `q=${ID.slice(0, 10)}`);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([]);
  const explicit = await search(u.clerk, `by=id&q=${ID.slice(0, 10)}`);
  expect(explicit.status).toBe(400);
  expect(explicit.body.error.details.errors[0].path).toEqual(['q']);
});

test('a clerk finds a case by its reference number, whole or its start', async () => {
  const res = await search(u.clerk, `q=${mine.referenceNo}`);
  expect(res.body.meta.by).toBe('reference');
  expect(ids(res)).toEqual([mine.documentId]);
  expect(res.body.data[0].matched).toEqual([{ field: 'referenceNo' }]);
  const start = await search(u.clerk, `q=${mine.referenceNo.slice(0, 12)}`);
  expect(ids(start)).toEqual(expect.arrayContaining([mine.documentId, neighbour.documentId]));
});

test("another county's clerk gets nothing of this county by name, ID, phone or reference", async () => {
  for (const q of [encodeURIComponent('王小明'), ID, PHONE, mine.referenceNo]) {
    const res = await search(u.otherCounty, `q=${q}`);
    expect(res.status).toBe(200);
    expect(ids(res)).not.toContain(mine.documentId);
  }
  expect(ids(await search(u.otherCounty, `q=${encodeURIComponent('王小明')}`))).toEqual([foreign.documentId]);
});

test('a supervisor searches the city by name and reference, reads numbers masked, and is refused a search by ID or phone (400)', async () => {
  const byName = await search(u.supervisor, `q=${encodeURIComponent('王小明')}`);
  expect(byName.status).toBe(200);
  expect(ids(byName).sort()).toEqual([mine.documentId, foreign.documentId].sort());
  expect(byName.body.data.find((r: any) => r.documentId === mine.documentId).parties[0].idNumber).toContain('****');
  expect(ids(await search(u.supervisor, `q=${mine.referenceNo}`))).toEqual([mine.documentId]);
  for (const q of [ID, PHONE, `by=id&q=${ID}`, `by=phone&q=${PHONE}`].map((x) => (x.includes('=') ? x : `q=${x}`))) {
    const res = await search(u.supervisor, q);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['q']);
    expect(res.body.error.message).toContain('脱敏');
  }
});

test('mediators, leaders and reviewers of the county search by name and by number; an expert may not search cases', async () => {
  for (const who of [u.mediator, u.leader, u.reviewer]) {
    expect(ids(await search(who, `q=${encodeURIComponent('王小')}`))).toEqual([mine.documentId]);
    expect(ids(await search(who, `q=${ID}`))).toEqual([mine.documentId]);
  }
  expect((await search(u.expert, `q=${encodeURIComponent('王小')}`)).status).toBe(403);
});

test('state, unit and registration dates narrow the list; bad criteria are 400 naming the parameter', async () => {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  expect(ids(await search(u.clerk, `q=${encodeURIComponent('纠纷')}&state=registered&from=${today}&to=${today}`)).sort()).toEqual(
    [mine.documentId, neighbour.documentId].sort(),
  );
  expect(ids(await search(u.clerk, `q=${encodeURIComponent('纠纷')}&state=closed`))).toEqual([]);
  expect(ids(await search(u.clerk, `q=${encodeURIComponent('纠纷')}&to=2000-01-01`))).toEqual([]);
  const byUnit = await search(u.clerk, `organisation=${orgs.get('990102002')}`);
  expect(ids(byUnit).sort()).toEqual([mine.documentId, neighbour.documentId].sort());
  expect(byUnit.body.data.map((r: any) => r.matched)).toEqual([[], []]); // criteria alone: nothing matched on a field
  for (const [q, path] of [
    ['state=nope', 'state'],
    ['from=2026-13-01&q=x', 'from'],
    ['limit=1000&q=x', 'limit'],
    ['by=nope&q=x', 'by'],
    ['', 'q'],
  ]) {
    const res = await search(u.clerk, q);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path[0])).toContain(path);
  }
});

test('a page of name hits is newest first and says when there are more; another county’s namesakes neither fill nor extend it', async () => {
  const made = [];
  for (let i = 0; i < 3; i += 1) made.push(await register(u.clerk, '990102002', { parties: [{ name: `欧阳晓${i}` }] }));
  for (let i = 0; i < 3; i += 1) await register(u.otherCounty, '990103', { parties: [{ name: `欧阳晓外${i}` }] });
  const newest = made.map((p) => p.documentId).reverse();
  const two = await search(u.clerk, `q=${encodeURIComponent('欧阳')}&by=name&limit=2`);
  expect(ids(two)).toEqual(newest.slice(0, 2));
  expect(two.body.meta.more).toBe(true);
  const three = await search(u.clerk, `q=${encodeURIComponent('欧阳')}&by=name&limit=3`);
  expect(ids(three)).toEqual(newest);
  expect(three.body.meta.more).toBe(false);
  // With a criterion besides the scope the candidates are read in whole batches, and filtered.
  const registered = await search(u.clerk, `q=${encodeURIComponent('欧阳')}&by=name&limit=2&state=registered`);
  expect(ids(registered)).toEqual(newest.slice(0, 2));
  expect(registered.body.meta.more).toBe(true);
});
