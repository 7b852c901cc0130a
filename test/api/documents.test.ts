import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfPages, pdfText, zipEntries } from '../helpers/pdf';
import { api, creditCode, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherCountyClerk: TestUser;
let expert: TestUser;
let petitionId: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
  const organisation = orgs.get('990102002')!;
  const parties = [...petitionInput(organisation).data.parties, { name: '李四', role: 'respondent', address: '新桥村1组', ...CONSENTS }];
  petitionId = (await petitionIn(strapi, 'in_mediation', { clerk, mediator, organisation, input: { parties } })).id;
});
afterAll(stopStrapi);

/** A GET with the path sent byte for byte (supertest would normalise dot segments and backslashes). */
async function rawGet(rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  const server = http.createServer(strapi.server.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const issue = (who: TestUser, kind: string) => api(strapi, who).post(`/api/petitions/${petitionId}/documents/${kind}`);

test('no agreement before the mediation has succeeded (409)', async () => {
  const res = await issue(mediator, 'mediation-agreement');
  expect(res.status).toBe(409);
  expect(res.body.error.message).toContain('调解成功后');
});

describe('after a successful mediation', () => {
  let agreement: any;

  beforeAll(async () => {
    const res = await api(strapi, mediator).post(`/api/petitions/${petitionId}/transition`, {
      action: 'mediation_success',
      input: {
        agreedTerms: '乙方疏通排水沟',
        terms: [{ obligor: '乙方', what: '疏通排水沟', how: '雇工清理', where: '新桥村1组', byWhen: '2026-12-01' }],
        facts: '双方因排水沟堵塞发生纠纷',
        disputes: '排水沟疏通责任',
      },
    });
    expect(res.status).toBe(200);
  });

  test('the mediator issues the agreement: stored with version, SHA-256 and a verification code', async () => {
    expect((await issue(mediator, 'no-further-petition-pledge')).status).toBe(409);
    const res = await issue(mediator, 'mediation-agreement');
    expect(res.status).toBe(201);
    agreement = res.body.data;
    expect(agreement).toMatchObject({ kind: 'mediation-agreement', title: '人民调解协议书', version: 1 });
    expect(agreement.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(agreement.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(agreement).not.toHaveProperty('fileKey'); // where it is stored is nobody's business
  });

  test('it downloads as a PDF with every item of art. 29 and the art. 33 sentence, matching its SHA-256', async () => {
    const res = await binary(api(strapi, clerk).get(`/api/documents/${agreement.documentId}/download`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(crypto.createHash('sha256').update(res.body).digest('hex')).toBe(agreement.sha256);
    // The case number leads the name; an ASCII fallback for clients that ignore filename*.
    const ref = (await api(strapi, clerk).get(`/api/petitions/${petitionId}`)).body.data.referenceNo;
    expect(ref).toMatch(/^990102-\d{4}-\d{6}$/);
    // Two parties, one term: the signatures stay under the text, on one page.
    expect(pdfPages(res.body)).toBe(1);
    expect(pdfText(res.body)).not.toContain('此页无正文');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${ref}-mediation-agreement-v1.pdf"; filename*=UTF-8''${encodeURIComponent(`${ref}-人民调解协议书-v1.pdf`)}`,
    );
    const text = pdfText(res.body);
    for (const item of [
      '人民调解协议书',
      '张三',
      '双方因排水沟堵塞发生纠纷',
      '排水沟疏通责任',
      '疏通排水沟',
      '新桥村1组',
      '湖滨镇人民调解委员会',
      '三十日内',
      '司法确认',
      agreement.verificationCode,
    ]) {
      expect(text).toContain(item);
    }
  });

  test('the pledge follows the agreement and keeps the right to court, arbitration and review', async () => {
    const res = await issue(clerk, 'no-further-petition-pledge');
    expect(res.status).toBe(201);
    const pdf = await binary(api(strapi, clerk).get(`/api/documents/${res.body.data.documentId}/download`));
    const text = pdfText(pdf.body);
    for (const item of ['息访承诺书', '邻里排水纠纷', '人民调解协议书', '诉讼', '仲裁', '行政复议']) expect(text).toContain(item);
  });

  test('regenerating makes version 2; version 1 stays downloadable', async () => {
    const res = await issue(mediator, 'mediation-agreement');
    expect(res.body.data.version).toBe(2);
    const list = await api(strapi, clerk).get(`/api/petitions/${petitionId}/documents`);
    expect(list.body.data.filter((d: any) => d.kind === 'mediation-agreement').map((d: any) => d.version)).toEqual([2, 1]);
    expect((await api(strapi, clerk).get(`/api/documents/${agreement.documentId}/download`)).status).toBe(200);
  });

  test('outside the jurisdiction it is 404; roles without case access get 403; the raw upload URL is 404', async () => {
    expect((await api(strapi, otherCountyClerk).get(`/api/documents/${agreement.documentId}/download`)).status).toBe(404);
    expect((await api(strapi, otherCountyClerk).post(`/api/petitions/${petitionId}/documents/mediation-agreement`)).status).toBe(404);
    expect((await api(strapi, expert).get(`/api/documents/${agreement.documentId}/download`)).status).toBe(403);
    expect((await api(strapi).get(`/api/documents/${agreement.documentId}/download`)).status).toBe(403);
  });

  test("the issued PDF is reachable by no path trick, without a token or with another county's; the download route serves it in the jurisdiction", async () => {
    const pdf = (await binary(api(strapi, clerk).get(`/api/documents/${agreement.documentId}/download`))).body;
    expect(pdf.length).toBeGreaterThan(1000);
    // Where an earlier version put it (a media-library file); now nothing of it is in the media library or under public/.
    const legacy = await strapi.db.query('plugin::upload.file').findOne({ where: { name: { $startsWith: 'ftdoc' } } });
    const name = String(legacy?.url ?? `/uploads/ftdoc_${agreement.verificationCode}.pdf`).replace(/^\/uploads\//, '');
    const rest = name.slice(1);
    const privateRel = path.relative(
      strapi.dirs.app.root,
      path.join(process.env.FANGTIAO_PRIVATE_DIR!, 'documents', `${agreement.verificationCode}.pdf`),
    );
    const variants = [
      `/uploads/${name}`,
      `/uploads/%66${rest}`,
      `/uploads/${encodeURIComponent(name).replace(/\./g, '%2E')}`,
      `/uploads//${name}`,
      `//uploads/${name}`,
      `/uploads/./${name}`,
      `/./uploads/${name}`,
      `/uploads/x/../${name}`,
      `/UPLOADS/${name}`,
      `/uploads/${name.toUpperCase()}`,
      `/uploads\\${name}`,
      `/uploads%5C${name}`,
      `/uploads/${name}.`,
      `/uploads/${name}%20`,
      `/uploads/%2566${rest}`,
      `/uploads%2F${name}`,
      `/${privateRel}`,
      `/uploads/../${privateRel}`,
      `/uploads/..%2F..%2F${privateRel.replace(/\//g, '%2F')}`,
      `/documents/${agreement.verificationCode}.pdf`,
    ];
    expect(variants.length).toBeGreaterThanOrEqual(13);
    const served: string[] = [];
    for (const who of [undefined, otherCountyClerk]) {
      for (const v of variants) {
        const res = await rawGet(v, who ? { Authorization: `Bearer ${who.jwt}` } : {});
        if (![403, 404].includes(res.status) || res.body.includes(pdf.subarray(0, 2000))) served.push(`${res.status} ${v}`);
      }
    }
    expect(served).toEqual([]);
    expect(await strapi.db.query('plugin::upload.file').count({ where: { name: { $contains: agreement.verificationCode } } })).toBe(0);
    expect(fs.readdirSync(path.join(strapi.dirs.static.public, 'uploads')).filter((f) => f.includes(agreement.verificationCode))).toEqual(
      [],
    );
    const stored = path.join(process.env.FANGTIAO_PRIVATE_DIR!, 'documents', `${agreement.verificationCode}.pdf`);
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600);
    expect((await api(strapi, clerk).get(`/api/documents/${agreement.documentId}/download`)).status).toBe(200);
  });

  test('the public verification endpoint says only whether, what and when', async () => {
    const res = await request(strapi.server.httpServer).get(`/api/verify/${agreement.verificationCode}`).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      valid: true,
      kind: 'mediation-agreement',
      title: '人民调解协议书',
      version: 1,
      issuedAt: expect.any(String),
      signed: false,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/张三|990102|1380013/);
    expect((await request(strapi.server.httpServer).get('/api/verify/0000000000').set('Accept', 'application/json')).body.data).toEqual({
      valid: false,
    });
    const page = await request(strapi.server.httpServer).get(`/api/verify/${agreement.verificationCode}`).set('Accept', 'text/html');
    expect(page.text).toContain('已出具的文书');
  });

  test('a signed scan uploaded against a version shows it as signed', async () => {
    const scan = path.join(os.tmpdir(), 'signed-scan.pdf');
    fs.writeFileSync(scan, (await binary(api(strapi, clerk).get(`/api/documents/${agreement.documentId}/download`))).body);
    const res = await request(strapi.server.httpServer)
      .post(`/api/documents/${agreement.documentId}/signed-scan`)
      .set('Authorization', `Bearer ${clerk.jwt}`)
      .attach('file', scan, { contentType: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.body.data.signedAt).toBeTruthy();
    expect(res.body.data).not.toHaveProperty('signedScanKey');
    const v = await request(strapi.server.httpServer).get(`/api/verify/${agreement.verificationCode}`).set('Accept', 'application/json');
    expect(v.body.data.signed).toBe(true);
    const signed = await binary(api(strapi, clerk).get(`/api/documents/${agreement.documentId}/signed-scan`));
    expect(signed.status).toBe(200);
    expect(signed.headers['content-type']).toBe('application/pdf');
    expect(signed.headers['content-disposition']).toMatch(
      /^attachment; filename="990102-\d{4}-\d{6}-mediation-agreement-v1-signed\.pdf"; filename\*=UTF-8''990102-\d{4}-\d{6}-/,
    );
    expect(decodeURIComponent(signed.headers['content-disposition'].split("''")[1])).toMatch(/-人民调解协议书-v1-签署件\.pdf$/);
    expect((await api(strapi, otherCountyClerk).get(`/api/documents/${agreement.documentId}/signed-scan`)).status).toBe(404);
  });
});

test("a ledger's documents export as one zip, with progress to poll", async () => {
  const start = await api(strapi, clerk).post('/api/document-exports', { data: { filters: { documentId: petitionId } } });
  expect(start.status).toBe(202);
  const id = start.body.data.documentId;
  let status: any;
  for (let i = 0; i < 50; i += 1) {
    status = (await api(strapi, clerk).get(`/api/document-exports/${id}`)).body.data;
    if (status.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toMatchObject({ status: 'done', total: 3, done: 3, progress: 100 });
  const zip = await binary(api(strapi, clerk).get(`/api/document-exports/${id}/download`));
  expect(zip.headers['content-type']).toBe('application/zip');
  expect(zip.body.subarray(0, 2).toString()).toBe('PK');
  const ref = (await api(strapi, clerk).get(`/api/petitions/${petitionId}`)).body.data.referenceNo;
  expect(zipEntries(zip.body).sort()).toEqual(
    [`${ref}/${ref}-人民调解协议书-v1.pdf`, `${ref}/${ref}-人民调解协议书-v2.pdf`, `${ref}/${ref}-息访承诺书-v1.pdf`].sort(),
  );
  expect((await api(strapi, otherCountyClerk).get(`/api/document-exports/${id}`)).status).toBe(404);
});

test("a case's six hearing notices (two to people of one name) export as six files, each with its addressee", async () => {
  const agreementRow: any = await strapi.db.query('plugin::fangtiao.generated-document').findOne({
    where: { petition: { documentId: petitionId }, kind: 'mediation-agreement' },
    populate: { organisation: true },
  });
  const people = ['张三', '李四', '王五', '赵六', '周律师', '张三'];
  for (const [i, addressee] of people.entries()) {
    await strapi.documents('plugin::fangtiao.generated-document' as any).create({
      data: {
        kind: 'hearing-notice',
        title: '听证通知书',
        subjectKey: `hearing:h1:${i}`,
        version: 1,
        sha256: agreementRow.sha256,
        verificationCode: `HN${i}${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
        issuedAt: new Date(),
        petition: petitionId,
        organisation: agreementRow.organisation.documentId,
        addressee,
        fileKey: agreementRow.fileKey,
      } as any,
    });
  }
  const start = await api(strapi, clerk).post('/api/document-exports', { data: { filters: { documentId: petitionId } } });
  const id = start.body.data.documentId;
  for (let i = 0; i < 50 && (await api(strapi, clerk).get(`/api/document-exports/${id}`)).body.data.status === 'running'; i += 1)
    await new Promise((r) => setTimeout(r, 100));
  const names = zipEntries((await binary(api(strapi, clerk).get(`/api/document-exports/${id}/download`))).body);
  const ref = (await api(strapi, clerk).get(`/api/petitions/${petitionId}`)).body.data.referenceNo;
  const notices = names.filter((n) => n.includes('听证通知书'));
  expect(notices.sort()).toEqual(
    [
      `${ref}-听证通知书-张三-v1.pdf`,
      `${ref}-听证通知书-张三-v1-2.pdf`,
      `${ref}-听证通知书-李四-v1.pdf`,
      `${ref}-听证通知书-王五-v1.pdf`,
      `${ref}-听证通知书-赵六-v1.pdf`,
      `${ref}-听证通知书-周律师-v1.pdf`,
    ]
      .map((n) => `${ref}/${n}`)
      .sort(),
  );
  expect(new Set(names).size).toBe(names.length);
});

test("a case type's low-code template sets the seal text and extra clauses, and which documents it uses", async () => {
  const { adminSession, CM_CASE_TYPES } = require('../helpers/fixtures');
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, {
    name: '物业纠纷',
    code: 'property-fee',
    formSchema: { fields: [] },
    documentTemplates: [
      { kind: 'mediation-agreement', sealText: '湖滨镇物业纠纷调解工作室', extraClauses: '本协议履行完毕后，双方就此纠纷再无其他争议。' },
    ],
  });
  expect(type.status).toBe(201);
  const organisation = orgs.get('990102002')!;
  const company = {
    name: '某物业公司',
    kind: 'organisation',
    role: 'respondent',
    organisationType: 'legal_person',
    creditCode: creditCode('91330102MA2H0001A'),
    representativeName: '钱经理',
    ...CONSENTS,
  };
  const input = {
    caseType: type.body.data.documentId,
    subject: '物业费纠纷',
    parties: [...petitionInput(organisation).data.parties, company],
  };
  const { id: p } = await petitionIn(strapi, 'concluded', { clerk, mediator, organisation, input, agreedTerms: '业主补缴物业费' });
  const doc = await api(strapi, mediator).post(`/api/petitions/${p}/documents/mediation-agreement`);
  expect(doc.status).toBe(201);
  const text = pdfText((await binary(api(strapi, mediator).get(`/api/documents/${doc.body.data.documentId}/download`))).body);
  expect(text).toContain('本协议履行完毕后，双方就此纠纷再无其他争议。');
  expect(text).toContain('湖滨镇物业纠纷调解工作室');
  const pledge = await api(strapi, mediator).post(`/api/petitions/${p}/documents/no-further-petition-pledge`);
  expect(pledge.status).toBe(409);
  expect(pledge.body.error.message).toContain('不使用');
});
