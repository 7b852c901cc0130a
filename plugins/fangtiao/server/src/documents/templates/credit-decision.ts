/**
 * The written decisions on a credit flag, delivered to the person like the notice:
 * 异议处理决定书 (浙江省公共信用信息管理条例 arts. 30–31) and 信用修复决定书 (art. 32). Each says
 * who decided, what, why, when, and how to challenge it.
 */
import { DateInput, formatDate } from '../format';
import type { Layout } from '../layout';
import { CommonOptions, extraClauses, sentence, Template } from './common';

interface DecisionCommon {
  decisionNumber: string;
  person: { name: string; idNumber?: string };
  matter: string;
  caseReference?: string;
  ground: string;
  /** The reviewer who decided, by name, and their unit. */
  decidedBy: string;
  decidedByUnit?: string;
  reasons: string;
  /** Falls back to options.organisationName. */
  issuer?: string;
  decidedAt: DateInput;
}

export interface CreditObjectionDecisionInput extends DecisionCommon {
  /** When and how the objection came in, and by whom (本人, 代理律师). */
  objection: { lodgedAt: DateInput; by?: string; channel?: string; text: string };
  decision: 'upheld' | 'dismissed';
  /** Days from delivery after which a dismissed flag may go active (the rest of the window). */
  noticeDeliveredAt?: DateInput;
}

export interface CreditRepairDecisionInput extends DecisionCommon {
  application: { appliedAt: DateInput; applicant: string; channel?: string; text: string };
  decision: 'granted' | 'refused';
  /** For a granted repair: the record deleted or annotated. */
  outcome?: 'delete' | 'annotate';
}

/** The remedies, printed on every decision: the person's way to court is never closed. */
const REMEDIES = '你如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法提起行政诉讼。';

function head(doc: Layout, title: string, input: DecisionCommon) {
  doc.title(title);
  doc.line(`编号：${input.decisionNumber}`, 'right');
  doc.paragraph(`${input.person.name}${input.person.idNumber ? `（公民身份号码：${input.person.idNumber}）` : ''}：`, { indent: 0 });
}

function tail(doc: Layout, input: DecisionCommon, options: CommonOptions, issuer: string) {
  doc.heading('救济途径');
  doc.paragraph(REMEDIES);
  extraClauses(doc, options, () => '');
  doc.field('决定人', sentence(`${input.decidedBy}${input.decidedByUnit ? `（${input.decidedByUnit}信用审核员）` : '（信用审核员）'}`));
  doc.field('决定日期', formatDate(input.decidedAt));
  doc.seal({ name: options.sealText ?? issuer, date: formatDate(input.decidedAt) });
  doc.space(0.5);
  doc.signatures([{ label: '受送达人（签名）', fingerprint: true }]);
}

const matterOf = (input: DecisionCommon) =>
  sentence(input.caseReference ? `${input.matter}（编号：${input.caseReference}）` : input.matter);

export const creditObjectionDecision: Template<CreditObjectionDecisionInput> = {
  title: '异议处理决定书',
  date: (input) => input.decidedAt,
  render(doc, input, options: CommonOptions) {
    const issuer = input.issuer ?? options.organisationName;
    if (!issuer) throw new Error('credit-objection-decision: issuer or organisationName is required');
    head(doc, '异议处理决定书', input);
    const by = input.objection.by ? `（提出人：${input.objection.by}）` : '';
    doc.paragraph(
      `你${by}于${formatDate(input.objection.lodgedAt)}${input.objection.channel ? input.objection.channel : ''}对${issuer}拟将你纳入失信记录（失信情形：${input.ground}）一事提出异议。经审查，现决定如下：`,
    );
    doc.field('所涉信访事项', matterOf(input));
    doc.heading('一、异议内容');
    doc.paragraph(sentence(input.objection.text));
    doc.heading('二、审查决定');
    doc.paragraph(
      input.decision === 'upheld'
        ? '异议成立。撤销拟纳入的失信记录，该记录不予生效。'
        : '异议不成立。维持拟纳入失信记录的意见；该记录在本决定书送达且异议期限届满后方可生效。',
    );
    doc.heading('三、理由');
    doc.paragraph(sentence(input.reasons));
    tail(doc, input, options, issuer);
  },
};

export const creditRepairDecision: Template<CreditRepairDecisionInput> = {
  title: '信用修复决定书',
  date: (input) => input.decidedAt,
  render(doc, input, options: CommonOptions) {
    const issuer = input.issuer ?? options.organisationName;
    if (!issuer) throw new Error('credit-repair-decision: issuer or organisationName is required');
    head(doc, '信用修复决定书', input);
    doc.paragraph(
      `${input.application.applicant}于${formatDate(input.application.appliedAt)}${input.application.channel ?? ''}就你的失信记录（失信情形：${input.ground}）申请信用修复。经审核，现决定如下：`,
    );
    doc.field('所涉信访事项', matterOf(input));
    doc.heading('一、申请内容');
    doc.paragraph(sentence(input.application.text));
    doc.heading('二、审核决定');
    doc.paragraph(
      input.decision === 'granted'
        ? input.outcome === 'delete'
          ? '准予信用修复。删除该失信记录，自本决定作出之日起不再使用和报送。'
          : '准予信用修复。对该失信记录标注“已信用修复”，报送和查询时一并显示修复情况。'
        : '不予信用修复。该失信记录继续保存至保存期限届满；符合条件后可以再次申请。',
    );
    doc.heading('三、理由');
    doc.paragraph(sentence(input.reasons));
    tail(doc, input, options, issuer);
  },
};
