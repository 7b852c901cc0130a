import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, makeUser, organisations } from '../helpers/fixtures';

let strapi: Core.Strapi;
let userId: number;

/** Every admin route of the plugin and the admin action that protects it. */
const ROUTES = (runId = 1) => [
  { method: 'get', url: '/fangtiao/measures', action: 'measures.read' },
  { method: 'get', url: '/fangtiao/measures/organisations', action: 'measures.read' },
  { method: 'get', url: '/fangtiao/measures/backlogCount/rows?org=990102', action: 'measures.read' },
  { method: 'get', url: '/fangtiao/measures/export', action: 'measures.export' },
  { method: 'get', url: '/fangtiao/expert-pools', action: 'experts.read' },
  { method: 'get', url: '/fangtiao/expert-pools/nope/week', action: 'experts.read' },
  { method: 'get', url: '/fangtiao/schedule/resources', action: 'schedule.read' },
  { method: 'get', url: `/fangtiao/schedule/week?resource=user:${userId}`, action: 'schedule.read' },
  { method: 'get', url: '/fangtiao/jobs', action: 'jobs.read' },
  { method: 'get', url: `/fangtiao/job-runs/${runId}`, action: 'jobs.read' },
  { method: 'post', url: '/fangtiao/jobs/heartbeat/run', action: 'jobs.run' },
];

type Session = Awaited<ReturnType<typeof adminSession>>;
const call = (s: Session, r: { method: string; url: string }) => (r.method === 'post' ? s.post(r.url, {}) : s.get(r.url));

/** Grants one plugin action to an admin role, as Settings → Roles → Plugins → 访调 does. */
async function grant(roleCode: string, uid: string) {
  const role = await strapi.service('admin::role').findOne({ code: roleCode });
  await strapi
    .service('admin::permission')
    .createMany([{ action: `plugin::fangtiao.${uid}`, subject: null, properties: {}, conditions: [], role: role.id }]);
}

beforeAll(async () => {
  strapi = await startStrapi();
  const orgs = await organisations(strapi);
  userId = (await makeUser(strapi, 'clerk', '990102', orgs)).id;
});
afterAll(stopStrapi);

test("the plugin's actions are registered with the admin RBAC under 访调", async () => {
  const actions = strapi
    .service('admin::permission')
    .actionProvider.values()
    .filter((a: any) => a.pluginName === 'fangtiao');
  expect(actions.map((a: any) => a.actionId).sort()).toEqual(
    ['experts.read', 'jobs.read', 'jobs.run', 'measures.export', 'measures.read', 'schedule.read'].map((u) => `plugin::fangtiao.${u}`),
  );
  expect(actions.every((a: any) => a.section === 'plugins' && a.displayName && a.subCategory)).toBe(true);
});

test('an Author (or Editor) admin gets 403 on every plugin admin route until granted', async () => {
  for (const code of ['strapi-author', 'strapi-editor']) {
    const admin = await adminSession(strapi, code);
    for (const r of ROUTES()) {
      const res = await call(admin, r);
      expect({ route: `${r.method} ${r.url}`, role: code, status: res.status }).toEqual({
        route: `${r.method} ${r.url}`,
        role: code,
        status: 403,
      });
    }
  }
});

test('the super admin may use every plugin admin route', async () => {
  const admin = await adminSession(strapi);
  const started = await admin.post('/fangtiao/jobs/heartbeat/run', {});
  expect(started.status).toBe(202);
  for (const r of ROUTES(started.body.data.id)) {
    const res = await call(admin, r);
    // The pool `nope` does not exist: 404 means the route was let through to the controller.
    expect({ route: r.url, status: res.status }).toEqual({
      route: r.url,
      status: r.url.includes('nope') ? 404 : r.method === 'post' ? 202 : 200,
    });
  }
});

test('an Author granted one action may use exactly the routes of that action', async () => {
  await grant('strapi-author', 'measures.read');
  const author = await adminSession(strapi, 'strapi-author');
  for (const r of ROUTES()) {
    const res = await call(author, r);
    expect({ route: r.url, status: res.status }).toEqual({ route: r.url, status: r.action === 'measures.read' ? 200 : 403 });
  }
  // Reading the ledger does not let it export the ledger, nor run jobs.
  await grant('strapi-author', 'jobs.run');
  expect((await author.post('/fangtiao/jobs/heartbeat/run', {})).status).toBe(202);
  expect((await author.get('/fangtiao/jobs')).status).toBe(403);
  expect((await author.get('/fangtiao/measures/export')).status).toBe(403);
});
