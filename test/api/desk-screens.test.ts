/**
 * The endpoints added for the desk screens (issue #16): the first-petition ledgers with their
 * XLSX, withdrawing an open consultation request, the mediator picker by committee.
 */
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

const AUDIT = 'api::audit-entry.audit-entry';
const P = 'api::petition.petition';
const DAY = 86_400_000;
const H = 3_600_000;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser,
  otherClerk: TestUser,
  mediator: TestUser,
  otherMediator: TestUser,
  leader: TestUser,
  supervisor: TestUser,
  expert: TestUser;
let dongHuMediator: TestUser;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  dongHuMediator = await makeUser(strapi, 'mediator', '990102001', orgs);
  otherMediator = await makeUser(strapi, 'mediator', '990103001', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990100', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
});
afterAll(stopStrapi);

/** Today's date in Beijing, the day ledger's key. */
const today = () => new Date(Date.now() + 8 * H).toISOString().slice(0, 10);

describe('first-petition ledgers (日日清、周周结、月月审)', () => {
  let mine: string;
  let foreign: string;
  let repeat: string;

  beforeAll(async () => {
    mine = (await petitionIn(strapi, 'accepted', { clerk, organisation: orgs.get('990102002')!, input: { subject: '台账：排水沟纠纷' } }))
      .id;
    foreign = (
      await petitionIn(strapi, 'registered', {
        clerk: otherClerk,
        organisation: orgs.get('990103001')!,
        input: { subject: '台账：西山县的事项' },
      })
    ).id;
    repeat = (await petitionIn(strapi, 'registered', { clerk, organisation: orgs.get('990102002')!, input: { subject: '台账：重复信访' } }))
      .id;
    await strapi.db.query(P).update({ where: { documentId: repeat }, data: { isRepeat: true } });
  });

  it("a county clerk lists today's first petitions of its county only, repeats left out, with the counts", async () => {
    const res = await api(strapi, clerk).get(`/api/ledgers/first-petitions?cadence=day&period=${today()}`);
    expect(res.status).toBe(200);
    const ids = res.body.data.map((r: any) => r.documentId);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(foreign);
    expect(ids).not.toContain(repeat);
    const row = res.body.data.find((r: any) => r.documentId === mine);
    expect(row).toMatchObject({ subject: '台账：排水沟纠纷', stateLabel: '已受理', unit: '湖滨镇' });
    expect(row.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(res.body.meta.period).toMatchObject({ cadence: 'day', label: '日日清', key: today() });
    expect(res.body.meta.counts.registered).toBe(res.body.data.length);
    const audit = await strapi.db.query(AUDIT).findOne({ where: { action: 'read-ledger' }, orderBy: { id: 'desc' } });
    expect(audit.detail).toMatchObject({ ledger: 'first-petition-day', organisation: '990102' });
  });

  it('the city supervisor sees both counties; a township inside the scope narrows it', async () => {
    const all = await api(strapi, supervisor).get(`/api/ledgers/first-petitions?cadence=day&period=${today()}`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((r: any) => r.documentId)).toEqual(expect.arrayContaining([mine, foreign]));
    const town = await api(strapi, supervisor).get(`/api/ledgers/first-petitions?cadence=day&period=${today()}&org=990103001`);
    expect(town.body.data.map((r: any) => r.documentId)).toEqual([foreign]);
  });

  it('an organisation outside the caller’s jurisdiction is 404', async () => {
    const res = await api(strapi, clerk).get(`/api/ledgers/first-petitions?cadence=week&org=990103`);
    expect(res.status).toBe(404);
  });

  it('a mediator or an expert may not read the ledgers (403)', async () => {
    expect((await api(strapi, mediator).get('/api/ledgers/first-petitions?cadence=day')).status).toBe(403);
    expect((await api(strapi, expert).get('/api/ledgers/first-petitions/export?cadence=day')).status).toBe(403);
  });

  it('a bad cadence or period is 400 naming the field', async () => {
    const bad = await api(strapi, clerk).get('/api/ledgers/first-petitions?cadence=year');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['cadence']);
    const badWeek = await api(strapi, clerk).get('/api/ledgers/first-petitions?cadence=week&period=2026-12');
    expect(badWeek.status).toBe(400);
    expect(badWeek.body.error.details.errors[0]).toMatchObject({ path: ['period'], message: expect.stringContaining('2026-W49') });
  });

  it('the last week and last month are the defaults of 周周结 and 月月审', async () => {
    const week = await api(strapi, clerk).get('/api/ledgers/first-petitions?cadence=week');
    expect(week.status).toBe(200);
    expect(week.body.meta.period.label).toBe('周周结');
    expect(new Date(week.body.meta.period.end).getTime()).toBeLessThanOrEqual(Date.now());
    expect(week.body.data.map((r: any) => r.documentId)).not.toContain(mine);
    const month = await api(strapi, clerk).get('/api/ledgers/first-petitions?cadence=month');
    expect(month.body.meta.period).toMatchObject({ cadence: 'month', label: '月月审' });
  });

  it('the XLSX download holds the rows and is in the audit log', async () => {
    const res = await api(strapi, clerk)
      .get(`/api/ledgers/first-petitions/export?cadence=day&period=${today()}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('初信初访日日清');
    const subjects: string[] = [];
    ws.eachRow((row: any) => subjects.push(String(row.getCell(2).value ?? '')));
    expect(subjects).toContain('台账：排水沟纠纷');
    expect(subjects).not.toContain('台账：西山县的事项');
    const audit = await strapi.db.query(AUDIT).findOne({ where: { action: 'export-ledger' }, orderBy: { id: 'desc' } });
    expect(audit.detail).toMatchObject({ format: 'xlsx', ledger: 'first-petition-day', organisation: '990102' });
  });
});

describe('withdrawing an open consultation request', () => {
  let consultation: string;
  const base = Date.now() + 3 * DAY;
  const ask = {
    data: {
      question: '宅基地边界如何认定？',
      field: 'law',
      urgency: 'normal',
      mode: 'video',
      windowStart: new Date(base).toISOString(),
      windowEnd: new Date(base + 2 * DAY).toISOString(),
    },
  };

  beforeAll(async () => {
    const { id } = await petitionIn(strapi, 'in_mediation', { clerk, mediator, organisation: orgs.get('990102002')! });
    const res = await api(strapi, mediator).post(`/api/petitions/${id}/consultations`, ask);
    expect(res.status).toBe(201);
    consultation = res.body.data.documentId;
  });

  it('without a reason it is 400 naming the reason', async () => {
    const res = await api(strapi, mediator).post(`/api/consultations/${consultation}/cancel`, { data: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['reason']);
  });

  it('a clerk may not (403); a mediator of another county gets 404', async () => {
    expect((await api(strapi, clerk).post(`/api/consultations/${consultation}/cancel`, { data: { reason: '不需要了' } })).status).toBe(403);
    expect(
      (await api(strapi, otherMediator).post(`/api/consultations/${consultation}/cancel`, { data: { reason: '不需要了' } })).status,
    ).toBe(404);
  });

  it('the mediator withdraws it: cancelled with when and why; a second time is 409', async () => {
    const res = await api(strapi, mediator).post(`/api/consultations/${consultation}/cancel`, { data: { reason: '当事人已自行和解' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'cancelled', cancelReason: '当事人已自行和解' });
    expect(res.body.data.cancelledAt).toBeTruthy();
    const again = await api(strapi, mediator).post(`/api/consultations/${consultation}/cancel`, { data: { reason: '再撤一次' } });
    expect(again.status).toBe(409);
    const audit = await strapi.db.query(AUDIT).findOne({ where: { action: 'consultation-cancelled' }, orderBy: { id: 'desc' } });
    expect(audit.detail).toMatchObject({ consultation, reason: '当事人已自行和解' });
  });
});

describe('the mediator picker by committee', () => {
  const committee = async (name: string) => {
    const row: any = await strapi.db.query('api::committee.committee').findOne({ where: { name }, select: ['documentId'] });
    return row.documentId as string;
  };

  it("a committee's mediators are those of its organisation and below", async () => {
    const hubin = await api(strapi, clerk).get(`/api/desk/users?role=mediator&committee=${await committee('湖滨镇人民调解委员会')}`);
    expect(hubin.status).toBe(200);
    const ids = hubin.body.data.map((u: any) => u.id);
    expect(ids).toContain(mediator.id);
    expect(ids).not.toContain(dongHuMediator.id);
    const county = await api(strapi, clerk).get(`/api/desk/users?role=mediator&committee=${await committee('东湖区人民调解委员会')}`);
    expect(county.body.data.map((u: any) => u.id)).toEqual(expect.arrayContaining([mediator.id, dongHuMediator.id]));
    expect(county.body.data.map((u: any) => u.id)).not.toContain(otherMediator.id);
  });

  it("another county's committee is 404; committee with another role is 400", async () => {
    expect(
      (await api(strapi, clerk).get(`/api/desk/users?role=mediator&committee=${await committee('西山镇人民调解委员会')}`)).status,
    ).toBe(404);
    const bad = await api(strapi, clerk).get(`/api/desk/users?role=leader&committee=${await committee('湖滨镇人民调解委员会')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['committee']);
  });
});

describe('a backlog package’s case file (one of the five ones) from documents issued on the case', () => {
  const GD = 'plugin::fangtiao.generated-document' as any;
  const PKG = 'plugin::fangtiao.backlog-package' as any;
  const issued = async (petition: string, n: number) =>
    (
      await strapi.documents(GD).create({
        data: {
          kind: 'warning-notice',
          title: '信访预警单',
          subjectKey: `test:${petition}:${n}`,
          version: 1,
          sha256: 'x'.repeat(64),
          verificationCode: `T${Date.now()}${n}`,
          issuedAt: new Date(),
          petition,
          organisation: orgs.get('990102002'),
        } as any,
      })
    ).documentId as string;

  it('the leader files a document of this case: the case file is no longer missing; another case’s document is 400', async () => {
    const { id } = await petitionIn(strapi, 'accepted', { clerk, organisation: orgs.get('990102002')! });
    const { id: other } = await petitionIn(strapi, 'accepted', { clerk, organisation: orgs.get('990102002')! });
    await strapi.db.query(P).update({ where: { documentId: id }, data: { isBacklog: true } });
    const created = await api(strapi, clerk).post('/api/backlog-packages', {
      data: { petition: id, leader: leader.id, workTeam: '镇信访办', plan: '约谈双方' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.fiveOnes.missing).toEqual(['案件卷宗']);
    const pkg = created.body.data.documentId;
    const wrong = await api(strapi, leader).put(`/api/backlog-packages/${pkg}`, { data: { caseFileDocuments: [await issued(other, 1)] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.errors[0].path).toEqual(['caseFileDocuments']);
    const ok = await api(strapi, leader).put(`/api/backlog-packages/${pkg}`, { data: { caseFileDocuments: [await issued(id, 2)] } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.fiveOnes).toMatchObject({ caseFile: true, missing: [] });
    expect((await strapi.db.query(PKG).findOne({ where: { documentId: pkg } })).caseFileDocuments).toHaveLength(1);
  });
});
