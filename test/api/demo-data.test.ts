import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { loadDemoData, DEMO_USERS } from '../../src/bootstrap/demo-data';
import { UID } from '../../src/constants';

let strapi: Core.Strapi;
const PASSWORD = 'Demo-password-1';

beforeAll(async () => {
  strapi = await startStrapi();
});
afterAll(stopStrapi);

const login = async (identifier: string) =>
  (await request(strapi.server.httpServer).post('/api/auth/local').send({ identifier, password: PASSWORD })).body.jwt as string;

test('the demo data loads once: the tree, an account per role, and cases in every stage', async () => {
  expect(await loadDemoData(strapi, PASSWORD)).toBe(true);
  expect(await loadDemoData(strapi, PASSWORD)).toBe(false);
  expect(await strapi.db.query(UID.organisation).count({})).toBe(15);
  const roles = new Set(DEMO_USERS.map((u) => u.role));
  expect([...roles].sort()).toEqual(['clerk', 'expert', 'leader', 'mediator', 'reviewer', 'supervisor']);
  const states = (await strapi.db.query(UID.petition).findMany({ select: ['state', 'isBacklog'] })).map((p: any) => p.state).sort();
  expect(states).toEqual(['concluded', 'in_mediation', 'leader_handling', 'registered', 'registered', 'registered']);
  // A tripartite review on the leader's case, with a notice per participant; an expert in a pool; rooms.
  const [hearing] = await strapi.db.query('plugin::fangtiao.hearing' as any).findMany({ select: ['kind', 'state', 'participants'] });
  expect(hearing).toMatchObject({ kind: 'tripartite_review', state: 'scheduled' });
  expect(hearing.participants.map((p: any) => [p.role, p.name, !!p.notice])).toEqual([
    ['chair', '孙建国', true],
    ['work_team', '王敏', true],
    ['expert', '周律师', true],
    ['petitioner', '马玉兰', true],
  ]);
  expect(await strapi.db.query('plugin::fangtiao.room' as any).count({})).toBe(3);
});

test('every demo case is due after it was registered, and the overdue one was registered before the demo started', async () => {
  const cases = await strapi.db
    .query(UID.petition)
    .findMany({ select: ['subject', 'registeredAt', 'acceptanceDueAt', 'dueAt', 'isBacklog'] });
  for (const c of cases) {
    for (const due of [c.acceptanceDueAt, c.dueAt].filter(Boolean))
      expect([c.subject, new Date(due) > new Date(c.registeredAt)]).toEqual([c.subject, true]);
  }
  const overdue = cases.find((c: any) => c.isBacklog)!;
  expect(new Date(overdue.dueAt).getTime()).toBeLessThan(Date.now());
  expect(new Date(overdue.registeredAt).getTime()).toBeLessThan(new Date(overdue.dueAt).getTime());
});

test('every demo account logs in; the demo clerks see only their own county', async () => {
  const jwts = new Map<string, string>();
  for (const u of DEMO_USERS) jwts.set(u.username, await login(u.username));
  expect([...jwts.values()].every(Boolean)).toBe(true);
  const list = async (user: string) =>
    (
      await request(strapi.server.httpServer)
        .get('/api/petitions')
        .set('Authorization', `Bearer ${jwts.get(user)}`)
    ).body.meta.pagination.total;
  expect(await list('clerk.donghu')).toBe(5);
  expect(await list('clerk.xishan')).toBe(1);
  expect(await list('supervisor.city')).toBe(6);
  const mine = await request(strapi.server.httpServer)
    .get('/api/petitions?mine=true')
    .set('Authorization', `Bearer ${jwts.get('mediator.hubin')}`);
  expect(mine.body.meta.pagination.total).toBe(2);
});
