import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { contentDisposition } from '../../documents/file-names';
import { getService } from '../../utils/get-service';
import { CASE_FILE_UID } from './service';
import type { BuildCaseFile, DownloadCaseFile, ListCaseFiles } from '../../../../shared/contracts/casefile';
import type { Ctx } from '../../utils/context';

const audit = (strapi: Core.Strapi, action: string, targetDocumentId: string, detail?: Record<string, unknown>) =>
  strapi.service('api::audit-entry.audit-entry').record({ action, targetUid: CASE_FILE_UID, targetDocumentId, detail });

/** Thin controllers over the case-file service; builds and downloads are audited (the file carries personal data). */
export const caseFileController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async build(ctx: Ctx<BuildCaseFile.Request>) {
    const built = await getService(strapi, 'case-file').build(ctx.params.id, ctx.state.user?.id ?? null);
    await audit(strapi, 'build-case-file', built.documentId, { petition: ctx.params.id, version: built.version });
    ctx.status = 201;
    ctx.body = { data: built } satisfies BuildCaseFile.Response;
  },

  async list(ctx: Ctx<ListCaseFiles.Request>) {
    ctx.body = { data: await getService(strapi, 'case-file').list(ctx.params.id) } satisfies ListCaseFiles.Response;
  },

  async download(ctx: Ctx<DownloadCaseFile.Request>) {
    const format = ctx.query.format ?? 'pdf';
    if (format !== 'pdf' && format !== 'zip') {
      throw new errors.ValidationError('格式应为 pdf 或 zip', { errors: [{ path: ['format'], message: '格式应为 pdf 或 zip' }] });
    }
    const f = await getService(strapi, 'case-file').read(ctx.params.id, format);
    await audit(strapi, 'download-case-file', f.row.documentId, { format, version: f.row.version });
    ctx.set('Content-Type', f.mime);
    ctx.set('Content-Disposition', contentDisposition(f.name, f.ascii));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = f.stream;
  },
});
