/**
 * The credit documents: the notice (告知书) and the decisions (异议处理决定书, 信用修复决定书),
 * issued through the document service, and the person's attachments stored privately.
 */
import type { Core } from '@strapi/strapi';
import path from 'path';
import type { Caller } from '@fangtiao/kernel';
import { CHANNEL_LABELS, VISIT_LEVEL_NAMES, shanghaiDate } from '@fangtiao/kernel/pure';
import { PRIVATE_FILE_PREFIX } from '../../documents/strapi/service';
import { getService } from '../../utils/get-service';
import { REPAIR_APPLICANTS, type CreditSettings, type EvidenceRef } from '../rules';
import { DOC, DOC_FIELDS, FLAG, VISIT, printed, type Input, type Upload } from './common';

/** Objection attachments go to the media library under the private prefix (never under /uploads). */
export async function storeAttachments(strapi: Core.Strapi, documentId: string, files: Upload[], what = 'objection') {
  const ids: number[] = [];
  for (const [i, f] of files.entries()) {
    const ext = path.extname(f.originalFilename ?? '') || '.pdf';
    const name = `${PRIVATE_FILE_PREFIX}-${what}-${documentId}-${Date.now()}-${i + 1}${ext}`;
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name, caption: f.originalFilename ?? name } },
        files: { ...f, originalFilename: name },
      });
    ids.push(file.id);
  }
  return ids;
}

/**
 * Issues a decision PDF (异议处理决定书, 信用修复决定书) through the document service: who
 * decided, the decision, the reasons, the date (Asia/Shanghai), the remedies. `f` is the flag
 * row with the decision's fields already merged in.
 */
export async function issueDecision(
  strapi: Core.Strapi,
  documentId: string,
  kind: 'credit-objection-decision' | 'credit-repair-decision',
  f: Input,
  caller: Caller,
  decidedAt: Date,
) {
  const flag: any = await strapi.documents(FLAG).findOne({
    documentId,
    populate: {
      ground: { fields: ['name'] },
      organisation: { fields: ['name'] },
      petition: { fields: ['referenceNo', 'subject'], populate: { caseType: { fields: ['code'], populate: { documentTemplates: true } } } },
    },
  });
  const decider = await strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { id: caller.id }, select: ['username', 'fullName'], populate: { organisation: { select: ['name'] } } });
  const p = flag.petition ?? {};
  // The credit notice's template settings (issuer, seal, extra clauses) serve its decisions too.
  const t = (p.caseType?.documentTemplates ?? []).find((x: any) => x.kind === 'credit-notice') ?? {};
  const issuer = t.organisationName || flag.organisation?.name;
  const common = {
    person: { name: flag.personName, idNumber: flag.idNumber },
    matter: p.subject ?? '',
    caseReference: p.referenceNo ?? undefined,
    ground: flag.ground?.name ?? '',
    decidedBy: decider?.fullName || decider?.username || caller.username,
    decidedByUnit: decider?.organisation?.name ?? undefined,
    reasons: String(kind === 'credit-objection-decision' ? f.objectionReasons : f.repairReasons),
    issuer,
    decidedAt: shanghaiDate(decidedAt),
  };
  const channel = (c: unknown) => (c === 'online' ? '通过网上渠道' : '当面');
  const input =
    kind === 'credit-objection-decision'
      ? {
          ...common,
          decisionNumber: `${p.referenceNo ?? ''}-信${flag.id}-异`,
          objection: {
            lodgedAt: shanghaiDate(f.objectionLodgedAt),
            by: f.objectionBy ?? undefined,
            channel: channel(f.objectionChannel),
            text: String(f.objectionText ?? ''),
          },
          decision: f.objectionDecision,
        }
      : {
          ...common,
          decisionNumber: `${p.referenceNo ?? ''}-信${flag.id}-修`,
          application: {
            appliedAt: shanghaiDate(f.repairAppliedAt),
            applicant: `${(REPAIR_APPLICANTS as Record<string, string>)[f.repairApplicant] ?? '申请人'}${f.repairApplicantName ? f.repairApplicantName : ''}`,
            channel: channel(f.repairChannel),
            text: String(f.repairApplication ?? ''),
          },
          decision: f.repairDecision,
          outcome: f.repairOutcome ?? undefined,
        };
  return getService(strapi, 'document').issue({
    kind,
    input,
    subjectKey: `credit-flag:${documentId}`,
    petition: p.documentId,
    organisation: flag.organisation?.documentId,
    userId: caller.id,
    issuedAt: decidedAt,
    options: {
      organisationName: issuer,
      sealText: t.sealText || undefined,
      extraClauses: String(t.extraClauses ?? '')
        .split('\n')
        .map((c: string) => c.trim())
        .filter(Boolean),
    },
  });
}

/** Issues the notice PDF (拟纳入失信记录告知书) through the document service. */
export async function issueNotice(strapi: Core.Strapi, documentId: string, settings: CreditSettings, caller: Caller, issuedAt: Date) {
  const flag: any = await strapi.documents(FLAG).findOne({
    documentId,
    populate: {
      ground: { fields: ['name', 'legalBasis'] },
      organisation: { fields: ['name'] },
      basisDocument: DOC_FIELDS(),
      petition: { fields: ['referenceNo', 'subject'], populate: { caseType: { fields: ['code'], populate: { documentTemplates: true } } } },
    },
  });
  const evidence: string[] = [];
  for (const e of (flag.evidence ?? []) as EvidenceRef[]) {
    if (e.type === 'document') {
      const d = await strapi.db
        .query(DOC)
        .findOne({ where: { documentId: e.id }, select: ['title', 'version', 'verificationCode', 'issuedAt'] });
      if (d) evidence.push(`${d.title}（第${d.version}版，${printed(d.issuedAt)}出具，核验码${d.verificationCode}）`);
    } else {
      const v = await strapi.db
        .query(VISIT)
        .findOne({ where: { documentId: e.id }, select: ['visitedAt', 'channel', 'level', 'headcount'] });
      if (v)
        evidence.push(
          `${printed(v.visitedAt)}${(CHANNEL_LABELS as Record<string, string>)[v.channel] ?? ''}记录：到达${(VISIT_LEVEL_NAMES as Record<string, string>)[v.level] ?? v.level}，${v.headcount ?? 1}人`,
        );
    }
  }
  const b = flag.basisDocument;
  const p = flag.petition ?? {};
  const t = (p.caseType?.documentTemplates ?? []).find((x: any) => x.kind === 'credit-notice') ?? {};
  const issuer = t.organisationName || flag.organisation?.name;
  return getService(strapi, 'document').issue({
    kind: 'credit-notice',
    input: {
      noticeNumber: `${p.referenceNo ?? ''}-信${flag.id}`,
      person: { name: flag.personName, idNumber: flag.idNumber },
      matter: p.subject ?? '',
      caseReference: p.referenceNo ?? undefined,
      ground: flag.ground?.name ?? '',
      legalBasis: flag.ground?.legalBasis ?? '',
      facts: flag.facts,
      basis: b ? `${b.title}（第${b.version}版，${printed(b.issuedAt)}出具，核验码${b.verificationCode}）` : '',
      evidence,
      objectionDays: settings.objectionDays,
      retentionYears: settings.retentionYears,
      issuer,
      issuedAt: shanghaiDate(issuedAt),
    },
    subjectKey: `credit-flag:${documentId}`,
    petition: p.documentId,
    organisation: flag.organisation?.documentId,
    userId: caller.id,
    issuedAt,
    options: {
      organisationName: issuer,
      sealText: t.sealText || undefined,
      extraClauses: String(t.extraClauses ?? '')
        .split('\n')
        .map((c: string) => c.trim())
        .filter(Boolean),
    },
  });
}
