import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { binary, pdfText } from '../helpers/pdf';

const PKG = 'plugin::fangtiao.backlog-package';
const TENURE = 'plugin::fangtiao.leader-tenure';
const P = 'api::petition.petition';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let leaderA: TestUser; // departing, 湖滨镇
let leaderB: TestUser; // successor
let supervisor: TestUser;
let otherClerk: TestUser;
let mediator: TestUser;
let expert: TestUser;
const day = 86400_000;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leaderA = await makeUser(strapi, 'leader', '990102002', orgs);
  leaderB = await makeUser(strapi, 'leader', '990102002', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
});
afterAll(stopStrapi);

const backlog = () => strapi.plugin('fangtiao').service('backlog');

/** A case on 湖滨镇 owned by leader A, past its deadline. */
async function overdueCase(subject: string) {
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject }));
  expect(res.status).toBe(201);
  const documentId = res.body.data.documentId as string;
  await strapi.db.query(P).update({ where: { documentId }, data: { dueAt: new Date(Date.now() - day), leader: leaderA.id } });
  const p: any = await strapi.db.query(P).findOne({ where: { documentId }, select: ['referenceNo'] });
  return { documentId, ref: p.referenceNo as string };
}
const pkgOf = (petition: string) =>
  strapi.db.query(PKG).findOne({ where: { petition: { documentId: petition } }, populate: { leader: { select: ['id'] } } });

describe('five ones and the departure handover', () => {
  let old: { documentId: string; ref: string };
  let fresh: { documentId: string; ref: string };
  let done: { documentId: string; ref: string };
  const arrived = new Date(Date.now() - 200 * day);

  it('the daily job marks overdue cases as backlog and opens a package on each, owned by the case leader, once', async () => {
    old = await overdueCase('老积案：征地补偿');
    fresh = await overdueCase('新积案：拖欠工资');
    done = await overdueCase('已化解：邻里排水');
    expect(await backlog().markBacklog()).toBeGreaterThanOrEqual(3);
    expect(await backlog().ensurePackages()).toBeGreaterThanOrEqual(3);
    expect(await backlog().ensurePackages()).toBe(0);
    for (const c of [old, fresh, done]) {
      const k: any = await pkgOf(c.documentId);
      expect(k).toMatchObject({ state: 'open' });
      expect(k.leader?.id).toBe(leaderA.id);
    }
    // History: the old one was backlog before leader A arrived.
    await strapi.db
      .query(PKG)
      .update({ where: { petition: { documentId: old.documentId } }, data: { openedAt: new Date(arrived.getTime() - 30 * day) } });
    await strapi.db
      .query(PKG)
      .update({ where: { petition: { documentId: fresh.documentId } }, data: { openedAt: new Date(Date.now() - 60 * day) } });
    await strapi.db
      .query(PKG)
      .update({ where: { petition: { documentId: done.documentId } }, data: { openedAt: new Date(Date.now() - 50 * day) } });
    await strapi
      .documents(TENURE as any)
      .create({ data: { leader: leaderA.id, organisation: orgs.get('990102002'), arrivedAt: arrived, post: '镇党委书记' } as any });
  });

  it('the leader fills the five ones, records progress and resolves', async () => {
    const k: any = await pkgOf(fresh.documentId);
    const put = await api(strapi, leaderA).put(`/api/backlog-packages/${k.documentId}`, {
      data: { workTeam: '镇信访办、司法所、劳动保障所', plan: '三方会审后分期支付', targetDate: '2020-01-01' },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.fiveOnes.missing).toEqual(['案件卷宗']);
    expect((await api(strapi, leaderA).post(`/api/backlog-packages/${k.documentId}/progress`, { data: {} })).status).toBe(400);
    const prog = await api(strapi, clerk).post(`/api/backlog-packages/${k.documentId}/progress`, { data: { text: '已召开三方会审' } });
    expect(prog.status).toBe(200);
    expect(prog.body.data.progress).toHaveLength(1);
    const d: any = await pkgOf(done.documentId);
    expect((await api(strapi, leaderB).post(`/api/backlog-packages/${d.documentId}/resolve`, { data: { resolution: 'x' } })).status).toBe(
      403,
    );
    const res = await api(strapi, leaderA).post(`/api/backlog-packages/${d.documentId}/resolve`, {
      data: { resolution: '疏通排水沟，双方签订协议' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('resolved');
  });

  it('supervision: red list (resolved on time) and black list (overdue plan)', async () => {
    const res = await api(strapi, supervisor).get('/api/backlog/supervision?organisation=990102002');
    expect(res.status).toBe(200);
    const refs = (l: any[]) => l.map((x) => x.petition.referenceNo);
    expect(refs(res.body.data.red)).toContain(done.ref);
    expect(refs(res.body.data.black)).toContain(fresh.ref);
    expect(res.body.data.black.find((x: any) => x.petition.referenceNo === fresh.ref).why).toBe('overdue');
    expect((await api(strapi, otherClerk).get('/api/backlog/supervision?organisation=990102002')).status).toBe(404);
  });

  it('handover: the sheet from the package history, as a PDF; the successor takes over the open packages', async () => {
    expect((await api(strapi, supervisor).post(`/api/leaders/${leaderA.id}/handover`, { data: { successor: leaderB.id } })).status).toBe(
      403,
    );
    expect((await api(strapi, clerk).post(`/api/leaders/${leaderA.id}/handover`, { data: { successor: leaderA.id } })).status).toBe(400);
    expect((await api(strapi, otherClerk).post(`/api/leaders/${leaderA.id}/handover`, { data: { successor: leaderB.id } })).status).toBe(
      404,
    );
    const res = await api(strapi, clerk).post(`/api/leaders/${leaderA.id}/handover`, { data: { successor: leaderB.id } });
    expect(res.status).toBe(201);
    const { counts, document } = res.body.data;
    expect(counts.atArrival).toBe(1);
    expect(counts.atDeparture).toBe(2);
    expect(counts.new).toBe(1);
    expect(counts.handedOver).toBe(2);
    const pdf = await binary(api(strapi, clerk).get(`/api/documents/${document.documentId}/download`));
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    expect(text).toContain('主要负责人离任信访积案交接表');
    expect(text).toContain('湖滨镇');
    expect(text).toContain('到任时信访积案数量1件');
    expect(text).toContain('离任时信访积案数量2件');
    expect(text).toContain('其中新增积案数量1件');
    expect(text).toContain(old.ref);
    expect(text).toContain(fresh.ref);
    expect(text).not.toContain(done.ref);
    for (const c of [old, fresh]) {
      expect((await pkgOf(c.documentId)).leader.id).toBe(leaderB.id);
      const p: any = await strapi.db.query(P).findOne({ where: { documentId: c.documentId }, populate: { leader: { select: ['id'] } } });
      expect(p.leader.id).toBe(leaderB.id);
    }
    expect((await pkgOf(done.documentId)).leader.id).toBe(leaderA.id);
    const tenures = await api(strapi, supervisor).get(`/api/leader-tenures?leader=${leaderA.id}`);
    expect(tenures.body.data[0].leftAt).toBeTruthy();
    expect(tenures.body.data[0].successor.id).toBe(leaderB.id);
    // The closed tenure keeps the sheet with the cases handed over, by reference (they were nulls
    // when the references were read off the packages before they were given them).
    expect([...tenures.body.data[0].sheet.handedOver].sort()).toEqual([old.ref, fresh.ref].sort());
    const inbox = await api(strapi, leaderB).get('/api/notifications');
    expect(inbox.body.data[0].title).toContain('离任交接');
    expect((await api(strapi, leaderB).get(`/api/backlog-packages?leader=${leaderB.id}`)).body.data).toHaveLength(2);
  });

  it('roles and jurisdiction', async () => {
    const k: any = await pkgOf(old.documentId);
    expect((await api(strapi, otherClerk).get(`/api/backlog-packages/${k.documentId}`)).status).toBe(404);
    expect((await api(strapi, otherClerk).get('/api/backlog-packages')).body.data).toHaveLength(0);
    expect((await api(strapi, supervisor).get(`/api/backlog-packages/${k.documentId}`)).status).toBe(200);
    expect((await api(strapi, supervisor).put(`/api/backlog-packages/${k.documentId}`, { data: { plan: 'x' } })).status).toBe(403);
    expect((await api(strapi, mediator).get('/api/backlog-packages')).status).toBe(403);
    expect((await api(strapi, expert).get('/api/backlog-packages')).status).toBe(403);
    expect((await api(strapi, null).get('/api/backlog-packages')).status).toBe(403);
    expect((await api(strapi, clerk).post(`/api/backlog-packages/${k.documentId}/resolve`, { data: { resolution: 'x' } })).status).toBe(
      403,
    );
    expect((await api(strapi, clerk).post('/api/backlog-packages', { data: { petition: old.documentId } })).status).toBe(409);
  });
});
