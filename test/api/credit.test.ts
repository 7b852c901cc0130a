import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfText } from '../helpers/pdf';
import {
  adminSession,
  api,
  attachSignedScan as signScan,
  idNumber,
  makeUser,
  newSession,
  organisations,
  petitionInput,
  type TestUser,
  CONSENTS,
} from '../helpers/fixtures';
import { UID } from '../../src/constants';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';

const FLAG = 'plugin::fangtiao.credit-flag';
const MOVE = 'plugin::fangtiao.credit-flag-move';
const AGREEMENT = 'refuse-mediation-agreement';
const PLEDGE = 'leapfrog-after-pledge';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser; // county clerk: proposes
let clerk2: TestUser; // township clerk: lodges objections, applies for repair
let reviewer: TestUser;
let reviewer2: TestUser;
let mediator: TestUser;
let leader: TestUser;
let supervisor: TestUser;
let expert: TestUser;
let otherClerk: TestUser; // 西山县: sees nothing of 东湖区
let otherReviewer: TestUser;
let otherSupervisor: TestUser;

const RESPONDENT_ID = idNumber('990102', '19750505', '456');
const PETITIONER_ID = idNumber();

type Case = { petition: string; agreement: string; pledge: string; leapfrog: string; localVisit: string };

const attachSignedScan = (documentId: string) => signScan(strapi, clerk, documentId);

/**
 * A case mediated to success on 湖滨镇, with its agreement and pledge issued and signed (unless
 * `signed: false`), then a city-level visit (越级: beyond the township and the county above it).
 */
async function mediatedCase(opts: { signed?: boolean; parties?: object[]; respondentPhone?: string } = {}): Promise<Case> {
  const input = petitionInput(orgs.get('990102002')!);
  const phone = opts.respondentPhone ? { phone: opts.respondentPhone } : {};
  input.data.parties.push(
    { name: '李四', role: 'respondent', idNumber: RESPONDENT_ID, address: '新桥村1组', ...phone, ...CONSENTS } as any,
    ...((opts.parties ?? []) as any[]),
  );
  const created = await api(strapi, clerk).post('/api/petitions', input);
  expect(created.status).toBe(201);
  const petition = created.body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (who: TestUser, action: string, body: object = {}) =>
    api(strapi, who).post(`/api/petitions/${petition}/transition`, { action, input: body });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
  const success = await move(mediator, 'mediation_success', {
    agreedTerms: '李四疏通排水沟',
    terms: [{ obligor: '李四', what: '疏通排水沟', where: '新桥村1组', byWhen: '2026-01-15' }],
    facts: '双方因排水沟堵塞发生纠纷',
    disputes: '排水沟疏通责任',
  });
  expect(success.status).toBe(200);
  const agreement = await api(strapi, mediator).post(`/api/petitions/${petition}/documents/mediation-agreement`);
  expect(agreement.status).toBe(201);
  const pledge = await api(strapi, clerk).post(`/api/petitions/${petition}/documents/no-further-petition-pledge`);
  expect(pledge.status).toBe(201);
  if (opts.signed !== false) {
    await attachSignedScan(agreement.body.data.documentId);
    await attachSignedScan(pledge.body.data.documentId);
  }
  const visit = (level: string) =>
    api(strapi, clerk).post(`/api/petitions/${petition}/visits`, {
      data: { channel: 'visit', level, visitedAt: new Date().toISOString() },
    });
  const leapfrog = await visit('city');
  expect(leapfrog.status).toBe(201);
  const localVisit = await visit('township');
  return {
    petition,
    agreement: agreement.body.data.documentId,
    pledge: pledge.body.data.documentId,
    leapfrog: leapfrog.body.data.documentId,
    localVisit: localVisit.body.data.documentId,
  };
}

const proposal = (c: Case, over: Record<string, unknown> = {}) => ({
  data: {
    personName: '李四',
    idNumber: RESPONDENT_ID,
    ground: AGREEMENT,
    petition: c.petition,
    basisDocument: c.agreement,
    facts: '调解协议约定李四于2026年1月15日前疏通排水沟，经人民调解委员会两次督促，至今未履行。',
    evidence: [
      { type: 'document', id: c.agreement },
      { type: 'visit', id: c.localVisit },
    ],
    ...over,
  },
});

const flagUrl = (id: string, step = '') => `/api/credit-flags/${id}${step}`;
/** The person's objection received in person by `who`, with their signed objection scanned. */
async function object(who: TestUser, id: string, text: string, more: object = {}) {
  const scan = path.join(os.tmpdir(), `objection-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(scan, '%PDF-1.4\n% signed objection\n');
  const res = await request(strapi.server.httpServer)
    .post(flagUrl(id, '/objection'))
    .set('Authorization', `Bearer ${who.jwt}`)
    .field('data', JSON.stringify({ text, ...more }))
    .attach('files.attachments', scan, { contentType: 'application/pdf', filename: '异议书.pdf' });
  fs.rmSync(scan);
  return res;
}
/** The person's repair application received in person by `who`, with their signed application scanned. */
async function applyRepair(who: TestUser, id: string, application: string, more: object = { applicant: 'person' }) {
  const scan = path.join(os.tmpdir(), `repair-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(scan, '%PDF-1.4\n% signed repair application\n');
  const res = await request(strapi.server.httpServer)
    .post(flagUrl(id, '/repair'))
    .set('Authorization', `Bearer ${who.jwt}`)
    .field('data', JSON.stringify({ application, ...more }))
    .attach('files.attachments', scan, { contentType: 'application/pdf', filename: '修复申请书.pdf' });
  fs.rmSync(scan);
  return res;
}
const step = (who: TestUser, id: string, name: string, data: object = {}) => api(strapi, who).post(flagUrl(id, `/${name}`), { data });
const propose = async (c: Case, over: Record<string, unknown> = {}, who = clerk) => {
  const res = await api(strapi, who).post('/api/credit-flags', proposal(c, over));
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
};
/** The objection window as if it had passed: time moves only in the database. */
const closeWindow = (id: string) =>
  strapi.db.query(FLAG).update({ where: { documentId: id }, data: { objectionDeadline: new Date(Date.now() - 60_000) } });
const stateOf = async (id: string) => (await strapi.db.query(FLAG).findOne({ where: { documentId: id } })).state;
const exportJson = async (who = supervisor) => {
  const res = await api(strapi, who).get('/api/credit-flags/export?format=json');
  expect(res.status).toBe(200);
  return res.body.data as any[];
};
/** Records the delivery (送达) of `of` in person today, signed for by the person. */
const deliver = (id: string, of = 'notice', who = clerk) =>
  step(who, id, 'delivery', { of, method: 'in-person', recipient: '李四', deliveredAt: new Date().toISOString() });
/** Drives a flag to active: approve, notify, delivery, window closed, activate. */
async function toActive(id: string) {
  expect((await step(reviewer, id, 'approve')).status).toBe(200);
  expect((await step(clerk, id, 'notify')).status).toBe(200);
  expect((await deliver(id)).status).toBe(200);
  await closeWindow(id);
  expect((await step(reviewer, id, 'activate')).status).toBe(200);
}

let caseA: Case;
let caseB: Case;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  clerk2 = await makeUser(strapi, 'clerk', '990102002', orgs);
  reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
  reviewer2 = await makeUser(strapi, 'reviewer', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  otherReviewer = await makeUser(strapi, 'reviewer', '990103', orgs);
  otherSupervisor = await makeUser(strapi, 'supervisor', '990103', orgs);
  caseA = await mediatedCase();
  caseB = await mediatedCase();
});
afterAll(stopStrapi);

describe('grounds and hints', () => {
  test('the two default grounds are configured, each with its legal basis and the document it rests on', async () => {
    const res = await api(strapi, clerk).get('/api/credit-grounds');
    expect(res.status).toBe(200);
    expect(res.body.data.map((g: any) => [g.code, g.name, g.basisKind])).toEqual([
      [AGREEMENT, '拒不履行人民调解协议', 'mediation-agreement'],
      [PLEDGE, '签署息访承诺书后就同一事项越级重复信访', 'no-further-petition-pledge'],
    ]);
    expect(res.body.data[0].legalBasis).toContain('人民调解法》第三十一条');
  });

  test('a clerk is told grounds MAY exist — and no flag is created', async () => {
    const before = await strapi.db.query(FLAG).count({});
    const res = await api(strapi, clerk).get(`/api/petitions/${caseA.petition}/credit-hints`);
    expect(res.status).toBe(200);
    expect(res.body.data.notice).toContain('系统不会自动提请');
    const byGround = Object.fromEntries(res.body.data.hints.map((h: any) => [h.groundCode, h]));
    expect(byGround[AGREEMENT]).toMatchObject({ basisDocument: caseA.agreement, groundName: '拒不履行人民调解协议' });
    expect(byGround[AGREEMENT].message).toContain('2026-01-15');
    expect(byGround[PLEDGE]).toMatchObject({
      basisDocument: caseA.pledge,
      evidence: [
        { type: 'document', id: caseA.pledge },
        { type: 'visit', id: caseA.leapfrog },
      ],
    });
    expect(await strapi.db.query(FLAG).count({})).toBe(before);
    expect((await api(strapi, otherClerk).get(`/api/petitions/${caseA.petition}/credit-hints`)).status).toBe(404);
    expect((await api(strapi, supervisor).get(`/api/petitions/${caseA.petition}/credit-hints`)).status).toBe(403);
  });
});

describe('a proposal is refused unless it is complete, inside the jurisdiction and about a party to the case', () => {
  const errorsOf = (res: request.Response) => res.body.error.details.errors.map((e: any) => e.path.join('.'));

  test('every missing field is named (400)', async () => {
    const res = await api(strapi, clerk).post('/api/credit-flags', { data: { personName: '李四', idNumber: '12345' } });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toEqual(['idNumber', 'ground', 'petition', 'basisDocument', 'facts', 'evidence']);
  });

  test('the basis must be the document the ground rests on, of this case; the evidence must be of this case', async () => {
    const wrongKind = await api(strapi, clerk).post('/api/credit-flags', proposal(caseA, { basisDocument: caseA.pledge }));
    expect(wrongKind.status).toBe(400);
    expect(errorsOf(wrongKind)).toEqual(['basisDocument']);
    const otherCase = await api(strapi, clerk).post(
      '/api/credit-flags',
      proposal(caseA, { basisDocument: caseB.agreement, evidence: [{ type: 'visit', id: caseB.leapfrog }] }),
    );
    expect(otherCase.status).toBe(400);
    expect(errorsOf(otherCase)).toEqual(['basisDocument', 'evidence.0']);
  });

  test('the person must be a party, with the ID number the case records', async () => {
    const stranger = await api(strapi, clerk).post('/api/credit-flags', proposal(caseA, { personName: '王五' }));
    expect(errorsOf(stranger)).toEqual(['personName']);
    const wrongId = await api(strapi, clerk).post(
      '/api/credit-flags',
      proposal(caseA, { idNumber: idNumber('990102', '19750505', '457') }),
    );
    expect(errorsOf(wrongId)).toEqual(['idNumber']);
  });

  test('a ground on an agreement or pledge that was issued but never signed is refused (409), with the reason', async () => {
    const unsigned = await mediatedCase({ signed: false });
    const onAgreement = await api(strapi, clerk).post('/api/credit-flags', proposal(unsigned));
    expect(onAgreement.status).toBe(409);
    expect(onAgreement.body.error.message).toContain('没有当事人签署件');
    const onPledge = await api(strapi, clerk).post(
      '/api/credit-flags',
      proposal(unsigned, { ground: PLEDGE, basisDocument: unsigned.pledge, evidence: [{ type: 'visit', id: unsigned.leapfrog }] }),
    );
    expect(onPledge.status).toBe(409);
    expect(onPledge.body.error.message).toContain('息访承诺书');
    await attachSignedScan(unsigned.agreement);
    const signed = await api(strapi, clerk).post('/api/credit-flags', proposal(unsigned));
    expect(signed.status).toBe(201);
  });

  test('a group or an organisation can never be flagged, even with an ID number on record (409)', async () => {
    const groupId = idNumber('990102', '19600303', '321');
    const c = await mediatedCase({
      parties: [
        { kind: 'group', name: '张建国等12户村民', role: 'petitioner', headcount: 12, ...CONSENTS },
        {
          kind: 'organisation',
          name: '新桥村经济合作社',
          role: 'respondent',
          organisationType: 'other_organisation',
          representativeName: '张建国',
          ...CONSENTS,
        },
      ],
    });
    const group = await api(strapi, clerk).post('/api/credit-flags', proposal(c, { personName: '张建国等12户村民', idNumber: groupId }));
    expect(group.status).toBe(409);
    expect(group.body.error.message).toContain('群体');
    const org = await api(strapi, clerk).post('/api/credit-flags', proposal(c, { personName: '新桥村经济合作社', idNumber: groupId }));
    expect(org.status).toBe(409);
    expect(org.body.error.message).toContain('单位');
    expect(await strapi.db.query(FLAG).count({ where: { petition: { documentId: c.petition } } })).toBe(0);
  });

  test('only clerks propose; a case outside the jurisdiction is not found', async () => {
    expect((await api(strapi, reviewer).post('/api/credit-flags', proposal(caseA))).status).toBe(403);
    expect((await api(strapi, supervisor).post('/api/credit-flags', proposal(caseA))).status).toBe(403);
    const outside = await api(strapi, otherClerk).post('/api/credit-flags', proposal(caseA));
    expect(outside.status).toBe(400);
    expect(errorsOf(outside)).toContain('petition');
    expect(await strapi.db.query(FLAG).count({ where: { petition: { documentId: caseA.petition } } })).toBe(0);
  });
});

describe('the whole path: proposed → approved → notified → objection dismissed → active → expired → removed', () => {
  let id: string;

  test('a clerk proposes a flag with its evidence; the proposer sees the ID number in clear, a leader masked', async () => {
    const res = await api(strapi, clerk).post('/api/credit-flags', proposal(caseA));
    expect(res.status).toBe(201);
    id = res.body.data.documentId;
    expect(res.body.data).toMatchObject({
      state: 'proposed',
      personName: '李四',
      idNumber: RESPONDENT_ID,
      ground: { code: AGREEMENT },
      petition: { documentId: caseA.petition },
      basisDocument: { documentId: caseA.agreement, kind: 'mediation-agreement' },
      proposedBy: { username: clerk.username },
      evidence: [
        { type: 'document', id: caseA.agreement },
        { type: 'visit', id: caseA.localVisit },
      ],
    });
    expect(res.body.data.cityCode).toBeUndefined();
    const seen = await api(strapi, leader).get(flagUrl(id));
    expect(seen.status).toBe(200);
    expect(seen.body.data.idNumber).toBe(`${RESPONDENT_ID.slice(0, 6)}********${RESPONDENT_ID.slice(-4)}`);
    expect(
      await strapi.db.query(UID.auditEntry).count({ where: { action: 'read-personal', targetUid: FLAG, targetDocumentId: id } }),
    ).toBeGreaterThan(0);
  });

  test('the same person, case and ground cannot be proposed twice while a flag is open (409)', async () => {
    expect((await api(strapi, clerk).post('/api/credit-flags', proposal(caseA))).status).toBe(409);
  });

  test('every shortcut from proposed is refused with 409', async () => {
    for (const [who, name, data] of [
      [reviewer, 'activate', {}],
      [clerk, 'notify', {}],
      [clerk, 'objection', { text: '异议' }],
      [reviewer, 'objection/decision', { decision: 'dismissed', reasons: 'x' }],
      [clerk, 'repair', { application: 'x' }],
      [reviewer, 'expire', {}],
      [reviewer, 'remove', {}],
    ] as [TestUser, string, object][]) {
      const res = await step(who, id, name, data);
      expect([name, res.status]).toEqual([name, 409]);
    }
    expect(await stateOf(id)).toBe('proposed');
  });

  test('the proposer cannot approve: a clerk may not review at all (403)', async () => {
    expect((await step(clerk, id, 'approve')).status).toBe(403);
  });

  test('a reviewer who is not the proposer approves', async () => {
    const res = await step(reviewer, id, 'approve', { note: '事实清楚，证据充分' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'approved',
      reviewedBy: { username: reviewer.username },
      reviewNote: '事实清楚，证据充分',
    });
    expect(res.body.data.reviewedAt).toBeTruthy();
    expect((await step(reviewer2, id, 'approve')).status).toBe(409);
  });

  test('approved → active is refused (409): the person must be told first', async () => {
    expect((await step(reviewer, id, 'activate')).status).toBe(409);
  });

  test('the notice PDF is issued to the person: facts, basis, how to object and by when (15 days from delivery)', async () => {
    const res = await step(clerk, id, 'notify');
    expect(res.status).toBe(200);
    const flag = res.body.data;
    expect(flag.state).toBe('notified');
    expect(flag.noticeDocument).toMatchObject({ kind: 'credit-notice', title: '拟纳入失信记录告知书', version: 1 });
    // Issued is not delivered: the window has not started.
    expect(flag.objectionDeadline).toBeNull();
    const pdf = await binary(api(strapi, clerk2).get(`/api/documents/${flag.noticeDocument.documentId}/download`));
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    const printed = '自收到本告知书之日起15日内';
    for (const item of [
      '拟纳入失信记录告知书',
      '李四',
      RESPONDENT_ID,
      '拒不履行人民调解协议',
      '至今未履行',
      '人民调解法》第三十一条',
      '人民调解协议书（第1版',
      '来访记录',
      printed,
      '提出书面异议',
      '湖滨镇',
      '保存5年',
      '信用修复',
      '行政复议',
      '受送达人（签名）',
    ]) {
      expect([item, text.includes(item)]).toEqual([item, true]);
    }
    expect((await api(strapi, otherClerk).get(`/api/documents/${flag.noticeDocument.documentId}/download`)).status).toBe(404);
    expect((await step(clerk, id, 'notify')).status).toBe(409);
  });

  test('before the notice is delivered the flag cannot go active, even with its window moved into the past (409)', async () => {
    await closeWindow(id);
    const res = await step(reviewer, id, 'activate');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('告知书尚未送达');
    await strapi.db.query(FLAG).update({ where: { documentId: id }, data: { objectionDeadline: null } });
  });

  test('the delivery is recorded with its method, proof, date, who and the receipt scan; the window runs from delivery', async () => {
    const bad = await step(clerk, id, 'delivery', { of: 'notice', method: 'post', deliveredAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['deliveredAt', 'trackingNumber']);
    expect(
      (
        await step(clerk, id, 'delivery', {
          of: 'objection-decision',
          method: 'post',
          trackingNumber: 'EMS1',
          deliveredAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(409);
    const scan = path.join(os.tmpdir(), `receipt-${crypto.randomUUID()}.pdf`);
    fs.writeFileSync(scan, '%PDF-1.4\n% postal receipt\n');
    const deliveredAt = new Date().toISOString();
    const res = await request(strapi.server.httpServer)
      .post(flagUrl(id, '/delivery'))
      .set('Authorization', `Bearer ${clerk2.jwt}`)
      .field('data', JSON.stringify({ of: 'notice', method: 'post', trackingNumber: 'EMS1234567890CN', deliveredAt }))
      .attach('files.receipt', scan, { contentType: 'application/pdf', filename: '邮件回执.pdf' });
    fs.rmSync(scan);
    expect(res.status).toBe(200);
    const flag = res.body.data;
    expect(flag.deliveries).toEqual([
      expect.objectContaining({
        of: 'notice',
        method: 'post',
        proof: 'EMS1234567890CN',
        deliveredAt,
        deliveredBy: { id: clerk2.id, username: clerk2.username },
      }),
    ]);
    expect(flag.noticeDeliveredAt).toBe(deliveredAt);
    const days = (Date.parse(flag.objectionDeadline) - Date.parse(deliveredAt)) / 86_400_000;
    expect(days).toBeGreaterThan(15);
    expect(days).toBeLessThanOrEqual(16);
    const receipt = await binary(api(strapi, reviewer).get(flagUrl(id, `/delivery/receipts/${flag.deliveries[0].receipt}`)));
    expect(receipt.status).toBe(200);
    expect(receipt.body.toString()).toContain('postal receipt');
    expect((await deliver(id)).status).toBe(409);
  });

  test('the flag cannot go active inside its objection window (409)', async () => {
    const res = await step(reviewer, id, 'activate');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('异议期');
    expect(await stateOf(id)).toBe('notified');
  });

  test("a clerk lodges an objection on the person's behalf, with attachments", async () => {
    const scan = path.join(os.tmpdir(), `objection-${crypto.randomUUID()}.pdf`);
    fs.writeFileSync(scan, '%PDF-1.4\n% objection letter\n');
    const res = await request(strapi.server.httpServer)
      .post(flagUrl(id, '/objection'))
      .set('Authorization', `Bearer ${clerk2.jwt}`)
      .field('data', JSON.stringify({ text: '排水沟已部分疏通，另有邻居阻挠施工' }))
      .attach('files.attachments', scan, { contentType: 'application/pdf', filename: '异议书.pdf' });
    fs.rmSync(scan);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'objected',
      objectionText: '排水沟已部分疏通，另有邻居阻挠施工',
      objectionLodgedBy: { username: clerk2.username },
    });
    expect(res.body.data.objectionAttachments).toHaveLength(1);
    expect(res.body.data.objectionReviewDueAt).toBeTruthy();
    const fileId = res.body.data.objectionAttachments[0].id;
    const file = await binary(api(strapi, reviewer).get(flagUrl(id, `/objection/attachments/${fileId}`)));
    expect(file.status).toBe(200);
    expect(file.body.toString()).toContain('objection letter');
    expect((await api(strapi, otherReviewer).get(flagUrl(id, `/objection/attachments/${fileId}`))).status).toBe(404);
    expect((await api(strapi, supervisor).get(flagUrl(id, `/objection/attachments/${fileId}`))).status).toBe(403);
    const stored = await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } });
    expect((await request(strapi.server.httpServer).get(stored.url)).status).toBe(404);
  });

  test('while the objection is under review the flag cannot go active, and a second objection is refused (409)', async () => {
    expect((await step(reviewer, id, 'activate')).status).toBe(409);
    expect((await step(clerk2, id, 'objection', { text: '再次异议' })).status).toBe(409);
  });

  test("the decision is a third reviewer's, with reasons; neither the proposer nor the approving reviewer can make it (403)", async () => {
    expect((await step(clerk, id, 'objection/decision', { decision: 'upheld', reasons: 'x' })).status).toBe(403);
    expect((await api(strapi, reviewer).get(flagUrl(id))).body.data.available.map((m: any) => m.action)).not.toContain('decide_objection');
    const approver = await step(reviewer, id, 'objection/decision', { decision: 'dismissed', reasons: '维持' });
    expect(approver.status).toBe(403);
    expect(approver.body.error.message).toContain('审核通过该记录的审核员不能审查');
    const missing = await step(reviewer2, id, 'objection/decision', { decision: 'dismissed' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['reasons']);
    const res = await step(reviewer2, id, 'objection/decision', {
      decision: 'dismissed',
      reasons: '经现场核实，排水沟仍未疏通，所称阻挠无证据',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'dismissed',
      objectionDecision: 'dismissed',
      objectionDecidedBy: { username: reviewer2.username },
      objectionDecidedLate: false,
    });
    expect(res.body.data.objectionReasons).toContain('经现场核实');
  });

  test('the decision is a written 异议处理决定书 (PDF): who decided, the decision, the reasons, the date in Shanghai, the remedies; due for delivery', async () => {
    const flag = (await api(strapi, reviewer2).get(flagUrl(id))).body.data;
    expect(flag.objectionDecisionDocument).toMatchObject({ kind: 'credit-objection-decision', title: '异议处理决定书', version: 1 });
    const pdf = await binary(api(strapi, clerk2).get(`/api/documents/${flag.objectionDecisionDocument.documentId}/download`));
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    const decided = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date(flag.objectionDecidedAt))
      .filter((p) => p.type !== 'literal')
      .map((p) => p.value);
    const date = `${decided[0]}年${decided[1]}月${decided[2]}日`;
    for (const item of [
      '异议处理决定书',
      '李四',
      RESPONDENT_ID,
      '另有邻居阻挠施工',
      '异议不成立',
      '经现场核实，排水沟仍未疏通',
      '决定人',
      reviewer2.username,
      `决定日期：${date}`,
      '行政复议',
      '行政诉讼',
      '受送达人（签名）',
    ]) {
      expect([item, text.includes(item)]).toEqual([item, true]);
    }
    // Recorded as due for delivery, with its deadline and who must act.
    expect(flag.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'delivery',
          of: 'objection-decision',
          who: expect.stringContaining('送达'),
          dueAt: expect.any(String),
        }),
      ]),
    );
  });

  test('dismissed → active waits for the end of the objection window too (409), then goes active for 5 years', async () => {
    expect((await step(reviewer, id, 'activate')).status).toBe(409);
    // The flag says so in advance: activation is listed with why it is blocked, then not once the window closed.
    const blocked = (await api(strapi, reviewer).get(flagUrl(id))).body.data.available.find((m: any) => m.action === 'activate');
    expect(blocked.blocked).toMatch(/^异议期至\d{4}-\d{2}-\d{2}届满，期满前不能确认生效（\d{4}-\d{2}-\d{2}起可确认生效）$/);
    await closeWindow(id);
    // The objection decision must reach the person too.
    expect((await api(strapi, reviewer).get(flagUrl(id))).body.data.available.find((m: any) => m.action === 'activate').blocked).toBe(
      '异议处理决定尚未送达当事人，不能确认生效',
    );
    expect((await step(reviewer, id, 'activate')).status).toBe(409);
    expect(
      (
        await step(reviewer2, id, 'delivery', {
          of: 'objection-decision',
          method: 'electronic',
          confirmation: '当事人短信回复“已收到”',
          deliveredAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(200);
    expect((await api(strapi, reviewer).get(flagUrl(id))).body.data.available.find((m: any) => m.action === 'activate').blocked).toBeNull();
    expect((await step(clerk, id, 'activate')).status).toBe(403);
    const res = await step(reviewer, id, 'activate');
    expect(res.status).toBe(200);
    const flag = res.body.data;
    expect(flag).toMatchObject({ state: 'active', activatedBy: { username: reviewer.username } });
    const years = (Date.parse(flag.expiresAt) - Date.parse(flag.activeFrom)) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(4.99);
    expect(years).toBeLessThan(5.01);
  });

  test('the export (supervisor) has exactly the active flag, with the fields the public platform needs, and is logged', async () => {
    const rows = await exportJson();
    expect(rows).toEqual([
      {
        flagId: id,
        name: '李四',
        idNumber: RESPONDENT_ID,
        ground: '拒不履行人民调解协议',
        legalBasis: expect.stringContaining('人民调解法》第三十一条'),
        activeFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        organisation: '湖滨镇',
        organisationCode: '990102002',
        state: '生效',
        repairAnnotation: '',
      },
    ]);
    const csv = await api(strapi, supervisor).get('/api/credit-flags/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('记录编号,姓名,公民身份号码,失信情形,认定依据,生效日期,到期日期,认定单位,认定单位代码,记录状态,修复标注');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${id},李四,${RESPONDENT_ID},拒不履行人民调解协议,`);
    const logged = await strapi.db.query(UID.auditEntry).findMany({ where: { action: 'export-credit-flags' }, orderBy: { id: 'asc' } });
    expect(logged.map((e: any) => [e.actorName, e.detail.format, e.detail.count])).toEqual([
      [supervisor.username, 'json', 1],
      [supervisor.username, 'csv', 1],
    ]);
    expect(logged[0].detail.flags).toEqual([id]);
    for (const who of [clerk, reviewer, leader])
      expect((await api(strapi, who).get('/api/credit-flags/export?format=csv')).status).toBe(403);
    expect(await exportJson(otherSupervisor)).toEqual([]);
  });

  test('active → expired only when the retention has ended; the scheduled expiry takes it out of the export', async () => {
    expect((await step(reviewer, id, 'expire')).status).toBe(409);
    const service = strapi.plugin('fangtiao').service('credit');
    expect(await service.expireDue(new Date())).toBe(0);
    await strapi.db.query(FLAG).update({ where: { documentId: id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await exportJson()).toEqual([]); // past its retention, not exported even before the job runs
    expect(await service.expireDue(new Date())).toBe(1);
    expect(await service.expireDue(new Date())).toBe(0);
    const flag = await strapi.db.query(FLAG).findOne({ where: { documentId: id } });
    expect(flag.state).toBe('expired');
    expect(flag.expiredAt).toBeTruthy();
    const audit = await strapi.db.query(UID.auditEntry).findOne({ where: { targetDocumentId: id, actorType: 'system', action: 'update' } });
    expect(audit.detail).toMatchObject({ move: 'expire' });
    expect(await exportJson()).toEqual([]);
  });

  test('expired → removed; afterwards nothing moves it', async () => {
    expect((await step(otherClerk, id, 'remove')).status).toBe(404);
    const res = await step(clerk, id, 'remove', { reason: '保存期满，移出' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'removed', removalNote: '保存期满，移出' });
    expect(res.body.data.removedAt).toBeTruthy();
    for (const [who, name] of [
      [reviewer, 'activate'],
      [reviewer, 'approve'],
      [clerk, 'notify'],
      [clerk, 'remove'],
    ] as [TestUser, string][]) {
      expect((await step(who, id, name)).status).toBe(409);
    }
  });

  test('the history records every move with who, role, why, from, to and when; the audit log has every write', async () => {
    const res = await api(strapi, supervisor).get(flagUrl(id, '/history'));
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: any) => [m.action, m.fromState, m.toState, m.actorRole, m.actor?.username ?? null])).toEqual([
      ['propose', null, 'proposed', 'clerk', clerk.username],
      ['approve', 'proposed', 'approved', 'reviewer', reviewer.username],
      ['notify', 'approved', 'notified', 'clerk', clerk.username],
      ['deliver', 'notified', 'notified', 'clerk', clerk2.username],
      ['lodge_objection', 'notified', 'objected', 'clerk', clerk2.username],
      ['decide_objection', 'objected', 'dismissed', 'reviewer', reviewer2.username],
      ['deliver', 'dismissed', 'dismissed', 'reviewer', reviewer2.username],
      ['activate', 'dismissed', 'active', 'reviewer', reviewer.username],
      ['expire', 'active', 'expired', 'system', null],
      ['remove', 'expired', 'removed', 'clerk', clerk.username],
    ]);
    expect(res.body.data[5].reason).toContain('经现场核实');
    expect(res.body.data.every((m: any) => m.at)).toBe(true);
    const writes = await strapi.db
      .query(UID.auditEntry)
      .findMany({ where: { targetUid: FLAG, targetDocumentId: id, action: { $in: ['create', 'update'] } } });
    expect(writes.filter((w: any) => w.action === 'create')).toHaveLength(1);
    expect(writes.filter((w: any) => w.action === 'update')).toHaveLength(9);
    expect(await strapi.db.query(UID.auditEntry).count({ where: { targetUid: MOVE, action: 'create' } })).toBeGreaterThanOrEqual(7);
  });
});

describe('independent review is enforced on the server, whatever the role', () => {
  test('a clerk who proposed and later became a reviewer still cannot review their own flag', async () => {
    let turncoat = await makeUser(strapi, 'clerk', '990102', orgs);
    const id = await propose(caseB, {}, turncoat);
    const reviewerRole = await strapi.db.query(UID.role).findOne({ where: { type: 'reviewer' } });
    await strapi.db.query(UID.user).update({ where: { id: turncoat.id }, data: { role: reviewerRole.id } });
    turncoat = await newSession(strapi, turncoat); // the role change ended the clerk's session
    for (const [name, data] of [
      ['approve', {}],
      ['reject', { reason: '撤回' }],
    ] as [string, object][]) {
      const res = await step(turncoat, id, name, data);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('提请人不能审核');
    }
    const detail = await api(strapi, turncoat).get(flagUrl(id));
    expect(detail.body.data.available).toEqual([]);
    // Another reviewer rejects it, with a reason; a rejected flag goes nowhere.
    expect((await step(reviewer, id, 'reject')).status).toBe(400);
    const rejected = await step(reviewer, id, 'reject', { reason: '证据不足以证明有能力履行而拒不履行' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data.state).toBe('rejected');
    for (const name of ['approve', 'notify', 'activate']) expect((await step(reviewer2, id, name)).status).toBe(409);
  });
});

describe("the person's own objection, received in person", () => {
  test('any office in scope records it with the signed objection; it is 异议中 at once, to be decided in 5 working days, extended once with reasons up to 20', async () => {
    const c = await mediatedCase();
    const id = await propose(c);
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    expect((await deliver(id)).status).toBe(200);
    const unsigned = await step(reviewer2, id, 'objection', { text: '协议已履行' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['attachments']);
    expect((await object(otherReviewer, id, '协议已履行')).status).toBe(404);
    // A reviewer of the county receives the person at the counter.
    const res = await object(reviewer2, id, '协议已履行，附村委会证明', { objector: '李四本人' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'objected',
      objectionLodgedBy: { username: reviewer2.username },
      objectionBy: '李四本人',
    });
    const lodged = Date.parse(res.body.data.objectionLodgedAt);
    const due = Date.parse(res.body.data.objectionReviewDueAt);
    // 5 working days: at least 5 and at most 5 + weekends and holidays calendar days later.
    expect((due - lodged) / 86_400_000).toBeGreaterThan(5);
    expect((due - lodged) / 86_400_000).toBeLessThan(14);
    const noReason = await step(reviewer, id, 'objection/extension', {});
    expect(noReason.status).toBe(400);
    const extended = await step(reviewer, id, 'objection/extension', { reason: '需向村委会调查核实履行情况' });
    expect(extended.status).toBe(200);
    expect(extended.body.data).toMatchObject({ state: 'objected', objectionReviewExtensionReason: '需向村委会调查核实履行情况' });
    expect((Date.parse(extended.body.data.objectionReviewDueAt) - lodged) / 86_400_000).toBeGreaterThan(20);
    expect((Date.parse(extended.body.data.objectionReviewDueAt) - lodged) / 86_400_000).toBeLessThan(40);
    const again = await step(reviewer, id, 'objection/extension', { reason: '再延' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已延长过一次');
    expect((await step(clerk, id, 'objection/extension', { reason: 'x' })).status).toBe(403);
  });
});

describe('delivery (送达) is watched', () => {
  test('a notice not delivered within 5 working days of issue is flagged overdue, and activation says so', async () => {
    const c = await mediatedCase();
    const id = await propose(c);
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    const fresh = (await api(strapi, reviewer2).get(flagUrl(id))).body.data;
    expect(fresh).toMatchObject({ deliveryOverdue: false, deliveryWarnings: [] });
    await strapi.db.query(FLAG).update({ where: { documentId: id }, data: { notifiedAt: new Date(Date.now() - 10 * 86_400_000) } });
    const late = (await api(strapi, reviewer2).get(flagUrl(id))).body.data;
    expect(late.deliveryOverdue).toBe(true);
    expect(late.deliveryWarnings).toEqual([expect.objectContaining({ of: 'notice', reason: expect.stringContaining('超过5个工作日') })]);
    expect(late.available.find((m: any) => m.action === 'activate').blocked).toMatch(/告知书尚未送达[\s\S]*超过5个工作日/);
    expect((await deliver(id)).status).toBe(200);
    expect((await api(strapi, reviewer2).get(flagUrl(id))).body.data.deliveryOverdue).toBe(false);
  });
});

describe('an upheld objection withdraws the flag', () => {
  test('proposed → approved → notified → objected → withdrawn, never exported', async () => {
    const id = await propose(caseA, {
      personName: '张三',
      idNumber: PETITIONER_ID,
      ground: PLEDGE,
      basisDocument: caseA.pledge,
      facts: '签署息访承诺书后，就同一事项到市级来访。',
      evidence: [
        { type: 'document', id: caseA.pledge },
        { type: 'visit', id: caseA.leapfrog },
      ],
    });
    expect((await step(reviewer2, id, 'approve')).status).toBe(200);
    expect((await step(reviewer2, id, 'notify')).status).toBe(200);
    expect((await object(clerk, id, '市级来访系反映新发生的噪音问题，非同一事项')).status).toBe(200);
    const res = await step(reviewer, id, 'objection/decision', { decision: 'upheld', reasons: '经核实，市级来访反映的是另一事项' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'withdrawn', objectionDecision: 'upheld' });
    expect(res.body.data.withdrawnAt).toBeTruthy();
    await closeWindow(id);
    for (const name of ['activate', 'expire', 'remove']) expect((await step(reviewer, id, name)).status).toBe(409);
    expect((await exportJson()).map((r) => r.flagId)).not.toContain(id);
  });

  test("a reviewer of the city decides the objection when the county's reviewer approved the flag; another county's reviewer cannot see it", async () => {
    const cityReviewer = await makeUser(strapi, 'reviewer', '990100', orgs);
    const c = await mediatedCase();
    const id = await propose(c);
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    const cityClerk = await makeUser(strapi, 'clerk', '990100', orgs);
    const lodged = await object(cityClerk, id, '排水沟已疏通', { objector: '李四的代理律师王律师' });
    expect(lodged.status).toBe(200);
    expect(lodged.body.data).toMatchObject({
      state: 'objected',
      objectionBy: '李四的代理律师王律师',
      objectionLodgedBy: { username: cityClerk.username },
    });
    expect((await step(reviewer, id, 'objection/decision', { decision: 'dismissed', reasons: 'x' })).status).toBe(403);
    expect((await step(otherReviewer, id, 'objection/decision', { decision: 'upheld', reasons: 'x' })).status).toBe(404);
    const res = await step(cityReviewer, id, 'objection/decision', { decision: 'upheld', reasons: '经核实，排水沟已于协议期限内疏通' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'withdrawn', objectionDecidedBy: { username: cityReviewer.username } });
  });

  test('an objection after the window has closed is refused (409)', async () => {
    const id = await propose(caseB, {
      personName: '张三',
      idNumber: PETITIONER_ID,
      ground: PLEDGE,
      basisDocument: caseB.pledge,
      evidence: [{ type: 'visit', id: caseB.leapfrog }],
    });
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    await closeWindow(id);
    const res = await step(clerk, id, 'objection', { text: '逾期异议' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('届满');
  });
});

describe('repair ends an active flag early', () => {
  let id: string;

  beforeAll(async () => {
    const c = await mediatedCase();
    id = await propose(c);
    await toActive(id);
  });

  test("an application received in person needs the applicant and the person's signed application; a reviewer decides it, refused leaves it active", async () => {
    expect((await step(reviewer, id, 'repair/decision', { decision: 'granted', outcome: 'annotate', reasons: 'x' })).status).toBe(409);
    const unsigned = await step(clerk2, id, 'repair', { applicant: 'person', application: '已疏通排水沟' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['attachments']);
    const noApplicant = await applyRepair(clerk2, id, '已疏通排水沟', {});
    expect(noApplicant.status).toBe(400);
    expect(noApplicant.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['applicant']);
    expect((await applyRepair(otherReviewer, id, '已疏通排水沟')).status).toBe(404);
    const lodged = await applyRepair(clerk2, id, '已疏通排水沟');
    expect(lodged.status).toBe(200);
    expect(lodged.body.data).toMatchObject({
      state: 'active',
      repairApplicant: 'person',
      repairChannel: 'in-person',
      repairReceivedBy: { username: clerk2.username },
    });
    expect(lodged.body.data.repairAttachments).toHaveLength(1);
    expect((await applyRepair(clerk2, id, '再次申请')).status).toBe(409);
    expect((await step(clerk, id, 'repair/decision', { decision: 'granted', outcome: 'annotate', reasons: 'x' })).status).toBe(403);
    const refused = await step(reviewer, id, 'repair/decision', { decision: 'refused', reasons: '未附履行凭证' });
    expect(refused.status).toBe(200);
    expect(refused.body.data).toMatchObject({ state: 'active', repairDecision: 'refused' });
    expect((await exportJson()).map((r) => r.flagId)).toContain(id);

    // A clerk may apply on the office's own initiative: nothing of the person's to sign.
    expect((await step(clerk2, id, 'repair', { applicant: 'clerk', application: '已疏通排水沟，附村委会证明' })).status).toBe(200);
    const noOutcome = await step(reviewer2, id, 'repair/decision', { decision: 'granted', reasons: 'x' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['outcome']);
    const granted = await step(reviewer2, id, 'repair/decision', {
      decision: 'granted',
      outcome: 'annotate',
      reasons: '村委会证明排水沟已于10月疏通',
    });
    expect(granted.status).toBe(200);
    expect(granted.body.data).toMatchObject({
      state: 'repaired',
      repairDecision: 'granted',
      repairOutcome: 'annotate',
      repairDecidedBy: { username: reviewer2.username },
    });
    expect(granted.body.data.repairedAt).toBeTruthy();
  });

  test('an annotated repair stays in the export marked as repaired, does not expire, and can be removed', async () => {
    const row = (await exportJson()).find((r) => r.flagId === id);
    expect(row).toMatchObject({
      state: '已信用修复（信用修复：标注已信用修复）',
      repairAnnotation: expect.stringMatching(/^已于\d{4}-\d{2}-\d{2}信用修复$/),
    });
    await strapi.db.query(FLAG).update({ where: { documentId: id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    await strapi.plugin('fangtiao').service('credit').expireDue(new Date());
    expect(await stateOf(id)).toBe('repaired');
    expect((await step(reviewer, id, 'remove')).status).toBe(200);
    expect(await stateOf(id)).toBe('removed');
  });
});

describe("the person's own online channel (for the petitioner page)", () => {
  const credit = () => strapi.plugin('fangtiao').service('credit');
  let id: string;

  beforeAll(async () => {
    const c = await mediatedCase();
    id = await propose(c);
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    expect((await deliver(id)).status).toBe(200);
  });

  test("an online objection needs the person identified as the flagged person; it is 异议中 at once, recorded as the person's", async () => {
    await expect(credit().lodgeObjection(id, { text: '已履行' }, { channel: 'online' })).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(
      credit().lodgeObjection(id, { text: '已履行' }, { channel: 'online', person: { idNumber: PETITIONER_ID } }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    const flag = await credit().lodgeObjection(
      id,
      { text: '排水沟已于上周疏通', objector: '李四本人' },
      { channel: 'online', person: { idNumber: RESPONDENT_ID.toLowerCase() } },
    );
    expect(flag).toMatchObject({ state: 'objected', objectionChannel: 'online', objectionBy: '李四本人', objectionLodgedBy: null });
    const history = await credit().history(id);
    expect(history.at(-1)).toMatchObject({ action: 'lodge_objection', actorRole: 'person', actor: null });
    // A desk user can never act as the person.
    await expect(
      credit().move(id, 'lodge_objection', { text: 'x' }, { id: clerk.id, username: clerk.username, role: 'person', jurisdiction: null }),
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  test('an online repair application, granted by deletion: the flag is marked removed (never erased), with a written 信用修复决定书, and every list and export says so', async () => {
    expect((await step(reviewer2, id, 'objection/decision', { decision: 'dismissed', reasons: '现场核实未疏通' })).status).toBe(200);
    expect(
      (
        await step(reviewer2, id, 'delivery', {
          of: 'objection-decision',
          method: 'in-person',
          recipient: '李四',
          deliveredAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(200);
    await closeWindow(id);
    expect((await step(reviewer, id, 'activate')).status).toBe(200);
    await expect(
      credit().applyForRepair(id, { applicant: 'clerk', application: 'x' }, { channel: 'online', person: { idNumber: RESPONDENT_ID } }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    const applied = await credit().applyForRepair(
      id,
      { applicant: 'person', application: '排水沟已疏通，协议已履行' },
      { channel: 'online', person: { idNumber: RESPONDENT_ID } },
    );
    expect(applied).toMatchObject({ state: 'active', repairChannel: 'online', repairApplicant: 'person', repairReceivedBy: null });
    const res = await step(reviewer2, id, 'repair/decision', { decision: 'granted', outcome: 'delete', reasons: '村委会证明已疏通' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      state: 'removed',
      repairDecision: 'granted',
      repairOutcome: 'delete',
      removalNote: '信用修复：删除失信记录',
    });
    expect(res.body.data.repairDecisionDocument).toMatchObject({ kind: 'credit-repair-decision', title: '信用修复决定书' });
    const text = pdfText(
      (await binary(api(strapi, clerk).get(`/api/documents/${res.body.data.repairDecisionDocument.documentId}/download`))).body,
    );
    for (const item of [
      '信用修复决定书',
      '李四',
      '排水沟已疏通，协议已履行',
      '通过网上渠道',
      '准予信用修复',
      '删除该失信记录',
      '村委会证明已疏通',
      reviewer2.username,
      '行政复议',
    ]) {
      expect([item, text.includes(item)]).toEqual([item, true]);
    }
    expect(await strapi.db.query(FLAG).count({ where: { documentId: id } })).toBe(1);
    const listed = (await api(strapi, reviewer).get('/api/credit-flags?pagination[pageSize]=100')).body.data.find(
      (f: any) => f.documentId === id,
    );
    expect(listed).toMatchObject({ state: 'removed', stateLabel: '已移除（信用修复：删除失信记录）' });
    expect((await api(strapi, reviewer).get(flagUrl(id))).body.data.stateLabel).toBe('已移除（信用修复：删除失信记录）');
    expect((await exportJson()).map((r) => r.flagId)).not.toContain(id);
    // The decision awaits delivery to the person.
    expect((await api(strapi, reviewer).get(flagUrl(id))).body.data.deadlines).toEqual([
      expect.objectContaining({ key: 'delivery', of: 'repair-decision' }),
    ]);
  });
});

describe('reviewers, the proposer and the person are told at each step', () => {
  const N = 'plugin::fangtiao.notification' as any;
  const inbox = async (who: TestUser, flag: string) =>
    (
      await strapi.db
        .query(N)
        .findMany({ where: { userId: who.id, kind: 'credit', link: `/desk/#/credit/${flag}` }, orderBy: { id: 'asc' } })
    ).map((n: any) => n.title);

  test('proposal → the reviewers; review → the proposer; notice and decision → due for delivery; objection → the eligible deciders; decision due in 2 working days → the deciders, once', async () => {
    const c = await mediatedCase();
    const id = await propose(c);
    expect((await inbox(reviewer, id))[0]).toMatch(/^待审核失信记录：李四/);
    expect((await inbox(reviewer2, id))[0]).toMatch(/^待审核失信记录：李四/);
    expect(await inbox(clerk, id)).toEqual([]);
    expect(await inbox(otherReviewer, id)).toEqual([]);
    expect((await step(reviewer, id, 'approve')).status).toBe(200);
    expect(await inbox(clerk, id)).toEqual([expect.stringMatching(/^失信记录审核通过：李四/)]);
    expect((await step(clerk, id, 'notify')).status).toBe(200);
    // No channel to the person here: the notice is recorded as due for delivery, the proposer told to deliver it.
    expect((await inbox(clerk, id))[1]).toMatch(/^待送达当事人：拟纳入失信记录告知书/);
    expect((await deliver(id)).status).toBe(200);
    const before = (await inbox(reviewer, id)).length;
    expect((await object(clerk2, id, '已履行')).status).toBe(200);
    expect((await inbox(reviewer2, id)).at(-1)).toMatch(/^失信记录异议待审查：李四/);
    expect(await inbox(reviewer, id)).toHaveLength(before); // the approver may not decide: not told

    const credit = strapi.plugin('fangtiao').service('credit');
    const due = new Date((await strapi.db.query(FLAG).findOne({ where: { documentId: id } })).objectionReviewDueAt);
    expect(await credit.remindObjectionDecisions(new Date(due.getTime() - 10 * 86_400_000))).toBe(0);
    expect(await credit.remindObjectionDecisions(new Date(due.getTime() - 3_600_000))).toBe(1);
    expect(await credit.remindObjectionDecisions(new Date(due.getTime() - 1_800_000))).toBe(0);
    expect((await inbox(reviewer2, id)).at(-1)).toMatch(/^异议审查即将到期：李四/);

    expect((await step(reviewer2, id, 'objection/decision', { decision: 'dismissed', reasons: '未履行' })).status).toBe(200);
    expect((await inbox(reviewer2, id)).at(-1)).toMatch(/^待送达当事人：异议处理决定书/);
  });
});

test('with a phone on record the person is told by SMS that the notice and the decision wait on their page; the office still answers for delivery', async () => {
  const N = 'plugin::fangtiao.notification' as any;
  const PHONE = '13912345678';
  const c = await mediatedCase({ respondentPhone: PHONE });
  const id = await propose(c);
  expect((await step(reviewer, id, 'approve')).status).toBe(200);
  const sent = () => strapi.db.connection('fangtiao_sms_log').where({ to_phone: PHONE, template: 'notice' }).orderBy('id', 'asc');
  expect(await sent()).toHaveLength(0);
  expect((await step(clerk, id, 'notify')).status).toBe(200);
  const [notice] = await sent();
  expect(JSON.parse(notice.params).title).toBe('拟纳入失信记录告知书');
  const told = await strapi.db
    .query(N)
    .findMany({ where: { userId: clerk.id, kind: 'credit', link: `/desk/#/credit/${id}` }, orderBy: { id: 'asc' } });
  expect(told.at(-1).body).toContain('已短信通知当事人在线查收');
  expect((await deliver(id)).status).toBe(200);
  expect((await object(clerk2, id, '已履行')).status).toBe(200);
  expect((await step(reviewer2, id, 'objection/decision', { decision: 'dismissed', reasons: '未履行' })).status).toBe(200);
  const after = await sent();
  expect(after).toHaveLength(2);
  expect(JSON.parse(after[1].params).title).toMatch(/^异议处理决定书/);
});

describe('the query log (查询记录): every view and export, kept 10 years', () => {
  const QL = 'plugin::fangtiao.credit-query-log' as any;
  const credit = () => strapi.plugin('fangtiao').service('credit');

  test('a view, a list, a history read, an export and a download are each logged with who and when', async () => {
    const c = await mediatedCase();
    const id = await propose(c);
    await toActive(id);
    const since = new Date(Date.now() - 1000);
    expect((await api(strapi, leader).get(flagUrl(id))).status).toBe(200);
    expect((await api(strapi, leader).get(flagUrl(id, '/history'))).status).toBe(200);
    expect((await api(strapi, reviewer).get('/api/credit-flags?pagination[pageSize]=100')).status).toBe(200);
    expect((await exportJson()).map((r) => r.flagId)).toContain(id);
    const rows = await strapi.db.query(QL).findMany({ where: { flagDocumentId: id, at: { $gte: since } }, orderBy: { id: 'asc' } });
    expect(rows.map((r: any) => [r.action, r.username, r.role])).toEqual([
      ['view', leader.username, 'leader'],
      ['history', leader.username, 'leader'],
      ['list', reviewer.username, 'reviewer'],
      ['export', supervisor.username, 'supervisor'],
    ]);
    const log = await api(strapi, supervisor).get(flagUrl(id, '/queries'));
    expect(log.status).toBe(200);
    expect(log.body.data.map((r: any) => r.action)).toEqual(expect.arrayContaining(['view', 'history', 'list', 'export']));
    expect((await api(strapi, clerk).get(flagUrl(id, '/queries'))).status).toBe(403);
  });

  test('the cleanup never deletes an entry younger than 10 years (injected clock), and nobody edits or deletes one', async () => {
    const now = new Date('2036-06-15T04:00:00Z');
    const at = (iso: string) => new Date(iso);
    const make = (label: string, when: Date) =>
      strapi.db.query(QL).create({ data: { flagDocumentId: `clock-${label}`, action: 'view', at: when } });
    // 2026-06-15 in Shanghai is kept to the end of 2036-06-15 (Shanghai); 2026-06-14 ended at 2036-06-14T15:59:59.999Z.
    await make('old', at('2026-06-13T16:00:00Z')); // 2026-06-14 Shanghai: 10 years over
    await make('edge', at('2026-06-14T16:00:00Z')); // 2026-06-15 Shanghai: kept to the end of today
    await make('young', at('2030-01-01T00:00:00Z'));
    await make('ancient', at('2020-01-01T00:00:00Z'));
    const left = async () =>
      (await strapi.db.query(QL).findMany({ where: { flagDocumentId: { $startsWith: 'clock-' } } }))
        .map((r: any) => r.flagDocumentId)
        .sort();
    // The scheduled job (失信记录保存期满、查询记录清理) runs the cleanup with its slot's time.
    const job = jobDefinitions(strapi).find((d) => d.name === 'credit-expiry')!;
    const counts: Record<string, number> = {};
    await job.run({
      now,
      cursor: null,
      count: (k: string, n: number) => (counts[k] = (counts[k] ?? 0) + n),
      progress: async () => {},
      saveCursor: async () => {},
    } as any);
    expect(counts.queryLogPurged).toBe(2);
    expect(await left()).toEqual(['clock-edge', 'clock-young']);
    expect(await credit().purgeQueryLog(new Date('2036-06-15T15:59:59.999Z'))).toBe(0);
    expect(await credit().purgeQueryLog(new Date('2036-06-15T16:00:00.000Z'))).toBe(1);
    expect(await left()).toEqual(['clock-young']);
    const row = await strapi.db.query(QL).findOne({ where: { flagDocumentId: 'clock-young' } });
    await expect(strapi.documents(QL).delete({ documentId: row.documentId })).rejects.toThrow('查询记录不能修改或删除');
    await expect(strapi.documents(QL).update({ documentId: row.documentId, data: { action: 'list' } })).rejects.toThrow(
      '查询记录不能修改或删除',
    );
  });
});

describe("jurisdiction: roles outside the case's jurisdiction see nothing", () => {
  test('another county gets 404 by id and finds no flag in any list', async () => {
    const any = (await strapi.db.query(FLAG).findOne({ where: { state: 'removed' } })).documentId;
    for (const who of [otherClerk, otherReviewer, otherSupervisor]) {
      expect((await api(strapi, who).get(flagUrl(any))).status).toBe(404);
      expect((await api(strapi, who).get(flagUrl(any, '/history'))).status).toBe(404);
      const list = await api(strapi, who).get('/api/credit-flags');
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
      expect(list.body.meta.pagination.total).toBe(0);
    }
    const ours = await api(strapi, supervisor).get('/api/credit-flags?pagination[pageSize]=100');
    expect(ours.body.meta.pagination.total).toBe(await strapi.db.query(FLAG).count({}));
    expect(ours.body.data.every((f: any) => /\*{8}/.test(f.idNumber))).toBe(true);
    const removed = await api(strapi, supervisor).get('/api/credit-flags?state=removed');
    expect(removed.body.data.every((f: any) => f.state === 'removed')).toBe(true);
  });

  test('another county cannot move a flag: 404', async () => {
    const id = await propose(await mediatedCase());
    expect((await step(otherReviewer, id, 'approve')).status).toBe(404);
    expect((await step(otherClerk, id, 'notify')).status).toBe(404);
    expect(await stateOf(id)).toBe('proposed');
  });

  test('roles with no part in credit flags get 403', async () => {
    for (const who of [mediator, expert]) {
      expect((await api(strapi, who).get('/api/credit-flags')).status).toBe(403);
      expect((await api(strapi, who).get('/api/credit-grounds')).status).toBe(403);
    }
    expect((await api(strapi).get('/api/credit-flags')).status).toBe(403);
  });
});

describe('nothing is deleted', () => {
  test('no route deletes a flag, and the document service refuses it (admin panel included)', async () => {
    const flag = await strapi.db.query(FLAG).findOne({});
    expect([403, 404, 405]).toContain((await api(strapi, supervisor).delete(flagUrl(flag.documentId))).status);
    await expect(strapi.documents(FLAG as any).delete({ documentId: flag.documentId })).rejects.toThrow(/不能删除/);
    const move = await strapi.db.query(MOVE).findOne({});
    await expect(strapi.documents(MOVE as any).delete({ documentId: move.documentId })).rejects.toThrow(/不能删除/);
    const ground = await strapi.db.query('plugin::fangtiao.credit-ground').findOne({});
    await expect(strapi.documents('plugin::fangtiao.credit-ground' as any).delete({ documentId: ground.documentId })).rejects.toThrow(
      /停用/,
    );
    expect(await strapi.db.query(FLAG).count({ where: { documentId: flag.documentId } })).toBe(1);
  });

  test('an administrator cannot skip the due process in the admin panel: an edit is refused', async () => {
    const flag = await strapi.db.query(FLAG).findOne({ where: { state: 'proposed' } });
    const admin = await adminSession(strapi);
    const cm = `/content-manager/collection-types/${FLAG}/${flag.documentId}`;
    expect((await admin.get(cm)).status).toBe(200);
    expect((await admin.put(cm, { state: 'active' })).status).toBe(403);
    // …while grounds are the administrator's to edit (the same call on a ground succeeds).
    const ground = await strapi.db.query('plugin::fangtiao.credit-ground').findOne({ where: { code: PLEDGE } });
    const edit = await admin.put(`/content-manager/collection-types/plugin::fangtiao.credit-ground/${ground.documentId}`, { active: true });
    expect(edit.status).toBe(200);
    expect(await stateOf(flag.documentId)).toBe('proposed');
  });
});
