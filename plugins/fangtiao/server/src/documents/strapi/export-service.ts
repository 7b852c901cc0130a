import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type archiverType from 'archiver';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { UID } from '../../constants';
import { PRIVATE_FILE_PREFIX } from './service';
import { conflict } from '../../../../../../src/errors';

const EXPORT_UID = UID.documentExport as any;
const DOC_UID = UID.generatedDocument as any;

/**
 * Bulk export of a ledger's documents as one zip (批量导出). Runs in the background of the
 * request that started it, inside the same jurisdiction, and records its progress on the
 * export row so any instance can answer "how far along".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async start(petitionFilters: Record<string, unknown> | undefined, user: { id: number; organisationDocumentId: string }) {
    const filters = petitionFilters ? { petition: petitionFilters } : {};
    const docs: any[] = await strapi.documents(DOC_UID).findMany({
      filters,
      fields: ['title', 'version', 'kind'] as any,
      populate: { petition: { fields: ['referenceNo'] }, file: { fields: ['url'] } } as any,
      sort: ['issuedAt:asc'],
      limit: 5000,
    });
    const job: any = await strapi.documents(EXPORT_UID).create({
      data: { status: 'running', total: docs.length, done: 0, filters: petitionFilters ?? null, requestedBy: user.id, organisation: user.organisationDocumentId } as any,
    });
    // Not awaited: the caller polls the job. Errors are recorded on the job.
    this.run(job.documentId, docs).catch((e: Error) =>
      strapi.db.query(EXPORT_UID).update({ where: { documentId: job.documentId }, data: { status: 'failed', error: e.message } }),
    );
    return job;
  },

  async run(jobId: string, docs: any[]) {
    const zipPath = path.join(os.tmpdir(), `${PRIVATE_FILE_PREFIX}-export-${jobId}.zip`);
    const out = fs.createWriteStream(zipPath);
    // Required on first use: loading archiver costs ~100 ms of every start.
    const archiver: typeof archiverType = require('archiver');
    const zip = archiver('zip', { zlib: { level: 6 } });
    const finished = new Promise<void>((resolve, reject) => {
      out.on('close', () => resolve());
      zip.on('error', reject);
    });
    zip.pipe(out);
    let done = 0;
    for (const d of docs) {
      const bytes = await fs.promises.readFile(path.join(strapi.dirs.static.public, d.file.url));
      zip.append(bytes, { name: `${d.petition?.referenceNo ?? 'other'}/${d.title}-第${d.version}版.pdf` });
      done += 1;
      if (done % 10 === 0 || done === docs.length) {
        await strapi.db.query(EXPORT_UID).update({ where: { documentId: jobId }, data: { done } });
      }
    }
    await zip.finalize();
    await finished;
    const size = (await fs.promises.stat(zipPath)).size;
    try {
      const [file] = await strapi.plugin('upload').service('upload').upload({
        data: { fileInfo: { name: `${PRIVATE_FILE_PREFIX}-export-${jobId}.zip` } },
        files: { filepath: zipPath, originalFilename: `${PRIVATE_FILE_PREFIX}-export-${jobId}.zip`, mimetype: 'application/zip', size },
      });
      await strapi.db.query(EXPORT_UID).update({ where: { documentId: jobId }, data: { status: 'done', done, file: file.id } });
    } finally {
      await fs.promises.rm(zipPath, { force: true });
    }
  },

  async status(jobId: string) {
    const job: any = await strapi.documents(EXPORT_UID).findOne({ documentId: jobId, fields: ['status', 'total', 'done', 'error', 'createdAt'] as any });
    if (!job) throw new errors.NotFoundError('导出任务不存在');
    return { ...job, progress: job.total ? Math.round((job.done / job.total) * 100) : 100 };
  },

  async read(jobId: string) {
    const job: any = await strapi.documents(EXPORT_UID).findOne({ documentId: jobId, populate: { file: true } as any });
    if (!job) throw new errors.NotFoundError('导出任务不存在');
    if (job.status !== 'done' || !job.file) throw conflict('导出尚未完成');
    return fs.promises.readFile(path.join(strapi.dirs.static.public, job.file.url));
  },
});
