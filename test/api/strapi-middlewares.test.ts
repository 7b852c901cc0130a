import type { Core } from '@strapi/strapi';
import Koa from 'koa';
import request from 'supertest';
import { startStrapi, stopStrapi, httpServer } from '../helpers/strapi';

/**
 * Strapi's middlewares as the app extends them (src/index.ts register):
 * - strapi::security with its headers built once (src/middlewares/security.ts): exactly the headers
 *   Strapi's own middleware sets, with the app's configuration, on every kind of path, without
 *   Strapi's per-request merge for an ordinary request;
 * - strapi::logger only when its level is on (src/middlewares/request-log.ts).
 */
const fp = require('lodash/fp');
// Strapi's own middleware, by file (the package's exports do not list it).
const { security: strapiSecurity } = require(
  require('path').join(require.resolve('@strapi/core').replace(/index\.js$/, ''), 'middlewares/security.js'),
);
let strapi: Core.Strapi;

beforeAll(async () => {
  strapi = await startStrapi();
});
afterAll(stopStrapi);

const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-xss-protection',
];
const pick = (headers: Record<string, unknown>) => Object.fromEntries(SECURITY_HEADERS.map((h) => [h, headers[h] ?? null]));

/** What Strapi's own strapi::security sets for a request, with the app's configuration of it. */
async function strapisHeaders(method: 'get' | 'post', path: string) {
  const entry = (strapi.config.get('middlewares') as any[]).find((m) => m === 'strapi::security' || m?.name === 'strapi::security');
  const app = new Koa();
  app.use(strapiSecurity(entry?.config ?? {}, { strapi }));
  app.use((ctx) => {
    ctx.status = 204;
  });
  return pick((await request(app.callback())[method](path)).headers);
}

test.each([
  ['get', '/api/p/intake'],
  ['get', '/api/p/cases/990102-2026-000001'],
  ['post', '/api/p/otp'],
  ['get', '/_health'],
  ['get', '/p/'],
  ['get', '/desk/'],
  ['get', '/api/petitions'],
  // Paths where Strapi varies the policy per request: served by its own middleware still.
  ['get', '/admin/'],
  ['get', '/documentation/v1'],
] as const)('%s %s carries exactly the security headers Strapi sets', async (method, path) => {
  const ours = pick((await request(httpServer())[method](path)).headers);
  expect(ours['content-security-policy']).toBeTruthy();
  expect(ours).toEqual(await strapisHeaders(method, path));
});

test('an ordinary request does not rebuild the policy (Strapi deep-merges its configuration per request)', async () => {
  const merge = jest.spyOn(fp, 'defaultsDeep');
  try {
    expect((await request(httpServer()).get('/api/p/intake')).status).toBe(200);
    expect(merge).not.toHaveBeenCalled();
    // The control: a path Strapi still serves merges per request.
    await request(httpServer()).get('/documentation/v1');
    expect(merge).toHaveBeenCalled();
  } finally {
    merge.mockRestore();
  }
});

test('the request log line is written only when its level is on, and the level is read per request', async () => {
  const http = jest.spyOn(strapi.log, 'http');
  const logger = strapi.log as unknown as { level: string };
  const level = logger.level;
  try {
    logger.level = 'warn';
    await request(httpServer()).get('/api/p/intake');
    expect(http).not.toHaveBeenCalled();
    logger.level = 'http';
    await request(httpServer()).get('/api/p/intake');
    expect(http).toHaveBeenCalledWith(expect.stringMatching(/^GET \/api\/p\/intake \(\d+ ms\) 200$/));
  } finally {
    logger.level = level;
    http.mockRestore();
  }
});
