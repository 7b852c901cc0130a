/**
 * Exports that survive a crash, and documents that moved out of public/uploads. The crash is
 * real: the app runs in a child process (`strapi start` on this file's database), is killed
 * with SIGKILL in the middle of a 160-document export, and started again.
 */
import type { Core } from '@strapi/strapi';
import type { ChildProcess } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { releaseStrapi, startStrapi, stopStrapi } from '../helpers/strapi';
import { exited, startApp } from '../helpers/cluster';
import { binary, zipEntries } from '../helpers/pdf';
import { api, makeUser, organisations, petitionInput, type TestUser, CONSENTS } from '../helpers/fixtures';
import { petitionIn } from '../helpers/case-state';
import { migrateToPrivateStorage } from '../../plugins/fangtiao/server/src/documents/strapi/storage-migration';

const DOC = 'plugin::fangtiao.generated-document';
const EXPORT = 'plugin::fangtiao.document-export';
const RUN = 'plugin::fangtiao.job-run';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let strapi: Core.Strapi;
let clerk: TestUser;
let otherCountyClerk: TestUser;
let petitionId: string;
let agreement: any;
const children: ChildProcess[] = [];
const privateDir = () => process.env.FANGTIAO_PRIVATE_DIR!;
const tmpFiles = () =>
  fs
    .readdirSync(path.join(privateDir(), 'tmp'), { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);

beforeAll(async () => {
  strapi = await startStrapi();
  const orgs = await organisations(strapi);
  clerk = await makeUser(strapi, 'clerk', '990102', orgs);
  const mediator = await makeUser(strapi, 'mediator', '990102002', orgs);
  otherCountyClerk = await makeUser(strapi, 'clerk', '990103', orgs);
  const input = petitionInput(orgs.get('990102002')!).data;
  input.parties.push({ name: '李四', role: 'respondent', address: '新桥村1组', ...CONSENTS } as any);
  petitionId = (await petitionIn(strapi, 'concluded', { clerk, mediator, organisation: orgs.get('990102002')!, input })).id;
  const issued = await api(strapi, mediator).post(`/api/petitions/${petitionId}/documents/mediation-agreement`);
  expect(issued.status).toBe(201);
  agreement = await strapi.db
    .query(DOC)
    .findOne({ where: { documentId: issued.body.data.documentId }, populate: { petition: true, organisation: true } });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await stopStrapi();
}, 60_000);

/** Another version of the agreement row, pointing at the same stored PDF (rendering 160 PDFs would only slow the test). */
async function copyOfAgreement(version: number, extra: Record<string, unknown> = {}) {
  return strapi.documents(DOC as any).create({
    data: {
      kind: agreement.kind,
      title: agreement.title,
      subjectKey: agreement.subjectKey,
      version,
      sha256: agreement.sha256,
      verificationCode: crypto.randomBytes(5).toString('hex').toUpperCase(),
      issuedAt: new Date(),
      petition: petitionId,
      organisation: agreement.organisation.documentId,
      fileKey: agreement.fileKey,
      ...extra,
    } as any,
  });
}

async function waitForExport(id: string, user: TestUser, until: (s: any) => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  let s: any;
  while (Date.now() < end) {
    s = (await api(strapi, user).get(`/api/document-exports/${id}`)).body.data;
    if (until(s)) return s;
    await sleep(100);
  }
  throw new Error(`export ${id} stuck at ${JSON.stringify(s)}`);
}

test('a document an earlier version kept in the media library moves to private storage at start, once', async () => {
  const legacyPdf = path.join(privateDir(), 'legacy-upload.pdf');
  const bytes = await strapi.plugin('fangtiao').service('document').fileBytes(agreement);
  fs.writeFileSync(legacyPdf, bytes);
  const [file] = await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'ftdoc-LEGACY.pdf' } },
      files: { filepath: legacyPdf, originalFilename: 'ftdoc-LEGACY.pdf', mimetype: 'application/pdf', size: bytes.length },
    });
  const publicFile = path.join(strapi.dirs.static.public, file.url);
  expect(fs.existsSync(publicFile)).toBe(true);
  const legacy: any = await copyOfAgreement(900, { fileKey: null, verificationCode: 'LEGACY0001' });
  await strapi.db
    .connection('files_related_mph')
    .insert({ file_id: file.id, related_id: legacy.id, related_type: DOC, field: 'file', order: 1 });

  expect(await migrateToPrivateStorage(strapi)).toBe(1);
  expect(fs.existsSync(publicFile)).toBe(false);
  expect(await strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } })).toBeNull();
  const moved = await strapi.db.query(DOC).findOne({ where: { id: legacy.id } });
  expect(moved.fileKey).toBe('documents/LEGACY0001.pdf');
  expect(fs.statSync(path.join(privateDir(), moved.fileKey)).mode & 0o777).toBe(0o600);
  const res = await binary(api(strapi, clerk).get(`/api/documents/${legacy.documentId}/download`));
  expect(res.status).toBe(200);
  expect(Buffer.compare(res.body, bytes)).toBe(0);
  expect(await migrateToPrivateStorage(strapi)).toBe(0); // idempotent
  await strapi.db.query(DOC).delete({ where: { id: legacy.id } });
});

test('an export whose build keeps dying stops after three attempts, failed with the reason; the download says so and nothing is left', async () => {
  const start = await api(strapi, clerk).post('/api/document-exports', { data: { filters: { documentId: petitionId } } });
  expect(start.status).toBe(202);
  const id = start.body.data.documentId;
  expect(Object.keys(start.body.data)).not.toEqual(expect.arrayContaining(['countyCode', 'documentIds', 'fileKey']));
  await waitForExport(id, clerk, (s) => s.status !== 'running');
  // Replay it as if its third holder had died: running again, the lease expired long ago.
  await strapi.db.query(EXPORT).update({ where: { documentId: id }, data: { status: 'running', fileKey: null, done: 1 } });
  const run = await strapi.db.query(RUN).findOne({ where: { job: 'document-export', slot: `export:${id}` } });
  await strapi.db
    .query(RUN)
    .update({ where: { id: run.id }, data: { status: 'running', attempts: 3, heartbeatAt: new Date(Date.now() - 3600_000) } });
  fs.writeFileSync(path.join(privateDir(), 'tmp', `export-${id}-deadbeef.zip.part`), 'partial');

  await strapi.plugin('fangtiao').service('document-export').runner().recoverStale(); // what the sweep does every lease/2
  const s = await waitForExport(id, clerk, (x) => x.status !== 'running');
  expect(s).toMatchObject({ status: 'failed', attempts: 4, resumed: true });
  expect(s.error).toContain('不再自动重试');
  const dl = await api(strapi, clerk).get(`/api/document-exports/${id}/download`);
  expect(dl.status).toBe(409);
  expect(dl.body.error.message).toContain('请重新发起导出');
  expect(tmpFiles().filter((f) => f.includes(id))).toEqual([]);
});

test('an export left running by a version that had no lease is failed with a clear reason when polled', async () => {
  const job: any = await strapi.documents(EXPORT as any).create({
    data: {
      status: 'running',
      total: 5,
      done: 2,
      attempts: 0,
      documentIds: [],
      requestedBy: clerk.id,
      organisation: agreement.organisation.documentId,
    } as any,
  });
  await strapi.db.query(EXPORT).update({ where: { id: job.id }, data: { createdAt: new Date(Date.now() - 3600_000) } });
  const s = (await api(strapi, clerk).get(`/api/document-exports/${job.documentId}`)).body.data;
  expect(s).toMatchObject({ status: 'failed', error: '导出在服务重启时中断，请重新发起导出' });
});

describe('killed with SIGKILL mid-export (a real process)', () => {
  /** `strapi start` on this file's database and private storage, with a short lease. */
  async function boot(env: Record<string, string>) {
    const app = await startApp('app', { CRON_ENABLED: 'false', FANGTIAO_JOB_LEASE_MS: '2000', ...env }, 150_000);
    children.push(app.child);
    return { child: app.child, http: request(app.url) };
  }

  it('after a restart the export of 160 documents resumes to done, with unique names, and no temporary file is left', async () => {
    for (let v = 2; v <= 160; v += 1) await copyOfAgreement(v);
    await releaseStrapi(); // the database and the stored files stay for the child processes
    const auth = { Authorization: `Bearer ${clerk.jwt}` };

    const first = await boot({ FANGTIAO_EXPORT_TEST_STEP_MS: '100' });
    const started = await first.http
      .post('/api/document-exports')
      .set(auth)
      .send({ data: { filters: { documentId: petitionId } } });
    expect(started.status).toBe(202);
    const id = started.body.data.documentId;
    let s: any;
    do {
      await sleep(100);
      s = (await first.http.get(`/api/document-exports/${id}`).set(auth)).body.data;
    } while (s.status === 'running' && s.done < 10);
    expect(s).toMatchObject({ status: 'running', total: 160 });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const left = tmpFiles().filter((f) => f.startsWith(`export-${id}-`));
    expect(left).toHaveLength(1); // the dead holder's partial zip
    expect(fs.statSync(path.join(privateDir(), 'tmp', left[0])).mode & 0o777).toBe(0o600);

    const second = await boot({});
    const end = Date.now() + 60_000;
    do {
      await sleep(250);
      s = (await second.http.get(`/api/document-exports/${id}`).set(auth)).body.data;
    } while (s.status === 'running' && Date.now() < end);
    expect(s).toMatchObject({ status: 'done', total: 160, done: 160, progress: 100, attempts: 2, resumed: true });

    const zip = await binary(second.http.get(`/api/document-exports/${id}/download`).set(auth) as any);
    expect(zip.status).toBe(200);
    const names = zipEntries(zip.body);
    expect(names).toHaveLength(160);
    expect(new Set(names).size).toBe(160);
    expect(tmpFiles()).toEqual([]);
    const stored = path.join(privateDir(), 'exports', `${id}.zip`);
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(require('os').tmpdir()).filter((f: string) => f === `ftdoc-export-${id}.zip`)).toEqual([]);
    // Another county's clerk sees neither the export nor its zip.
    expect(
      (await second.http.get(`/api/document-exports/${id}/download`).set({ Authorization: `Bearer ${otherCountyClerk.jwt}` })).status,
    ).toBe(404);
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 400_000);
});
