import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let leader: TestUser;
let org: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  org = orgs.get('990102002')!;
});
afterAll(stopStrapi);

const register = (overrides: Record<string, unknown>) => api(strapi, clerk).post('/api/petitions', petitionInput(org, overrides));
const party = (i: number) => ({ name: `当事人${i}`, idNumber: idNumber('990102', '19800101', String(100 + (i % 900)).padStart(3, '0')) });
/** The fields a 400 names, as dotted paths. */
const paths = (res: request.Response) => (res.body.error?.details?.errors ?? []).map((e: any) => e.path.join('.'));

async function registered(overrides: Record<string, unknown> = {}) {
  const res = await register(overrides);
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('a clerk registering a petition stays within the limits', () => {
  test('fifty parties are accepted, the fifty-first is refused naming the parties', async () => {
    expect((await register({ parties: Array.from({ length: 50 }, (_, i) => party(i)) })).status).toBe(201);
    const res = await register({ parties: Array.from({ length: 51 }, (_, i) => party(i)) });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain('parties');
    expect(res.body.error.message).toContain('最多50项');
  });

  test('two thousand parties are refused at once, without storing anything', async () => {
    const before = await strapi.db.query('api::petition.petition').count({});
    const started = Date.now();
    const res = await register({ parties: Array.from({ length: 2000 }, (_, i) => party(i)) });
    expect(res.status).toBe(400);
    expect(paths(res)).toContain('parties');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await strapi.db.query('api::petition.petition').count({})).toBe(before);
  });

  test('a group party counts once, however many people it stands for, up to 100000', async () => {
    const group = (headcount: number) => ({ parties: [{ kind: 'group', name: '新桥村村民', headcount }] });
    expect((await register(group(3000))).status).toBe(201);
    for (const headcount of [100_001, 1e308]) {
      const res = await register(group(headcount));
      expect(res.status).toBe(400);
      expect(paths(res)).toContain('parties.0.headcount');
    }
  });

  test('demands up to 20000 characters are accepted; longer ones, and a 400 KB one, are refused naming the field', async () => {
    expect((await register({ demands: '要'.repeat(20_000) })).status).toBe(201);
    for (const demands of ['要'.repeat(20_001), 'x'.repeat(400_000)]) {
      const res = await register({ demands });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['demands']);
      expect(res.body.error.message).toContain('最多20000个字');
    }
  });

  test('a one-line field longer than 200 characters or spanning lines is refused', async () => {
    const long = await register({ parties: [{ name: '张'.repeat(201) }] });
    expect(long.status).toBe(400);
    expect(paths(long)).toContain('parties.0.name');
    const twoLines = await register({ parties: [{ name: '张三', address: '新桥村\n1组' }] });
    expect(twoLines.status).toBe(400);
    expect(paths(twoLines)).toContain('parties.0.address');
    expect(twoLines.body.error.message).toContain('不能含换行符或制表符');
  });

  test('long texts keep their line breaks and tabs', async () => {
    const p = await registered({ demands: '一、疏通排水沟；\n二、\t赔偿损失' });
    expect(p.demands).toBe('一、疏通排水沟；\n二、\t赔偿损失');
  });

  test('NUL, right-to-left override and lone surrogate characters are refused naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ demands: '要求\u0000赔偿' }, 'demands', 'U+0000'],
      [{ subject: '排水\u202Efdp.exe' }, 'subject', 'U+202E'],
      [{ history: '反映\u2066三次\u2069' }, 'history', 'U+2066'],
      [{ handlingNotes: '记录\ud800' }, 'handlingNotes', '代理字符'],
      [{ parties: [{ name: '张\u0007三' }] }, 'parties.0.name', 'U+0007'],
    ];
    for (const [overrides, path, reason] of cases) {
      const res = await register(overrides);
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual([path]);
      expect(res.body.error.message).toContain(reason);
    }
  });

  test('editing a petition is held to the same limits', async () => {
    const p = await registered();
    const edit = (data: object) => api(strapi, clerk).put(`/api/petitions/${p.documentId}`, { data });
    expect((await edit({ subject: '排水\u202E纠纷' })).status).toBe(400);
    expect(paths(await edit({ parties: Array.from({ length: 51 }, (_, i) => party(i)) }))).toContain('parties');
    expect((await edit({ demands: '要'.repeat(20_001) })).status).toBe(400);
    expect((await edit({ demands: '要求疏通' })).status).toBe(200);
  });

  test('a body over 512 KB, such as a 900 KB demands, is refused as too large', async () => {
    for (const size of [600_000, 900_000]) expect((await register({ demands: 'x'.repeat(size) })).status).toBe(413);
  });
});

describe('visits, hearings and every other write are held to the limits', () => {
  test('a visit of 1e308 people, or with a control character in its note, is refused naming the field', async () => {
    const p = await registered();
    const visit = (data: object) =>
      api(strapi, clerk).post(`/api/petitions/${p.documentId}/visits`, { data: { channel: 'visit', level: 'county', ...data } });
    for (const headcount of [1e308, 100_001]) {
      const res = await visit({ headcount });
      expect(res.status).toBe(400);
      expect(paths(res).some((x: string) => x.endsWith('headcount'))).toBe(true);
    }
    const nul = await visit({ note: '来访\u0000' });
    expect(nul.status).toBe(400);
    expect(paths(nul)).toEqual(['note']);
    expect((await visit({ headcount: 30, note: '集体来访\n三十人' })).status).toBe(201);
  });

  test('a hearing participant named with a right-to-left override is refused naming the field', async () => {
    const res = await api(strapi, leader).post('/api/hearings/slots', {
      data: { kind: 'tripartite_review', minutes: 60, participants: [{ role: 'panel', name: '李代表\u202E', category: 'deputy' }] },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['participants.0.name']);
  });
});

describe('the ledger CSV cannot carry a spreadsheet formula', () => {
  test('a subject starting with | or a full-width ＝ is exported as text', async () => {
    await registered({ subject: '|calc!A0' });
    await registered({ subject: '＝HYPERLINK("http://x")' });
    const csv = await api(strapi, clerk).get('/api/petitions/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`"'|calc!A0"`);
    expect(csv.text).toContain(`"'＝HYPERLINK(""http://x"")"`);
    expect(csv.text).not.toMatch(/(^|,)"?\|calc/m);
  });
});
