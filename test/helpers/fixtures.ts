import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { UID, type RoleCode } from '../../src/constants';
import { seedOrganisations } from '../../src/bootstrap/demo-data';
import { creditCodeCheckChar } from '../../src/parties/credit-code';

export type TestUser = { id: number; documentId: string; username: string; jwt: string; role: RoleCode; org: string };

/** The demo organisation tree (city 990100; counties 990102 东湖区 and 990103 西山县; …) → documentIds by code. */
export async function organisations(strapi: Core.Strapi): Promise<Map<string, string>> {
  return seedOrganisations(strapi);
}

let counter = 0;

/** Creates a user of `role` in the organisation with `orgCode` and returns it with an access token (a new session, as a login makes). */
export async function makeUser(strapi: Core.Strapi, role: RoleCode, orgCode: string, orgs: Map<string, string>): Promise<TestUser> {
  counter += 1;
  const roleRow = await strapi.db.query(UID.role).findOne({ where: { type: role } });
  const username = `${role}.${orgCode}.${counter}`;
  const user = await strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email: `${username}@test.invalid`,
      password: 'Test-password-1',
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: roleRow.id,
      organisation: orgs.get(orgCode),
    });
  const jwt: string = await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
  return { id: user.id, documentId: user.documentId, username, jwt, role, org: orgCode };
}

/** The user with a new session, as after logging in again (a role change or block ends the old ones). */
export async function newSession(strapi: Core.Strapi, user: TestUser): Promise<TestUser> {
  return { ...user, jwt: await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) };
}

/** supertest bound to the app, with an optional user's bearer token. */
export function api(strapi: Core.Strapi, user?: TestUser | null) {
  const agent = request(strapi.server.httpServer);
  const auth = (r: request.Test) => (user ? r.set('Authorization', `Bearer ${user.jwt}`) : r);
  return {
    get: (url: string) => auth(agent.get(url)),
    post: (url: string, body?: object) => auth(agent.post(url)).send(body ?? {}),
    put: (url: string, body?: object) => auth(agent.put(url)).send(body ?? {}),
    delete: (url: string) => auth(agent.delete(url)),
  };
}

/** A valid ID number (GB 11643 check digit computed) for test parties. */
export function idNumber(region = '990102', birth = '19800101', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A valid unified social credit code (GB 32100 check character computed) from its first 17 characters. */
export function creditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

/** A party's consent to mediation (自愿调解), given in writing: a diversion needs every party's. */
export const CONSENTS = { mediationConsent: true, consentWay: 'written' } as const;

export function petitionInput(orgDocumentId: string, overrides: Record<string, unknown> = {}) {
  return {
    data: {
      channel: 'visit',
      subject: '邻里排水纠纷',
      demands: '要求疏通排水沟并赔偿损失',
      history: '2026年10月首次到村反映',
      organisation: orgDocumentId,
      parties: [{ name: '张三', idNumber: idNumber(), phone: '13800138000', address: '新桥村1组', ...CONSENTS }],
      ...overrides,
    },
  };
}

let adminCounter = 0;

/**
 * An admin-panel session, for what admins do in the admin panel: the super admin, or an
 * admin of another admin role by its code (`strapi-editor`, `strapi-author`), logged in
 * through /admin/login.
 */
export async function adminSession(strapi: Core.Strapi, roleCode?: string) {
  adminCounter += 1;
  const email = `admin${Date.now()}.${adminCounter}@test.invalid`;
  const password = 'Admin-password-1';
  const role = roleCode
    ? await strapi.service('admin::role').findOne({ code: roleCode })
    : await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({ email, firstname: '管理', lastname: '员', password, isActive: true, roles: [role.id] });
  const res = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  const token = res.body.data.token;
  const agent = request(strapi.server.httpServer);
  return {
    get: (url: string) => agent.get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object) => agent.post(url).set('Authorization', `Bearer ${token}`).send(body),
    put: (url: string, body: object) => agent.put(url).set('Authorization', `Bearer ${token}`).send(body),
    delete: (url: string) => agent.delete(url).set('Authorization', `Bearer ${token}`),
  };
}

/**
 * Runs a scheduled job now through the admin panel's API (the 立即运行 button), as `admin`, and
 * waits until its run has ended (up to 10 s); gives the run (status, counts, progress, slot).
 */
export async function runJobNow(admin: Awaited<ReturnType<typeof adminSession>>, name: string) {
  const started = await admin.post(`/fangtiao/jobs/${name}/run`, {});
  if (started.status !== 202) throw new Error(`${name}: ${started.status} ${JSON.stringify(started.body)}`);
  let run: any;
  for (let i = 0; i < 100; i += 1) {
    run = (await admin.get(`/fangtiao/job-runs/${started.body.data.id}`)).body.data;
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return run;
}

export const CM_CASE_TYPES = '/content-manager/collection-types/api::case-type.case-type';

/** A 20-field form schema touching every field type, as an admin would build it. */
export function sampleFormSchema() {
  return {
    fields: [
      { key: 'disputeAmount', label: '争议金额', type: 'money', required: true, min: 0 },
      { key: 'disputeDate', label: '纠纷发生日期', type: 'date', required: true },
      {
        key: 'kind',
        label: '纠纷种类',
        type: 'select',
        required: true,
        options: [
          { value: 'drain', label: '排水' },
          { value: 'boundary', label: '地界' },
        ],
      },
      { key: 'otherPartyId', label: '对方身份证号', type: 'id-number' },
      { key: 'otherPartyPhone', label: '对方电话', type: 'phone' },
      { key: 'hasInjury', label: '是否有人受伤', type: 'boolean' },
      { key: 'injuryNote', label: '伤情说明', type: 'textarea', required: true, visibleWhen: { field: 'hasInjury', equals: true } },
    ],
  };
}

/** The person's signed copy of an issued document version, scanned and attached (签署件) by `who`. */
export async function attachSignedScan(strapi: Core.Strapi, who: TestUser, documentId: string) {
  const scan = path.join(os.tmpdir(), `signed-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(scan, '%PDF-1.4\n% signed by the parties\n');
  const res = await request(strapi.server.httpServer)
    .post(`/api/documents/${documentId}/signed-scan`)
    .set('Authorization', `Bearer ${who.jwt}`)
    .attach('file', scan, { contentType: 'application/pdf' });
  if (res.status !== 200) throw new Error(`signed scan not attached: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
