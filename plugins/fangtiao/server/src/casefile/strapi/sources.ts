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
    const rows = await strapi.db.query(UID.generatedDocument).findMany({
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

/** What the attachments of a form field, a session, a visit, a hearing or the case are filed as. */
const OWNER_TITLES: Record<string, string> = {
  'form-field': '表单附件',
  session: '调解记录附件',
  visit: '来访附件',
  hearing: '听证附件',
  petition: '案件材料',
};

/**
 * Attachments (附件材料) — the attachments module (content type `attachment`, built in
 * parallel: private `fileKey`, `name`, `mime`, `ownerKind`, the petition). Until that module is
 * in the app the content type is absent and this source gives nothing; once it is, its files
 * join the case file with no change here. Read below the document service (the builder has
 * already found the petition inside the caller's jurisdiction).
 */
export const ATTACHMENT_UID = 'plugin::fangtiao.attachment';
export const attachmentsSource: CaseFileSource = {
  name: 'attachments',
  async collect(strapi, petition) {
    if (!strapi.contentTypes[ATTACHMENT_UID as keyof typeof strapi.contentTypes]) return [];
    const rows = await strapi.db.query(ATTACHMENT_UID).findMany({
      // A withdrawn file (撤回) stays on the record (audit log, version list) but not in the case
      // file; a replaced version is filed with its number, next to the one that replaced it.
      where: { petition: { id: petition.id }, withdrawnAt: { $null: true } },
      select: ['documentId', 'name', 'mime', 'fileKey', 'ownerKind', 'createdAt', 'version', 'supersededBy'],
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const storage = privateStorage(strapi);
    return rows
      .filter((r) => r.fileKey)
      .map((r) => ({
        section: 'attachments' as Section,
        title: `${OWNER_TITLES[r.ownerKind] ?? '附件'}：${r.name}${r.supersededBy ? `（第${r.version ?? 1}版，已替换）` : (r.version ?? 1) > 1 ? `（第${r.version}版）` : ''}`,
        name: r.name || `${r.documentId}${path.extname(r.fileKey)}`,
        at: r.createdAt,
        mime: r.mime || 'application/octet-stream',
        bytes: () => storage.read(r.fileKey),
      }));
  },
};

export const CASE_FILE_SOURCES: CaseFileSource[] = [documentsSource, attachmentsSource];
