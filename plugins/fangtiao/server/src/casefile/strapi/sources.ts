import type { Core } from '@strapi/strapi';
import path from 'path';
import { UID } from '../../constants';
import { documentFileName } from '../../documents/file-names';
import { privateStorage } from '../../documents/strapi/storage';
import type { CaseFileItem, Section } from '../rules';

/**
 * Where the items of a case file come from. A source reads one kind of record of the case
 * (issued documents, signed scans, attachments…) and gives items with lazily read bytes; the
 * builder orders, names, merges and zips them. A new kind of record joins the case file by
 * adding a source to CASE_FILE_SOURCES — nothing else changes.
 */
export interface CaseFileSource {
  name: string;
  collect(strapi: Core.Strapi, petition: { id: number; documentId: string; referenceNo: string }): Promise<CaseFileItem[]>;
}

/** Minutes and records of hearings and consultations are filed under their own section. */
const MINUTES_KINDS = new Set(['hearing-minutes', 'consultation-record']);

/** Every version of every document issued on the case, and each version's signed scan. */
export const documentsSource: CaseFileSource = {
  name: 'documents',
  async collect(strapi, petition) {
    const rows: any[] = await strapi.db.query(UID.generatedDocument).findMany({
      where: { petition: { id: petition.id } },
      select: ['documentId', 'kind', 'title', 'version', 'addressee', 'issuedAt', 'fileKey', 'signedScanKey', 'signedScanMime', 'signedAt'],
      orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
    });
    const storage = privateStorage(strapi);
    const items: CaseFileItem[] = [];
    for (const d of rows) {
      const named = { ...d, referenceNo: petition.referenceNo };
      const who = d.addressee ? `（${d.addressee}）` : '';
      if (d.fileKey) {
        items.push({
          section: (MINUTES_KINDS.has(d.kind) ? 'minutes' : 'documents') as Section,
          title: `${d.title}${who}（第${d.version}版）`,
          name: documentFileName(named).name,
          at: d.issuedAt,
          mime: 'application/pdf',
          bytes: () => storage.read(d.fileKey),
        });
      }
      if (d.signedScanKey) {
        items.push({
          section: 'signed',
          title: `${d.title}${who}签署件（第${d.version}版）`,
          name: documentFileName(named, '-签署件', path.extname(d.signedScanKey)).name,
          at: d.signedAt ?? d.issuedAt,
          mime: d.signedScanMime || 'application/octet-stream',
          bytes: () => storage.read(d.signedScanKey),
        });
      }
    }
    return items;
  },
};

/**
 * Attachments (附件材料) — HOOK: the attachments module (content type `attachment`) is being
 * built in parallel. When it is in the app, this source gives its files; until then the
 * content type is absent and the case file has no attachment section.
 */
export const ATTACHMENT_UID = 'plugin::fangtiao.attachment';
export const attachmentsSource: CaseFileSource = {
  name: 'attachments',
  async collect(strapi) {
    if (!strapi.contentTypes[ATTACHMENT_UID as keyof typeof strapi.contentTypes]) return [];
    // Wired when the attachments module lands (see README "一案一档"): read its rows of the
    // petition and give each as { section: 'attachments', title, name, at, mime, bytes }.
    return [];
  },
};

export const CASE_FILE_SOURCES: CaseFileSource[] = [documentsSource, attachmentsSource];
