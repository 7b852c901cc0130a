/**
 * The petitioner's page by e-mail (/p/, 用电子邮箱): the same one-time code as by SMS — 6 digits,
 * 5 minutes, used once, the same limits per address and per IP — sent through Strapi's e-mail
 * plugin (here to a local SMTP server). The address is the contact e-mail an online filer gave,
 * kept only as its keyed hash; the session sees the petitions filed with it.
 */
import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { decoded, startMailbox } from '../helpers/mailbox';
import { api, makeUser, organisations, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let onlineType: string;

const EMAIL = 'Sun.Qi@Example.com';
const person = () => request.agent(strapi.server.httpServer);
const clearLimits = () => strapi.db.connection('fangtiao_login_failures').where('throttle_key', 'like', 'p-%').delete();

/** The code in the latest message to `address` (subject and text both carry it). */
function lastEmailedCode(address: string): string {
  const mail = mailbox.to(address.toLowerCase()).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  const { subject, text } = decoded(mail);
  const code = text.match(/验证码为 (\d{6})/)?.[1];
  expect(subject).toContain(code);
  return code!;
}
async function smsLogin(phone: string) {
  const agent = person();
  expect((await agent.post('/api/p/otp').send({ phone })).status).toBe(200);
  const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: phone, template: 'otp' }).orderBy('id', 'desc').first();
  expect((await agent.post('/api/p/login').send({ phone, code: JSON.parse(row.params).code })).status).toBe(200);
  return agent;
}
async function emailLogin(email: string) {
  const agent = person();
  expect((await agent.post('/api/p/email/otp').send({ email })).status).toBe(200);
  const res = await agent.post('/api/p/email/login').send({ email, code: lastEmailedCode(email) });
  expect(res.status).toBe(200);
  return agent;
}
/** An online filing by the person logged in with `phone`, giving `contactEmail`. */
async function fileOnline(phone: string, contactEmail: string | undefined, subject: string) {
  const agent = await smsLogin(phone);
  const res = await agent.post('/api/p/petitions').send({
    organisation: orgs.get('990102002001'),
    caseType: onlineType,
    subject,
    formData: { disputeDate: '2026-11-02' },
    parties: [{ name: '孙七', phone }],
    consent: { personal: true },
    ...(contactEmail === undefined ? {} : { contactEmail }),
  });
  return res;
}

beforeAll(async () => {
  mailbox = await startMailbox();
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const form = { fields: [{ key: 'disputeDate', label: '纠纷发生日期', type: 'date', required: true }] };
  onlineType = (
    await strapi.documents('api::case-type.case-type').create({
      data: { name: '邻里纠纷', code: 'neighbour-email', formSchema: form, onlineIntake: true, publicFields: ['disputeDate'] } as any,
    })
  ).documentId;
});
afterAll(async () => {
  await stopStrapi();
  await mailbox.stop();
});
beforeEach(clearLimits);

describe('logging in by e-mail', () => {
  let referenceNo: string;
  beforeAll(async () => {
    const res = await fileOnline('13812345001', EMAIL, '邮箱登录的案件');
    expect(res.status).toBe(200);
    referenceNo = res.body.data.referenceNo;
    expect((await fileOnline('13812345002', undefined, '没有邮箱的案件')).status).toBe(200);
  });

  test('the filer asks for a code by e-mail, logs in once with it, and sees the case filed with that address only', async () => {
    const agent = person();
    const sent = await agent.post('/api/p/email/otp').send({ email: EMAIL });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toEqual({ expiresInSeconds: 300 });
    const code = lastEmailedCode(EMAIL);
    expect(code).toMatch(/^\d{6}$/);
    expect(decoded(mailbox.to('sun.qi@example.com').at(-1)!).text).toContain('5分钟内有效');
    // Stored only hashed: neither the code nor the address is in the database.
    for (const table of ['fangtiao_public_otps', 'fangtiao_public_emails']) {
      const rows = JSON.stringify(await strapi.db.connection(table).select());
      expect(rows).not.toContain(code);
      expect(rows.toLowerCase()).not.toContain('example.com');
    }
    const ok = await agent.post('/api/p/email/login').send({ email: ' sun.qi@example.COM ', code });
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/ft_p=.+httponly/i);
    const cases = await agent.get('/api/p/cases');
    expect(cases.body.data.map((c: any) => c.referenceNo)).toEqual([referenceNo]);
    expect(cases.body.meta.who).toBe('邮箱s***@example.com');
    expect((await agent.get(`/api/p/cases/${referenceNo}`)).body.data).toMatchObject({ referenceNo, stateLabel: '已登记' });
    // Single use.
    const again = await person().post('/api/p/email/login').send({ email: EMAIL, code });
    expect(again.status).toBe(400);
    expect(again.body.error.details.errors[0]).toMatchObject({ path: ['code'], message: expect.stringContaining('已使用') });
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findOne({ where: { action: 'public-login', actorName: '邮箱s***@example.com' } });
    expect(audit).toMatchObject({ actorType: 'public', detail: { by: 'email' } });
  });

  test('every read of the case is in the audit log, named by the masked address (written in batches, within a moment)', async () => {
    const agent = await emailLogin(EMAIL);
    const entries = () =>
      strapi.db
        .query('api::audit-entry.audit-entry')
        .findMany({ where: { action: 'public-case-viewed', actorName: '邮箱s***@example.com' }, orderBy: { id: 'asc' } });
    await new Promise((r) => setTimeout(r, 400)); // views of earlier tests are written by now
    const before = (await entries()).length;
    expect((await agent.get(`/api/p/cases/${referenceNo}`)).status).toBe(200);
    const until = Date.now() + 5000;
    while ((await entries()).length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const after = await entries();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actorType: 'public', role: 'petitioner', detail: { referenceNo }, ip: expect.any(String) });
  });

  test('an address with no filing gets a code too (the answer says nothing), and its session sees no case; another filing is a 404', async () => {
    const agent = await emailLogin('stranger@example.org');
    expect((await agent.get('/api/p/cases')).body.data).toEqual([]);
    expect((await agent.get(`/api/p/cases/${referenceNo}`)).status).toBe(404);
  });

  test('a wrong code is a 400 on code with the tries left; an expired code is refused; a bad address is a 400 on email', async () => {
    const agent = person();
    await agent.post('/api/p/email/otp').send({ email: EMAIL });
    const code = lastEmailedCode(EMAIL);
    const wrong = await agent
      .post('/api/p/email/login')
      .send({ email: EMAIL, code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.errors[0]).toMatchObject({ path: ['code'], message: '验证码不正确，还可尝试4次' });
    await strapi.db
      .connection('fangtiao_public_otps')
      .whereNull('used_at')
      .update({ expires_at: Date.now() - 1 });
    const late = await agent.post('/api/p/email/login').send({ email: EMAIL, code });
    expect(late.status).toBe(400);
    expect(late.body.error.details.errors[0].message).toContain('已过期');
    const bad = await person().post('/api/p/email/otp').send({ email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0]).toMatchObject({ path: ['email'], message: '请输入正确的电子邮箱地址' });
    expect(mailbox.to('not-an-address')).toEqual([]);
  });

  test('a new code voids the one before it', async () => {
    const agent = person();
    await agent.post('/api/p/email/otp').send({ email: EMAIL });
    const first = lastEmailedCode(EMAIL);
    await agent.post('/api/p/email/otp').send({ email: EMAIL });
    const second = lastEmailedCode(EMAIL);
    if (first !== second) expect((await agent.post('/api/p/email/login').send({ email: EMAIL, code: first })).status).toBe(400);
    expect((await agent.post('/api/p/email/login').send({ email: EMAIL, code: second })).status).toBe(200);
  });
});

describe('the same limits as by SMS', () => {
  test('codes to one address are limited (429 with Retry-After), and so are wrong codes on one address across new codes', async () => {
    const sends = [];
    for (let i = 0; i < 6; i += 1) sends.push(await person().post('/api/p/email/otp').send({ email: 'busy@example.com' }));
    expect(sends.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(sends[5].headers['retry-after'])).toBeGreaterThan(0);
    expect(mailbox.to('busy@example.com')).toHaveLength(5);
    await clearLimits();
    const guesses = [];
    for (let i = 0; i < 11; i += 1) {
      if (i % 5 === 0) await person().post('/api/p/email/otp').send({ email: 'guess@example.com' });
      guesses.push((await person().post('/api/p/email/login').send({ email: 'guess@example.com', code: '000000' })).status);
    }
    expect(guesses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(guesses[10]).toBe(429);
  });

  test('one IP shares its budget between SMS and e-mail codes: after 30 codes either way, the next is 429', async () => {
    const statuses = [];
    for (let i = 0; i < 15; i += 1)
      statuses.push(
        (
          await person()
            .post('/api/p/otp')
            .send({ phone: `1390000${String(i).padStart(4, '0')}` })
        ).status,
      );
    for (let i = 0; i < 15; i += 1)
      statuses.push(
        (
          await person()
            .post('/api/p/email/otp')
            .send({ email: `p${i}@example.net` })
        ).status,
      );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await person().post('/api/p/email/otp').send({ email: 'p99@example.net' })).status).toBe(429);
    expect((await person().post('/api/p/otp').send({ phone: '13900009999' })).status).toBe(429);
  });
});

describe('the contact e-mail at online filing', () => {
  test('a malformed contact address is a 400 naming contactEmail, and nothing is filed', async () => {
    const before = (await api(strapi, clerk).get('/api/petitions?filters[channel][$eq]=online')).body.meta.pagination.total;
    const res = await fileOnline('13812345003', 'nobody@', '格式错误');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['contactEmail']);
    expect((await api(strapi, clerk).get('/api/petitions?filters[channel][$eq]=online')).body.meta.pagination.total).toBe(before);
  });
});
