/**
 * Attachments and evidence (附件与证据): files on a form field, a mediation session, a visit and
 * the case, kept in private storage, read only in the case's jurisdiction, refused by their first
 * bytes (not their name), and the petitioner's own material from /p/.
 */
import type { Core } from '@strapi/strapi';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import request from 'supertest';
import sharp from 'sharp';
import { startStrapi, stopStrapi } from '../helpers/strapi';
import { adminSession, api, CM_CASE_TYPES, idNumber, makeUser, organisations, petitionInput, type TestUser } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { binary } from '../helpers/pdf';

let strapi: Core.Strapi;
let orgs: Map<string, string>;
let clerk: TestUser;
let mediator: TestUser;
let otherMediator: TestUser;
let supervisor: TestUser;
let otherCountyClerk: TestUser;
let caseType: string;
let petition: string;
let png: Buffer;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), crypto.randomBytes(200)]);
const PHONE = '13912349901';

const tmp = (name: string, bytes: Buffer) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ft-att-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const privateDir = () =>
  path.join(path.resolve(strapi.dirs.app.root, process.env.FANGTIAO_PRIVATE_DIR || 'database/data/private'), 'attachments');
const storedFiles = () => (fs.existsSync(privateDir()) ? fs.readdirSync(privateDir()).sort() : []);
const rows = () => strapi.db.query('plugin::fangtiao.attachment' as any).count({});

/** POST /api/attachments as `who`, with files [name, bytes, claimed type]. */
function upload(who: TestUser, fields: Record<string, string>, files: [string, Buffer, string?][]) {
  let req = request(strapi.server.httpServer).post('/api/attachments').set('Authorization', `Bearer ${who.jwt}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [name, bytes, type] of files)
    req = req.attach('files', tmp(name, bytes), { filename: name, contentType: type ?? 'application/octet-stream' });
  return req;
}

async function rawGet(rawPath: string, headers: Record<string, string> = {}): Promise<number> {
  const server = http.createServer(strapi.server.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
}

beforeAll(async () => {
  strapi = await startStrapi();
  orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherMediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  supervisor = await makeUser(strapi, 'supervisor', '990102', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c03030' } })
    .png()
    .toBuffer();
  const admin = await adminSession(strapi);
  const type = await admin.post(CM_CASE_TYPES, {
    name: '宅基地纠纷（附件）',
    code: 'homestead-evidence',
    formSchema: {
      fields: [
        { key: 'sitePhotos', label: '现场照片', type: 'attachment' },
        { key: 'note', label: '备注', type: 'text' },
      ],
    },
  });
  expect(type.status).toBe(201);
  caseType = type.body.data.documentId;
  const parties = [
    { name: '王五', idNumber: idNumber('990102', '19800101', '771'), phone: PHONE, mediationConsent: true, consentWay: 'written' },
  ];
  petition = (
    await petitionIn(strapi, 'in_mediation', { clerk, mediator, organisation: orgs.get('990102002')!, input: { caseType, parties } })
  ).id;
});
afterAll(stopStrapi);

describe('on the desk', () => {
  let photoId: string;

  test('the mediator attaches a photo and a PDF to a form field: stored privately with size and SHA-256, the photo with a thumbnail; the form saves them', async () => {
    const res = await upload(mediator, { ownerKind: 'form-field', owner: petition, field: 'sitePhotos' }, [
      ['现场.png', png, 'image/png'],
      ['../../勘验笔录.pdf', PDF, 'application/pdf'],
    ]);
    expect(res.status).toBe(201);
    const [photo, pdf] = res.body.data;
    expect(photo).toMatchObject({
      name: '现场.png',
      mime: 'image/png',
      size: png.length,
      sha256: crypto.createHash('sha256').update(png).digest('hex'),
      hasThumbnail: true,
      field: 'sitePhotos',
      source: 'desk',
    });
    expect(pdf).toMatchObject({ name: '勘验笔录.pdf', mime: 'application/pdf', hasThumbnail: false });
    expect(photo).not.toHaveProperty('fileKey');
    photoId = photo.documentId;
    const thumb = await binary(api(strapi, clerk).get(`/api/attachments/${photoId}/thumbnail`));
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(thumb.body).metadata()).width).toBe(320);
    const file = await binary(api(strapi, clerk).get(`/api/attachments/${photoId}/download`));
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body, png)).toBe(0);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findMany({ where: { action: 'download-attachment', targetDocumentId: photoId } });
    expect(audit).toHaveLength(1);
    const form = await api(strapi, mediator).put(`/api/petitions/${petition}/form`, { data: { sitePhotos: [photoId, pdf.documentId] } });
    expect(form.status).toBe(200);
    expect(form.body.data.data.sitePhotos).toEqual([photoId, pdf.documentId]);
  });

  test('a form field naming an attachment of another field or case is a 400 naming the field', async () => {
    const other = await upload(mediator, { ownerKind: 'petition', owner: petition }, [['other.pdf', PDF]]);
    expect(other.status).toBe(201);
    const res = await api(strapi, mediator).put(`/api/petitions/${petition}/form`, {
      data: { sitePhotos: [other.body.data[0].documentId] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['formData', 'sitePhotos']);
    const notAField = await upload(mediator, { ownerKind: 'form-field', owner: petition, field: 'note' }, [['x.pdf', PDF]]);
    expect(notAField.status).toBe(400);
    expect(notAField.body.error.details.errors[0].path).toEqual(['field']);
  });

  test('the mediator attaches a photo to a session and the clerk a scan to a visit; the case lists them with what they belong to', async () => {
    const s = await api(strapi, mediator).post(`/api/petitions/${petition}/sessions`, {
      data: { heldAt: '2026-11-02T02:00:00Z', participants: '王五、李四', summary: '双方同意再谈' },
    });
    expect(s.status).toBe(201);
    const v = await api(strapi, clerk).post(`/api/petitions/${petition}/visits`, {
      data: { visitedAt: '2026-11-03T02:00:00Z', channel: 'visit', level: 'township', headcount: 1 },
    });
    expect(v.status).toBe(201);
    expect(
      (await upload(mediator, { ownerKind: 'session', owner: s.body.data.documentId }, [['调解现场.png', png, 'image/png']])).status,
    ).toBe(201);
    expect((await upload(clerk, { ownerKind: 'visit', owner: v.body.data.documentId }, [['来访登记.pdf', PDF]])).status).toBe(201);
    const onSession = await api(strapi, clerk).get(`/api/attachments?ownerKind=session&owner=${s.body.data.documentId}`);
    expect(onSession.body.data.map((a: any) => a.name)).toEqual(['调解现场.png']);
    const all = await api(strapi, clerk).get(`/api/petitions/${petition}/attachments`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((a: any) => a.ownerKind)).toEqual(['form-field', 'form-field', 'petition', 'session', 'visit']);
    expect(all.body.data[0]).not.toHaveProperty('path');
    // The case was registered as a 来访: its registration visit is a visit one may attach to as well.
    expect(all.body.meta.owners.map((o: any) => o.kind)).toEqual(['petition', 'session', 'visit', 'visit']);
    const forCaseFile = await strapi.plugin('fangtiao').service('attachment').listForCase(petition);
    expect(forCaseFile).toHaveLength(5);
    expect(fs.existsSync(forCaseFile[0].path)).toBe(true);
    expect(forCaseFile[0].path.startsWith(privateDir())).toBe(true);
  });

  test('a .exe renamed .pdf is a 400 naming the field and the file; a file over 10 MB too; nothing is stored', async () => {
    const before = [await rows(), storedFiles()];
    const exe = await upload(clerk, { ownerKind: 'petition', owner: petition }, [['证据.pdf', EXE, 'application/pdf']]);
    expect(exe.status).toBe(400);
    expect(exe.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['files', '0'], message: expect.stringContaining('证据.pdf') }),
    ]);
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const over = await upload(clerk, { ownerKind: 'form-field', owner: petition, field: 'sitePhotos' }, [
      ['大文件.pdf', big, 'application/pdf'],
    ]);
    expect(over.status).toBe(400);
    expect(over.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['sitePhotos', '0'], message: expect.stringContaining('10MB') }),
    ]);
    expect([await rows(), storedFiles()]).toEqual(before);
  });

  test('an upload that fails half-way (a good photo, then a broken JPEG) leaves no file and no row behind', async () => {
    const before = [await rows(), storedFiles()];
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
    const res = await upload(clerk, { ownerKind: 'petition', owner: petition }, [
      ['好照片.png', png, 'image/png'],
      ['坏照片.jpg', broken, 'image/jpeg'],
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['files', '1']);
    expect([await rows(), storedFiles()]).toEqual(before);
  });

  test("a hearing's files belong to its case: the clerk attaches the minutes' scan; another county's clerk gets 404; a hearing without a case has no files", async () => {
    const hearing = await strapi.db.query('plugin::fangtiao.hearing' as any).create({
      data: {
        kind: 'tripartite_review',
        title: '三方会审',
        start: new Date('2026-11-05T01:00:00Z'),
        end: new Date('2026-11-05T02:00:00Z'),
        participants: [],
        petition: (await strapi.db.query('api::petition.petition').findOne({ where: { documentId: petition } })).id,
      },
    });
    const res = await upload(clerk, { ownerKind: 'hearing', owner: hearing.documentId }, [['会审笔录.pdf', PDF]]);
    expect(res.status).toBe(201);
    expect(res.body.data[0]).toMatchObject({ ownerKind: 'hearing', ownerDocumentId: hearing.documentId });
    const owners = (await api(strapi, clerk).get(`/api/petitions/${petition}/attachments`)).body.meta.owners;
    expect(owners.find((o: any) => o.kind === 'hearing')).toMatchObject({
      documentId: hearing.documentId,
      label: expect.stringContaining('三方会审'),
    });
    expect((await upload(otherCountyClerk, { ownerKind: 'hearing', owner: hearing.documentId }, [['x.pdf', PDF]])).status).toBe(404);
    const consultation = await strapi.db.query('plugin::fangtiao.hearing' as any).create({
      data: {
        kind: 'tripartite_review',
        title: '联席会商',
        start: new Date('2026-11-06T01:00:00Z'),
        end: new Date('2026-11-06T02:00:00Z'),
        participants: [],
      },
    });
    expect((await upload(clerk, { ownerKind: 'hearing', owner: consultation.documentId }, [['x.pdf', PDF]])).status).toBe(404);
  });

  test("another county's clerk gets 404 for the case's attachments, uploads and downloads; path tricks find nothing", async () => {
    const all = (await api(strapi, clerk).get(`/api/petitions/${petition}/attachments`)).body.data;
    const id = all[0].documentId;
    expect((await api(strapi, otherCountyClerk).get(`/api/petitions/${petition}/attachments`)).status).toBe(404);
    expect((await api(strapi, otherCountyClerk).get(`/api/attachments/${id}/download`)).status).toBe(404);
    expect((await api(strapi, otherCountyClerk).get(`/api/attachments/${id}/thumbnail`)).status).toBe(404);
    expect((await api(strapi, otherCountyClerk).get(`/api/attachments?ownerKind=petition&owner=${petition}`)).status).toBe(404);
    expect((await upload(otherCountyClerk, { ownerKind: 'petition', owner: petition }, [['x.pdf', PDF]])).status).toBe(404);
    const stored = storedFiles()[0];
    const auth = { Authorization: `Bearer ${clerk.jwt}` };
    for (const p of [
      `/api/attachments/..%2F..%2F${stored}/download`,
      `/api/attachments/${encodeURIComponent(`../attachments/${stored}`)}/download`,
      `/attachments/${stored}`,
      `/uploads/../database/data/private/attachments/${stored}`,
      `/database/data/private/attachments/${stored}`,
    ]) {
      expect([p, await rawGet(p, auth)]).toEqual([p, 404]);
    }
  });

  test('a supervisor (who reads personal data masked) lists and downloads in the jurisdiction, audited, but cannot upload; a mediator not on the case cannot upload', async () => {
    const list = await api(strapi, supervisor).get(`/api/petitions/${petition}/attachments`);
    expect([list.status, list.body.error]).toEqual([200, undefined]);
    const all = list.body.data;
    expect(all.length).toBe(6);
    expect((await api(strapi, supervisor).get(`/api/attachments/${all[0].documentId}/download`)).status).toBe(200);
    const audit = await strapi.db
      .query('api::audit-entry.audit-entry')
      .findMany({ where: { action: 'download-attachment', targetDocumentId: all[0].documentId } });
    expect(audit.some((a: any) => a.actorId === supervisor.id && a.role === 'supervisor')).toBe(true);
    // A refused upload leaves no temporary copy behind, whatever its field is called (Strapi removes
    // only a field named `files`); the bytes are unique to this test.
    const marked = Buffer.concat([PDF, Buffer.from(`refused-${crypto.randomUUID()}`)]);
    const refused = await request(strapi.server.httpServer)
      .post('/api/attachments')
      .set('Authorization', `Bearer ${supervisor.jwt}`)
      .field('ownerKind', 'petition')
      .field('owner', petition)
      .attach('file', tmp('x.pdf', marked), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(refused.status).toBe(403);
    const leftovers = fs
      .readdirSync(os.tmpdir())
      .map((n) => path.join(os.tmpdir(), n))
      .filter((f) => {
        try {
          const st = fs.statSync(f);
          return st.isFile() && st.size === marked.length && fs.readFileSync(f).equals(marked);
        } catch {
          return false;
        }
      });
    expect(leftovers).toEqual([]);
    // Each route keeps its own permission (a shared route config once gave every route the first one's).
    expect((await upload(supervisor, { ownerKind: 'petition', owner: petition }, [['x.pdf', PDF]])).status).toBe(403);
    expect(
      (
        await api(strapi, supervisor).post(`/api/petitions/${petition}/info-requests`, {
          data: { message: '请补充', replyBy: '2099-01-01' },
        })
      ).status,
    ).toBe(403);
    expect((await upload(otherMediator, { ownerKind: 'petition', owner: petition }, [['x.pdf', PDF]])).status).toBe(403);
  });
});

describe("on the petitioner's page (/p/)", () => {
  const person = () => request.agent(strapi.server.httpServer);
  async function login(phone: string) {
    const agent = person();
    expect((await agent.post('/api/p/otp').send({ phone })).status).toBe(200);
    const row = await strapi.db.connection('fangtiao_sms_log').where({ to_phone: phone, template: 'otp' }).orderBy('id', 'desc').first();
    expect((await agent.post('/api/p/login').send({ phone, code: JSON.parse(row.params).code })).status).toBe(200);
    return agent;
  }
  let ref: string;
  beforeAll(async () => {
    ref = (await api(strapi, clerk).get(`/api/petitions/${petition}`)).body.data.referenceNo;
  });

  test('the person adds material to their case; the desk sees it as theirs; another case is a 404 and an .exe a 400', async () => {
    const agent = await login(PHONE);
    const res = await agent
      .post(`/api/p/cases/${ref}/attachments`)
      .attach('files', tmp('收据.png', png), { filename: '收据.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual([expect.objectContaining({ name: '收据.png', mime: 'image/png' })]);
    expect((await agent.get(`/api/p/cases/${ref}/attachments`)).body.data.map((a: any) => a.name)).toEqual(['收据.png']);
    const onDesk = (await api(strapi, clerk).get(`/api/petitions/${petition}/attachments`)).body.data.find(
      (a: any) => a.source === 'public',
    );
    expect(onDesk).toMatchObject({ name: '收据.png', ownerKind: 'petition', publicActor: expect.stringContaining('手机') });
    // The clerk handling the case hears of it in the inbox.
    const inbox = (await api(strapi, clerk).get('/api/notifications')).body.data.filter(
      (n: any) => n.kind === 'petitioner-action' && n.title.includes(ref),
    );
    expect(inbox).toEqual([expect.objectContaining({ title: expect.stringContaining('补充了材料') })]);
    const other = await api(strapi, clerk).post('/api/petitions', petitionInput(orgs.get('990102002')!, { subject: '别人的案件' }));
    expect((await agent.post(`/api/p/cases/${other.body.data.referenceNo}/attachments`).attach('files', tmp('a.pdf', PDF))).status).toBe(
      404,
    );
    const exe = await agent
      .post(`/api/p/cases/${ref}/attachments`)
      .attach('files', tmp('材料.pdf', EXE), { filename: '材料.pdf', contentType: 'application/pdf' });
    expect(exe.status).toBe(400);
    expect(exe.body.error.details.errors[0].path).toEqual(['files', '0']);
    expect((await person().post(`/api/p/cases/${ref}/attachments`).attach('files', tmp('a.pdf', PDF))).status).toBe(401);
  });

  test('uploads from one phone are limited per hour (429), whatever the case', async () => {
    const agent = await login(PHONE);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push((await agent.post(`/api/p/cases/${ref}/attachments`).attach('files', tmp('b.pdf', PDF))).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(9);
  });
});

test('a signed scan that is a program renamed .pdf is a 400 naming the file field', async () => {
  const parties = [
    { name: '赵六', idNumber: idNumber('990102', '19800101', '772'), phone: '13912349902', mediationConsent: true, consentWay: 'written' },
    { name: '李四', role: 'respondent', address: '新桥村1组', mediationConsent: true, consentWay: 'written' },
  ];
  const { petition: concluded } = await petitionIn(strapi, 'concluded', {
    clerk,
    mediator,
    organisation: orgs.get('990102002')!,
    input: { parties },
  });
  const doc = await api(strapi, mediator).post(`/api/petitions/${concluded.documentId}/documents/mediation-agreement`, {});
  expect([doc.status, doc.body.error]).toEqual([201, undefined]);
  const res = await request(strapi.server.httpServer)
    .post(`/api/documents/${doc.body.data.documentId}/signed-scan`)
    .set('Authorization', `Bearer ${clerk.jwt}`)
    .attach('file', tmp('签署件.pdf', EXE), { contentType: 'application/pdf' });
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors[0].path).toEqual(['file']);
});
