/**
 * The petitioner's own page (/p/): a one-time code by SMS (the log provider), a session bound to
 * the phone, their own cases only, a number + query code that cannot be enumerated, notices
 * opened online as electronic delivery, the return-visit questionnaire, online petitions.
 */
import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, attachSignedScan, CONSENTS, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let reviewer: TestUser;
let supervisor: TestUser;

const PHONE_A = '13911112222';
const PHONE_B = '13733334444';
const RESPONDENT_PHONE = '13655556666';
const RESPONDENT_ID = idNumber('990102', '19750505', '456');

/** The code the log provider "sent" to `phone` (tests read the table; no route does). */
async function lastCode(phone: string): Promise<string> {
  const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: phone, template: 'otp' }).orderBy('id', 'desc').first();
  return JSON.parse(row.params).code;
}
/** A phone's browser: supertest's agent keeps the session cookie. */
const person = () => request.agent(strapi.server.httpServer);
async function login(phone: string) {
  const agent = person();
  expect((await agent.post('/api/p/otp').send({ phone })).status).toBe(200);
  const res = await agent.post('/api/p/login').send({ phone, code: await lastCode(phone) });
  expect(res.status).toBe(200);
  return agent;
}
const clearLimits = () => strapi.db.connection('fangtiao_login_failures').where('throttle_key', 'like', 'p-%').delete();

async function register(parties: object[], subject = '邻里排水纠纷') {
  // Every party consents to mediation, as a diversion requires.
  const res = await api(strapi, clerk).post(
    '/api/petitions',
    petitionInput(orgs.get('990102002')!, { subject, parties: parties.map((p) => ({ ...CONSENTS, ...p })) }),
  );
  expect(res.status).toBe(201);
  return {
    documentId: res.body.data.documentId as string,
    referenceNo: res.body.data.referenceNo as string,
    queryCode: res.body.meta.queryCode as string,
    id: res.body.data.id as number,
  };
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  reviewer = await makeUser(strapi, 'reviewer', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
});
afterAll(async () => {
  await stopStrapi();
});
beforeEach(clearLimits);

describe('logging in with a one-time code', () => {
  test('the code reaches the log provider, is stored only hashed, logs in once, and the session is a cookie', async () => {
    const agent = person();
    expect((await agent.post('/api/p/otp').send({ phone: PHONE_A })).body.data).toEqual({ expiresInSeconds: 300 });
    const code = await lastCode(PHONE_A);
    expect(code).toMatch(/^\d{6}$/);
    const stored = await strapi.db.connection('fangtiao_public_otps').orderBy('id', 'desc').first();
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(PHONE_A);
    const ok = await agent.post('/api/p/login').send({ phone: PHONE_A, code });
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/ft_p=.+httponly/i);
    expect((await agent.get('/api/p/cases')).status).toBe(200);
    // Single use: the same code again is refused.
    const again = await person().post('/api/p/login').send({ phone: PHONE_A, code });
    expect(again.status).toBe(400);
    expect(again.body.error.details.errors[0]).toMatchObject({ path: ['code'], message: expect.stringContaining('已使用') });
  });

  test('without a session the pages answer 401; a bad phone number is a 400 naming the field', async () => {
    expect((await person().get('/api/p/cases')).status).toBe(401);
    const bad = await person().post('/api/p/otp').send({ phone: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['phone']);
  });

  test('brute force is stopped: after five wrong codes even the right code is refused', async () => {
    const agent = person();
    await agent.post('/api/p/otp').send({ phone: PHONE_B });
    const code = await lastCode(PHONE_B);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all(Array.from({ length: 5 }, () => agent.post('/api/p/login').send({ phone: PHONE_B, code: wrong })));
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    const right = await agent.post('/api/p/login').send({ phone: PHONE_B, code });
    expect(right.status).toBe(400);
    expect(right.body.error.details.errors[0].message).toContain('错误次数过多');
  });

  test('codes sent to one phone are limited (429), and so are guesses on one phone across new codes', async () => {
    const agent = person();
    const sends = [];
    for (let i = 0; i < 6; i += 1) sends.push((await agent.post('/api/p/otp').send({ phone: '13500000001' })).status);
    expect(sends).toEqual([200, 200, 200, 200, 200, 429]);
    await clearLimits();
    const guesses = [];
    for (let i = 0; i < 11; i += 1) {
      if (i % 5 === 0) await agent.post('/api/p/otp').send({ phone: '13500000002' });
      guesses.push((await agent.post('/api/p/login').send({ phone: '13500000002', code: '000000' })).status);
    }
    expect(guesses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(guesses[10]).toBe(429);
  });

  test('one address spraying many phones is limited too, and every refusal is audited', async () => {
    const statuses = [];
    for (let i = 0; i < 31; i += 1)
      statuses.push(
        (
          await person()
            .post('/api/p/otp')
            .send({ phone: `1380000${String(i).padStart(4, '0')}` })
        ).status,
      );
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findMany({ where: { action: 'public-code-refused', actorName: { $startsWith: '手机138' } } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actorType: 'public', actorName: '手机138****0030', ip: expect.any(String) });
  });
});

describe('status: own cases only, in plain language', () => {
  let mine: Awaited<ReturnType<typeof register>>;
  let theirs: Awaited<ReturnType<typeof register>>;
  beforeAll(async () => {
    mine = await register([{ name: '王五', idNumber: idNumber('990102', '19800101', '777'), phone: PHONE_A }], '我的排水纠纷');
    theirs = await register([{ name: '赵六', idNumber: idNumber('990102', '19800101', '888'), phone: PHONE_B }], '别人的纠纷');
  });

  test('a phone login lists the cases whose party has that phone, and no other', async () => {
    const agent = await login(PHONE_A);
    const list = (await agent.get('/api/p/cases')).body.data;
    expect(list.map((c: any) => c.referenceNo)).toEqual([mine.referenceNo]);
    const status = (await agent.get(`/api/p/cases/${mine.referenceNo}`)).body.data;
    expect(status).toMatchObject({
      stateLabel: '已登记',
      office: '湖滨镇',
      nextDeadline: { label: '受理答复期限', date: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日$/) },
    });
    expect(JSON.stringify(status)).not.toMatch(/idNumber|phone|13911112222/);
    expect((await agent.get(`/api/p/cases/${theirs.referenceNo}`)).status).toBe(404);
  });

  test('a number and its query code open that case only; a number alone, a wrong code and a wrong number are the same 404', async () => {
    const agent = person();
    expect((await agent.post('/api/p/lookup').send({ referenceNo: theirs.referenceNo })).status).toBe(404);
    const wrongCode = await agent.post('/api/p/lookup').send({ referenceNo: theirs.referenceNo, queryCode: 'AAAAAAAA' });
    const wrongNumber = await agent.post('/api/p/lookup').send({ referenceNo: '990102-2026-999999', queryCode: theirs.queryCode });
    expect(wrongCode.status).toBe(404);
    expect(wrongNumber.status).toBe(404);
    expect(wrongCode.body.error.message).toBe(wrongNumber.body.error.message);
    const ok = await agent.post('/api/p/lookup').send({ referenceNo: theirs.referenceNo, queryCode: theirs.queryCode.toLowerCase() });
    expect(ok.status).toBe(200);
    expect((await agent.get('/api/p/cases')).body.data.map((c: any) => c.referenceNo)).toEqual([theirs.referenceNo]);
    expect((await agent.get(`/api/p/cases/${mine.referenceNo}`)).status).toBe(404);
  });

  test('reference numbers cannot be enumerated: guessing codes is limited per number and per address', async () => {
    const tries = [];
    for (let i = 0; i < 6; i += 1)
      tries.push(
        (
          await person()
            .post('/api/p/lookup')
            .send({ referenceNo: mine.referenceNo, queryCode: `WRONG${i}` })
        ).status,
      );
    expect(tries).toEqual([404, 404, 404, 404, 404, 429]);
    // Even the right code waits out the window once the number is locked.
    expect((await person().post('/api/p/lookup').send({ referenceNo: mine.referenceNo, queryCode: mine.queryCode })).status).toBe(429);
    await clearLimits();
    const sweep = [];
    for (let i = 0; i < 21; i += 1)
      sweep.push(
        (
          await person()
            .post('/api/p/lookup')
            .send({ referenceNo: `990102-2026-${String(i + 100).padStart(6, '0')}`, queryCode: 'ABCDEFGH' })
        ).status,
      );
    expect(sweep.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(sweep[20]).toBe(429);
  });
});

describe('notices opened online are delivered; the questionnaire feeds the satisfaction measure', () => {
  let c: Awaited<ReturnType<typeof register>>;
  let flagId: string;
  beforeAll(async () => {
    c = await register(
      [
        { name: '王五', idNumber: idNumber('990102', '19800101', '999'), phone: PHONE_A },
        { name: '李四', role: 'respondent', idNumber: RESPONDENT_ID, phone: RESPONDENT_PHONE },
      ],
      '排水沟疏通',
    );
    const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
    const move = (who: TestUser, action: string, input: object = {}) =>
      api(strapi, who).post(`/api/petitions/${c.documentId}/transition`, { action, input });
    expect((await move(clerk, 'accept')).status).toBe(200);
    expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
    expect(
      (
        await move(mediator, 'mediation_success', {
          agreedTerms: '李四疏通排水沟',
          terms: [{ obligor: '李四', what: '疏通排水沟', where: '新桥村1组', byWhen: '2026-01-15' }],
          facts: '排水沟堵塞',
          disputes: '疏通责任',
        })
      ).status,
    ).toBe(200);
    const agreement = await api(strapi, mediator).post(`/api/petitions/${c.documentId}/documents/mediation-agreement`);
    expect(agreement.status).toBe(201);
    await attachSignedScan(strapi, clerk, agreement.body.data.documentId);
    const flag = await api(strapi, clerk).post('/api/credit-flags', {
      data: {
        personName: '李四',
        idNumber: RESPONDENT_ID,
        ground: 'refuse-mediation-agreement',
        petition: c.documentId,
        basisDocument: agreement.body.data.documentId,
        facts: '调解协议约定李四于2026年1月15日前疏通排水沟，至今未履行。',
        evidence: [{ type: 'document', id: agreement.body.data.documentId }],
      },
    });
    expect(flag.status).toBe(201);
    flagId = flag.body.data.documentId;
    expect((await api(strapi, reviewer).post(`/api/credit-flags/${flagId}/approve`, { data: {} })).status).toBe(200);
    expect((await api(strapi, clerk).post(`/api/credit-flags/${flagId}/notify`, { data: {} })).status).toBe(200);
  });

  test('the petitioner sees the agreement but not the credit notice of the other party', async () => {
    const agent = await login(PHONE_A);
    const docs = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data.documents;
    expect(docs.map((d: any) => d.title)).toEqual(['人民调解协议书']);
  });

  test('the flagged person opens the credit notice: the PDF, and the flag records electronic delivery with the time; the objection window starts', async () => {
    const agent = await login(RESPONDENT_PHONE);
    const status = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data;
    const notice = status.documents.find((d: any) => d.title.includes('失信'));
    expect(notice).toBeTruthy();
    expect(notice.deliveredAt).toBeNull();
    const before = Date.now();
    const pdf = await agent
      .get(`/api/p/cases/${c.referenceNo}/documents/${notice.id}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const flag = await strapi.db.query('plugin::fangtiao.credit-flag').findOne({ where: { documentId: flagId } });
    expect(new Date(flag.noticeDeliveredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(flag.objectionDeadline).toBeTruthy();
    expect(flag.deliveries[0]).toMatchObject({ of: 'notice', method: 'electronic', proof: expect.stringContaining('网上查询页面打开') });
    const again = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data.documents.find((d: any) => d.id === notice.id);
    expect(again.deliveredAt).toMatch(/^\d{4}年/);
    // Opening it again records nothing more.
    await agent.get(`/api/p/cases/${c.referenceNo}/documents/${notice.id}`);
    expect((await strapi.db.query('plugin::fangtiao.credit-flag').findOne({ where: { documentId: flagId } })).deliveries).toHaveLength(1);
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findMany({ where: { action: 'public-document-opened', targetDocumentId: notice.id } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorType: 'public', actorName: '手机136****6666' });
  });

  test('the flagged person sees the flag and its objection deadline, and objects online: the flag is 异议中 at once, lodged through the credit module’s online channel', async () => {
    const agent = await login(RESPONDENT_PHONE);
    const [flag] = (await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data.credit;
    expect(flag).toMatchObject({ id: flagId, state: 'notified', canObject: true, objectionDeadline: expect.stringMatching(/^\d{4}年/) });
    expect((await agent.post(`/api/p/cases/${c.referenceNo}/credit/${flagId}/objection`).send({ text: ' ' })).status).toBe(400);
    const res = await agent
      .post(`/api/p/cases/${c.referenceNo}/credit/${flagId}/objection`)
      .send({ text: '协议约定的期限因暴雨顺延，我已于2月疏通' });
    expect(res.status).toBe(200);
    const stored = await strapi.db.query('plugin::fangtiao.credit-flag').findOne({ where: { documentId: flagId } });
    expect(stored).toMatchObject({
      state: 'objected',
      objectionChannel: 'online',
      objectionText: '协议约定的期限因暴雨顺延，我已于2月疏通',
    });
    expect((await agent.get(`/api/p/cases/${c.referenceNo}`)).body.data.credit[0]).toMatchObject({
      stateLabel: '异议审查中',
      canObject: false,
    });
    // The other party cannot reach it.
    const other = await login(PHONE_A);
    expect((await other.post(`/api/p/cases/${c.referenceNo}/credit/${flagId}/objection`).send({ text: '我来替他异议' })).status).toBe(404);
  });

  test('a document of a case not one’s own is 404, even with its id', async () => {
    const agent = await login(PHONE_B);
    const doc = await strapi.db.query('plugin::fangtiao.generated-document').findOne({ where: { kind: 'mediation-agreement' } });
    expect((await agent.get(`/api/p/cases/${c.referenceNo}/documents/${doc.documentId}`)).status).toBe(404);
  });

  test('after conclusion the questionnaire is answered once, is the 回访 record, and the satisfaction measure moves', async () => {
    const agent = await login(PHONE_A);
    const measure = async () =>
      (await api(strapi, supervisor).get('/api/measures?kind=month')).body.data.measures.find((m: any) => m.key === 'satisfactionRate');
    const before = await measure();
    const bad = await agent.post(`/api/p/cases/${c.referenceNo}/return-visit`).send({ resolved: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['resolved', 'result']);
    const ok = await agent
      .post(`/api/p/cases/${c.referenceNo}/return-visit`)
      .send({ resolved: 'partly', result: 'basically_satisfied', comment: '基本解决' });
    expect(ok.status).toBe(200);
    const p = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: c.documentId } });
    expect(p.returnVisit).toMatchObject({ result: 'basically_satisfied', resolved: 'partly', comment: '基本解决', channel: 'online' });
    const after = await measure();
    expect(after.numerator).toBe(before.numerator + 1);
    expect(after.denominator).toBe(before.denominator + 1);
    expect((await agent.post(`/api/p/cases/${c.referenceNo}/return-visit`).send({ resolved: 'yes', result: 'satisfied' })).status).toBe(
      409,
    );
  });
});

describe('online petitions (网上信访)', () => {
  let onlineType: string;
  let deskType: string;
  beforeAll(async () => {
    const form = {
      fields: [
        { key: 'disputeDate', label: '纠纷发生日期', type: 'date', required: true },
        {
          key: 'kind',
          label: '纠纷种类',
          type: 'select',
          required: true,
          options: [
            { value: 'drain', label: '排水' },
            { value: 'boundary', label: '地界' },
          ],
        },
        { key: 'assessment', label: '干部研判意见', type: 'textarea', required: true },
      ],
    };
    // As an administrator saves them in the admin panel (Content Manager → 案件类型).
    onlineType = (
      await strapi.documents('api::case-type.case-type').create({
        data: {
          name: '邻里纠纷',
          code: 'neighbour-online',
          formSchema: form,
          onlineIntake: true,
          publicFields: ['disputeDate', 'kind'],
        } as any,
      })
    ).documentId;
    deskType = (
      await strapi.documents('api::case-type.case-type').create({ data: { name: '土地纠纷', code: 'land-desk', formSchema: form } as any })
    ).documentId;
  });

  const filing = (over: Record<string, unknown> = {}) => ({
    organisation: orgs.get('990102002001'),
    caseType: onlineType,
    subject: '邻居排水沟堵塞',
    demands: '请求协调疏通',
    formData: { disputeDate: '2026-11-02', kind: 'drain' },
    parties: [{ name: '孙七', phone: '13812340000', address: '新桥村3组' }],
    consent: { personal: true },
    ...over,
  });

  test('an administrator’s list of public fields names fields of the form (400 otherwise)', async () => {
    await expect(
      strapi
        .documents('api::case-type.case-type')
        .create({ data: { name: '错', code: 'bad-public', formSchema: { fields: [] }, publicFields: ['nope'] } as any }),
    ).rejects.toMatchObject({ details: { errors: [{ path: ['publicFields'] }] } });
  });

  test('the form offers only types open online, with only their public fields, and places from the tree', async () => {
    const o = (await person().get('/api/p/intake')).body.data;
    expect(o.caseTypes.map((t: any) => t.name)).toEqual(['邻里纠纷']);
    expect(o.caseTypes[0].fields.map((f: any) => f.key)).toEqual(['disputeDate', 'kind']);
    expect(o.organisations.find((x: any) => x.id === orgs.get('990102002001'))).toMatchObject({ level: 'village' });
  });

  test('filing needs a phone login, the logged-in phone, the same form checks as the desk, and separate consent before an ID number', async () => {
    expect((await person().post('/api/p/petitions').send(filing())).status).toBe(401);
    const agent = await login('13812340000');
    const bad = await agent.post('/api/p/petitions').send(
      filing({
        formData: { disputeDate: '2026-11-02', kind: 'fire' },
        parties: [{ name: '孙七', phone: '13812349999', idNumber: idNumber('990102', '19900101', '111') }],
        consent: { personal: true },
      }),
    );
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['parties.0.phone', 'consent.sensitive']));
    const form = await agent.post('/api/p/petitions').send(filing({ formData: { kind: 'fire' } }));
    expect(form.status).toBe(400);
    expect(form.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['formData.disputeDate', 'formData.kind']),
    );
    const closed = await agent.post('/api/p/petitions').send(filing({ caseType: deskType }));
    expect(closed.status).toBe(400);
    expect(closed.body.error.details.errors[0].path).toEqual(['caseType']);
  });

  test('a filed petition arrives as channel 网上, registered at the chosen village with its acceptance clock, in the county clerk’s queue; the receipt and query code work', async () => {
    const agent = await login('13812340000');
    const res = await agent.post('/api/p/petitions').send(
      filing({
        parties: [
          { name: '孙七', phone: '13812340000', idNumber: idNumber('990102', '19900101', '111') },
          { name: '周八', role: 'respondent' },
        ],
        consent: { personal: true, sensitive: true },
      }),
    );
    expect(res.status).toBe(200);
    const { referenceNo, queryCode } = res.body.data;
    expect(referenceNo).toMatch(/^990102-\d{4}-\d{6}$/);
    expect(queryCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const p = await strapi.db
      .query('api::petition.petition')
      .findOne({ where: { referenceNo }, populate: { organisation: true, assignedClerk: true, parties: true } });
    expect(p).toMatchObject({
      channel: 'online',
      state: 'registered',
      organisation: { code: '990102002001' },
      assignedClerk: null,
      formData: { disputeDate: '2026-11-02', kind: 'drain' },
    });
    expect(new Date(p.acceptanceDueAt).getTime()).toBeGreaterThan(Date.now() + 14 * 86_400_000);
    const queue = (await api(strapi, clerk).get('/api/petitions?filters[channel][$eq]=online')).body.data.map((x: any) => x.referenceNo);
    expect(queue).toContain(referenceNo);
    const sms = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: '13812340000', template: 'receipt' }).first();
    expect(JSON.parse(sms.params)).toEqual({ referenceNo, queryCode });
    expect((await agent.get('/api/p/cases')).body.data.map((c: any) => c.referenceNo)).toContain(referenceNo);
    expect((await person().post('/api/p/lookup').send({ referenceNo, queryCode })).status).toBe(200);
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findOne({ where: { action: 'public-petition-submitted', targetDocumentId: p.documentId } });
    expect(audit).toMatchObject({ actorType: 'public', actorName: '手机138****0000' });
    // The clerk who accepts it at the desk handles it from then on; the person sees 已受理.
    expect((await api(strapi, clerk).post(`/api/petitions/${p.documentId}/transition`, { action: 'accept', input: {} })).status).toBe(200);
    expect(
      (await strapi.db.query('api::petition.petition').findOne({ where: { documentId: p.documentId }, populate: { assignedClerk: true } }))
        .assignedClerk.id,
    ).toBe(clerk.id);
    expect((await agent.get(`/api/p/cases/${referenceNo}`)).body.data.stateLabel).toBe('已受理');
  });
});
