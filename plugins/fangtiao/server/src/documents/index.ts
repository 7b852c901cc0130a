/**
 * Printable documents (A4 PDF, GB/T 9704 layout, embedded CJK subset fonts).
 * Pure Node: services load the data and call renderDocument; nothing here knows Strapi.
 * Module documents/: owns the page and layout engine (page.ts, layout.ts), the templates and,
 * in strapi/, the generated-document model, private storage and exports.
 * Imports: outside strapi/ only Node, pdfkit/fontkit and `@fangtiao/kernel/pure`; strapi/ may add
 * Strapi, `@fangtiao/kernel`, ../../utils and other modules' services through getService.
 */
import crypto from 'crypto';
import { dateOf } from './format';
import { Layout } from './layout';
import { qrPng } from './qr';
import { CommonOptions, Template } from './templates/common';
import { consultationRecord, ConsultationRecordInput } from './templates/consultation-record';
import { creditNotice, CreditNoticeInput } from './templates/credit-notice';
import {
  creditObjectionDecision,
  creditRepairDecision,
  CreditObjectionDecisionInput,
  CreditRepairDecisionInput,
} from './templates/credit-decision';
import { handoverSheet, HandoverSheetInput } from './templates/handover-sheet';
import { hearingMinutes, HearingMinutesInput } from './templates/hearing-minutes';
import { hearingNotice, HearingNoticeInput } from './templates/hearing-notice';
import { mediationAgreement, MediationAgreementInput } from './templates/mediation-agreement';
import { judicialConfirmationApplication, JudicialConfirmationInput } from './templates/judicial-confirmation-application';
import { noFurtherPetitionPledge, NoFurtherPetitionPledgeInput } from './templates/no-further-petition-pledge';
import { warningNotice, WarningNoticeInput } from './templates/warning-notice';

export type { CommonOptions as DocumentOptions } from './templates/common';
export type { ConsultationRecordInput } from './templates/consultation-record';
export type { CreditNoticeInput } from './templates/credit-notice';
export type { CreditObjectionDecisionInput, CreditRepairDecisionInput } from './templates/credit-decision';
export type { HandoverSheetInput, BacklogCase } from './templates/handover-sheet';
export type { HearingMinutesInput } from './templates/hearing-minutes';
export type { HearingNoticeInput } from './templates/hearing-notice';
export type { MediationAgreementInput, MediationParty, AgreedTerm } from './templates/mediation-agreement';
export type { JudicialConfirmationInput } from './templates/judicial-confirmation-application';
export type { NoFurtherPetitionPledgeInput } from './templates/no-further-petition-pledge';
export type { WarningNoticeInput, WarningColour } from './templates/warning-notice';

export interface DocumentInputs {
  'mediation-agreement': MediationAgreementInput;
  'no-further-petition-pledge': NoFurtherPetitionPledgeInput;
  'handover-sheet': HandoverSheetInput;
  'warning-notice': WarningNoticeInput;
  'hearing-notice': HearingNoticeInput;
  'hearing-minutes': HearingMinutesInput;
  'consultation-record': ConsultationRecordInput;
  'credit-notice': CreditNoticeInput;
  'credit-objection-decision': CreditObjectionDecisionInput;
  'credit-repair-decision': CreditRepairDecisionInput;
  'judicial-confirmation-application': JudicialConfirmationInput;
}
export type DocumentKind = keyof DocumentInputs;

const TEMPLATES: { [K in DocumentKind]: Template<DocumentInputs[K]> } = {
  'mediation-agreement': mediationAgreement,
  'no-further-petition-pledge': noFurtherPetitionPledge,
  'handover-sheet': handoverSheet,
  'warning-notice': warningNotice,
  'hearing-notice': hearingNotice,
  'hearing-minutes': hearingMinutes,
  'consultation-record': consultationRecord,
  'credit-notice': creditNotice,
  'credit-objection-decision': creditObjectionDecision,
  'credit-repair-decision': creditRepairDecision,
  'judicial-confirmation-application': judicialConfirmationApplication,
};

export const DOCUMENT_KINDS = Object.keys(TEMPLATES) as DocumentKind[];

/** Chinese title of each kind, as printed on the document. */
export const DOCUMENT_TITLES = Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, TEMPLATES[k].title])) as Record<DocumentKind, string>;

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(TEMPLATES, value);
}

/** Line heights tried, in order, until the signatures share the last page of text (GB/T 9704 7.3.5.1). */
const LINE_SCALES = [1, 0.92, 0.85, 0.78];

export async function renderDocument<K extends DocumentKind>(
  kind: K,
  input: DocumentInputs[K],
  options: CommonOptions = {},
): Promise<Buffer> {
  if (!isDocumentKind(kind)) throw new Error(`Unknown document kind: ${String(kind)}`);
  const template = TEMPLATES[kind] as Template<DocumentInputs[K]>;
  const footer = {
    verificationCode: options.verificationCode,
    verifyUrl: options.verifyUrl,
    qrPng: options.verifyUrl ? await qrPng(options.verifyUrl) : undefined,
  };
  const layout = (lineScale: number) => {
    const l = new Layout({
      title: template.title,
      author: options.organisationName ?? options.committeeName,
      createdAt: dateOf(options.createdAt) ?? dateOf(template.date(input)),
      footer,
      lineScale,
    });
    template.render(l, input, options);
    return l;
  };
  for (const scale of LINE_SCALES) {
    const l = layout(scale);
    if (!l.signaturePage) return l.finish();
    l.discard();
  }
  // Even the tightest spacing leaves the signatures alone: the grid's spacing and a signature page (此页无正文).
  return layout(1).finish();
}

export function sha256(buffer: Buffer): string {
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

/** Crockford base32: no I, L, O or U, so a code read aloud or retyped is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 10 characters, 50 random bits, e.g. 7K3QW9ZD2M. */
export function makeVerificationCode(length = 10): string {
  const bytes = crypto.randomBytes(length);
  let code = '';
  for (const b of bytes) code += CROCKFORD[b & 31]; // 256 is a multiple of 32: no bias
  return code;
}
