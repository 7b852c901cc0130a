import fs from 'fs/promises';
import type { Core } from '@strapi/strapi';
import { UID } from '../../../constants';
import type { Caller } from '../../../jurisdiction/current';
import { throwIfInvalid, type FieldError } from '../../../validation';
import { petitions } from '../../../services';

/** A file as the body parser hands it over (a temporary copy on disk). */
type Upload = { filepath: string; originalFilename?: string | null; size: number };

/**
 * The files of a multipart registration by the form field they belong to: the part named
 * `files.<field key>` (Strapi's own naming), one file or several.
 */
export function filesByField(files: Record<string, unknown> | undefined): Record<string, Upload[]> {
  const out: Record<string, Upload[]> = {};
  for (const [name, f] of Object.entries(files ?? {})) {
    const key = name.startsWith('files.') ? name.slice('files.'.length) : name;
    out[key] = [...(out[key] ?? []), ...((Array.isArray(f) ? f : [f]).filter(Boolean) as Upload[])];
  }
  return out;
}

/**
 * Registers a petition together with the files of its form's 附件 fields (登记时上传附件), so that
 * a case type with a required 附件 field can be registered at all. The value of an attachment
 * field comes only from the files sent with the registration — ids typed in by a client point at
 * nothing yet and are dropped — so a required field without a file is still the form's own 400
 * naming it. The petition, the attachment rows and the form's ids are one transaction; files
 * already written to private storage are removed if anything fails, and the body parser's
 * temporary copies always are.
 *
 * Hooked in at the petition controller's `create` (the desk's POST /api/petitions, JSON or
 * multipart) in place of `registerWithQueryCode`, which it calls unchanged (so the query code is
 * in the same transaction too); it uploads through the attachments module.
 */
export async function registerWithFiles(
  strapi: Core.Strapi,
  input: Record<string, unknown>,
  files: Record<string, Upload[]>,
  caller: Caller,
) {
  const uploads = Object.values(files).flat();
  const written: string[] = [];
  try {
    const keys = await attachmentFields(strapi, input.caseType);
    const problems: FieldError[] = Object.keys(files)
      .filter((k) => !keys.includes(k))
      .map((k) => ({ path: ['files', k], message: '上传的文件不属于本案件类型的附件字段' }));
    throwIfInvalid(problems, '附件有误');
    const formData: Record<string, unknown> =
      input.formData && typeof input.formData === 'object' && !Array.isArray(input.formData) ? { ...input.formData } : {};
    // Placeholders stand for the files while the form is checked; the real ids replace them below.
    for (const k of keys) {
      if (files[k]?.length) formData[k] = files[k].map((_, i) => `pending-${i + 1}`);
      else delete formData[k];
    }
    const data = keys.length ? { ...input, formData } : input;
    return await strapi.db.transaction(async () => {
      const { petition, queryCode } = await petitions(strapi).registerWithQueryCode(data, caller);
      const withFiles = keys.filter((k) => files[k]?.length);
      if (!withFiles.length) return { petition, queryCode };
      const values: Record<string, string[]> = {};
      for (const k of withFiles) {
        const r = await strapi
          .plugin('fangtiao')
          .service('attachment')
          .upload('form-field', petition.documentId, k, files[k], { caller }, { written });
        values[k] = r.rows.map((row: { documentId: string }) => row.documentId);
      }
      const update: Record<string, unknown> = { formData: { ...(petition.formData ?? {}), ...values } };
      const updated = await strapi.documents(UID.petition).update({ documentId: petition.documentId, data: update });
      return { petition: updated, queryCode };
    });
  } catch (e) {
    await strapi.plugin('fangtiao').service('attachment').discard(written);
    throw e;
  } finally {
    await Promise.all(uploads.map((u) => fs.rm(u.filepath, { force: true })));
  }
}

/** The keys of the case type's 附件 fields (its latest version: the one registration uses). */
async function attachmentFields(strapi: Core.Strapi, caseType: unknown): Promise<string[]> {
  if (!caseType) return [];
  const v = await strapi
    .service(UID.caseType)
    .schemaVersion(String(caseType))
    .catch(() => null);
  const fields: ({ type?: string; key?: unknown } | null)[] = v?.formSchema?.fields ?? [];
  return fields
    .filter((f): f is { type: 'attachment'; key: string } => !!f && f.type === 'attachment' && typeof f.key === 'string')
    .map((f) => f.key);
}
