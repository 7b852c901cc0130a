import type { Core } from '@strapi/strapi';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { api, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';

/**
 * strapi::body with its parser built once (src/middlewares/body-parser.ts): Strapi's own built
 * koa-body's middleware for every request, and koa-body checks its options with zod each time.
 * Bodies are still parsed, bounded and refused as before.
 */
const koaBody = require('koa-body');
let strapi: Core.Strapi;
let clerk: TestUser;
let orgs: Map<string, string>;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
});
afterAll(stopStrapi);

test('requests do not rebuild the body parser: its options are not checked again per request', async () => {
  const check = jest.spyOn(koaBody.KoaBodyMiddlewareOptionsSchema, 'parse');
  try {
    expect((await api(strapi, clerk).get('/api/petitions')).status).toBe(200);
    expect((await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!))).status).toBe(201);
    expect(check).not.toHaveBeenCalled();
  } finally {
    check.mockRestore();
  }
});

test('a JSON body is parsed, and one over the 512 kB limit is refused with 413', async () => {
  const ok = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!, { subject: '解析请求体' }));
  expect(ok.status).toBe(201);
  expect(ok.body.data.subject).toBe('解析请求体');
  const big = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102')!, { demands: '长'.repeat(200_000) }));
  expect(big.status).toBe(413);
});
