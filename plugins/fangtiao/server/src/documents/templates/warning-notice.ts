/**
 * 信访预警单 — a notice to named officials that a case is escalating: the case, the
 * colour level and why, and who must do what by when. Addressed to officials only.
 */
import { DateInput, formatDate } from '../format';
import { CommonOptions, dateOrText, extraClauses, sentence, Template } from './common';

export type WarningColour = 'red' | 'orange' | 'yellow' | 'blue';

export interface WarningAction {
  /** Official or unit that must act. */
  who: string;
  action: string;
  deadline: DateInput;
}

export interface WarningNoticeInput {
  noticeNumber: string;
  colour: WarningColour;
  caseReference: string;
  caseSubject: string;
  /** Why the warning was raised, e.g. 首次信访后到县级以上来访2次. */
  reasons: string[];
  /** 主送. */
  addressees: string[];
  actions: WarningAction[];
  /** Feedback on what was done is due by this date. */
  feedbackBy?: DateInput;
  /** 抄送. */
  copyTo?: string[];
  /** Falls back to options.organisationName. */
  issuer?: string;
  issuedAt: DateInput;
  contact?: { person: string; phone: string };
}

/** Defaults after Changzhou's four colours (README, Early warnings); the text colour keeps yellow readable. */
export const WARNING_COLOURS: Record<WarningColour, { name: string; meaning: string; ink: string }> = {
  red: { name: '红色预警', meaning: '可能激化升级，由县级领导包案化解', ink: '#c00000' },
  orange: { name: '橙色预警', meaning: '风险较高，由县级部门和乡镇（街道）主要负责人共同化解', ink: '#d46b08' },
  yellow: { name: '黄色预警', meaning: '可能引发治安案件，由乡镇（街道）或部门负责人包案化解', ink: '#9a7b00' },
  blue: { name: '蓝色预警', meaning: '可通过调解化解，由属地就地处理', ink: '#1f4e9c' },
};

const TITLE = '信访预警单';

export const warningNotice: Template<WarningNoticeInput> = {
  title: TITLE,
  date: (input) => input.issuedAt,
  render(doc, input, options: CommonOptions) {
    const issuer = input.issuer ?? options.organisationName;
    if (!issuer) throw new Error('warning-notice: issuer or organisationName is required');
    const colour = WARNING_COLOURS[input.colour];

    doc.title(TITLE);
    doc.line(`编号：${input.noticeNumber}`, 'right');
    doc.field('主送', input.addressees.join('、'), { indent: 0, hanging: true });
    doc.field('预警等级', `${colour.name}（${colour.meaning}）`, { indent: 0, hanging: true, color: colour.ink });
    doc.table({
      columns: [{ width: 2, label: true, align: 'center' }, { width: 7 }],
      rows: [
        ['案件编号', input.caseReference],
        ['信访事项', input.caseSubject],
        ['预警原因', input.reasons.map((r, i) => `${i + 1}. ${r}`).join('\n')],
      ],
    });
    doc.space(0.5);
    doc.heading('请以下责任人按期完成：');
    doc.table({
      columns: [
        { header: '序号', width: 1.4, align: 'center' },
        { header: '责任人（单位）', width: 3.6 },
        { header: '工作要求', width: 5.4 },
        { header: '完成时限', width: 3.6, align: 'center' },
      ],
      rows: input.actions.map((a, i) => [String(i + 1), a.who, a.action, dateOrText(a.deadline)]),
    });
    doc.space(0.5);
    if (input.feedbackBy) {
      doc.paragraph(`请于${dateOrText(input.feedbackBy)}前将处置情况书面反馈${issuer}，收到本预警单后请及时签收。`);
    }
    extraClauses(doc, options, () => '');
    if (input.contact) doc.paragraph(sentence(`联系人：${input.contact.person}，联系电话：${input.contact.phone}`));
    doc.seal({ name: options.sealText ?? issuer, date: formatDate(input.issuedAt) });
    if (input.copyTo?.length) doc.distribution(`抄送：${input.copyTo.join('、')}。`);
  },
};
