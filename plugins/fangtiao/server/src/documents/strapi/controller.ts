import type { Core } from '@strapi/strapi';
import { contentDisposition } from '../file-names';
import { formatDateTime } from '@fangtiao/kernel/pure';
import { getService } from '../../utils/get-service';
import { errors } from '@strapi/utils';
import { EXPORT_KINDS } from './export-service';
import { withdrawSignedScan } from './signed-scan-withdrawal';
import { currentCaller } from '@fangtiao/kernel';
import type {
  GetExport,
  DocumentFile,
  IssueDocument,
  ListDocuments,
  Verify,
  WithdrawSignedScan,
} from '../../../../shared/contracts/documents';
import type { Ctx } from '../../utils/context';

const audit = (strapi: Core.Strapi, action: string, targetDocumentId: string, detail?: Record<string, unknown>) =>
  strapi
    .service('api::audit-entry.audit-entry')
    .record({ action, targetUid: 'plugin::fangtiao.generated-document', targetDocumentId, detail });

/** A document row as callers see it: without the private storage keys. */
const shown = (doc: any) => {
  if (!doc) return doc;
  const { fileKey, signedScanKey, ...rest } = doc;
  return rest;
};

const sendFile = (ctx: Ctx, f: { bytes: Buffer; mime: string; name: string; ascii: string }) => {
  ctx.set('Content-Type', f.mime);
  ctx.set('Content-Disposition', contentDisposition(f.name, f.ascii));
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = f.bytes;
};

/** Thin controllers over the document service; downloads are audited (they carry personal data). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async issue(ctx: Ctx<IssueDocument.Request>) {
    const doc = await getService(strapi, 'document').issueForPetition(ctx.params.id, ctx.params.kind, ctx.state.user?.id ?? null);
    ctx.status = 201;
    ctx.body = { data: shown(doc) } satisfies IssueDocument.Response;
  },

  async list(ctx: Ctx<ListDocuments.Request>) {
    ctx.body = { data: await getService(strapi, 'document').listForPetition(ctx.params.id) } satisfies ListDocuments.Response;
  },

  async download(ctx: Ctx<DocumentFile.Request>) {
    const f = await getService(strapi, 'document').read(ctx.params.id, 'file');
    await audit(strapi, 'download-document', f.doc.documentId, { kind: f.doc.kind, version: f.doc.version });
    sendFile(ctx, f);
  },

  async downloadSignedScan(ctx: Ctx<DocumentFile.Request>) {
    const f = await getService(strapi, 'document').read(ctx.params.id, 'signedScan');
    await audit(strapi, 'download-signed-scan', f.doc.documentId, { kind: f.doc.kind, version: f.doc.version });
    sendFile(ctx, f);
  },

  async uploadSignedScan(ctx: Ctx<DocumentFile.Request>) {
    const file = ctx.request.files?.file;
    ctx.body = {
      data: shown(await getService(strapi, 'document').attachSignedScan(ctx.params.id, Array.isArray(file) ? file[0] : file)),
    } satisfies DocumentFile.Response;
  },

  /** POST /documents/:id/signed-scan/withdraw { data: { reason } } — only a superseded version's scan (README "Attachments"). */
  async withdrawSignedScan(ctx: Ctx<WithdrawSignedScan.Request>) {
    const data: { reason?: unknown } = ctx.request.body?.data && typeof ctx.request.body.data === 'object' ? ctx.request.body.data : {};
    ctx.body = {
      data: await withdrawSignedScan(strapi, ctx.params.id, data.reason, (await currentCaller(strapi))!),
    } satisfies WithdrawSignedScan.Response;
  },

  async startExport(ctx: Ctx) {
    const caller = ctx.state.caller;
    // The petition filters go through Strapi's content-API sanitiser, as a list query's would.
    const { filters } = await strapi.contentAPI.sanitize.query(
      { filters: ctx.request.body?.data?.filters },
      strapi.getModel('api::petition.petition'),
      { auth: ctx.state.auth },
    );
    const kind = ctx.request.body?.data?.kind ?? 'documents';
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
      throw new errors.ValidationError('导出内容应为 documents（文书）或 case-files（一案一档）', {
        errors: [{ path: ['kind'], message: '导出内容应为 documents（文书）或 case-files（一案一档）' }],
      });
    }
    const job = await getService(strapi, 'document-export').start(
      filters as Record<string, unknown> | undefined,
      {
        id: caller.id,
        organisationDocumentId: caller.jurisdiction.organisationDocumentId,
      },
      kind,
    );
    ctx.status = 202;
    ctx.body = { data: job };
  },

  async exportStatus(ctx: Ctx<GetExport.Request>) {
    ctx.body = { data: await getService(strapi, 'document-export').status(ctx.params.id) } satisfies GetExport.Response;
  },

  async exportDownload(ctx: Ctx) {
    const stream = await getService(strapi, 'document-export').read(ctx.params.id);
    await audit(strapi, 'download-document-export', ctx.params.id);
    ctx.set('Content-Type', 'application/zip');
    ctx.set(
      'Content-Disposition',
      stream.kind === 'case-files'
        ? contentDisposition('一案一档批量导出.zip', 'case-files.zip')
        : contentDisposition('文书批量导出.zip', 'documents.zip'),
    );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = stream;
  },

  /** Public: a page for people who scan the QR code, JSON for programs. */
  async verify(ctx: Ctx<Verify.Request>) {
    const result = await getService(strapi, 'document').verify(ctx.params.code);
    if (ctx.accepts('json', 'html') === 'html') {
      const when = result.valid ? formatDateTime(result.issuedAt) : '';
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>文书核验</title><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>文书核验</h1>${
        result.valid
          ? `<p style="color:#1a7f37;font-size:1.25rem">✔ 该核验码对应一份已出具的文书。</p><p>文书：${result.title}（第${result.version}版）<br>出具时间：${when}<br>${result.signed ? '已上传签署件' : '尚未上传签署件'}</p>`
          : '<p style="color:#b42318;font-size:1.25rem">✘ 未找到该核验码对应的文书。</p>'
      }</body></html>`;
      return;
    }
    ctx.body = { data: result } satisfies Verify.Response;
  },
});
