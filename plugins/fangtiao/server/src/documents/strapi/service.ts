import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { UID } from '../../constants';
import { renderDocument, sha256, makeVerificationCode, isDocumentKind, DOCUMENT_TITLES, type DocumentKind } from '../index';
import { agreementNumber, mediationAgreementInput, pledgeInput } from './petition-inputs';
import { conflict } from '../../../../../../src/errors';

/** The petition documents the desk offers, and what each needs first. */
export const PETITION_KINDS: DocumentKind[] = ['mediation-agreement', 'no-further-petition-pledge'];
const DEFAULT_KINDS = PETITION_KINDS;


/** Issued file names start with this, and the private-uploads middleware keeps them off /uploads. */
export const PRIVATE_FILE_PREFIX = 'ftdoc';

function publicBase(strapi: Core.Strapi): string {
  const url = strapi.config.get('server.url') as string;
  if (url) return url.replace(/\/$/, '');
  return `http://localhost:${strapi.config.get('server.port') ?? 1337}`;
}

/**
 * Issues documents (文书): renders the PDF, stores it in the media library with its
 * version, SHA-256 and verification code, and serves it back only inside the case's
 * jurisdiction. Regenerating makes a new version; old ones stay downloadable.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async loadPetition(documentId: string) {
    const p: any = await strapi.documents(UID.petition).findOne({
      documentId,
      populate: {
        parties: true,
        organisation: { fields: ['name', 'code'] },
        committee: { fields: ['name', 'sealText'] },
        caseType: { fields: ['code'], populate: { documentTemplates: true } },
        mediator: { fields: ['username', 'fullName'] },
      } as any,
    });
    if (!p) throw new errors.NotFoundError('信访事项不存在');
    return p;
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
    if (!isDocumentKind(kind)) throw new errors.ValidationError(`未知的文书类型：${kind}`, { errors: [{ path: ['kind'], message: '未知的文书类型' }] });
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
        extraClauses: String(t.extraClauses ?? '').split('\n').map((c: string) => c.trim()).filter(Boolean),
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
    const tmp = path.join(os.tmpdir(), `${PRIVATE_FILE_PREFIX}-${code}.pdf`);
    await fs.writeFile(tmp, pdf);
    try {
      return await strapi.db.transaction(async () => {
        const last = await this.latest(args.subjectKey, args.kind);
        const version = (last?.version ?? 0) + 1;
        const [file] = await strapi.plugin('upload').service('upload').upload({
          data: { fileInfo: { name: `${PRIVATE_FILE_PREFIX}-${code}.pdf`, caption: `${DOCUMENT_TITLES[args.kind]} 第${version}版` } },
          files: { filepath: tmp, originalFilename: `${PRIVATE_FILE_PREFIX}-${code}.pdf`, mimetype: 'application/pdf', size: pdf.length },
        });
        return strapi.documents(UID.generatedDocument as any).create({
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
            file: file.id,
          } as any,
        });
      });
    } finally {
      await fs.rm(tmp, { force: true });
    }
  },

  async listForPetition(petitionDocumentId: string) {
    await this.loadPetition(petitionDocumentId);
    return strapi.documents(UID.generatedDocument as any).findMany({
      filters: { petition: { documentId: petitionDocumentId } },
      fields: ['kind', 'title', 'version', 'sha256', 'verificationCode', 'issuedAt', 'signedAt'] as any,
      populate: { signedScan: { fields: ['name', 'mime'] } } as any,
      sort: ['kind:asc', 'version:desc'],
    });
  },

  /** The stored bytes of a document (or its signed scan) inside the caller's jurisdiction. */
  async read(documentId: string, which: 'file' | 'signedScan' = 'file') {
    const doc: any = await strapi.documents(UID.generatedDocument as any).findOne({ documentId, populate: { [which]: true } as any });
    const file = doc?.[which];
    if (!doc || !file) throw new errors.NotFoundError('文书不存在');
    const bytes = await fs.readFile(path.join(strapi.dirs.static.public, file.url));
    const name = which === 'file' ? `${doc.title}-第${doc.version}版.pdf` : `${doc.title}-第${doc.version}版-签署件${file.ext}`;
    return { doc, bytes, mime: file.mime, name };
  },

  async attachSignedScan(documentId: string, upload: { filepath: string; originalFilename?: string; mimetype?: string; size: number }) {
    const doc: any = await strapi.documents(UID.generatedDocument as any).findOne({ documentId });
    if (!doc) throw new errors.NotFoundError('文书不存在');
    if (!upload) throw new errors.ValidationError('缺少签署件文件', { errors: [{ path: ['file'], message: '请上传签署件（PDF或图片）' }] });
    const ext = path.extname(upload.originalFilename ?? '') || '.pdf';
    const [file] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name: `${PRIVATE_FILE_PREFIX}-${doc.verificationCode}-signed${ext}` } },
      files: { ...upload, originalFilename: `${PRIVATE_FILE_PREFIX}-${doc.verificationCode}-signed${ext}` },
    });
    return strapi.documents(UID.generatedDocument as any).update({ documentId, data: { signedScan: file.id, signedAt: new Date() } as any });
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
