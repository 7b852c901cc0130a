import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import path from 'path';
import { UID } from '../../constants';
import { renderDocument, sha256, makeVerificationCode, isDocumentKind, DOCUMENT_TITLES, type DocumentKind } from '../index';
import { documentFileName } from '../file-names';
import { privateStorage } from './storage';
import { agreementNumber, mediationAgreementInput, pledgeInput } from './petition-inputs';
import { conflict, findInScope, throwIfInvalid } from '@fangtiao/kernel';
import { checkFiles, SNIFF_BYTES, type FileKind } from '../../attachments/rules';

/** The petition documents the desk offers, and what each needs first. */
export const PETITION_KINDS: DocumentKind[] = ['mediation-agreement', 'no-further-petition-pledge'];
const DEFAULT_KINDS = PETITION_KINDS;

/** Private uploads still in the media library (credit objections) start with this; the private-uploads middleware keeps them off /uploads. */
export const PRIVATE_FILE_PREFIX = 'ftdoc';

/** Signed scans: PDF or an image, by extension; anything else is stored as .bin. */

function publicBase(strapi: Core.Strapi): string {
  const url = strapi.config.get('server.url') as string;
  if (url) return url.replace(/\/$/, '');
  return `http://localhost:${strapi.config.get('server.port') ?? 1337}`;
}

/**
 * Issues documents (文书): renders the PDF, stores it in private storage with its
 * version, SHA-256 and verification code, and serves it back only inside the case's
 * jurisdiction. Regenerating makes a new version; old ones stay downloadable.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async loadPetition(documentId: string) {
    const populate = {
      parties: true,
      organisation: { fields: ['name', 'code'] },
      committee: { fields: ['name', 'sealText'] },
      caseType: { fields: ['code'], populate: { documentTemplates: true } },
      mediator: { fields: ['username', 'fullName'] },
    };
    return findInScope(strapi, UID.petition, documentId, { populate }, '信访事项不存在');
  },

  async latest(subjectKey: string, kind: DocumentKind) {
    return strapi.db.query(UID.generatedDocument).findOne({ where: { subjectKey, kind }, orderBy: { version: 'desc' } });
  },

  /** Template inputs for a petition document, or 409 when the case is not there yet. */
  async petitionInput(p: any, kind: DocumentKind, issuedAt: Date) {
    const templates: any[] = p.caseType?.documentTemplates ?? [];
    const allowed: string[] = templates.length ? templates.map((t) => t.kind) : DEFAULT_KINDS;
    if (!PETITION_KINDS.includes(kind)) throw new errors.ValidationError(`该文书不在案件上出具：${kind}`);
    if (!allowed.includes(kind)) throw conflict(`本案件类型不使用${DOCUMENT_TITLES[kind]}`);
    if (p.outcome?.result !== 'success') throw conflict(`调解成功后才能出具${DOCUMENT_TITLES[kind]}`);
    if (kind === 'mediation-agreement') {
      if ((p.parties ?? []).length < 2) throw conflict('调解协议书至少需要两方当事人：请先在案件中补充对方当事人');
      return mediationAgreementInput(p, issuedAt);
    }
    const agreement = await this.latest(`petition:${p.documentId}`, 'mediation-agreement');
    if (!agreement) throw conflict('请先出具人民调解协议书');
    return pledgeInput(p, { number: agreementNumber(p, new Date(agreement.issuedAt)), date: new Date(agreement.issuedAt) });
  },

  async issueForPetition(petitionDocumentId: string, kind: string, userId: number | null) {
    if (!isDocumentKind(kind))
      throw new errors.ValidationError(`未知的文书类型：${kind}`, { errors: [{ path: ['kind'], message: '未知的文书类型' }] });
    const p = await this.loadPetition(petitionDocumentId);
    const issuedAt = new Date();
    const input = await this.petitionInput(p, kind, issuedAt);
    // The case type's template for this kind (low-code, in the admin panel): names, seal, extra clauses.
    const t = (p.caseType?.documentTemplates ?? []).find((x: any) => x.kind === kind) ?? {};
    return this.issue({
      kind,
      input,
      subjectKey: `petition:${p.documentId}`,
      petition: p.documentId,
      organisation: p.organisation?.documentId,
      userId,
      issuedAt,
      options: {
        organisationName: t.organisationName || p.organisation?.name,
        committeeName: t.committeeName || p.committee?.name,
        sealText: t.sealText || p.committee?.sealText || undefined,
        extraClauses: String(t.extraClauses ?? '')
          .split('\n')
          .map((c: string) => c.trim())
          .filter(Boolean),
      },
    });
  },

  /** Renders, stores and records one document version. Used by every issuing module. */
  async issue(args: {
    kind: DocumentKind;
    input: any;
    subjectKey: string;
    petition?: string;
    organisation?: string;
    userId: number | null;
    issuedAt?: Date;
    /** Whom this one is for, when a subject has several of a kind (printed in file names). */
    addressee?: string;
    options?: Record<string, any>;
  }) {
    const issuedAt = args.issuedAt ?? new Date();
    const code = makeVerificationCode();
    const pdf = await renderDocument(args.kind, args.input, {
      ...args.options,
      verificationCode: code,
      verifyUrl: `${publicBase(strapi)}/api/verify/${code}`,
      createdAt: issuedAt,
    });
    const storage = privateStorage(strapi);
    const fileKey = `documents/${code}.pdf`;
    await storage.write(fileKey, pdf);
    try {
      return await strapi.db.transaction(async () => {
        const last = await this.latest(args.subjectKey, args.kind);
        const version = (last?.version ?? 0) + 1;
        return strapi.documents(UID.generatedDocument).create({
          data: {
            kind: args.kind,
            title: DOCUMENT_TITLES[args.kind],
            subjectKey: args.subjectKey,
            version,
            sha256: sha256(pdf),
            verificationCode: code,
            issuedAt,
            issuedBy: args.userId,
            petition: args.petition ?? null,
            organisation: args.organisation,
            addressee: args.addressee ?? null,
            fileKey,
          },
        });
      });
    } catch (e) {
      await storage.remove(fileKey); // no row points at it
      throw e;
    }
  },

  async listForPetition(petitionDocumentId: string) {
    await this.loadPetition(petitionDocumentId);
    return strapi.documents(UID.generatedDocument).findMany({
      filters: { petition: { documentId: petitionDocumentId } },
      fields: ['kind', 'title', 'version', 'addressee', 'sha256', 'verificationCode', 'issuedAt', 'signedAt', 'signedScanMime'],
      sort: ['kind:asc', 'version:desc'],
    });
  },

  /** The stored PDF of a document row (read with its private `fileKey`), for modules that serve their own documents. */
  async fileBytes(doc: { fileKey?: string | null }) {
    if (!doc?.fileKey) throw new errors.NotFoundError('文书不存在');
    return privateStorage(strapi)
      .read(doc.fileKey)
      .catch(() => {
        throw new errors.NotFoundError('文书文件不存在');
      });
  },

  /** The download name of a document row: case number, title, addressee, version. */
  fileName(doc: any, referenceNo?: string | null, signedScanExt?: string) {
    const d = { referenceNo, title: doc.title, kind: doc.kind, version: doc.version, addressee: doc.addressee };
    return signedScanExt ? documentFileName(d, '-签署件', signedScanExt, '-signed') : documentFileName(d);
  },

  /** The stored bytes of a document (or its signed scan) inside the caller's jurisdiction. */
  async read(documentId: string, which: 'file' | 'signedScan' = 'file') {
    // Scoped read first (404 outside the jurisdiction), then the private keys, which the document service does not return.
    const doc = await strapi.documents(UID.generatedDocument).findOne({ documentId, populate: { petition: { fields: ['referenceNo'] } } });
    if (!doc) throw new errors.NotFoundError('文书不存在');
    const keys = await strapi.db
      .query(UID.generatedDocument)
      .findOne({ where: { id: doc.id }, select: ['fileKey', 'signedScanKey', 'signedScanMime'] });
    const key = which === 'file' ? keys?.fileKey : keys?.signedScanKey;
    if (!key) throw new errors.NotFoundError(which === 'file' ? '文书不存在' : '尚未上传签署件');
    const bytes = await this.fileBytes({ fileKey: key });
    const { name, ascii } = this.fileName(doc, doc.petition?.referenceNo, which === 'file' ? undefined : path.extname(key));
    return { doc, bytes, mime: which === 'file' ? 'application/pdf' : keys.signedScanMime || 'application/octet-stream', name, ascii };
  },

  async attachSignedScan(
    documentId: string,
    upload: { filepath: string; originalFilename?: string | null; mimetype?: string | null; size: number } | undefined,
  ) {
    const doc = await strapi.documents(UID.generatedDocument).findOne({ documentId });
    if (!doc) throw new errors.NotFoundError('文书不存在');
    if (!upload) throw new errors.ValidationError('缺少签署件文件', { errors: [{ path: ['file'], message: '请上传签署件（PDF或图片）' }] });
    const storage = privateStorage(strapi);
    let key: string;
    let mime: string;
    try {
      const bytes = await fs.readFile(upload.filepath);
      // The same limits as every attachment: the type by the first bytes, at most 10 MB.
      const checked = checkFiles(
        [{ name: String(upload.originalFilename ?? ''), size: bytes.length, head: bytes.subarray(0, SNIFF_BYTES) }],
        0,
        'file',
      );
      if (!checked.ok)
        throwIfInvalid(
          checked.errors.map((e) => ({ ...e, path: ['file'] })),
          '签署件有误',
        );
      const kind = (checked as { kinds: FileKind[] }).kinds[0];
      mime = kind.mime;
      // A new key per upload: a replaced scan is removed only once the row points at the new one.
      key = `signed/${doc.verificationCode}-${Date.now()}${kind.ext}`;
      await storage.write(key, bytes);
    } finally {
      await fs.rm(upload.filepath, { force: true }); // the body parser's copy in the system temp directory
    }
    const old: any = await strapi.db
      .query(UID.generatedDocument)
      .findOne({ where: { id: doc.id }, select: ['signedScanKey', 'signedScanMime', 'signedAt', 'earlierScans'] });
    // The scan it replaces is kept, on the record (README "Attachments"), not removed.
    const earlierScans = old?.signedScanKey
      ? [
          ...(old.earlierScans ?? []),
          { key: old.signedScanKey, mime: old.signedScanMime, signedAt: old.signedAt, replacedAt: new Date().toISOString() },
        ]
      : (old?.earlierScans ?? null);
    const updated = await strapi
      .documents(UID.generatedDocument)
      .update({ documentId, data: { signedScanKey: key, signedScanMime: mime, signedAt: new Date(), earlierScans } as any })
      .catch(async (e: unknown) => {
        await storage.remove(key); // no file without its row
        throw e;
      });
    return updated;
  },

  /** Public check of a verification code: whether it was issued, of which kind and when — nothing about people. */
  async verify(code: string) {
    const doc = await strapi.db.query(UID.generatedDocument).findOne({
      where: { verificationCode: String(code).toUpperCase() },
      select: ['kind', 'title', 'version', 'issuedAt', 'signedAt'],
    });
    if (!doc) return { valid: false };
    return { valid: true, kind: doc.kind, title: doc.title, version: doc.version, issuedAt: doc.issuedAt, signed: !!doc.signedAt };
  },
});
