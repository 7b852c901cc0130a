import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { PASSWORD } from '../helpers/browser';
import { UID } from '../../src/constants';

/**
 * Sessions (users-permissions in refresh mode, src/access/sessions.ts): a login is a session
 * in the database; logout, a password change, blocking and a role change end it, and then
 * neither its access tokens nor its refresh token are accepted — on the very next request.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;

beforeAll(async () => {
  process.env.FANGTIAO_ACCESS_TOKEN_SECONDS = '600';
  strapi = await startStrapi();
  orgs = await organisations(strapi);
});
afterAll(async () => {
  await stopStrapi();
  delete process.env.FANGTIAO_ACCESS_TOKEN_SECONDS;
});

type Session = { jwt: string; refreshToken: string };
const http = () => request(strapi.server.httpServer);
const login = async (u: TestUser, password = PASSWORD): Promise<Session> => {
  const res = await http().post('/api/auth/local').send({ identifier: u.username, password });
  expect(res.status).toBe(200);
  expect(res.body.refreshToken).toEqual(expect.any(String));
  return { jwt: res.body.jwt, refreshToken: res.body.refreshToken };
};
const me = (jwt: string) => http().get('/api/users/me').set('Authorization', `Bearer ${jwt}`);
const refresh = (refreshToken: string) => http().post('/api/auth/refresh').send({ refreshToken });
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const sessionRows = (u: TestUser) =>
  strapi.db.query('admin::session' as any).count({ where: { userId: String(u.id), origin: 'users-permissions' } });

test('a login gives a 10-minute access token and a refresh token; refreshing gives a new pair that works', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const first = await login(clerk);
  const claims = payload(first.jwt);
  expect(claims.type).toBe('access');
  expect(claims.exp - claims.iat).toBe(600);
  expect((await me(first.jwt)).status).toBe(200);

  const next = await refresh(first.refreshToken);
  expect(next.status).toBe(200);
  expect(next.body.jwt).not.toBe(first.jwt);
  expect((await me(next.body.jwt)).status).toBe(200);
  // The refresh token is single-use: the old one is refused once rotated.
  expect((await refresh(first.refreshToken)).status).toBe(401);
  expect((await refresh(next.body.refreshToken)).status).toBe(200);
});

test('after logout the access tokens of the session, older ones too, and its refresh token are refused; other sessions live on', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const s = await login(clerk);
  const other = await login(clerk);
  const rotated = (await refresh(s.refreshToken)).body as Session;
  expect((await me(s.jwt)).status).toBe(200); // minted before the rotation, still within its lifetime

  const out = await http()
    .post('/api/auth/logout')
    .set('Authorization', `Bearer ${rotated.jwt}`)
    .send({ refreshToken: rotated.refreshToken });
  expect(out.status).toBe(200);
  expect((await me(rotated.jwt)).status).toBe(401);
  expect((await me(s.jwt)).status).toBe(401);
  expect((await refresh(rotated.refreshToken)).status).toBe(401);
  expect((await me(other.jwt)).status).toBe(200);
});

test('a user lists their sessions and ends one of them', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const a = await login(clerk);
  const b = await login(clerk);
  const list = await http().get('/api/auth/sessions').set('Authorization', `Bearer ${a.jwt}`);
  expect(list.status).toBe(200);
  const ids = list.body.data.map((x: any) => x.id);
  expect(ids).toEqual(expect.arrayContaining([payload(a.jwt).sessionId, payload(b.jwt).sessionId]));
  expect(list.body.data.find((x: any) => x.current).id).toBe(payload(a.jwt).sessionId);
  expect(
    (
      await http()
        .delete(`/api/auth/sessions/${payload(b.jwt).sessionId}`)
        .set('Authorization', `Bearer ${a.jwt}`)
    ).status,
  ).toBe(200);
  expect((await me(b.jwt)).status).toBe(401);
  expect((await refresh(b.refreshToken)).status).toBe(401);
  expect((await me(a.jwt)).status).toBe(200);
  // Another user's session is not theirs to end.
  const colleague = await makeUser(strapi, 'clerk', '990102', orgs);
  expect(
    (
      await http()
        .delete(`/api/auth/sessions/${payload(colleague.jwt).sessionId}`)
        .set('Authorization', `Bearer ${a.jwt}`)
    ).status,
  ).toBe(404);
  expect((await me(colleague.jwt)).status).toBe(200);
});

test('changing the password ends every other session; the person who changed it gets a new session', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const here = await login(clerk);
  const elsewhere = await login(clerk);
  const changed = await http()
    .post('/api/auth/change-password')
    .set('Authorization', `Bearer ${here.jwt}`)
    .send({ currentPassword: PASSWORD, password: 'New-password-2', passwordConfirmation: 'New-password-2' });
  expect(changed.status).toBe(200);
  expect((await me(elsewhere.jwt)).status).toBe(401);
  expect((await refresh(elsewhere.refreshToken)).status).toBe(401);
  expect((await me(here.jwt)).status).toBe(401);
  expect((await me(changed.body.jwt)).status).toBe(200);
  expect((await refresh(changed.body.refreshToken)).status).toBe(200);
});

test('a user blocked in the admin panel loses every session at once; unblocked, they log in again', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const s = await login(clerk);
  const admin = await adminSession(strapi);
  const cm = `/content-manager/collection-types/${UID.user}/${clerk.documentId}`;
  expect((await admin.put(cm, { blocked: true })).status).toBe(200);
  expect((await me(s.jwt)).status).toBe(401);
  expect((await me(clerk.jwt)).status).toBe(401);
  expect((await refresh(s.refreshToken)).status).toBe(401);
  expect(await sessionRows(clerk)).toBe(0);
  expect((await admin.put(cm, { blocked: false })).status).toBe(200);
  expect((await me(s.jwt)).status).toBe(401); // an ended session stays ended
  expect((await me((await login(clerk)).jwt)).status).toBe(200);
});

test("a role change ends the user's sessions; editing their name does not", async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const s = await login(clerk);
  await strapi.plugin('users-permissions').service('user').edit(clerk.id, { fullName: '改名' });
  expect((await me(s.jwt)).status).toBe(200);
  const expert = await strapi.db.query(UID.role).findOne({ where: { type: 'expert' } });
  await strapi.plugin('users-permissions').service('user').edit(clerk.id, { role: expert.id });
  expect((await me(s.jwt)).status).toBe(401);
  expect((await refresh(s.refreshToken)).status).toBe(401);
});

test('moving a user to another organisation (another jurisdiction) in the admin panel ends their sessions; the next login sees the new scope', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const s = await login(clerk);
  const mine = await api(strapi, { ...clerk, jwt: s.jwt }).post(
    '/api/petitions',
    petitionInput(orgs.get('990102')!, { subject: '调动前登记的案件' }),
  );
  expect(mine.status).toBe(201);
  const admin = await adminSession(strapi);
  const cm = `/content-manager/collection-types/${UID.user}/${clerk.documentId}`;
  expect((await admin.put(cm, { organisation: { set: [{ documentId: orgs.get('990103') }] } })).status).toBe(200);
  expect((await me(s.jwt)).status).toBe(401);
  expect((await refresh(s.refreshToken)).status).toBe(401);
  const again = await login(clerk);
  const seen = await api(strapi, { ...clerk, jwt: again.jwt }).get(`/api/petitions/${mine.body.data.documentId}`);
  expect(seen.status).toBe(404); // 东湖区's case, no longer in the moved clerk's jurisdiction
});

test('the session lives in the database: its row goes when it ends, so every instance refuses it', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const before = await sessionRows(clerk);
  const s = await login(clerk);
  expect(await sessionRows(clerk)).toBe(before + 1);
  // Deleting the row — what another instance's logout does — is enough to refuse the token here.
  await strapi.db.query('admin::session' as any).deleteMany({ where: { sessionId: payload(s.jwt).sessionId } });
  expect((await me(s.jwt)).status).toBe(401);
});

test('a token of the old kind (12 hours, no session) is refused', async () => {
  const clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const jwt = require('jsonwebtoken').sign({ id: clerk.id }, strapi.config.get('plugin::users-permissions.jwtSecret'), {
    expiresIn: '12h',
  });
  expect((await me(jwt)).status).toBe(401);
});
