/**
 * Sessions and login throttling across instances: two app processes on one database (on
 * PostgreSQL, the scale-out deployment; on SQLite, two processes on one file). A session ended
 * on one instance is refused by the other on the next request, and failed logins on either
 * count towards one lock.
 */
import request from 'supertest';
import { appCluster, type AppInstance } from '../helpers/cluster';

const PASSWORD = 'Demo-password-1';
const cluster = appCluster('ft_auth_cluster');
let a: AppInstance;
let b: AppInstance;

beforeAll(async () => {
  await cluster.create();
  a = await cluster.start('instance A', { FANGTIAO_DEMO: 'true', DEMO_PASSWORD: PASSWORD }); // the first boot makes the schema and the demo accounts
  b = await cluster.start('instance B', { FANGTIAO_DEMO: 'true', DEMO_PASSWORD: PASSWORD });
}, 400_000);
afterAll(() => cluster.destroy(), 60_000);

const login = (on: AppInstance, identifier: string, password = PASSWORD) =>
  request(on.url).post('/api/auth/local').send({ identifier, password });
const me = (on: AppInstance, jwt: string) => request(on.url).get('/api/users/me').set('Authorization', `Bearer ${jwt}`);

test('a session logged out on one instance is refused by the other at once', async () => {
  const session = (await login(a, 'clerk.donghu')).body;
  expect((await me(b, session.jwt)).status).toBe(200);
  expect((await me(a, session.jwt)).status).toBe(200); // A has the caller in its 5-second cache now
  const out = await request(b.url)
    .post('/api/auth/logout')
    .set('Authorization', `Bearer ${session.jwt}`)
    .send({ refreshToken: session.refreshToken });
  expect(out.status).toBe(200);
  expect((await me(a, session.jwt)).status).toBe(401);
  expect((await request(a.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
});

test('a session refreshed on one instance works on the other', async () => {
  const session = (await login(a, 'mediator.hubin')).body;
  const next = await request(b.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
  expect(next.status).toBe(200);
  expect((await me(a, next.body.jwt)).status).toBe(200);
  expect((await request(a.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401); // already used on B
});

test('failed logins on both instances count towards one lock, which both enforce', async () => {
  for (const on of [a, b, a, b, a]) expect((await login(on, 'leader.donghu', 'Wrong-password-9')).status).toBe(400);
  for (const on of [a, b]) {
    const locked = await login(on, 'leader.donghu');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  }
  expect((await login(b, 'reviewer.donghu')).status).toBe(200); // a colleague at the same address
});
