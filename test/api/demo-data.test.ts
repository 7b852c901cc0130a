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
  expect(states).toEqual(['concluded', 'in_mediation', 'registered', 'registered', 'registered']);
});

test('every demo account logs in; the demo clerks see only their own county', async () => {
  const jwts = new Map<string, string>();
  for (const u of DEMO_USERS) jwts.set(u.username, await login(u.username));
  expect([...jwts.values()].every(Boolean)).toBe(true);
  const list = async (user: string) =>
    (await request(strapi.server.httpServer).get('/api/petitions').set('Authorization', `Bearer ${jwts.get(user)}`)).body.meta.pagination.total;
  expect(await list('clerk.donghu')).toBe(4);
  expect(await list('clerk.xishan')).toBe(1);
  expect(await list('supervisor.city')).toBe(5);
  const mine = await request(strapi.server.httpServer).get('/api/petitions?mine=true').set('Authorization', `Bearer ${jwts.get('mediator.hubin')}`);
  expect(mine.body.meta.pagination.total).toBe(2);
});
