import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, CONSENTS, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';

/** 履行回访: each agreed term's deadline asks the mediator to confirm performance; non-performance feeds the credit hints. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherMediator: TestUser;
let otherCountyClerk: TestUser;
let otherCountyMediator: TestUser;
let petitionId: string;

const job = () => jobDefinitions(strapi).find((d) => d.name === 'performance-follow-up')!;
const runAt = async (iso: string) => {
  const counts: Record<string, number> = {};
  await job().run({
    now: new Date(iso),
    cursor: null,
    count: (k: string, n = 1) => (counts[k] = (counts[k] ?? 0) + n),
    progress: async () => {},
    saveCursor: async () => {},
  } as any);
  return counts;
};
const inbox = (userId: number) =>
  strapi.db.query('plugin::fangtiao.notification').findMany({ where: { userId, kind: 'performance-check' } });

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherMediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  otherCountyMediator = await makeUser(strapi, 'mediator', '990103', orgs);
  const { id } = await petitionIn(strapi, 'in_mediation', {
    clerk,
    mediator,
    organisation: orgs.get('990102002')!,
    input: {
      parties: [
        { name: '张三', role: 'petitioner', ...CONSENTS },
        { name: '李四', role: 'respondent', ...CONSENTS },
      ],
    },
  });
  petitionId = id;
  const res = await api(strapi, mediator).post(`/api/petitions/${id}/transition`, {
    action: 'mediation_success',
    input: {
      agreedTerms: '乙方赔偿并道歉',
      terms: [
        { obligor: '乙方', what: '支付赔偿款2000元', byWhen: '2026年3月1日前' },
        { obligor: '乙方', what: '赔礼道歉' },
      ],
    },
  });
  expect(res.status).toBe(200);
  expect((await api(strapi, mediator).post(`/api/petitions/${id}/documents/mediation-agreement`)).status).toBe(201);
});
afterAll(stopStrapi);

test('the agreement plans one follow-up per term with a date; a term without one has none', async () => {
  const res = await api(strapi, clerk).get(`/api/petitions/${petitionId}/performance`);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    expect.objectContaining({ termIndex: 0, what: '支付赔偿款2000元', obligor: '乙方', dueDate: '2026-03-01', state: 'pending' }),
  ]);
  expect((await api(strapi, otherCountyClerk).get(`/api/petitions/${petitionId}/performance`)).status).toBe(404);
});

test('the job asks the mediator on the due day in Beijing time, once', async () => {
  expect(await runAt('2026-02-28T15:59:00Z')).toMatchObject({ asked: 0 }); // 23:59 on 28 February in Beijing
  expect(await runAt('2026-02-28T16:00:00Z')).toMatchObject({ asked: 1 }); // 00:00 on 1 March in Beijing
  expect(await runAt('2026-03-02T00:00:00Z')).toMatchObject({ asked: 0 });
  const asked = await inbox(mediator.id);
  expect(asked).toHaveLength(1);
  expect(asked[0].title).toContain('履行回访');
  expect(asked[0].body).toContain('2026-03-01');
  expect((await api(strapi, clerk).get(`/api/petitions/${petitionId}/performance`)).body.data[0].state).toBe('due');
});

describe('the mediator records what the follow-up found', () => {
  let checkId: string;
  beforeAll(async () => {
    checkId = (await api(strapi, clerk).get(`/api/petitions/${petitionId}/performance`)).body.data[0].documentId;
  });
  const record = (who: TestUser, data: object) => api(strapi, who).post(`/api/performance-checks/${checkId}/record`, { data });

  test("only the case's mediator may: another mediator 403, a clerk 403, a mediator of another county 404", async () => {
    expect((await record(otherMediator, { result: 'performed' })).status).toBe(403);
    expect((await record(clerk, { result: 'performed' })).status).toBe(403);
    expect((await record(otherCountyMediator, { result: 'performed' })).status).toBe(404);
  });

  test('an unknown result is a 400 naming the field', async () => {
    const res = await record(mediator, { result: 'maybe' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['result']);
  });

  test('not performed is recorded once, tells the handling clerk, and the credit hint cites it', async () => {
    const res = await record(mediator, { result: 'not_performed', note: '乙方称无力支付' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'not_performed', note: '乙方称无力支付' });
    expect((await record(mediator, { result: 'performed' })).status).toBe(409);
    const told = await inbox(clerk.id);
    expect(told.map((n: any) => n.title)).toEqual([expect.stringContaining('协议未履行')]);
    // Past the due day the credit module's hint says the mediator confirmed non-performance; a clerk still decides.
    const hints = await api(strapi, clerk).get(`/api/petitions/${petitionId}/credit-hints`);
    expect(hints.status).toBe(200);
    expect(hints.body.data.hints.map((h: any) => h.message).join('')).toContain('调解员履行回访确认支付赔偿款2000元未履行');
  });
});
