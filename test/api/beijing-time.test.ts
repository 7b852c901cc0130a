/**
 * What people receive shows Beijing time whatever the server's TZ (CI runs this file with
 * TZ=UTC, America/Los_Angeles and Pacific/Kiritimati): a 14:00 hearing prints 14:00 on the
 * petitioner's notice and in the staff's messages, a hearing moved to 08:30 prints 08:30,
 * and an 08:30 expert consultation prints 08:30 on its record.
 */
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfText } from '../helpers/pdf';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { Calendar, DEFAULT_WORK_CALENDAR } from '../../plugins/fangtiao/server/src/hearings/calendar';
import { formatDate, shanghaiInstant, shanghaiParts } from '../../src/time/shanghai';

const PROFILE = 'plugin::fangtiao.expert-profile' as any;
const N = 'plugin::fangtiao.notification' as any;
const H = 3_600_000;
const DAY = 24 * H;

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser, leader: TestUser, hearingExpert: TestUser, consultant: TestUser;
const experts: Record<string, string> = {};
let petitionId: string;
const cal = new Calendar(DEFAULT_WORK_CALENDAR);
const everyDay = { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })), exceptions: [] };

/** hh:mm Beijing time on the first working day at or after `from` where that time is not before `from`. */
function onWorkingDay(from: number, hour: number, minute: number): Date {
  for (let d = 0; d < 60; d += 1) {
    const p = shanghaiParts(from + d * DAY);
    const at = shanghaiInstant(p.year, p.month, p.day, hour, minute);
    if (at.getTime() >= from && cal.isWorkingDay(at.getTime())) return at;
  }
  throw new Error('no working day within 60 days');
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  hearingExpert = await makeUser(strapi, 'expert', '990102', orgs);
  consultant = await makeUser(strapi, 'expert', '990102', orgs);
  for (const [key, user, name] of [
    ['hearing', hearingExpert, '王律师'],
    ['consultant', consultant, '李律师'],
  ] as const) {
    experts[key] = (
      await strapi.documents(PROFILE).create({
        data: {
          displayName: name,
          user: user.id,
          organisation: orgs.get('990102'),
          level: 'county',
          fields: ['law'],
          status: 'active',
          availability: everyDay,
        } as any,
      })
    ).documentId;
  }
  await strapi.documents('plugin::fangtiao.expert-pool' as any).create({
    data: {
      name: '东湖区法律专家库',
      organisation: orgs.get('990102'),
      level: 'county',
      field: 'law',
      members: Object.values(experts),
    } as any,
  });
  await strapi.documents('plugin::fangtiao.room' as any).create({
    data: { name: '东湖区信访局第一会议室', capacity: 8, organisation: orgs.get('990102'), address: '人民路1号', active: true } as any,
  });
  petitionId = (await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!))).body.data.documentId;
  const move = (action: string, input: object = {}) =>
    api(strapi, clerk).post(`/api/petitions/${petitionId}/transition`, { action, input });
  expect((await move('accept')).status).toBe(200);
  expect((await move('escalate_leader', { leader: leader.id })).status).toBe(200);
});
afterAll(stopStrapi);

describe('a hearing at 14:00 Beijing time', () => {
  let hearing: any;
  const start = onWorkingDay(cal.earliestAfterNotice(Date.now(), 3), 14, 0);
  const moved = onWorkingDay(start.getTime() + 12 * H, 8, 30);
  const day = (d: Date) => formatDate(d).replace(/\s/g, '');

  test('the petitioner’s notice says 14:00 and staff are told 14:00', async () => {
    const res = await api(strapi, leader).post('/api/hearings', {
      data: {
        kind: 'tripartite_review',
        petition: petitionId,
        start: start.toISOString(),
        participants: [
          { role: 'chair', user: leader.documentId },
          { role: 'work_team', user: clerk.documentId },
          { role: 'expert', expert: experts.hearing },
          { role: 'petitioner', party: 0 },
        ],
      },
    });
    expect(res.status).toBe(201);
    hearing = res.body.data;
    const pdf = await binary(api(strapi, clerk).get(`/api/hearings/${hearing.documentId}/notices/3`));
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body);
    expect(text).toContain(`${day(start)}14:00`);
    const told = await strapi.db.query(N).findMany({ where: { userId: clerk.id, kind: 'hearing' } });
    expect(told.map((n: any) => n.title)).toEqual([expect.stringContaining(`${formatDate(start)} 14:00`)]);
  });

  test('moved to 08:30, the new notice says 08:30', async () => {
    const res = await api(strapi, leader).post(`/api/hearings/${hearing.documentId}/reschedule`, {
      data: { start: moved.toISOString(), reason: '专家临时出差' },
    });
    expect(res.status).toBe(200);
    const text = pdfText((await binary(api(strapi, clerk).get(`/api/hearings/${hearing.documentId}/notices/3`))).body);
    expect(text).toContain(`${day(moved)}08:30`);
    expect(text).not.toMatch(/日0:30/);
  });
});

test('an 08:30 expert consultation prints 08:30 on its record', async () => {
  const p = shanghaiParts(Date.now() + 3 * DAY);
  const windowStart = shanghaiInstant(p.year, p.month, p.day);
  const at = new Date(windowStart.getTime() + 8.5 * H);
  const asked = await api(strapi, leader).post(`/api/petitions/${petitionId}/consultations`, {
    data: {
      question: '宅基地边界争议的权属如何认定？',
      field: 'law',
      urgency: 'urgent',
      mode: 'video',
      windowStart: windowStart.toISOString(),
      windowEnd: new Date(windowStart.getTime() + 2 * DAY).toISOString(),
    },
  });
  expect(asked.status).toBe(201);
  const booked = await api(strapi, leader).post(`/api/consultations/${asked.body.data.documentId}/bookings`, {
    data: { expert: experts.consultant, start: at.toISOString() },
  });
  expect(booked.status).toBe(201);
  const booking = booked.body.data;
  expect((await api(strapi, consultant).post(`/api/bookings/${booking.documentId}/accept`)).status).toBe(200);
  const told = await strapi.db.query(N).findMany({ where: { userId: consultant.id, kind: 'consultation-request' } });
  expect(told.map((n: any) => n.title)).toEqual([expect.stringContaining(`${formatDate(at)} 08:30`)]);
  expect(
    (await api(strapi, consultant).post(`/api/bookings/${booking.documentId}/opinion`, { data: { opinion: '应以县政府颁发的证书为准。' } }))
      .status,
  ).toBe(200);
  const record = await binary(api(strapi, consultant).get(`/api/bookings/${booking.documentId}/record`));
  expect(record.status).toBe(200);
  const text = pdfText(record.body);
  expect(text).toContain('专家咨询记录');
  expect(text).toContain(`${formatDate(at)}08:30`);
});
