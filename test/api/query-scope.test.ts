import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { UID } from '../../src/constants';
// The running app's module (dist), not the TypeScript source: asSystem's context is per module instance.
import { asSystem, caseSql } from '@fangtiao/kernel';

/**
 * The query engine is scoped too: a module's own `strapi.db.query(...)` inside an end user's
 * request — not only what the client asked the document service for — sees the caller's
 * jurisdiction and nothing else, through populate at any depth, in counts, updates and deletes.
 * Each of these read or changed 东湖区's case as 西山县's clerk before the hook existed.
 */
let strapi: Core.Strapi;
let donghu: any;
let xishanCase: any;
let xishan: TestUser;
let donghuClerk: TestUser;
let hearingId: number;

/** Runs `fn` as the body of a request made by `user` (what the auth middleware leaves on the context). */
function asRequestOf<T>(user: TestUser, fn: () => Promise<T>): Promise<T> {
  const ctx = { state: { auth: { strategy: { name: 'users-permissions' } }, user: { id: user.id, username: user.username } }, request: {} };
  return (strapi.requestContext as any).run(ctx, fn);
}

beforeAll(async () => {
  strapi = await startStrapi();
  const orgs = await organisations(strapi);
  donghuClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  xishan = await makeUser(strapi, 'clerk', '990103', orgs);
  const a = await api(strapi, donghuClerk).post('/api/petitions', petitionInput(orgs.get('990102')!, { subject: '东湖区的案情' }));
  expect(a.status).toBe(201);
  donghu = a.body.data;
  const b = await api(strapi, xishan).post('/api/petitions', petitionInput(orgs.get('990103')!, { subject: '西山县的案情' }));
  expect(b.status).toBe(201);
  xishanCase = b.body.data;
  // A hearing (not case data itself) on 东湖区's petition: the way in through a relation.
  const row = await strapi.db.query('plugin::fangtiao.hearing' as any).create({
    data: {
      kind: 'tripartite_review',
      title: '三方会审',
      start: new Date(),
      end: new Date(Date.now() + 3600e3),
      petition: donghu.id,
      participants: [],
    },
  });
  hearingId = row.id;
});
afterAll(stopStrapi);

const P = UID.petition;

describe("a module querying case data inside another county user's request", () => {
  it("finds only its own county's petitions, whatever the where says", async () => {
    const rows = await asRequestOf(xishan, () => strapi.db.query(P).findMany({ select: ['subject'] }));
    expect(rows.map((r: any) => r.subject)).toEqual(['西山县的案情']);
    const one = await asRequestOf(xishan, () => strapi.db.query(P).findOne({ where: { documentId: donghu.documentId } }));
    expect(one).toBeNull();
    expect(await asRequestOf(xishan, () => strapi.db.query(P).count({ where: { subject: '东湖区的案情' } }))).toBe(0);
  });

  it('gets nothing of 东湖区 through a populated relation, at any depth', async () => {
    const h = await asRequestOf(xishan, () =>
      strapi.db
        .query('plugin::fangtiao.hearing' as any)
        .findOne({ where: { id: hearingId }, populate: { petition: { populate: ['visits'] } } }),
    );
    expect(h).not.toBeNull();
    expect(h.petition).toBeNull();
    const viaList = await asRequestOf(xishan, () =>
      strapi.db.query('plugin::fangtiao.hearing' as any).findOne({ where: { id: hearingId }, populate: ['petition.parties'] }),
    );
    expect(viaList.petition).toBeNull();
    const viaTrue = await asRequestOf(xishan, () =>
      strapi.db.query('plugin::fangtiao.hearing' as any).findOne({ where: { id: hearingId }, populate: true }),
    );
    expect(viaTrue.petition).toBeNull();
  });

  it("cannot update or delete 东湖区's petition by id", async () => {
    const updated = await asRequestOf(xishan, () => strapi.db.query(P).update({ where: { id: donghu.id }, data: { subject: '被篡改' } }));
    expect(updated).toBeNull();
    const many = await asRequestOf(xishan, () =>
      strapi.db.query(P).updateMany({ where: { id: { $in: [donghu.id, xishanCase.id] } }, data: { isDifficult: true } }),
    );
    expect(many.count).toBe(1);
    const deleted = await asRequestOf(xishan, () => strapi.db.query(P).delete({ where: { id: donghu.id } }));
    expect(deleted).toBeNull();
    const still = await strapi.db.query(P).findOne({ where: { id: donghu.id } });
    expect(still.subject).toBe('东湖区的案情');
    expect(still.isDifficult).toBe(false);
  });

  it('sees its own county and the relation in it as before', async () => {
    const h = await asRequestOf(donghuClerk, () =>
      strapi.db.query('plugin::fangtiao.hearing' as any).findOne({ where: { id: hearingId }, populate: { petition: true } }),
    );
    expect(h.petition.documentId).toBe(donghu.documentId);
  });

  it('reads across counties only when the code says why (asSystem), and cron jobs are unscoped', async () => {
    const all = await asRequestOf(xishan, () => asSystem('test: city-wide repeat link', () => strapi.db.query(P).count({})));
    expect(all).toBe(2);
    expect(await strapi.db.query(P).count({})).toBe(2);
    await expect(asSystem('', async () => 1)).rejects.toThrow('reason');
  });

  it('a user without an organisation gets 403-class refusal, not everything', async () => {
    const orphan = await strapi.plugin('users-permissions').service('user').add({
      username: 'orphan.qs',
      email: 'orphan.qs@test.invalid',
      password: 'Test-password-1',
      provider: 'local',
      confirmed: true,
      blocked: false,
    });
    const ctx = { state: { auth: { strategy: { name: 'users-permissions' } }, user: { id: orphan.id } }, request: {} };
    await expect((strapi.requestContext as any).run(ctx, () => strapi.db.query(P).findMany({}))).rejects.toThrow('用户未关联组织机构');
  });
});

describe('raw SQL on case data through the kernel gateway (caseSql)', () => {
  const count = (scope: any) => async () => {
    const g = caseSql(strapi, scope, 'test');
    const bindings: unknown[] = [];
    const sql = `SELECT COUNT(*) AS n FROM "${(strapi.db.metadata.get(P) as any).tableName}" p WHERE ${g.where('p', P, bindings)}`;
    return Number(g.rows(await g.run(sql, bindings))[0].n);
  };

  it("counts the caller's own county when asked for it", async () => {
    expect(await asRequestOf(xishan, count({ level: 'county', code: '990103' }))).toBe(1);
  });

  it('refuses a neighbour\'s scope inside a request (404), and "everything" (403)', async () => {
    await expect(asRequestOf(xishan, count({ level: 'county', code: '990102' }))).rejects.toThrow('不在管辖范围内');
    await expect(asRequestOf(xishan, count({ level: 'township', code: '990102001' }))).rejects.toThrow('不在管辖范围内');
    await expect(asRequestOf(xishan, count(null))).rejects.toThrow('需限定管辖范围');
  });

  it('lets a city-wide statement run in a job (no caller) or when the code says why', async () => {
    expect(await count(null)()).toBe(2);
    expect(await asRequestOf(xishan, () => asSystem('test: city-wide figure', count(null)))).toBe(2);
  });
});
