import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary } from '../helpers/pdf';
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

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherMediator: TestUser;
let leader: TestUser;
let admin: Awaited<ReturnType<typeof adminSession>>;
let caseTypeId: string;
let committeeId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherMediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  admin = await adminSession(strapi);
  const committees = await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会');
  committeeId = committees.body.data[0].documentId;
});
afterAll(stopStrapi);

const move = (who: TestUser, id: string, action: string, input: object = {}) =>
  api(strapi, who).post(`/api/petitions/${id}/transition`, { action, input });

async function registered(overrides: Record<string, unknown> = {}) {
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, overrides));
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('case types are configured by admins in the admin panel', () => {
  test('a bad schema is refused with every problem named', async () => {
    const res = await admin.post(CM_CASE_TYPES, {
      name: '坏类型',
      code: 'bad-type',
      formSchema: {
        fields: [
          { key: 'a', label: 'A', type: 'text' },
          { key: 'a', label: 'A2', type: 'colour' },
          { key: 'k', label: 'K', type: 'select' },
          { key: 'v', label: 'V', type: 'text', visibleWhen: { field: 'nope', equals: 1 } },
        ],
      },
    });
    expect(res.status).toBe(400);
    const msg = JSON.stringify(res.body.error);
    for (const bit of ['fields[1].key', 'fields[1].type', 'fields[2].options', 'fields[3].visibleWhen']) expect(msg).toContain(bit);
  });

  test('a good schema saves as version 1 and each schema change makes a new version', async () => {
    const res = await admin.post(CM_CASE_TYPES, {
      name: '邻里纠纷',
      code: 'neighbour',
      category: 'neighbourhood',
      formSchema: sampleFormSchema(),
      defaultMediation: true,
    });
    expect(res.status).toBe(201);
    caseTypeId = res.body.data.documentId;
    expect(res.body.data.version).toBe(1);
    const same = await admin.put(`${CM_CASE_TYPES}/${caseTypeId}`, { name: '邻里纠纷（改名）' });
    expect(same.body.data.version).toBe(1);
  });
});

describe('a petition of that type is registered and mediated to a successful close', () => {
  let p: any;

  test('form data is validated on the server: every failing field with its reason', async () => {
    const res = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102002')!, {
        caseType: caseTypeId,
        formData: { disputeAmount: -5, kind: 'fire', otherPartyId: '990102198001011230', hasInjury: true, unknownKey: 1 },
      }),
    );
    expect(res.status).toBe(400);
    const paths = res.body.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'formData.disputeAmount',
        'formData.disputeDate',
        'formData.kind',
        'formData.otherPartyId',
        'formData.injuryNote',
        'formData.unknownKey',
      ]),
    );
  });

  test('a clerk registers it with valid form data; deadlines and the five clarities come with it', async () => {
    p = await registered({
      caseType: caseTypeId,
      formData: { disputeAmount: 1200.5, disputeDate: '2026-10-01', kind: 'drain', hasInjury: false },
    });
    expect(p.state).toBe('registered');
    expect(p.caseTypeVersion).toBe(1);
    expect(p.deadline.kind).toBe('acceptance');
    expect(['green', 'yellow']).toContain(p.deadline.colour);
    const days = (new Date(p.acceptanceDueAt).getTime() - new Date(p.registeredAt).getTime()) / 86400000;
    expect(days).toBeGreaterThan(14);
    expect(days).toBeLessThanOrEqual(16);
    expect(p.fiveClarityScore).toBe(4);
    expect(p.fiveClarityMissing).toEqual(['handling']);
  });

  test('a mediator may not accept it (403) and a forbidden move is 409 with the reason, changing nothing', async () => {
    const refused = await move(mediator, p.documentId, 'accept');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('只有信访干部可以受理');
    const res = await move(clerk, p.documentId, 'divert', { committee: committeeId, mediator: mediator.id });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已登记');
    const still = await api(strapi, clerk).get(`/api/petitions/${p.documentId}`);
    expect(still.body.data.state).toBe('registered');
  });

  test('the clerk accepts it: the 60-day conclusion deadline starts', async () => {
    const res = await move(clerk, p.documentId, 'accept');
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('accepted');
    expect(res.body.data.deadline.kind).toBe('conclusion');
    expect(res.body.data.fiveClarityScore).toBe(5);
  });

  test('diversion names the committee and the mediator; missing them is 400 naming the fields', async () => {
    const bad = await move(clerk, p.documentId, 'divert', {});
    expect(bad.status).toBe(400);
    const res = await move(clerk, p.documentId, 'divert', { committee: committeeId, mediator: mediator.id });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('in_mediation');
  });

  test('only the assigned mediator records sessions and fills the form', async () => {
    const session = {
      heldAt: '2026-11-20T09:00:00+08:00',
      place: '湖滨镇调解室',
      participants: '张三、李四',
      summary: '双方同意疏通排水沟',
    };
    expect((await api(strapi, otherMediator).post(`/api/petitions/${p.documentId}/sessions`, { data: session })).status).toBe(403);
    expect((await api(strapi, mediator).post(`/api/petitions/${p.documentId}/sessions`, { data: session })).status).toBe(201);
    const bad = await api(strapi, mediator).put(`/api/petitions/${p.documentId}/form`, {
      data: { disputeAmount: 'abc', disputeDate: '2026-10-01', kind: 'drain' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['formData', 'disputeAmount']);
    const ok = await api(strapi, mediator).put(`/api/petitions/${p.documentId}/form`, {
      data: { disputeAmount: 800, disputeDate: '2026-10-01', kind: 'drain' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.data.disputeAmount).toBe(800);
  });

  test('the mediator records a successful outcome with the agreed terms: concluded', async () => {
    const res = await move(mediator, p.documentId, 'mediation_success', {
      agreedTerms: '李四于2026年12月1日前疏通排水沟',
      terms: [{ what: '疏通排水沟', how: '雇工清理', where: '新桥村1组', byWhen: '2026-12-01' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('concluded');
    expect(res.body.data.outcome).toMatchObject({ result: 'success', terms: [expect.objectContaining({ what: '疏通排水沟' })] });
  });

  test('closing needs the return visit first; then it closes', async () => {
    expect((await move(clerk, p.documentId, 'close')).status).toBe(409);
    const rv = await api(strapi, clerk).post(`/api/petitions/${p.documentId}/return-visit`, {
      data: { result: 'satisfied', comment: '满意' },
    });
    expect(rv.status).toBe(200);
    expect((await move(clerk, p.documentId, 'close')).body.data.state).toBe('closed');
  });

  test('the timeline shows every move with who, when, why, from and to', async () => {
    const res = await api(strapi, clerk).get(`/api/petitions/${p.documentId}/timeline`);
    const moves = res.body.data.filter((i: any) => i.kind === 'move');
    expect(moves.map((m: any) => m.detail.action)).toEqual(['accept', 'divert', 'mediation_success', 'close']);
    expect(moves[2].detail).toMatchObject({
      from: 'in_mediation',
      to: 'concluded',
      role: 'mediator',
      reason: '李四于2026年12月1日前疏通排水沟',
    });
    expect(res.body.data.some((i: any) => i.kind === 'session')).toBe(true);
    expect(res.body.data.some((i: any) => i.kind === 'return-visit')).toBe(true);
  });

  test('a visit on the concluded matter makes it a repeat petition and a backlog case', async () => {
    const res = await api(strapi, clerk).post(`/api/petitions/${p.documentId}/visits`, {
      data: { channel: 'visit', level: 'city', headcount: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ isRepeat: true, isLeapfrog: true });
    const after = await api(strapi, clerk).get(`/api/petitions/${p.documentId}`);
    // The registration (来访) was the first visit; this one is the second.
    expect(after.body.data).toMatchObject({ isRepeat: true, isBacklog: true, visitCount: 2 });
  });

  test('a new petition by the same person on the same matter is linked to the earlier one', async () => {
    const again = await registered({ subject: '邻里排水纠纷' });
    expect(again.isRepeat).toBe(true);
    const full = await api(strapi, clerk).get(`/api/petitions/${again.documentId}?populate=repeatOf`);
    expect(full.body.data.repeatOf.documentId).toBe(p.documentId);
  });

  test('with several earlier petitions on the matter, a new one links the latest of them', async () => {
    const second = await registered({ subject: '邻里排水纠纷' });
    const third = await registered({ subject: '邻里排水纠纷' });
    expect(third.isRepeat).toBe(true);
    const full = await api(strapi, clerk).get(`/api/petitions/${third.documentId}?populate=repeatOf`);
    expect(full.body.data.repeatOf.documentId).toBe(second.documentId);
  });

  test('editing the case type schema makes version 2; the old petition keeps version 1', async () => {
    const schema = sampleFormSchema();
    schema.fields.push({ key: 'witness', label: '证人', type: 'text', required: true } as any);
    const res = await admin.put(`${CM_CASE_TYPES}/${caseTypeId}`, { formSchema: schema });
    expect(res.status).toBe(200);
    expect(res.body.data.version).toBe(2);
    const form = await api(strapi, clerk).get(`/api/petitions/${p.documentId}/form`);
    expect(form.body.data.version).toBe(1);
    expect(form.body.data.schema.fields.map((f: any) => f.key)).not.toContain('witness');
  });
});

describe('越级 is a visit beyond the responsible organ and the one directly above it', () => {
  test('a township case visited at the county is lawful; at the city it is 越级', async () => {
    const p = await registered({ subject: '越级测试' });
    const visit = (level: string) =>
      api(strapi, clerk).post(`/api/petitions/${p.documentId}/visits`, { data: { channel: 'visit', level } });
    const county = await visit('county');
    expect(county.status).toBe(201);
    expect(county.body.data.isLeapfrog).toBe(false);
    const city = await visit('city');
    expect(city.body.data.isLeapfrog).toBe(true);
    expect((await visit('township')).body.data.isLeapfrog).toBe(false);
  });
});

describe('a visit about performing the agreement (履行督促)', () => {
  async function mediated(byWhen: string) {
    const c = await registered({ subject: `履行督促测试${byWhen}` });
    expect((await move(clerk, c.documentId, 'accept')).status).toBe(200);
    expect((await move(clerk, c.documentId, 'divert', { committee: committeeId, mediator: mediator.id })).status).toBe(200);
    const ok = await move(mediator, c.documentId, 'mediation_success', {
      agreedTerms: '李四赔偿张三损失800元',
      terms: [{ obligor: '李四', what: '赔偿损失800元', where: '新桥村', byWhen }],
      facts: '排水沟堵塞致张三家受损',
      disputes: '赔偿数额',
    });
    expect(ok.status).toBe(200);
    return c.documentId as string;
  }
  const visit = (id: string, data: object) =>
    api(strapi, clerk).post(`/api/petitions/${id}/visits`, { data: { channel: 'visit', ...data } });

  test('before the agreed deadline, even at the city, it is a follow-up: not a repeat, not backlog, not 越级', async () => {
    const id = await mediated('2099年1月31日前');
    const res = await visit(id, { level: 'city', purpose: 'performance', note: '询问赔偿款何时支付' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      purpose: 'performance',
      kind: 'performance-follow-up',
      isRepeat: false,
      isLeapfrog: false,
      isNonPerformance: false,
    });
    const after = (await api(strapi, clerk).get(`/api/petitions/${id}`)).body.data;
    expect(after).toMatchObject({ isRepeat: false, isBacklog: false });
    const timeline = (await api(strapi, clerk).get(`/api/petitions/${id}/timeline`)).body.data;
    expect(timeline.find((i: any) => i.kind === 'visit' && i.detail.purpose === 'performance').label).toBe('履行督促');
    // The same visit without the purpose is what it always was: a repeat petition, 越级, backlog.
    const plain = await visit(id, { level: 'city' });
    expect(plain.body.data).toMatchObject({ isRepeat: true, isLeapfrog: true });
  });

  test('after the deadline it records non-performance, still not a repeat petition', async () => {
    const id = await mediated('1月15日前');
    const res = await visit(id, { level: 'county', purpose: 'performance' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: 'non-performance', isNonPerformance: true, isRepeat: false, isLeapfrog: false });
    expect((await api(strapi, clerk).get(`/api/petitions/${id}`)).body.data).toMatchObject({ isRepeat: false, isBacklog: false });
  });

  test('a case without agreed terms has no performance to follow up (409); an unknown purpose is 400', async () => {
    const c = await registered({ subject: '无协议' });
    expect((await visit(c.documentId, { level: 'township', purpose: 'performance' })).status).toBe(409);
    const bad = await visit(c.documentId, { level: 'township', purpose: 'chat' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['purpose']);
  });
});

describe('deadlines and extensions', () => {
  test('a leader extends the conclusion deadline once; a second extension is 409', async () => {
    const p = await registered({ subject: '工资拖欠', parties: [{ name: '赵六', idNumber: idNumber('990102', '19850505', '321') }] });
    await move(clerk, p.documentId, 'accept');
    expect(
      (await api(strapi, clerk).post(`/api/petitions/${p.documentId}/extend`, { data: { days: 30, reason: '情况复杂' } })).status,
    ).toBe(403);
    const ok = await api(strapi, leader).post(`/api/petitions/${p.documentId}/extend`, { data: { days: 30, reason: '情况复杂' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.extensionDays).toBe(30);
    const again = await api(strapi, leader).post(`/api/petitions/${p.documentId}/extend`, { data: { days: 10, reason: '再延' } });
    expect(again.status).toBe(409);
  });

  test('a petition past its acceptance deadline is a backlog case', async () => {
    const p = await registered({ subject: '土地纠纷', parties: [{ name: '钱七' }] });
    await strapi.db
      .query(UID.petition)
      .update({ where: { documentId: p.documentId }, data: { acceptanceDueAt: new Date(Date.now() - 86400000) } });
    await api(strapi, clerk).put(`/api/petitions/${p.documentId}`, { data: { history: '多次到镇反映' } });
    const res = await api(strapi, clerk).get(`/api/petitions/${p.documentId}`);
    expect(res.body.data).toMatchObject({ isBacklog: true, deadline: expect.objectContaining({ colour: 'red' }) });
  });
});

describe('ledger export', () => {
  test('the list exports with its filters as XLSX and CSV, without ID or phone numbers', async () => {
    const xlsx = await binary(api(strapi, clerk).get('/api/petitions/export?format=xlsx&filters[state][$eq]=closed'));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = require('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.getWorksheet('信访台账');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(6).value).toBe('已结案');
    const csv = await api(strapi, clerk).get('/api/petitions/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('邻里排水纠纷');
    expect(csv.text).not.toContain('13800138000');
  });
});

describe('the desk sees who handles a case', () => {
  test('a case shows its handlers by name, and mine=true lists the cases the caller handles', async () => {
    const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '我的案件测试' }));
    const id = res.body.data.documentId;
    await move(clerk, id, 'accept');
    await move(clerk, id, 'divert', { committee: committeeId, mediator: mediator.id });
    const one = await api(strapi, mediator).get(`/api/petitions/${id}`);
    expect(one.body.data.handlers.mediator).toMatchObject({ id: mediator.id, username: mediator.username });
    expect(one.body.data.handlers.assignedClerk).toMatchObject({ id: clerk.id });
    const mine = await api(strapi, mediator).get('/api/petitions?mine=true&pagination[pageSize]=100');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((p: any) => p.documentId)).toContain(id);
    const theirs = await api(strapi, otherMediator).get('/api/petitions?mine=true');
    expect(theirs.body.data.map((p: any) => p.documentId)).not.toContain(id);
    const timeline = await api(strapi, clerk).get(`/api/petitions/${id}/timeline`);
    expect(timeline.body.data.filter((i: any) => i.kind === 'move').map((i: any) => i.label)).toEqual(['受理', '分流至人民调解']);
  });
});
