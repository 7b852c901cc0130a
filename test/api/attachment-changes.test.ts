/**
 * Attachments on the record (附件的撤回、替换与标注), and registering a case whose type requires
 * a 附件 field with its files in the same request. Nothing is destroyed: a withdrawn or replaced
 * file keeps its row and bytes, leaves the lists and the case file, and is in the audit log.
 */
import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import sharp from 'sharp';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import {
  adminSession,
  api,
  attachSignedScan,
  CM_CASE_TYPES,
  idNumber,
  makeUser,
  organisations,
  petitionInput,
  type TestUser,
} from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { attachmentsSource } from '../../plugins/fangtiao/server/src/casefile/strapi/sources';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let otherClerk: TestUser;
let mediator: TestUser;
let leader: TestUser;
let supervisor: TestUser;
let otherCountyClerk: TestUser;
let requiredType: string;
let optionalType: string;
let png: Buffer;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), crypto.randomBytes(200)]);
const ATT = 'plugin::fangtiao.attachment';

const tmp = (name: string, bytes: Buffer) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ft-attc-')), name);
  fs.writeFileSync(file, bytes);
  return file;
};
const privateDir = () =>
  path.join(path.resolve(strapi.dirs.app.root, process.env.FANGTIAO_PRIVATE_DIR || 'database/data/private'), 'attachments');
const storedFiles = () => (fs.existsSync(privateDir()) ? fs.readdirSync(privateDir()).sort() : []);
const counts = async () => [
  await strapi.db.query('api::petition.petition').count({}),
  await strapi.db.query(ATT as any).count({}),
  storedFiles(),
];
const pdf = (tag: string) => Buffer.concat([PDF, Buffer.from(`% ${tag}\n`)]);

function post(who: TestUser, url: string, fields: Record<string, string>, files: [string, string, Buffer][]) {
  let req = request(strapi.server.httpServer).post(url).set('Authorization', `Bearer ${who.jwt}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [part, name, bytes] of files)
    req = req.attach(part, tmp(name, bytes), { filename: name, contentType: 'application/octet-stream' });
  return req;
}
const upload = (who: TestUser, ownerKind: string, owner: string, files: [string, Buffer][], field?: string) =>
  post(
    who,
    '/api/attachments',
    { ownerKind, owner, ...(field ? { field } : {}) },
    files.map(([n, b]) => ['files', n, b]),
  );
const register = (who: TestUser, data: Record<string, unknown>, files: [string, string, Buffer][]) =>
  post(who, '/api/petitions', { data: JSON.stringify(petitionInput(orgs.get('990102002')!, data).data) }, files);
const withdraw = (who: TestUser, id: string, reason?: string) =>
  api(strapi, who).post(`/api/attachments/${id}/withdraw`, { data: reason === undefined ? {} : { reason } });
const replace = (who: TestUser, id: string, files: [string, Buffer][]) =>
  post(
    who,
    `/api/attachments/${id}/replace`,
    {},
    files.map(([n, b]) => ['files', n, b]),
  );
const caseList = async (petition: string) => (await api(strapi, clerk).get(`/api/petitions/${petition}/attachments`)).body.data as any[];
const auditOf = (action: string, documentId: string) =>
  strapi.db.query('api::audit-entry.audit-entry').findMany({ where: { action, targetDocumentId: documentId } });

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  otherClerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  leader = await makeUser(strapi, 'leader', '990102', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3050c0' } })
    .png()
    .toBuffer();
  const admin = await adminSession(strapi);
  const required = await admin.post(CM_CASE_TYPES, {
    name: '合同纠纷（须附合同）',
    code: 'contract-evidence',
    formSchema: {
      fields: [
        { key: 'contract', label: '合同文本', type: 'attachment', required: true },
        { key: 'sitePhotos', label: '现场照片', type: 'attachment' },
        { key: 'note', label: '备注', type: 'text' },
      ],
    },
  });
  expect(required.status).toBe(201);
  requiredType = required.body.data.documentId;
  const optional = await admin.post(CM_CASE_TYPES, {
    name: '相邻纠纷（附件可选）',
    code: 'neighbour-evidence',
    formSchema: { fields: [{ key: 'sitePhotos', label: '现场照片', type: 'attachment' }] },
  });
  expect(optional.status).toBe(201);
  optionalType = optional.body.data.documentId;
});
afterAll(stopStrapi);

describe('registering a case whose type requires a 附件 field', () => {
  test('the clerk registers with the contract in the same request: one case, the file on its field, the form holding its id', async () => {
    const res = await register(clerk, { subject: '买卖合同纠纷', caseType: requiredType, formData: { note: '见合同' } }, [
      ['files.contract', '购销合同.pdf', pdf('contract')],
    ]);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    const id = res.body.data.documentId;
    const files = (await api(strapi, clerk).get(`/api/attachments?ownerKind=form-field&owner=${id}&field=contract`)).body.data;
    expect(files).toEqual([expect.objectContaining({ name: '购销合同.pdf', mime: 'application/pdf', field: 'contract', version: 1 })]);
    const form = await api(strapi, clerk).get(`/api/petitions/${id}/form`);
    expect(form.body.data.data).toMatchObject({ contract: [files[0].documentId], note: '见合同' });
  });

  test('without the file, or with an id typed in by the client, the registration is a 400 naming the field, and nothing is left', async () => {
    const before = await counts();
    const none = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { caseType: requiredType }));
    expect(none.status).toBe(400);
    expect(none.body.error.details.errors.map((e: any) => e.path)).toContainEqual(['formData', 'contract']);
    const typed = await api(strapi, clerk).post(
      '/api/petitions',
      petitionInput(orgs.get('990102002')!, { caseType: requiredType, formData: { contract: ['someone-elses-file'] } }),
    );
    expect(typed.status).toBe(400);
    expect(typed.body.error.details.errors.map((e: any) => e.path)).toContainEqual(['formData', 'contract']);
    const wrongField = await register(clerk, { caseType: requiredType }, [
      ['files.contract', 'a.pdf', pdf('a')],
      ['files.note', 'b.pdf', pdf('b')],
    ]);
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details.errors[0].path).toEqual(['files', 'note']);
    expect(await counts()).toEqual(before);
  });

  test('a registration that fails on its second field (a good contract stored, then a program as a photo) leaves no case, no row and no file', async () => {
    const before = await counts();
    const res = await register(clerk, { subject: '合同纠纷', caseType: requiredType }, [
      ['files.contract', '合同.pdf', pdf('rollback')],
      ['files.sitePhotos', '照片.jpg', EXE],
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['sitePhotos', '0']);
    expect(await counts()).toEqual(before);
  });
});

describe('withdrawing and replacing (撤回、替换)', () => {
  let petition: string;
  let pdfId: string;
  let photoId: string;
  beforeAll(async () => {
    petition = (
      await petitionIn(strapi, 'in_mediation', { clerk, mediator, organisation: orgs.get('990102002')!, input: { caseType: optionalType } })
    ).id;
    const res = await upload(mediator, 'petition', petition, [
      ['调查笔录.pdf', pdf('notes')],
      ['现场.png', png],
    ]);
    expect(res.status).toBe(201);
    [pdfId, photoId] = res.body.data.map((a: any) => a.documentId);
  });

  test("another county's clerk gets 404; a clerk who does not handle the case 403; a supervisor 403; without a reason 400", async () => {
    expect((await withdraw(otherCountyClerk, pdfId, '误传')).status).toBe(404);
    expect((await replace(otherCountyClerk, pdfId, [['x.pdf', pdf('x')]])).status).toBe(404);
    expect((await withdraw(otherClerk, pdfId, '误传')).status).toBe(403);
    expect((await withdraw(leader, pdfId, '误传')).status).toBe(403); // not this case's leader
    expect((await withdraw(supervisor, pdfId, '误传')).status).toBe(403);
    const blank = await withdraw(mediator, pdfId, '  ');
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.errors[0]).toMatchObject({ path: ['reason'], message: '请填写撤回原因' });
    expect((await withdraw(mediator, pdfId)).status).toBe(400);
    expect((await caseList(petition)).map((a) => a.documentId)).toEqual([pdfId, photoId]);
  });

  test('the mediator withdraws a file with a reason: gone from the lists and the case file, kept with who and why, audited; a second withdrawal is 409', async () => {
    const filesBefore = storedFiles();
    const res = await withdraw(mediator, pdfId, '上传错了案件');
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect(res.body.data).toMatchObject({
      documentId: pdfId,
      withdrawalReason: '上传错了案件',
      withdrawnAt: expect.any(String),
      withdrawnBy: { username: mediator.username },
    });
    expect((await caseList(petition)).map((a) => a.documentId)).toEqual([photoId]);
    expect(
      (await api(strapi, clerk).get(`/api/attachments?ownerKind=petition&owner=${petition}`)).body.data.map((a: any) => a.documentId),
    ).toEqual([photoId]);
    const row = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: petition }, select: ['id'] });
    expect((await attachmentsSource.collect(strapi, row as any)).map((i) => i.name)).toEqual(['现场.png']);
    expect(storedFiles()).toEqual(filesBefore); // the bytes are kept
    const versions = await api(strapi, supervisor).get(`/api/attachments/${pdfId}/versions`);
    expect(versions.body.data).toEqual([expect.objectContaining({ documentId: pdfId, withdrawalReason: '上传错了案件' })]);
    expect(await auditOf('withdraw-attachment', pdfId)).toEqual([
      expect.objectContaining({ actorId: mediator.id, detail: expect.objectContaining({ reason: '上传错了案件', name: '调查笔录.pdf' }) }),
    ]);
    expect((await withdraw(mediator, pdfId, '再撤一次')).status).toBe(409);
    expect((await replace(mediator, pdfId, [['新.pdf', pdf('new')]])).status).toBe(409);
  });

  test('the handling clerk replaces a photo: version 2 in the list, both in the version list, the old one superseded and audited; the old one cannot be replaced again', async () => {
    expect(
      (
        await replace(clerk, photoId, [
          ['a.png', png],
          ['b.png', png],
        ])
      ).status,
    ).toBe(400);
    const newer = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#30a050' } })
      .png()
      .toBuffer();
    const res = await replace(clerk, photoId, [['现场（清晰）.png', newer]]);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    const v2 = res.body.data;
    expect(v2).toMatchObject({ name: '现场（清晰）.png', version: 2, chain: photoId, ownerKind: 'petition' });
    expect((await caseList(petition)).map((a) => [a.documentId, a.version])).toEqual([[v2.documentId, 2]]);
    const versions = (await api(strapi, clerk).get(`/api/attachments/${v2.documentId}/versions`)).body.data;
    expect(versions.map((v: any) => [v.documentId, v.version, v.supersededBy ?? null])).toEqual([
      [photoId, 1, v2.documentId],
      [v2.documentId, 2, null],
    ]);
    expect(await auditOf('replace-attachment', photoId)).toEqual([
      expect.objectContaining({ actorId: clerk.id, detail: expect.objectContaining({ by: v2.documentId, version: 2 }) }),
    ]);
    expect((await replace(clerk, photoId, [['again.png', png]])).status).toBe(409);
    const row = await strapi.db.query('api::petition.petition').findOne({ where: { documentId: petition }, select: ['id'] });
    expect((await attachmentsSource.collect(strapi, row as any)).map((i) => i.title)).toEqual([
      '案件材料：现场.png（第1版，已替换）',
      '案件材料：现场（清晰）.png（第2版）',
    ]);
  });

  test('a withdrawal and a replacement of the same file at once: one wins, the other is a 409, and one version is current', async () => {
    const id = (await upload(mediator, 'petition', petition, [['同时.pdf', pdf('race')]])).body.data[0].documentId;
    const [w, r] = await Promise.all([withdraw(mediator, id, '同时撤回'), replace(clerk, id, [['同时（新）.pdf', pdf('race-new')]])]);
    expect([w.status, r.status].sort()).toEqual(w.status === 200 ? [200, 409] : [201, 409]);
    const versions = (await api(strapi, clerk).get(`/api/attachments/${id}/versions`)).body.data;
    expect(versions.filter((v: any) => !v.withdrawnAt && !v.supersededBy)).toHaveLength(w.status === 200 ? 0 : 1);
  });

  test("a form field's value follows its file: a replaced id becomes the new version's, a withdrawn one leaves the form", async () => {
    const res = await upload(
      mediator,
      'form-field',
      petition,
      [
        ['一.png', png],
        ['二.pdf', pdf('two')],
      ],
      'sitePhotos',
    );
    const [one, two] = res.body.data.map((a: any) => a.documentId);
    expect((await api(strapi, mediator).put(`/api/petitions/${petition}/form`, { data: { sitePhotos: [one, two] } })).status).toBe(200);
    const next = (await replace(mediator, one, [['一（新）.png', png]])).body.data.documentId;
    expect((await withdraw(mediator, two, '重复')).status).toBe(200);
    expect((await api(strapi, clerk).get(`/api/petitions/${petition}/form`)).body.data.data.sitePhotos).toEqual([next]);
  });
});

describe("the person's own material and a closed case", () => {
  test('staff may not withdraw or replace what the person sent from /p/ (409), only mark it, audited', async () => {
    const petition = (await petitionIn(strapi, 'accepted', { clerk, organisation: orgs.get('990102002')! })).id;
    const file = tmp('收据.pdf', pdf('receipt'));
    const sent = await strapi
      .plugin('fangtiao')
      .service('attachment')
      .upload('petition', petition, null, [{ filepath: file, originalFilename: '收据.pdf', size: fs.statSync(file).size }], {
        publicActor: '手机139****0001',
      });
    const id = sent.rows[0].documentId;
    const res = await withdraw(clerk, id, '与本案无关');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('只能标注');
    expect((await replace(clerk, id, [['x.pdf', pdf('x')]])).status).toBe(409);
    expect((await api(strapi, clerk).post(`/api/attachments/${id}/mark`, { data: {} })).status).toBe(400);
    const marked = await api(strapi, clerk).post(`/api/attachments/${id}/mark`, { data: { note: '与本案无关，仅作留存' } });
    expect([marked.status, marked.body.data?.markNote]).toEqual([200, '与本案无关，仅作留存']);
    expect((await caseList(petition)).map((a) => [a.documentId, a.markNote])).toEqual([[id, '与本案无关，仅作留存']]);
    expect(await auditOf('mark-attachment', id)).toHaveLength(1);
  });

  test('once the case is closed (结案归档) its files can be neither withdrawn nor replaced (409)', async () => {
    const parties = [
      {
        name: '赵六',
        idNumber: idNumber('990102', '19800101', '882'),
        phone: '13912349982',
        mediationConsent: true,
        consentWay: 'written',
      },
    ];
    const { petition } = await petitionIn(strapi, 'concluded', {
      clerk,
      mediator,
      organisation: orgs.get('990102002')!,
      input: { parties },
    });
    const id = (await upload(clerk, 'petition', petition.documentId, [['结案材料.pdf', pdf('closed')]])).body.data[0].documentId;
    expect(
      (
        await api(strapi, clerk).post(`/api/petitions/${petition.documentId}/return-visit`, {
          data: { result: 'satisfied', comment: '满意' },
        })
      ).status,
    ).toBe(200);
    expect((await api(strapi, clerk).post(`/api/petitions/${petition.documentId}/transition`, { action: 'close' })).body.data.state).toBe(
      'closed',
    );
    const res = await withdraw(clerk, id, '归档后发现重复');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('归档');
    expect((await replace(clerk, id, [['x.pdf', pdf('y')]])).status).toBe(409);
    expect((await caseList(petition.documentId)).map((a) => a.documentId)).toEqual([id]);
  });
});

describe('signed scans of issued documents (签署件)', () => {
  test('the scan of the version in force cannot be withdrawn (409); once a new version supersedes it, the handler withdraws it with a reason, kept and audited; a replaced scan is kept too', async () => {
    const parties = [
      {
        name: '钱七',
        idNumber: idNumber('990102', '19800101', '892'),
        phone: '13912349892',
        mediationConsent: true,
        consentWay: 'written',
      },
      { name: '孙八', role: 'respondent', address: '新桥村1组', mediationConsent: true, consentWay: 'written' },
    ];
    const { petition } = await petitionIn(strapi, 'concluded', {
      clerk,
      mediator,
      organisation: orgs.get('990102002')!,
      input: { parties },
    });
    const issue = async () =>
      (await api(strapi, mediator).post(`/api/petitions/${petition.documentId}/documents/mediation-agreement`, {})).body.data
        .documentId as string;
    const v1 = await issue();
    await attachSignedScan(strapi, mediator, v1);
    const scanWithdraw = (who: TestUser, id: string, reason?: string) =>
      api(strapi, who).post(`/api/documents/${id}/signed-scan/withdraw`, { data: reason ? { reason } : {} });
    const inForce = await scanWithdraw(mediator, v1, '扫描错了');
    expect(inForce.status).toBe(409);
    expect(inForce.body.error.message).toContain('现行版本');
    expect((await scanWithdraw(otherCountyClerk, v1, '扫描错了')).status).toBe(404);
    const v2 = await issue();
    expect((await scanWithdraw(otherClerk, v1, '扫描错了')).status).toBe(403);
    expect((await scanWithdraw(mediator, v1)).status).toBe(400);
    const res = await scanWithdraw(mediator, v1, '签署件应属第2版');
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect((await api(strapi, clerk).get(`/api/documents/${v1}/signed-scan`)).status).toBe(404);
    const row: any = await strapi.db.query('plugin::fangtiao.generated-document' as any).findOne({ where: { documentId: v1 } });
    expect(row.earlierScans).toEqual([expect.objectContaining({ reason: '签署件应属第2版', by: mediator.id })]);
    expect(fs.existsSync(path.join(privateDir(), '..', row.earlierScans[0].key))).toBe(true);
    expect(await auditOf('withdraw-signed-scan', v1)).toEqual([
      expect.objectContaining({ actorId: mediator.id, detail: expect.objectContaining({ reason: '签署件应属第2版', version: 1 }) }),
    ]);
    // Uploading again on the version in force replaces its scan and keeps the earlier one.
    await attachSignedScan(strapi, clerk, v2);
    await attachSignedScan(strapi, clerk, v2);
    const two: any = await strapi.db.query('plugin::fangtiao.generated-document' as any).findOne({ where: { documentId: v2 } });
    expect(two.earlierScans).toHaveLength(1);
    expect(fs.existsSync(path.join(privateDir(), '..', two.earlierScans[0].key))).toBe(true);
    expect(two.earlierScans[0].key).not.toBe(two.signedScanKey);
  });
});
