/**
 * 拟纳入失信记录告知书 — the notice to a person that a reviewed credit flag is about to be
 * recorded: the facts, the evidence, the basis, how and by when to object, how long the
 * record is kept and how it can be repaired. Nothing takes effect before the window closes.
 */
import { DateInput, formatDate } from '../format';
import { CommonOptions, extraClauses, sentence, Template } from './common';

export interface CreditNoticeInput {
  noticeNumber: string;
  person: { name: string; idNumber?: string };
  /** The petition matter and its reference number. */
  matter: string;
  caseReference?: string;
  /** The ground's name, e.g. 拒不履行人民调解协议. */
  ground: string;
  legalBasis: string;
  facts: string;
  /** The agreement or pledge the flag rests on, described. */
  basis: string;
  evidence: string[];
  /** Last day to object (a calendar date), when known at issue; otherwise `objectionDays` from delivery. */
  objectionDeadline?: DateInput;
  /** Days to object counted from delivery (the window opens when the notice reaches the person). */
  objectionDays?: number;
  /** Where the objection goes; falls back to the issuer. */
  objectionTo?: string;
  retentionYears: number;
  /** Falls back to options.organisationName. */
  issuer?: string;
  issuedAt: DateInput;
  contact?: { person: string; phone: string };
}

const TITLE = '拟纳入失信记录告知书';

export const creditNotice: Template<CreditNoticeInput> = {
  title: TITLE,
  date: (input) => input.issuedAt,
  render(doc, input, options: CommonOptions) {
    const issuer = input.issuer ?? options.organisationName;
    if (!issuer) throw new Error('credit-notice: issuer or organisationName is required');
    const objectionTo = input.objectionTo ?? issuer;

    doc.title(TITLE);
    doc.line(`编号：${input.noticeNumber}`, 'right');
    doc.paragraph(`${input.person.name}${input.person.idNumber ? `（公民身份号码：${input.person.idNumber}）` : ''}：`, { indent: 0 });
    doc.paragraph(`经审核，${issuer}拟将你的下列情形纳入失信记录。根据程序，现将有关事项告知如下：`);
    doc.heading('一、失信情形');
    doc.paragraph(sentence(input.ground));
    doc.heading('二、主要事实');
    doc.paragraph(sentence(input.facts));
    doc.field('所涉信访事项', sentence(input.caseReference ? `${input.matter}（编号：${input.caseReference}）` : input.matter));
    doc.field('所依据的文书', sentence(input.basis));
    doc.heading('三、证据');
    input.evidence.forEach((e, i) => doc.paragraph(`${i + 1}. ${sentence(e)}`));
    doc.heading('四、依据');
    doc.paragraph(sentence(input.legalBasis));
    doc.heading('五、异议');
    doc.paragraph(
      `你如有异议，可以${input.objectionDeadline ? `在${formatDate(input.objectionDeadline)}前（含当日）` : `自收到本告知书之日起${input.objectionDays ?? 15}日内`}向${objectionTo}提出书面异议，说明理由并提交证据材料；` +
        '书写有困难的，可以口头提出，由工作人员代为记录。异议期限届满前以及异议审查期间，该记录不生效。经审查异议成立的，撤销该记录。',
    );
    doc.heading('六、保存期限与信用修复');
    doc.paragraph(
      `该记录自生效之日起保存${input.retentionYears}年，期满移出。其间已经履行调解协议或者有其他依法可以修复的情形的，可以申请信用修复，经审核同意后提前移出。`,
    );
    extraClauses(doc, options, () => '');
    doc.paragraph('本告知不影响你依法申请行政复议、提起行政诉讼等维护自身合法权益的权利。');
    if (input.contact) doc.paragraph(sentence(`联系人：${input.contact.person}，联系电话：${input.contact.phone}`));
    doc.seal({ name: options.sealText ?? issuer, date: formatDate(input.issuedAt) });
    doc.space(0.5);
    doc.signatures([{ label: '受送达人（签名）', fingerprint: true }]);
  },
};
