/**
 * The person's requests on their page (/p/): the desk asks for more information (补充材料) and
 * the person answers with text and one file; the person requests review (复查) or re-review
 * (复核) through the case flow's own moves, with the same windows as at the desk.
 */
import type { Core } from '@strapi/strapi';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let leader: TestUser;
let otherClerk: TestUser;

const PHONE_A = '13912340001';
const PHONE_B = '13912340002';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

async function lastSms(phone: string, template: string) {
  const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: phone, template }).orderBy('id', 'desc').first();
  return row ? JSON.parse(row.params) : null;
}
const person = () => request.agent(strapi.server.httpServer);
async function login(phone: string) {
  const agent = person();
  expect((await agent.post('/api/p/otp').send({ phone })).status).toBe(200);
  const res = await agent.post('/api/p/login').send({ phone, code: (await lastSms(phone, 'otp')).code });
  expect(res.status).toBe(200);
  return agent;
}
async function register(phone: string, subject: string) {
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, {
      subject,
      parties: [{ name: '王五', idNumber: idNumber('990102', '19800101', phone.slice(-3)), phone }],
    }),
  );
  expect(res.status).toBe(201);
  return {
    documentId: res.body.data.documentId as string,
    referenceNo: res.body.data.referenceNo as string,
    id: res.body.data.id as number,
  };
}
const tomorrow = () => new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
/** The user's inbox notices of the person's online actions on one case. */
async function personNotices(u: TestUser, referenceNo: string) {
  const res = await api(strapi, u).get('/api/notifications');
  expect(res.status).toBe(200);
  return res.body.data.filter((n: any) => n.kind === 'petitioner-action' && n.title.includes(referenceNo));
}
const audits = (action: string, targetDocumentId?: string) =>
  strapi.db.query('api::audit-entry.audit-entry').findMany({ where: { action, ...(targetDocumentId ? { targetDocumentId } : {}) } });

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
});
afterAll(async () => {
  await stopStrapi();
});
beforeEach(() => strapi.db.connection('fangtiao_login_failures').where('throttle_key', 'like', 'p-%').delete());

describe('asking the person for more information', () => {
  let c: Awaited<ReturnType<typeof register>>;
  let requestId: number;
  beforeAll(async () => {
    c = await register(PHONE_A, '补充材料的案件');
  });

  test('a clerk asks with a message and a reply-by date: an SMS goes to the petitioner and the request shows on their page', async () => {
    const res = await api(strapi, clerk).post(`/api/petitions/${c.documentId}/info-requests`, {
      data: { message: '请补充宅基地证明复印件', replyBy: tomorrow() },
    });
    expect(res.status).toBe(201);
    expect(res.body.meta.smsSent).toBe(1);
    requestId = res.body.data.id;
    expect(await lastSms(PHONE_A, 'info-request')).toMatchObject({
      referenceNo: c.referenceNo,
      replyBy: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/),
    });
    const page = (await (await login(PHONE_A)).get(`/api/p/cases/${c.referenceNo}`)).body.data;
    expect(page.infoRequests).toEqual([expect.objectContaining({ id: requestId, message: '请补充宅基地证明复印件', replied: false })]);
    expect(await audits('info-request-sent')).toEqual([expect.objectContaining({ targetDocumentId: c.documentId })]);
  });

  test('a request without a message or with a past date is a 400 naming the field; a clerk of another county gets 404', async () => {
    const bad = await api(strapi, clerk).post(`/api/petitions/${c.documentId}/info-requests`, {
      data: { message: ' ', replyBy: '2020-01-01' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['message', 'replyBy']);
    const outside = await api(strapi, otherClerk).post(`/api/petitions/${c.documentId}/info-requests`, {
      data: { message: '请补充', replyBy: tomorrow() },
    });
    expect(outside.status).toBe(404);
  });

  test('another person cannot see or answer the request (404)', async () => {
    await register(PHONE_B, '别人的案件');
    const other = await login(PHONE_B);
    expect((await other.get(`/api/p/cases/${c.referenceNo}`)).status).toBe(404);
    expect((await other.post(`/api/p/cases/${c.referenceNo}/info-requests/${requestId}/reply`).send({ text: '冒名答复' })).status).toBe(
      404,
    );
  });

  test('a file that is not PDF, JPEG or PNG is a 400 on file, and nothing is kept', async () => {
    const agent = await login(PHONE_A);
    const res = await agent
      .post(`/api/p/cases/${c.referenceNo}/info-requests/${requestId}/reply`)
      .field('text', '见附件')
      .attach('file', Buffer.from('MZ not a picture'), { filename: 'photo.png', contentType: 'image/png' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['file']);
    const row = await strapi.db.connection('fangtiao_public_info_requests').where({ id: requestId }).first();
    expect(row.replied_at).toBeNull();
  });

  test('the person replies with text and a PNG: stored in private storage, shown on the desk, downloadable there, audited; a second reply is a 409', async () => {
    const agent = await login(PHONE_A);
    const res = await agent
      .post(`/api/p/cases/${c.referenceNo}/info-requests/${requestId}/reply`)
      .field('text', '已拍照上传宅基地证明')
      .attach('file', PNG, { filename: '证明.png', contentType: 'image/png' });
    expect(res.status).toBe(200);
    const row = await strapi.db.connection('fangtiao_public_info_requests').where({ id: requestId }).first();
    expect(row.file_key).toMatch(/^replies\//);
    const root = path.resolve(strapi.dirs.app.root, process.env.FANGTIAO_PRIVATE_DIR || 'database/data/private');
    expect(fs.readFileSync(path.join(root, row.file_key))).toEqual(PNG);
    expect(fs.existsSync(path.join(strapi.dirs.static.public, 'uploads', path.basename(row.file_key)))).toBe(false);

    const desk = (await api(strapi, clerk).get(`/api/petitions/${c.documentId}/info-requests`)).body.data;
    expect(desk[0]).toMatchObject({
      id: requestId,
      reply: { text: '已拍照上传宅基地证明', file: { name: '证明.png', mime: 'image/png' } },
    });
    const file = await api(strapi, clerk)
      .get(`/api/petitions/${c.documentId}/info-requests/${requestId}/file`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.body).toEqual(PNG);
    expect((await api(strapi, otherClerk).get(`/api/petitions/${c.documentId}/info-requests`)).status).toBe(404);

    expect(await audits('public-info-reply')).toEqual([expect.objectContaining({ actorType: 'public', targetDocumentId: c.documentId })]);
    expect(await audits('info-reply-file-downloaded')).toHaveLength(1);
    const again = await agent.post(`/api/p/cases/${c.referenceNo}/info-requests/${requestId}/reply`).send({ text: '再答一次' });
    expect(again.status).toBe(409);
    const page = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data;
    expect(page.infoRequests[0]).toMatchObject({ replied: true, reply: { text: '已拍照上传宅基地证明', fileName: '证明.png' } });
  });

  test("the person's reply reaches the case's clerk and the leader who asked in their inbox, linking to the case on the desk", async () => {
    const own = await register(PHONE_A, '答复通知的案件');
    const asked = await api(strapi, leader).post(`/api/petitions/${own.documentId}/info-requests`, {
      data: { message: '请补充现场照片', replyBy: tomorrow() },
    });
    expect(asked.status).toBe(201);
    expect(await personNotices(clerk, own.referenceNo)).toEqual([]);
    const agent = await login(PHONE_A);
    expect(
      (await agent.post(`/api/p/cases/${own.referenceNo}/info-requests/${asked.body.data.id}/reply`).send({ text: '照片已另行邮寄' }))
        .status,
    ).toBe(200);
    for (const u of [clerk, leader]) {
      expect(await personNotices(u, own.referenceNo)).toEqual([
        expect.objectContaining({
          title: `信访人答复了补充材料要求：${own.referenceNo}`,
          body: expect.stringContaining('请补充现场照片'),
          link: `/desk/#/case/${own.documentId}`,
          readAt: null,
        }),
      ]);
    }
    expect(await personNotices(otherClerk, own.referenceNo)).toEqual([]);
  });

  test('a reply after the session has ended is refused (401) and not recorded', async () => {
    const asked = await api(strapi, clerk).post(`/api/petitions/${c.documentId}/info-requests`, {
      data: { message: '请补充身份证复印件', replyBy: tomorrow() },
    });
    const agent = await login(PHONE_A);
    await strapi.db.connection('fangtiao_public_sessions').update({ expires_at: Date.now() - 1 });
    const res = await agent.post(`/api/p/cases/${c.referenceNo}/info-requests/${asked.body.data.id}/reply`).send({ text: '迟到的答复' });
    expect(res.status).toBe(401);
    const row = await strapi.db.connection('fangtiao_public_info_requests').where({ id: asked.body.data.id }).first();
    expect(row.replied_at).toBeNull();
  });
});

describe('requesting review (复查) and re-review (复核) from the page', () => {
  async function concluded(phone: string, subject: string) {
    const c = await register(phone, subject);
    const move = (who: TestUser, action: string, input: object = {}) =>
      api(strapi, who).post(`/api/petitions/${c.documentId}/transition`, { action, input });
    expect((await move(clerk, 'accept')).status).toBe(200);
    expect((await move(clerk, 'assign_unit', { unit: orgs.get('990102002') })).status).toBe(200);
    expect((await move(clerk, 'conclude', { conclusion: '已协调处理' })).status).toBe(200);
    return { ...c, move };
  }

  test('within the window the person requests review, then re-review after the opinion: the flow moves, recorded as the person online', async () => {
    const c = await concluded(PHONE_A, '申请复查的案件');
    const agent = await login(PHONE_A);
    const before = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data;
    expect(before.review).toMatchObject({ action: 'review', label: '申请复查', open: true, due: expect.stringMatching(/年/) });
    const res = await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({});
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('review_requested');
    const p = (await api(strapi, clerk).get(`/api/petitions/${c.documentId}`)).body.data;
    expect(p.state).toBe('review_requested');
    const moves = await strapi.db
      .query('api::petition-move.petition-move')
      .findMany({ where: { action: 'request_review', petition: { documentId: c.documentId } }, populate: { actor: true } });
    expect(moves).toEqual([
      expect.objectContaining({
        actorRole: 'petitioner',
        actor: null,
        input: expect.objectContaining({ channel: 'online', by: '手机139****0001' }),
      }),
    ]);
    expect(await audits('public-review-requested')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorType: 'public', targetDocumentId: c.documentId })]),
    );

    // The same request again: the state no longer allows it (409 with the reason).
    const again = await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({});
    expect(again.status).toBe(409);
    expect((await c.move(leader, 'review_opinion', { opinion: '维持原处理意见' })).status).toBe(200);
    expect((await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data.review).toMatchObject({ action: 're-review', open: true });
    const re = await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/re-review`).send({});
    expect(re.status).toBe(200);
    expect(re.body.data.state).toBe('re_review_requested');
  });

  test("the case's clerk hears of an online review request in the inbox; a refused request tells no one", async () => {
    const c = await concluded(PHONE_A, '申请复查通知的案件');
    const agent = await login(PHONE_A);
    expect((await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({})).status).toBe(200);
    expect(await personNotices(clerk, c.referenceNo)).toEqual([
      expect.objectContaining({ title: `信访人网上申请复查：${c.referenceNo}`, link: `/desk/#/case/${c.documentId}` }),
    ]);
    expect((await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({})).status).toBe(409);
    expect(await personNotices(clerk, c.referenceNo)).toHaveLength(1);
    expect(await personNotices(otherClerk, c.referenceNo)).toEqual([]);
  });

  test('outside the window the request is a 409 with the reason, which the page shows before asking', async () => {
    const c = await concluded(PHONE_A, '超过期限的案件');
    await strapi.db
      .query('api::petition.petition')
      .update({ where: { id: c.id }, data: { concludedAt: new Date(Date.now() - 90 * 86_400_000) } });
    const agent = await login(PHONE_A);
    const page = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data;
    expect(page.review).toMatchObject({ open: false, reason: expect.stringContaining('已超过复查申请期限') });
    const res = await agent.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已超过复查申请期限');
    expect((await api(strapi, clerk).get(`/api/petitions/${c.documentId}`)).body.data.state).toBe('concluded');
    expect(await audits('public-review-refused', c.documentId)).toEqual([
      expect.objectContaining({ actorType: 'public', detail: expect.objectContaining({ reason: expect.stringContaining('已超过') }) }),
    ]);
  });

  test("another person's case is a 404, and the desk's clerk move still works as before", async () => {
    const c = await concluded(PHONE_A, '别人不能申请的案件');
    const other = await login(PHONE_B);
    expect((await other.post(`/api/p/cases/${c.referenceNo}/review-requests/review`).send({})).status).toBe(404);
    expect((await c.move(clerk, 'request_review')).status).toBe(200);
  });
});
