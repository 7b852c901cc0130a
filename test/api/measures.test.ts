import type { Core } from '@strapi/strapi';
import ExcelJS from 'exceljs';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import {
  adminSession,
  api,
  idNumber,
  makeUser,
  organisations,
  petitionInput,
  runJobNow,
  type TestUser,
  CONSENTS,
} from '../helpers/fixtures';
import { UID } from '../../src/constants';
import { periodOf, previousPeriod } from '../../plugins/fangtiao/server/src/measures/periods';

/**
 * A dataset built through the API (register, accept, divert, mediate, conclude, return visits,
 * visits at several levels, an overdue case), with timestamps moved in the database only to put
 * some cases in the previous year or past a deadline; every measure is then checked against
 * the value worked out by hand below.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let clerkWest: TestUser;
let mediator: TestUser;
let leader: TestUser;
let supervisorCounty: TestUser;
let supervisorCity: TestUser;
let committeeId: string;

const now = new Date();
const Y = periodOf('year', now); // the current Shanghai year
const PY = previousPeriod(Y);
const inPrevYear = (month: number, day: number) => new Date(Date.UTC(Number(PY.key), month - 1, day, 4));
const MOVE = 'api::petition-move.petition-move';

const move = async (who: TestUser, id: string, action: string, input: object = {}) => {
  const res = await api(strapi, who).post(`/api/petitions/${id}/transition`, { action, input });
  expect(res.status).toBe(200);
  return res.body.data;
};
let seq = 100;
async function register(subject: string, by = clerk, org = '990102002', sameAs?: { subject: string; id: string }) {
  seq += 1;
  const res = await api(strapi, by).post(
    '/api/petitions',
    petitionInput(orgs.get(org)!, {
      // By letter: a 来访 registration records a visit of its own (intake-visit.test.ts), which would change the visit ledger computed by hand below.
      channel: 'letter',
      subject: sameAs?.subject ?? subject,
      parties: [
        {
          name: '张三',
          idNumber: sameAs?.id ?? idNumber(org.slice(0, 6), '19800101', String(seq)),
          phone: '13800138000',
          address: '新桥村1组',
          ...CONSENTS,
        },
      ],
    }),
  );
  expect(res.status).toBe(201);
  return res.body.data;
}
const visit = async (id: string, level: string, by = clerk) => {
  const res = await api(strapi, by).post(`/api/petitions/${id}/visits`, { data: { channel: 'visit', level, headcount: 1 } });
  expect(res.status).toBe(201);
  return res.body.data;
};
const returnVisit = async (id: string, result: string) =>
  expect((await api(strapi, clerk).post(`/api/petitions/${id}/return-visit`, { data: { result } })).status).toBe(200);
const petitionRow = (documentId: string) => strapi.db.query(UID.petition).findOne({ where: { documentId } });
const setPetition = (documentId: string, data: Record<string, unknown>) =>
  strapi.db.query(UID.petition).update({ where: { documentId }, data });
async function shiftMoves(documentId: string, at: Date) {
  const moves = await strapi.db.query(MOVE as any).findMany({ where: { petition: { documentId } }, select: ['id'] });
  for (const m of moves) await strapi.db.query(MOVE as any).update({ where: { id: m.id }, data: { at } });
}

const P: Record<string, any> = {};

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  clerkWest = await makeUser(strapi, 'clerk', '990103', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisorCounty = await makeUser(strapi, 'supervisor', '990102', orgs);
  supervisorCity = await makeUser(strapi, 'supervisor', '990100', orgs);
  committeeId = (await api(strapi, clerk).get('/api/committees?filters[name][$eq]=湖滨镇人民调解委员会')).body.data[0].documentId;
  const mediate = async (id: string) => {
    await move(clerk, id, 'accept');
    await move(clerk, id, 'divert', { committee: committeeId, mediator: mediator.id });
  };
  const success = (id: string) =>
    move(mediator, id, 'mediation_success', {
      agreedTerms: '疏通排水沟',
      terms: [{ what: '疏通', how: '雇工', where: '1组', byWhen: '2026-12-01' }],
    });

  // A: first petition, mediated successfully, on time, satisfied; never petitioned again.
  P.A = await register('甲事项');
  await mediate(P.A.documentId);
  await success(P.A.documentId);
  await returnVisit(P.A.documentId, 'satisfied');
  // B: mediation fails, referred to legal channels, concluded on time, not satisfied, then a
  // national-level visit after conclusion: a repeat (and leapfrog) visit — backlog from then.
  P.B = await register('乙事项');
  await mediate(P.B.documentId);
  await move(mediator, P.B.documentId, 'mediation_failure', { reason: '双方分歧大', next: 'referred_legal' });
  await move(clerk, P.B.documentId, 'conclude', { conclusion: '已告知诉讼途径' });
  await returnVisit(P.B.documentId, 'not_satisfied');
  await visit(P.B.documentId, 'national');
  // C: leader handling, concluded after its deadline (moved back in the database), basically satisfied.
  P.C = await register('丙事项');
  await move(clerk, P.C.documentId, 'accept');
  await move(clerk, P.C.documentId, 'escalate_leader', { leader: leader.id });
  await move(leader, P.C.documentId, 'conclude', { conclusion: '包案化解' });
  await returnVisit(P.C.documentId, 'basically_satisfied');
  const c = await petitionRow(P.C.documentId);
  await setPetition(P.C.documentId, { conclusionDueAt: new Date(new Date(c.concludedAt).getTime() - 60_000) });
  // D: accepted, its conclusion deadline passed a minute ago, not concluded: a backlog case.
  P.D = await register('丁事项');
  await move(clerk, P.D.documentId, 'accept');
  await setPetition(P.D.documentId, { conclusionDueAt: new Date(Date.now() - 60_000) });
  // E: registered only.
  P.E = await register('戊事项');
  await setPetition(P.E.documentId, { channel: 'online' }); // filed on the petitioner's page
  // F: two visits while open: one at county level (directly above its township: lawful, not 越级), one at township level.
  P.F = await register('己事项');
  await visit(P.F.documentId, 'county');
  await visit(P.F.documentId, 'township');
  // G: the same person on the same matter as A: a repeat petition (not a first petition), mediated successfully.
  P.G = await register('', clerk, '990102002', { subject: '甲事项', id: idNumber('990102', '19800101', '101') });
  expect(P.G.isRepeat).toBe(true);
  await mediate(P.G.documentId);
  await success(P.G.documentId);
  // H: last year: a national-level visit while in mediation, mediated successfully on time.
  P.H = await register('庚事项');
  await mediate(P.H.documentId);
  await visit(P.H.documentId, 'national');
  await success(P.H.documentId);
  const h = inPrevYear(6, 1);
  await setPetition(P.H.documentId, {
    registeredAt: h,
    acceptanceDueAt: inPrevYear(6, 16),
    acceptedAt: h,
    conclusionDueAt: inPrevYear(7, 31),
    concludedAt: inPrevYear(6, 20),
  });
  await shiftMoves(P.H.documentId, inPrevYear(6, 20));
  const hv = await strapi.db.query(UID.visit).findMany({ where: { petition: { documentId: P.H.documentId } }, select: ['id'] });
  for (const v of hv) await strapi.db.query(UID.visit).update({ where: { id: v.id }, data: { visitedAt: inPrevYear(6, 10) } });
  // I: registered and accepted last year, its deadline passed last year (backlog at the start of this year), concluded this year.
  P.I = await register('辛事项');
  await move(clerk, P.I.documentId, 'accept');
  await move(clerk, P.I.documentId, 'escalate_leader', { leader: leader.id });
  await move(leader, P.I.documentId, 'conclude', { conclusion: '化解' });
  await setPetition(P.I.documentId, {
    registeredAt: inPrevYear(3, 1),
    acceptanceDueAt: inPrevYear(3, 16),
    acceptedAt: inPrevYear(3, 2),
    conclusionDueAt: inPrevYear(5, 1),
  });
  // J: the other county: a national-level visit a county supervisor of 东湖区 must not see.
  P.J = await register('壬事项', clerkWest, '990103');
  await visit(P.J.documentId, 'national', clerkWest);
}, 180_000);
afterAll(stopStrapi);

/**
 * By hand, for 东湖区 (990102) in the current year Y (previous = Y-1):
 * registered in Y: A B C D E F G = 7; in Y-1: H I = 2.
 * backlog onset: B (repeat visit, Y), C (deadline, Y, cleared at conclusion in Y), D (deadline, Y), I (deadline, Y-1, cleared in Y).
 */
const EXPECTED: Record<string, { num: number; den: number | null; value: number | null; prev: number | null }> = {
  backlogCount: { num: 2, den: null, value: 2, prev: 1 }, // B, D | end of Y-1: I
  clearanceRate: { num: 2, den: 4, value: 2 / 4, prev: 0 }, // cleared C, I / B C D I | Y-1: 0 / I
  newBacklogRate: { num: 3, den: 7, value: 3 / 7, prev: 1 / 2 }, // B C D / 7 | I / H I
  oneTimeResolutionRate: { num: 2, den: 4, value: 2 / 4, prev: 1 }, // C I / A B C I (G is a repeat petition: not first, and makes A not resolved; B visited again) | H / H
  satisfactionRate: { num: 2, den: 3, value: 2 / 3, prev: null }, // A, C / A B C | none
  onTimeRate: { num: 3, den: 5, value: 3 / 5, prev: 1 }, // A B G / A B C G I | H / H
  repeatRatio: { num: 1, den: 3, value: 1 / 3, prev: 0 }, // B's / F F B | 0 / H's
  leapfrogVisits: { num: 1, den: null, value: 1, prev: 1 }, // B national (F county is the level above its township: not 越级) | H national
  nationalVisits: { num: 1, den: null, value: 1, prev: 1 }, // B | H
  mediationSuccessRate: { num: 2, den: 3, value: 2 / 3, prev: 1 }, // A G / A B G | H / H
  onlineShare: { num: 1, den: 7, value: 1 / 7, prev: 0 }, // E / A–G | 0 / H I
};

describe('every measure equals the value computed by hand', () => {
  let dash: any;
  beforeAll(async () => {
    const res = await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}`);
    expect(res.status).toBe(200);
    dash = res.body.data;
  });

  test('the period, the previous period and the organisation', () => {
    expect(dash.period.key).toBe(Y.key);
    expect(dash.previous.key).toBe(PY.key);
    expect(dash.yearAgo.key).toBe(PY.key);
    expect(dash.organisation.code).toBe('990102');
    expect(dash.measures.map((m: any) => m.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))('%s', (key, e) => {
    const m = dash.measures.find((x: any) => x.key === key);
    expect(m.numerator).toBe(e.num);
    expect(m.denominator).toBe(e.den);
    if (e.value === null) expect(m.value).toBeNull();
    else expect(m.value).toBeCloseTo(e.value, 10);
    if (e.prev === null) expect(m.previous.value).toBeNull();
    else expect(m.previous.value).toBeCloseTo(e.prev, 10);
    expect(m.trend.at(-1).value).toEqual(m.value);
  });

  test('targets: one-time resolution 90% then 95%; repeat ratio, leapfrog and national visits halved year on year', () => {
    const t = (k: string) => dash.measures.find((x: any) => x.key === k);
    expect(t('oneTimeResolutionRate').target).toBe(Number(Y.key) >= 2026 ? 0.95 : 0.9);
    expect(t('oneTimeResolutionRate').met).toBe(false);
    expect(t('nationalVisits').target).toBe(0.5);
    expect(t('nationalVisits').met).toBe(false);
    expect(t('leapfrogVisits').target).toBe(0.5);
    expect(t('repeatRatio').target).toBe(0);
    expect(t('onTimeRate').target).toBe(1);
    expect(t('satisfactionRate').target).toBeNull();
    expect(t('satisfactionRate').met).toBeNull();
  });

  test('administrators set targets in the admin panel (考核目标): checked field by field, then used at once', async () => {
    const admin = await adminSession(strapi);
    const CM = '/content-manager/collection-types/plugin::fangtiao.measure-target';
    const bad = await admin.post(CM, { measure: 'satisfactionRate', kind: 'fixed', value: 180 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['value']);
    const badYoy = await admin.post(CM, { measure: 'repeatRatio', kind: 'yoy', factor: 0 });
    expect(badYoy.status).toBe(400);
    expect((await admin.post(CM, { measure: 'satisfactionRate', kind: 'fixed', value: 80 })).status).toBe(201);
    expect((await admin.post(CM, { measure: 'onTimeRate', kind: 'none' })).status).toBe(201);
    const t = async (k: string) =>
      (await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}`)).body.data.measures.find((x: any) => x.key === k);
    const sat = await t('satisfactionRate');
    expect(sat.target).toBeCloseTo(0.8, 10);
    expect(sat.met).toBe(sat.value === null ? null : sat.value >= 0.8);
    expect((await t('onTimeRate')).target).toBeNull();
    expect((await t('oneTimeResolutionRate')).target).toBe(Number(Y.key) >= 2026 ? 0.95 : 0.9);
  });

  test('the same figures for the current month hold the events of this month', async () => {
    const month = periodOf('month', now);
    const res = await api(strapi, supervisorCounty).get(`/api/measures?period=${month.key}`);
    const m = (k: string) => res.body.data.measures.find((x: any) => x.key === k);
    expect(m('backlogCount').value).toBe(2);
    expect(m('mediationSuccessRate').numerator).toBe(2);
    expect(m('mediationSuccessRate').denominator).toBe(3);
    expect(m('clearanceRate').denominator).toBe(4); // I was backlog at the month's start too
  });
});

describe('drill-down and export', () => {
  test.each(Object.keys(EXPECTED))('the ledger rows behind %s add up to the figure', async (key) => {
    const res = await api(strapi, supervisorCounty).get(`/api/measures/${key}/rows?period=${Y.key}`);
    expect(res.status).toBe(200);
    const e = EXPECTED[key];
    expect(res.body.data.filter((r: any) => r.inNumerator)).toHaveLength(e.num);
    if (e.den !== null) expect(res.body.data.filter((r: any) => r.inDenominator)).toHaveLength(e.den);
    expect(res.body.meta.numerator).toBe(e.num);
  });

  test('the backlog rows are B and D', async () => {
    const res = await api(strapi, supervisorCounty).get(`/api/measures/backlogCount/rows?period=${Y.key}`);
    expect(res.body.data.map((r: any) => r.documentId).sort()).toEqual([P.B.documentId, P.D.documentId].sort());
  });

  test('an unknown measure is 404, a bad period 400', async () => {
    expect((await api(strapi, supervisorCounty).get('/api/measures/nope/rows')).status).toBe(404);
    expect((await api(strapi, supervisorCounty).get('/api/measures?period=2026-13')).status).toBe(400);
  });

  test('the supervisor exports the XLSX: a dashboard sheet and the rows of every measure', async () => {
    const res = await api(strapi, supervisorCounty)
      .get(`/api/measures/export?period=${Y.key}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (ch: Buffer) => chunks.push(ch));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const dashSheet = wb.getWorksheet('指标')!;
    expect(dashSheet.getRow(2).getCell(1).value).toBe('信访积案数');
    expect(dashSheet.getRow(2).getCell(2).value).toBe(2);
    const backlog = wb.getWorksheet('信访积案数')!;
    expect(backlog.rowCount).toBe(1 + 2);
    const refs = [2, 3].map((i) => backlog.getRow(i).getCell(1).value);
    expect(refs.sort()).toEqual([P.B.referenceNo, P.D.referenceNo].sort());
    const visits = wb.getWorksheet('重复信访率')!;
    expect(visits.rowCount).toBe(1 + 3);
    const audit = await strapi.db.query(UID.auditEntry).findMany({ where: { action: 'export-measures' } });
    expect(audit).toHaveLength(1);
  });
});

describe('jurisdiction and roles', () => {
  test('a county supervisor sees its county; the city supervisor sees both counties', async () => {
    const county = (await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}`)).body.data;
    const city = (await api(strapi, supervisorCity).get(`/api/measures?period=${Y.key}`)).body.data;
    const nat = (d: any) => d.measures.find((x: any) => x.key === 'nationalVisits').value;
    expect(nat(county)).toBe(1);
    expect(nat(city)).toBe(2);
    const west = (await api(strapi, supervisorCity).get(`/api/measures?period=${Y.key}&org=990103`)).body.data;
    expect(nat(west)).toBe(1);
    expect(west.measures.find((x: any) => x.key === 'newBacklogRate').denominator).toBe(1);
  });

  test('an organisation outside the jurisdiction is 404, in figures and rows', async () => {
    expect((await api(strapi, supervisorCounty).get(`/api/measures?org=990103`)).status).toBe(404);
    expect((await api(strapi, supervisorCounty).get(`/api/measures/nationalVisits/rows?org=990103`)).status).toBe(404);
    const rows = (await api(strapi, supervisorCounty).get(`/api/measures/nationalVisits/rows?period=${Y.key}`)).body.data;
    expect(rows.map((r: any) => r.petitionDocumentId)).toEqual([P.B.documentId]);
  });

  test('a township narrows the figures to its subtree', async () => {
    const res = await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}&org=990102002`);
    expect(res.status).toBe(200);
    expect(res.body.data.measures.find((x: any) => x.key === 'backlogCount').value).toBe(2);
    const other = await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}&org=990102001`);
    expect(other.body.data.measures.find((x: any) => x.key === 'backlogCount').value).toBe(0);
  });

  test('clerk and leader read the measures; a mediator and an expert get 403; only the supervisor exports', async () => {
    const expert = await makeUser(strapi, 'expert', '990102', orgs);
    expect((await api(strapi, clerk).get('/api/measures')).status).toBe(200);
    expect((await api(strapi, leader).get('/api/measures/backlogCount/rows')).status).toBe(200);
    expect((await api(strapi, mediator).get('/api/measures')).status).toBe(403);
    expect((await api(strapi, expert).get('/api/measures')).status).toBe(403);
    expect((await api(strapi, mediator).get('/api/measures/backlogCount/rows')).status).toBe(403);
    expect((await api(strapi, clerk).get('/api/measures/export')).status).toBe(403);
    expect((await api(strapi, null).get('/api/measures')).status).toBe(403); // the public role may not
  });
});

describe('the admin panel dashboard page', () => {
  test('admins see every organisation or pick one; the page needs an admin session', async () => {
    const admin = await adminSession(strapi);
    const nat = (d: any) => d.measures.find((x: any) => x.key === 'nationalVisits').value;
    const all = await admin.get(`/fangtiao/measures?period=${Y.key}`);
    expect(all.status).toBe(200);
    expect(all.body.data.organisation).toBeNull();
    expect(nat(all.body.data)).toBe(2);
    const east = await admin.get(`/fangtiao/measures?period=${Y.key}&org=990102`);
    expect(nat(east.body.data)).toBe(1);
    expect(east.body.data.measures.find((x: any) => x.key === 'backlogCount').value).toBe(2);
    const rows = await admin.get(`/fangtiao/measures/backlogCount/rows?period=${Y.key}&org=990102`);
    expect(rows.body.data).toHaveLength(2);
    const orgList = await admin.get('/fangtiao/measures/organisations');
    expect(orgList.body.data.map((o: any) => o.code)).toEqual(expect.arrayContaining(['990100', '990102', '990103']));
    expect((await api(strapi, null).get('/fangtiao/measures')).status).toBe(401);
    expect((await api(strapi, supervisorCity).get('/fangtiao/measures')).status).toBe(401);
  });
});

/**
 * The monthly aggregates (measures/strapi/aggregates.ts): every figure of every dashboard read
 * through them equals the live one, at the township, county, city and the whole province, for
 * year, quarter and month dashboards — after the refresh, after new events, after a backdated
 * record. Weeks are computed live.
 */
describe('the monthly aggregates give the live figures', () => {
  const svc = () => strapi.plugin('fangtiao').service('measures');
  const { measureAggregates } = require('../../plugins/fangtiao/server/src/measures/strapi/aggregates');
  const scopes = [
    null,
    { level: 'city', code: '990100' },
    { level: 'county', code: '990102' },
    { level: 'county', code: '990103' },
    { level: 'township', code: '990102002' },
  ];
  const month = periodOf('month', now);
  const periods = [Y.key, PY.key, periodOf('quarter', now).key, month.key, previousPeriod(month).key, `${PY.key}-06`, `${PY.key}-Q1`];
  const figures = (d: any) =>
    d.measures.map((m: any) => ({
      key: m.key,
      cur: m.value,
      n: m.numerator,
      d: m.denominator,
      prev: m.previous,
      ya: m.yearAgo,
      trend: m.trend,
    }));
  async function compare(expectAggregates: boolean) {
    let compared = 0;
    for (const scope of scopes)
      for (const period of periods) {
        const at = new Date();
        const agg = await svc().dashboard({ scope, period, now: at });
        const live = await svc().dashboard({ scope, period, now: at, live: true });
        expect(live.aggregates).toBeNull();
        if (expectAggregates) expect(agg.aggregates).not.toBeNull();
        expect({ scope, period, f: figures(agg) }).toEqual({ scope, period, f: figures(live) });
        compared += 1;
      }
    return compared;
  }

  test('never refreshed: computed live', async () => {
    expect((await svc().dashboard({ scope: scopes[2], period: Y.key })).aggregates).toBeNull();
  });

  test('the nightly job refreshes them once per cluster, covering up to the start of the Shanghai day', async () => {
    const run = await runJobNow(await adminSession(strapi), 'measure-aggregates');
    expect(run.status).toBe('done');
    expect(run.counts.rows).toBeGreaterThan(0);
    const cov = await measureAggregates(strapi).coverage();
    const midnight = new Date(Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000);
    expect(cov.until.toISOString()).toBe(midnight.toISOString());
    const res = await api(strapi, supervisorCounty).get(`/api/measures?period=${Y.key}`);
    expect(res.body.data.aggregates.until).toBe(midnight.toISOString());
    expect(await compare(true)).toBe(scopes.length * periods.length);
    // Weeks are not whole months: live.
    expect((await svc().dashboard({ scope: scopes[2], period: periodOf('week', now).key })).aggregates).toBeNull();
  });

  test('covering every event so far, then new events, a backdated record, and a stale edit until the next refresh', async () => {
    const agg = measureAggregates(strapi);
    await agg.refresh(new Date(Date.now() - 1));
    expect(await compare(true)).toBe(scopes.length * periods.length);

    // After the refresh: new registrations, a conclusion, a repeat visit, a return visit, a mediation outcome.
    const k = await register('癸事项');
    await move(clerk, k.documentId, 'accept');
    await move(clerk, P.D.documentId, 'escalate_leader', { leader: leader.id });
    await move(leader, P.D.documentId, 'conclude', { conclusion: '化解' });
    await returnVisit(P.D.documentId, 'satisfied');
    await visit(P.A.documentId, 'city');
    await register('子事项', clerkWest, '990103');
    // A letter received last year and registered now, with a visit of last June: inserted after the refresh, counted at once.
    const late = await register('丑事项');
    await setPetition(late.documentId, { registeredAt: inPrevYear(6, 3), acceptanceDueAt: inPrevYear(6, 18) });
    const lv = await visit(late.documentId, 'national');
    await strapi.db.query(UID.visit).update({ where: { documentId: lv.documentId }, data: { visitedAt: inPrevYear(6, 5) } });
    expect(await compare(true)).toBe(scopes.length * periods.length);

    // An edit after the refresh to an event before it (H's conclusion moved to last July) shows on the next refresh.
    await setPetition(P.H.documentId, { concludedAt: inPrevYear(7, 20) });
    const june = `${PY.key}-06`;
    const count = async (live: boolean) =>
      (await svc().dashboard({ scope: scopes[2], period: june, live })).measures.find((m: any) => m.key === 'onTimeRate').denominator;
    expect(await count(true)).toBe(0);
    expect(await count(false)).toBe(1);
    await agg.refresh(new Date(Date.now() - 1));
    expect(await count(false)).toBe(0);
    expect(await compare(true)).toBe(scopes.length * periods.length);
  });
});
