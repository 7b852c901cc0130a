import http from 'http';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

/**
 * Strapi re-reads every written entry after the commit, all relations populated, for `entry.*`
 * listeners (src/database/entry-events.ts). With nobody listening that work is skipped; a webhook
 * an admin configures, or any listener, gets the full entry as before.
 */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let statements: string[] = [];

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  strapi.db.connection.on('query', (q: { sql: string }) => statements.push(q.sql));
});
afterAll(stopStrapi);

const settle = () => new Promise((r) => setTimeout(r, 100));
/** The event's deep populate is the only reader of a petition's committee link at registration. */
const deepReRead = () => statements.filter((s) => s.includes('petitions_committee_lnk'));

async function register(subject: string) {
  statements = [];
  const res = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!, { subject }));
  expect(res.status).toBe(201);
  await settle();
  return res.body.data;
}

test('with no listener and no webhook, a registration is not read back for events after its commit', async () => {
  await register('无人监听时的登记');
  expect(deepReRead()).toEqual([]);
});

test('a listener on entry.create gets the registered petition with its relations populated, and the re-read stops when it leaves', async () => {
  const got: any[] = [];
  const off = strapi.eventHub.on('entry.create', (e: any) => {
    got.push(e);
  });
  try {
    const p = await register('有监听时的登记');
    const event = got.find((e) => e.uid === 'api::petition.petition' && e.entry.documentId === p.documentId);
    expect(event.entry.organisation).toMatchObject({ documentId: orgs.get('990102') });
    expect(event.entry.assignedClerk).toMatchObject({ id: clerk.id });
    expect(deepReRead().length).toBeGreaterThan(0);
  } finally {
    off();
  }
  await register('监听取消后的登记');
  expect(deepReRead()).toEqual([]);
});

test('a webhook an admin creates for entry.create receives the petition with its organisation, as Strapi sends it', async () => {
  const received: any[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const admin = await adminSession(strapi);
  const hook = await admin.post('/admin/webhooks', {
    name: '登记通知',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    headers: {},
    events: ['entry.create'],
  });
  expect(hook.status).toBe(201);
  try {
    const p = await register('有网络钩子时的登记');
    for (let i = 0; i < 50 && !received.some((b) => b.entry?.documentId === p.documentId); i += 1) await settle();
    const body = received.find((b) => b.entry?.documentId === p.documentId);
    expect(body).toMatchObject({ event: 'entry.create', uid: 'api::petition.petition' });
    expect(body.entry.organisation).toMatchObject({ documentId: orgs.get('990102') });
  } finally {
    await admin.delete(`/admin/webhooks/${hook.body.data.id}`);
    server.close();
  }
  await register('网络钩子删除后的登记');
  expect(deepReRead()).toEqual([]);
});
