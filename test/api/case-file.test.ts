import type { Core } from '@strapi/strapi';
import fs from 'fs';
import os from 'os';
import path from 'path';
import QRCode from 'qrcode';
import request from 'supertest';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { binary, pdfPages, pdfText, zipEntries } from '../helpers/pdf';
import { api, CONSENTS, makeUser, organisations, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';

/** 一案一档: one action builds the complete case file, as one PDF and as a zip, inside the jurisdiction. */
let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherCountyClerk: TestUser;
let expert: TestUser;
let petitionId: string;
let referenceNo: string;

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  expert = await makeUser(strapi, 'expert', '990102', orgs);
  const formSchema = {
    fields: [{ key: 'disputeKind', label: '纠纷种类', type: 'select', options: [{ value: 'drain', label: '排水纠纷' }] }],
  };
  const caseType = (
    await strapi.documents('api::case-type.case-type').create({ data: { name: '邻里纠纷', code: 'neighbour-file', formSchema } as any })
  ).documentId;
  const { petition, id } = await petitionIn(strapi, 'in_mediation', {
    clerk,
    mediator,
    organisation: orgs.get('990102002')!,
    input: {
      caseType,
      formData: { disputeKind: 'drain' },
      parties: [
        { name: '张三', role: 'petitioner', address: '新桥村1组', ...CONSENTS },
        { name: '李四', role: 'respondent', ...CONSENTS },
      ],
    },
  });
  petitionId = id;
  referenceNo = petition.referenceNo;
  const success = await api(strapi, mediator).post(`/api/petitions/${id}/transition`, {
    action: 'mediation_success',
    input: { agreedTerms: '乙方疏通排水沟', terms: [{ obligor: '乙方', what: '疏通排水沟', byWhen: '2026-12-01' }] },
  });
  expect(success.status).toBe(200);
  const agreement = (await api(strapi, mediator).post(`/api/petitions/${id}/documents/mediation-agreement`)).body.data;
  // The signed scan is a photo (PNG): it is placed on a page of its own.
  const scan = path.join(os.tmpdir(), `scan-${Date.now()}.png`);
  fs.writeFileSync(scan, await QRCode.toBuffer('签署件'));
  const up = await request(strapi.server.httpServer)
    .post(`/api/documents/${agreement.documentId}/signed-scan`)
    .set('Authorization', `Bearer ${mediator.jwt}`)
    .attach('file', scan, { contentType: 'image/png' });
  expect(up.status).toBe(200);
  // A photo attached to the case (attachments module): it joins the file under 附件材料.
  const photo = await request(strapi.server.httpServer)
    .post('/api/attachments')
    .set('Authorization', `Bearer ${clerk.jwt}`)
    .field('ownerKind', 'petition')
    .field('owner', id)
    .attach('files', scan, { filename: '现场照片.png', contentType: 'image/png' });
  expect(photo.status).toBe(201);
});
afterAll(stopStrapi);

describe('a clerk builds the case file from the case page', () => {
  let built: any;

  beforeAll(async () => {
    const res = await api(strapi, clerk).post(`/api/petitions/${petitionId}/case-file`);
    expect(res.status).toBe(201);
    built = res.body.data;
  });

  test('it is version 1, named by the case number, with no storage keys shown', async () => {
    expect(built).toMatchObject({ version: 1, pdfName: `${referenceNo}-一案一档.pdf`, zipName: `${referenceNo}-一案一档.zip` });
    expect(built).not.toHaveProperty('pdfKey');
    const list = await api(strapi, clerk).get(`/api/petitions/${petitionId}/case-files`);
    expect(list.body.data.map((f: any) => f.version)).toEqual([1]);
  });

  test('the PDF has the cover, the contents, the timeline, the form, the agreement and the scan page', async () => {
    const res = await binary(api(strapi, clerk).get(`/api/case-files/${built.documentId}/download?format=pdf`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${referenceNo}-一案一档.pdf`));
    const text = pdfText(res.body);
    for (const item of [
      '信访事项卷宗',
      referenceNo,
      '邻里排水纠纷',
      '张三',
      '李四',
      '邻里纠纷',
      '调解成功',
      '卷内目录',
      '办理经过',
      '分流至人民调解',
      '表单信息',
      '排水纠纷',
      '人民调解协议书',
      '签署件',
    ]) {
      expect(text).toContain(item);
    }
    // cover + contents (2) + timeline (1) + form (1) + agreement (1) + the scan and the photo on a page each (2)
    expect(pdfPages(res.body)).toBe(built.pages);
    expect(built.pages).toBe(7);
    expect(text).toContain('案件材料：现场照片.png');
  });

  test('the zip holds every part once, each name unique and carrying the case number', async () => {
    const res = await binary(api(strapi, clerk).get(`/api/case-files/${built.documentId}/download?format=zip`));
    expect(res.status).toBe(200);
    const names = zipEntries(res.body);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(path.basename(n)).toContain(referenceNo);
    expect(names).toEqual(
      expect.arrayContaining([
        `${referenceNo}-一案一档/${referenceNo}-一案一档.pdf`,
        `${referenceNo}-一案一档/01-办理经过/${referenceNo}-办理经过.pdf`,
        `${referenceNo}-一案一档/02-表单信息/${referenceNo}-表单信息.pdf`,
        `${referenceNo}-一案一档/03-文书/${referenceNo}-人民调解协议书-v1.pdf`,
        `${referenceNo}-一案一档/04-签署件/${referenceNo}-人民调解协议书-v1-签署件.png`,
        `${referenceNo}-一案一档/06-附件材料/${referenceNo}-现场照片.png`,
      ]),
    );
  });

  test('building and downloading are audited', async () => {
    const actions = (await strapi.db.query('api::audit-entry.audit-entry').findMany({ where: { targetDocumentId: built.documentId } })).map(
      (e: any) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['build-case-file', 'download-case-file']));
  });

  test('another county gets 404 for the case and its file; an expert gets 403; a bad format is 400', async () => {
    expect((await api(strapi, otherCountyClerk).post(`/api/petitions/${petitionId}/case-file`)).status).toBe(404);
    expect((await api(strapi, otherCountyClerk).get(`/api/case-files/${built.documentId}/download`)).status).toBe(404);
    expect((await api(strapi, expert).post(`/api/petitions/${petitionId}/case-file`)).status).toBe(403);
    const bad = await api(strapi, clerk).get(`/api/case-files/${built.documentId}/download?format=doc`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['format']);
  });
});

test('the ledger batch export gives one case file per case, with progress', async () => {
  const start = await api(strapi, clerk).post('/api/document-exports', {
    data: { kind: 'case-files', filters: { documentId: petitionId } },
  });
  expect(start.status).toBe(202);
  expect(start.body.data).toMatchObject({ kind: 'case-files', total: 1 });
  const id = start.body.data.documentId;
  let status: any;
  for (let i = 0; i < 100; i += 1) {
    status = (await api(strapi, clerk).get(`/api/document-exports/${id}`)).body.data;
    if (status.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toMatchObject({ status: 'done', done: 1, progress: 100 });
  const zip = await binary(api(strapi, clerk).get(`/api/document-exports/${id}/download`));
  expect(zip.headers['content-disposition']).toContain(encodeURIComponent('一案一档批量导出.zip'));
  expect(zipEntries(zip.body)).toEqual([`${referenceNo}-一案一档.pdf`]);
  expect((await api(strapi, otherCountyClerk).get(`/api/document-exports/${id}`)).status).toBe(404);
  const bad = await api(strapi, clerk).post('/api/document-exports', { data: { kind: 'everything' } });
  expect(bad.status).toBe(400);
});
