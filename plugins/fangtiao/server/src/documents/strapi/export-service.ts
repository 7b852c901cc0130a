import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type archiverType from 'archiver';
import crypto from 'crypto';
import fs from 'fs';
import { UID } from '../../constants';
import { JobRunner, LeaseLost, type JobContext } from '../../jobs/strapi/runner';
import { JOB_RUN_UID } from '../../jobs/strapi/schema';
import { documentFileName, uniqueNames } from '../file-names';
import { privateStorage } from './storage';
import { conflict } from '@fangtiao/kernel';
import { getService } from '../../utils/get-service';
import { caseFileNames } from '../../casefile/rules';

const EXPORT_UID = UID.documentExport;
const DOC_UID = UID.generatedDocument;
const RUN_UID = JOB_RUN_UID;

/** The job name of export builds in the job-run table; the slot is `export:<documentId>`. */
export const EXPORT_JOB = 'document-export';
const slotOf = (exportId: string) => `export:${exportId}`;
/** A build that has died this many times (e.g. it takes its process down) is not tried again. */
export const MAX_EXPORT_ATTEMPTS = 3;
const PUBLIC_FIELDS = ['documentId', 'kind', 'status', 'total', 'done', 'attempts', 'error', 'createdAt'];
export const EXPORT_KINDS = ['documents', 'case-files'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * Bulk export of a ledger's documents as one zip (批量导出). The documents are chosen at start
 * inside the caller's jurisdiction and fixed on the export row; the zip is built by a job run
 * under the jobs' lease (runner.ts): the holder beats while it works, and when it dies (a crash,
 * kill -9) another instance — or this one after a restart — takes the run over once the lease
 * has expired and rebuilds the zip from the start. The zip is written under private storage's
 * tmp/ (0600) and moved to exports/ when complete; a failed or abandoned build leaves no file.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let runner: JobRunner | null = null;
  const storage = () => privateStorage(strapi);
  const leaseMs = () => Number(process.env.FANGTIAO_JOB_LEASE_MS || 60_000);
  const update = (documentId: string, data: Record<string, unknown>) => strapi.db.query(EXPORT_UID).update({ where: { documentId }, data });
  const fail = (documentId: string, reason: string) => update(documentId, { status: 'failed', error: reason.slice(0, 2000) });

  return {
    runner(): JobRunner {
      runner ??= new JobRunner(strapi, [{ name: EXPORT_JOB, label: '文书批量导出', cron: null, run: (ctx) => this.build(ctx) }], leaseMs());
      return runner;
    },

    /** At start: exports no run holds are failed, and the sweep that resumes abandoned builds begins (on every instance, cron or not). */
    async startRecovery() {
      const running = await strapi.db.query(EXPORT_UID).findMany({ where: { status: 'running' }, select: ['documentId', 'createdAt'] });
      for (const e of running) await this.failIfOrphaned(e);
      this.runner().start();
    },

    async stopRecovery() {
      if (runner) await runner.stop(1000);
    },

    async start(
      petitionFilters: Record<string, unknown> | undefined,
      user: { id: number; organisationDocumentId: string },
      kind: ExportKind = 'documents',
    ) {
      const filters = petitionFilters ? { petition: petitionFilters } : {};
      // Chosen now, inside the caller's jurisdiction: the documents, or for case files the petitions.
      const docs =
        kind === 'case-files'
          ? await strapi.documents(UID.petition).findMany({
              filters: (petitionFilters ?? {}) as any,
              fields: ['documentId'] as any,
              sort: ['registeredAt:asc', 'id:asc'],
              limit: 5000,
            })
          : await strapi.documents(DOC_UID).findMany({ filters, fields: ['documentId'], sort: ['issuedAt:asc', 'id:asc'], limit: 5000 });
      const job: any = await strapi.documents(EXPORT_UID).create({
        data: {
          kind,
          status: 'running',
          total: docs.length,
          done: 0,
          attempts: 0,
          documentIds: docs.map((d) => d.documentId),
          filters: petitionFilters ?? null,
          requestedBy: user.id,
          organisation: user.organisationDocumentId,
        },
      });
      // Not awaited: the caller polls. The run row is the lease; errors end up on the export row.
      this.runner()
        .runSlot(EXPORT_JOB, slotOf(job.documentId), 'manual')
        .catch((e: Error) => strapi.log.error(`[document-export] ${job.documentId}: ${e.message}`));
      return Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, job[k]]));
    },

    /** The job: builds the zip of one export, from the first document (a resumed run starts over). */
    async build(ctx: JobContext) {
      const id = ctx.slot.replace(/^export:/, '');
      const job: any = await strapi.db.query(EXPORT_UID).findOne({ where: { documentId: id } });
      if (!job || job.status !== 'running') return;
      const run = await strapi.db.query(RUN_UID).findOne({ where: { job: EXPORT_JOB, slot: ctx.slot }, select: ['attempts'] });
      const attempt = Number(run?.attempts ?? 1);
      // What a holder that died left behind goes first.
      for (const f of await storage().tmpFiles(`export-${id}-`)) await fs.promises.rm(f, { force: true });
      await update(id, { attempts: attempt, done: 0 });
      if (attempt > MAX_EXPORT_ATTEMPTS) {
        await fail(id, `导出已中断${attempt - 1}次，不再自动重试；请重新发起导出`);
        return;
      }
      const caseFiles = job.kind === 'case-files';
      const docs = caseFiles ? await this.caseFileEntries(job.documentIds ?? []) : await this.entries(job.documentIds ?? []);
      const tmp = await storage().tmpPath(`export-${id}-${crypto.randomBytes(4).toString('hex')}.zip.part`);
      const out = fs.createWriteStream(tmp, { mode: 0o600 });
      // Required on first use: loading archiver costs ~100 ms of every start.
      const archiver: typeof archiverType = require('archiver');
      const zip = archiver('zip', { zlib: { level: 6 } });
      const finished = new Promise<void>((resolve, reject) => {
        out.on('close', () => resolve());
        out.on('error', reject);
        zip.on('error', reject);
      });
      finished.catch(() => {}); // awaited below; an early error must not go unhandled meanwhile
      zip.pipe(out);
      const stepMs = Number(process.env.FANGTIAO_EXPORT_TEST_STEP_MS || 0); // tests: a build slow enough to kill mid-way
      try {
        let done = 0;
        for (const d of docs) {
          const bytes = caseFiles
            ? (await getService(strapi, 'case-file').assemble(d.documentId)).pdf
            : await storage()
                .read(d.fileKey)
                .catch(() => {
                  throw new Error(`${d.entry} 的文件缺失`);
                });
          zip.append(bytes, { name: d.entry });
          done += 1;
          // A case file takes a while to build: its progress is shown case by case.
          if (caseFiles || done % 10 === 0 || done === docs.length) {
            await update(id, { done });
            await ctx.progress(done, docs.length); // beats; throws LeaseLost when another instance took over
          }
          if (stepMs) await new Promise((r) => setTimeout(r, stepMs));
        }
        await zip.finalize();
        await finished;
        const key = `exports/${id}.zip`;
        await storage().moveIn(tmp, key);
        await update(id, { status: 'done', done, fileKey: key, error: null });
      } catch (e: any) {
        zip.abort();
        out.destroy();
        await fs.promises.rm(tmp, { force: true });
        if (!(e instanceof LeaseLost)) await fail(id, `打包失败：${e?.message ?? e}`);
        throw e;
      }
    },

    /** The export's documents in their order, each with its entry name in the zip (unique: a case's hearing notices differ by addressee, then by a counter). */
    async entries(documentIds: string[]) {
      const rows = documentIds.length
        ? await strapi.db.query(DOC_UID).findMany({
            where: { documentId: { $in: documentIds } },
            select: ['documentId', 'title', 'kind', 'version', 'addressee', 'fileKey'],
            populate: { petition: { select: ['referenceNo'] } },
          })
        : [];
      const byId = new Map(rows.map((r) => [r.documentId, r]));
      const docs = documentIds.map((x) => byId.get(x)).filter(Boolean);
      const names = uniqueNames(
        docs.map((d) => {
          const ref = d.petition?.referenceNo;
          return `${ref ?? '其他'}/${documentFileName({ ...d, referenceNo: ref }).name}`;
        }),
      );
      return docs.map((d, i) => ({ ...d, entry: names[i] }));
    },

    /** The petitions of a case-file export in their order, each named `<case number>-一案一档.pdf`. */
    async caseFileEntries(petitionIds: string[]) {
      const rows = petitionIds.length
        ? await strapi.db
            .query(UID.petition)
            .findMany({ where: { documentId: { $in: petitionIds } }, select: ['documentId', 'referenceNo'] })
        : [];
      const byId = new Map(rows.map((r) => [r.documentId, r]));
      const found = petitionIds.map((x) => byId.get(x)).filter(Boolean);
      const names = uniqueNames(found.map((r) => caseFileNames(r.referenceNo ?? r.documentId).pdf));
      return found.map((r, i) => ({ documentId: r.documentId as string, fileKey: '', entry: names[i] }));
    },

    /** A running export whose build nobody holds (it died before claiming, or its run ended) is failed with the reason. */
    async failIfOrphaned(job: { documentId: string; createdAt: any }) {
      const run = await strapi.db
        .query(RUN_UID)
        .findOne({ where: { job: EXPORT_JOB, slot: slotOf(job.documentId) }, select: ['status', 'error'] });
      if (run?.status === 'running') return false;
      if (!run && Date.now() - new Date(job.createdAt).getTime() < leaseMs()) return false; // still being started
      const current = await strapi.db.query(EXPORT_UID).findOne({ where: { documentId: job.documentId }, select: ['status'] });
      if (current?.status !== 'running') return false;
      await fail(job.documentId, run?.error ? `打包失败：${run.error}` : '导出在服务重启时中断，请重新发起导出');
      return true;
    },

    async status(jobId: string): Promise<Record<string, unknown>> {
      const job: any = await strapi
        .documents(EXPORT_UID)
        .findOne({ documentId: jobId, fields: ['kind', 'status', 'total', 'done', 'attempts', 'error', 'createdAt'] });
      if (!job) throw new errors.NotFoundError('导出任务不存在');
      if (job.status === 'running' && (await this.failIfOrphaned(job))) return this.status(jobId);
      return {
        ...Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, job[k]])),
        // Resumed after its first holder died; the desk says so.
        resumed: Number(job.attempts ?? 0) > 1,
        progress: job.total ? Math.round((job.done / job.total) * 100) : 100,
      };
    },

    /** The finished zip as a stream (it may be large). */
    async read(jobId: string) {
      const job: any = await strapi.documents(EXPORT_UID).findOne({ documentId: jobId, fields: ['kind', 'status', 'error', 'fileKey'] });
      if (!job) throw new errors.NotFoundError('导出任务不存在');
      if (job.status === 'failed') throw conflict(`导出失败：${job.error ?? '原因未记录'}，请重新发起导出`);
      if (job.status !== 'done' || !job.fileKey) throw conflict('导出尚未完成');
      const file = storage().pathOf(job.fileKey);
      await fs.promises.access(file).catch(() => {
        throw new errors.NotFoundError('导出文件不存在');
      });
      return Object.assign(fs.createReadStream(file), { kind: (job.kind ?? 'documents') as ExportKind });
    },
  };
};
