import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfText } from '../helpers/pdf';
import { adminSession, api, creditCode, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';
import { applicationDeadline } from '../../plugins/fangtiao/server/src/judicial/rules';

const N = 'plugin::fangtiao.notification';
const J = 'plugin::fangtiao.judicial-confirmation' as any;
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherClerk: TestUser; // same county, not this case's clerk
let otherCountyClerk: TestUser;
let fresh: string; // agreement reached today
let old: string; // agreement of 2026-11-01 10:00 Beijing: window ends 2026-12-01 24:00 Beijing

async function mediatedCase(): Promise<string> {
  const input = petitionInput(orgs.get('990102002')!);
  input.data.parties.push({
    kind: 'organisation',
    organisationType: 'legal_person',
    name: '新桥建材有限公司',
    creditCode: creditCode('91330102MA2H0001A'),
    representativeName: '王五',
    role: 'respondent',
    ...CONSENTS,
  } as any);
  const id = (await api(strapi, clerk).post('/api/petitions', input)).body.data.documentId;
  const committee = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const move = (who: TestUser, action: string, i: object = {}) =>
    api(strapi, who).post(`/api/petitions/${id}/transition`, { action, input: i });
  expect((await move(clerk, 'accept')).status).toBe(200);
  expect((await move(clerk, 'divert', { committee, mediator: mediator.id })).status).toBe(200);
  expect(
    (
      await move(mediator, 'mediation_success', {
        agreedTerms: '乙方赔偿甲方损失',
        terms: [{ obligor: '乙方', what: '赔偿甲方损失人民币五千元' }],
        disputes: '建材堆放损坏围墙',
      })
    ).status,
  ).toBe(200);
  expect((await api(strapi, mediator).post(`/api/petitions/${id}/documents/mediation-agreement`)).status).toBe(201);
  return id;
}

const jc = (who: TestUser, id: string, what = '') => `/api/petitions/${id}/judicial-confirmation${what}`;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  // The court is set by an administrator in the admin panel (Content Manager → 人民调解委员会).
  const c = await strapi.db.query('api::committee.committee').findOne({ where: { name: '湖滨镇人民调解委员会' } });
  const admin = await adminSession(strapi);
  const saved = await admin.put(`/content-manager/collection-types/api::committee.committee/${c.documentId}`, {
    courtName: '测试县人民法院',
  });
  expect(saved.status).toBe(200);
  fresh = await mediatedCase();
  old = await mediatedCase();
  const row = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: old } });
  const at = new Date('2026-11-01T02:00:00.000Z');
  await strapi.db
    .query('api::petition.petition')
    .update({ where: { id: row.id }, data: { outcome: { ...row.outcome, at }, concludedAt: at } });
});
afterAll(stopStrapi);

test("the mediator generates the joint application, addressed to the committee's court, with the organisation and its 法定代表人", async () => {
  const res = await api(strapi, mediator).post(jc(mediator, fresh, '/application'));
  expect(res.status).toBe(201);
  expect(res.body.data.kind).toBe('judicial-confirmation-application');
  const pdf = await binary(api(strapi, mediator).get(`/api/documents/${res.body.data.documentId}/download`));
  const text = (await pdfText(pdf.body)).replace(/\s+/g, '');
  expect(text).toContain('司法确认申请书');
  expect(text).toContain('测试县人民法院');
  expect(text).toContain('新桥建材有限公司');
  expect(text).toContain('法定代表人');
  expect(text).toContain('王五');
  expect(text).toContain('湖滨镇人民调解委员会');
});

test('the clerk sees the window, records the filing and then the ruling', async () => {
  const s = await api(strapi, clerk).get(jc(clerk, fresh));
  expect(s.status).toBe(200);
  expect(s.body.data.windowOpen).toBe(true);
  expect(s.body.data.court).toBe('测试县人民法院');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  expect((await api(strapi, clerk).post(jc(clerk, fresh, '/ruling'), { data: { ruledAt: today, outcome: 'confirmed' } })).status).toBe(409);
  const bad = await api(strapi, clerk).post(jc(clerk, fresh, '/filing'), { data: { filedAt: 'x', court: '', caseNumber: '' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(['caseNumber', 'court', 'filedAt']);
  const filed = await api(strapi, clerk).post(jc(clerk, fresh, '/filing'), {
    data: { filedAt: today, court: '测试县人民法院', caseNumber: '（2026）测0102民特1号' },
  });
  expect(filed.status).toBe(200);
  expect(filed.body.data.caseNumber).toBe('（2026）测0102民特1号');
  const ruled = await api(strapi, mediator).post(jc(mediator, fresh, '/ruling'), { data: { ruledAt: today, outcome: 'confirmed' } });
  expect(ruled.status).toBe(200);
  expect(ruled.body.data.outcome).toBe('confirmed');
  expect(ruled.body.data.outcomeLabel).toBe('裁定确认调解协议有效');
});

test("only the case's mediator or clerk acts (403); another county gets 404", async () => {
  const other = await api(strapi, otherClerk).post(jc(otherClerk, fresh, '/application'));
  expect(other.status).toBe(403);
  expect((await api(strapi, otherCountyClerk).get(jc(otherCountyClerk, fresh))).status).toBe(404);
  expect((await api(strapi, otherCountyClerk).post(jc(otherCountyClerk, fresh, '/application'))).status).toBe(404);
});

test('after the 30 days the application is refused with 409 and the reason', async () => {
  const res = await api(strapi, mediator).post(jc(mediator, old, '/application'));
  expect(res.status).toBe(409);
  expect(res.body.error.message).toContain('2026-12-01');
  expect(res.body.error.message).toContain('三十日');
});

describe('the daily reminder job, with its clock fixed around Beijing midnight', () => {
  const job = () => jobDefinitions(strapi).find((d) => d.name === 'judicial-confirmation-reminders')!;
  const run = async (iso: string) => {
    const counts: Record<string, number> = {};
    await job().run({
      now: new Date(iso),
      cursor: null,
      count: (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n),
      progress: async () => {},
      saveCursor: async () => {},
    } as any);
    return counts.reminded ?? 0;
  };
  const inbox = async (u: TestUser) => strapi.db.query(N as any).count({ where: { userId: u.id, kind: 'judicial-confirmation' } });

  test('7 and 2 days before the end the mediator and the clerk are told, once each', async () => {
    expect(await run('2026-11-23T15:30:00Z')).toBe(0); // 11-23 23:30 Beijing: 8 days left
    expect(await inbox(mediator)).toBe(0);
    expect(await run('2026-11-23T16:30:00Z')).toBe(1); // 11-24 00:30 Beijing: 7 days left
    expect(await inbox(mediator)).toBe(1);
    expect(await inbox(clerk)).toBe(1);
    expect(await run('2026-11-24T08:00:00Z')).toBe(0); // the same mark is not sent twice
    expect(await run('2026-11-28T15:30:00Z')).toBe(0); // 11-28 23:30 Beijing: 3 days left
    expect(await run('2026-11-28T16:30:00Z')).toBe(1); // 11-29 00:30 Beijing: 2 days left
    expect(await inbox(clerk)).toBe(2);
    expect(await run('2026-12-01T15:30:00Z')).toBe(0); // the last day, 23:30 Beijing: both marks sent
    expect(await run('2026-12-01T16:30:00Z')).toBe(0); // window over
    expect(await inbox(mediator)).toBe(2);
  });

  test('a filed case is not reminded; the same case unfiled would be', async () => {
    const row = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: fresh } });
    const lastDay = applicationDeadline(row.outcome.at);
    const twoDaysLeft = new Date(lastDay.getTime() - 2 * 86_400_000).toISOString(); // 23:59 Beijing, 2 days left
    const before = await inbox(mediator);
    expect(await run(twoDaysLeft)).toBe(0);
    expect(await inbox(mediator)).toBe(before);
    const rec = await strapi.db.query(J).findOne({ where: { petition: { id: row.id } } });
    await strapi.db.query(J).update({ where: { id: rec.id }, data: { filedAt: null } });
    expect(await run(twoDaysLeft)).toBe(1);
    expect(await inbox(mediator)).toBe(before + 1);
  });
});
