import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type archiverType from 'archiver';
import crypto from 'crypto';
import fs from 'fs';
import { CHANNEL_LABELS, STATES, VISIT_LEVEL_NAMES, formatDateTime, visibleFields, type Field } from '@fangtiao/kernel/pure';
import { findInScope } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { privateStorage } from '../../documents/strapi/storage';
import { sha256 } from '../../documents';
import { caseFileNames, entryNames, safeName, itemKind, orderItems, tableOfContents, type CaseFileItem } from '../rules';
import { mergeParts, pageCount, renderForm, renderFront, renderTimeline, type CoverInput, type PdfPart } from '../render';
import { CASE_FILE_SOURCES } from './sources';
import type { CaseFile } from '../../../../shared/contracts/casefile';

export const CASE_FILE_UID = 'plugin::fangtiao.case-file';
const ROLE_NAMES: Record<string, string> = { petitioner: '信访人', respondent: '对方当事人', other: '其他当事人' };
const OUTCOME: Record<string, string> = { success: '调解成功', failure: '调解不成' };
const PUBLIC_FIELDS = ['documentId', 'version', 'pages', 'items', 'sha256', 'builtAt', 'pdfName', 'zipName'];

/** What a built case file is: the merged PDF, the zip's entries (name and bytes), counts. */
export interface CaseFileBundle {
  referenceNo: string;
  pdf: Buffer;
  entries: Array<{ name: string; bytes: Buffer }>;
  pages: number;
}

const who = (u: any) => u?.fullName || u?.username || '';

/** A form value as printed: option labels, 是/否, lists joined. */
function shownValue(f: Field, v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  const label = (x: unknown) => f.options?.find((o) => o.value === x)?.label ?? String(x);
  if (f.type === 'boolean') return v ? '是' : '否';
  if (f.type === 'select') return label(v);
  if (f.type === 'multiselect' && Array.isArray(v)) return v.map(label).join('、');
  if (f.type === 'datetime') return formatDateTime(String(v));
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * 一案一档: builds a case's complete file — cover, contents, timeline, form data, every
 * document version, signed scans, minutes, attachments — as one PDF and as a zip, stores both
 * in private storage and records the build. Read only inside the caller's jurisdiction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The petition as the file needs it (404 outside the caller's jurisdiction). */
  async loadPetition(documentId: string) {
    const person = { fields: ['username', 'fullName'] };
    return findInScope(
      strapi,
      UID.petition,
      documentId,
      {
        populate: {
          parties: true,
          organisation: { fields: ['name'] },
          committee: { fields: ['name'] },
          caseType: { fields: ['name'] },
          mediator: person,
        },
      },
      '信访事项不存在',
    );
  },

  cover(p: any, builtAt: Date): CoverInput {
    const o = p.outcome ?? {};
    const outcome = o.result
      ? [
          OUTCOME[o.result] ?? o.result,
          o.agreedTerms ||
            (o.terms ?? [])
              .map((t: any) => t.what)
              .filter(Boolean)
              .join('；') ||
            o.reason,
        ]
          .filter(Boolean)
          .join('：')
      : p.concludedAt
        ? '已办结'
        : '';
    return {
      referenceNo: p.referenceNo,
      subject: p.subject,
      caseType: p.caseType?.name,
      organisation: p.organisation?.name,
      committee: p.committee?.name,
      mediator: who(p.mediator),
      parties: (p.parties ?? [])
        .filter((x: any) => x.kind !== 'agent')
        .map((x: any) => ({
          role: ROLE_NAMES[x.role] ?? '当事人',
          name: x.kind === 'group' && x.headcount ? `${x.name}（${x.headcount}人）` : x.name,
        })),
      state: (STATES as Record<string, string>)[p.state] ?? p.state,
      dates: [
        ['登记日期', p.registeredAt],
        ['受理日期', p.acceptedAt],
        ['办结日期', p.concludedAt],
        ['结案日期', p.closedAt],
      ],
      outcome,
      builtAt,
    };
  },

  async timelineRows(documentId: string) {
    const items: any[] = await strapi.service('api::petition.petition-records').timeline(documentId);
    return items.map((i) => {
      const d = i.detail ?? {};
      const detail =
        i.kind === 'visit'
          ? [
              CHANNEL_LABELS[d.channel as keyof typeof CHANNEL_LABELS],
              (VISIT_LEVEL_NAMES as Record<string, string>)[d.level] ?? d.level,
              d.headcount > 1 ? `${d.headcount}人` : '',
              d.note,
            ]
              .filter(Boolean)
              .join('，')
          : i.kind === 'move'
            ? [d.by?.fullName || d.by?.username, d.reason].filter(Boolean).join('：')
            : i.kind === 'session'
              ? [d.place, d.participants, d.summary].filter(Boolean).join('；')
              : i.kind === 'return-visit'
                ? [d.result, d.comment].filter(Boolean).join('：')
                : (d.referenceNo ?? '');
      return { at: i.at, label: i.label, detail };
    });
  },

  async formRows(documentId: string): Promise<{ caseType: string; rows: Array<[string, string]> }> {
    const f = await strapi.service('api::petition.petition-records').form(documentId);
    const fields: Field[] = f.schema?.fields ?? [];
    const shown = visibleFields(f.schema ?? { fields: [] }, f.data ?? {});
    return {
      caseType: f.caseType?.name ?? '未设置',
      rows: fields
        .filter((x) => shown.get(x.key) && x.type !== 'attachment')
        .map((x) => [x.label, shownValue(x, f.data?.[x.key]) || '（未填写）']),
    };
  },

  /** Builds the file's bytes (nothing stored): used by `build` and by the batch export. */
  async assemble(petitionDocumentId: string, builtAt = new Date()): Promise<CaseFileBundle> {
    const p = await this.loadPetition(petitionDocumentId);
    const collected: CaseFileItem[] = [];
    for (const source of CASE_FILE_SOURCES) collected.push(...(await source.collect(strapi, p)));
    const items = orderItems(collected);
    const timeline = await renderTimeline(p.referenceNo, await this.timelineRows(p.documentId), builtAt);
    const form = await this.formRows(p.documentId);
    const formPdf = await renderForm(p.referenceNo, form.caseType, form.rows, builtAt);

    // Every part with its bytes and page count; what a PDF cannot take stays in the zip only.
    const parts: Array<PdfPart & { name: string; pages: number; mime: string; zipOnly?: boolean }> = [
      { section: 'timeline', title: '办理经过', kind: 'pdf', bytes: timeline, name: '办理经过.pdf', mime: 'application/pdf', pages: 0 },
      { section: 'form', title: '表单信息', kind: 'pdf', bytes: formPdf, name: '表单信息.pdf', mime: 'application/pdf', pages: 0 },
    ];
    for (const item of items) {
      const bytes = await item.bytes().catch(() => null);
      if (!bytes) throw new errors.ApplicationError(`${item.title}的文件缺失，无法立卷`);
      const kind = itemKind(item.mime, item.name);
      parts.push({
        section: item.section,
        title: item.title,
        kind: kind === 'image' ? 'image' : 'pdf',
        bytes,
        name: item.name,
        mime: item.mime,
        pages: 0,
        zipOnly: kind === 'other',
      });
    }
    for (const part of parts) part.pages = part.zipOnly ? 0 : await pageCount(part);

    // The contents' page numbers depend on how many pages the cover and contents take: count first.
    const cover = this.cover(p, builtAt);
    const draftToc = tableOfContents(0, parts);
    const frontPages = await pageCount({ kind: 'pdf', bytes: await renderFront(cover, draftToc) });
    const toc = tableOfContents(frontPages, parts);
    const front = await renderFront(cover, toc);
    const inPdf = parts.filter((x) => x.pages > 0);
    const pdf = await mergeParts([{ section: 'timeline', title: '封面及目录', kind: 'pdf', bytes: front }, ...inPdf], {
      title: `${p.referenceNo} 一案一档`,
      createdAt: builtAt,
    });
    const names = entryNames(p.referenceNo, parts);
    const folder = `${safeName(p.referenceNo)}-一案一档`;
    const entries = [
      { name: `${folder}/${caseFileNames(p.referenceNo).pdf}`, bytes: pdf },
      { name: `${folder}/${safeName(p.referenceNo)}-封面及目录.pdf`, bytes: front },
      ...parts.map((x, i) => ({ name: names[i], bytes: x.bytes })),
    ];
    const total = frontPages + inPdf.reduce((n, x) => n + x.pages, 0);
    return { referenceNo: p.referenceNo, pdf, entries, pages: total };
  },

  /** A zip of the bundle's entries, in memory (one case's file). */
  async zip(entries: CaseFileBundle['entries']): Promise<Buffer> {
    const archiver: typeof archiverType = require('archiver');
    const zip = archiver('zip', { zlib: { level: 6 } });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      zip.on('data', (c: Buffer) => chunks.push(c));
      zip.on('end', () => resolve(Buffer.concat(chunks)));
      zip.on('error', reject);
    });
    for (const e of entries) zip.append(e.bytes, { name: e.name });
    await zip.finalize();
    return done;
  },

  /** 立卷: builds, stores (private) and records a new version of the case file. */
  async build(petitionDocumentId: string, userId: number | null) {
    const builtAt = new Date();
    const bundle = await this.assemble(petitionDocumentId, builtAt);
    const zip = await this.zip(bundle.entries);
    const storage = privateStorage(strapi);
    const code = crypto.randomBytes(8).toString('hex');
    const pdfKey = `exports/casefile-${code}.pdf`;
    const zipKey = `exports/casefile-${code}.zip`;
    await storage.write(pdfKey, bundle.pdf);
    await storage.write(zipKey, zip);
    try {
      return await strapi.db.transaction(async () => {
        const last = await strapi.db
          .query(CASE_FILE_UID)
          .findOne({ where: { petition: { documentId: petitionDocumentId } }, orderBy: { version: 'desc' }, select: ['version'] });
        const names = caseFileNames(bundle.referenceNo);
        const row = await strapi.documents(CASE_FILE_UID).create({
          data: {
            petition: petitionDocumentId,
            version: (last?.version ?? 0) + 1,
            pages: bundle.pages,
            items: bundle.entries.length,
            sha256: sha256(bundle.pdf),
            builtAt,
            builtBy: userId,
            pdfKey,
            zipKey,
            pdfName: names.pdf,
            zipName: names.zip,
          },
        });
        return Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, row[k]])) as CaseFile; // PUBLIC_FIELDS: documentId, version and what the list shows
      });
    } catch (e) {
      await storage.remove(pdfKey);
      await storage.remove(zipKey);
      throw e;
    }
  },

  async list(petitionDocumentId: string) {
    await this.loadPetition(petitionDocumentId);
    return strapi
      .documents(CASE_FILE_UID)
      .findMany({ filters: { petition: { documentId: petitionDocumentId } }, fields: PUBLIC_FIELDS, sort: ['version:desc'] });
  },

  /** The stored PDF or zip of a built case file, inside the caller's jurisdiction (404 otherwise). */
  async read(documentId: string, format: 'pdf' | 'zip') {
    const row = await strapi.documents(CASE_FILE_UID).findOne({ documentId, populate: { petition: { fields: ['referenceNo'] } } });
    if (!row) throw new errors.NotFoundError('案卷不存在');
    const keys = await strapi.db.query(CASE_FILE_UID).findOne({ where: { id: row.id }, select: ['pdfKey', 'zipKey'] });
    const key = format === 'pdf' ? keys?.pdfKey : keys?.zipKey;
    const file = privateStorage(strapi).pathOf(key);
    await fs.promises.access(file).catch(() => {
      throw new errors.NotFoundError('案卷文件不存在');
    });
    const names = caseFileNames(row.petition?.referenceNo ?? 'case');
    return {
      row,
      stream: fs.createReadStream(file),
      mime: format === 'pdf' ? 'application/pdf' : 'application/zip',
      name: format === 'pdf' ? names.pdf : names.zip,
      ascii: format === 'pdf' ? names.asciiPdf : names.asciiZip,
    };
  },
});
