/**
 * 听证通知书 — tells one participant (petitioner, panel member, unit representative …)
 * when and where a petition hearing or tripartite review is held and in what role.
 */
import { DateInput, formatDate, formatDateTime } from '../format';
import { CommonOptions, sentence, Template } from './common';

export interface HearingNoticeInput {
  noticeNumber: string;
  recipient: { name: string; role: string };
  caseReference: string;
  matter: string;
  /** e.g. 信访听证, 三方会审, 复查听证. */
  hearingType: string;
  startsAt: DateInput;
  place: string;
  host?: string;
  /** Hearing officers / evaluation panel (评议团). */
  panel?: string[];
  /** Open to the public (closed where state secrets, trade secrets or privacy are involved). */
  isPublic?: boolean;
  /** What to bring. */
  bring?: string[];
  contact?: { person: string; phone: string };
  /** Falls back to options.organisationName. */
  issuer?: string;
  issuedAt: DateInput;
}

const TITLE = '听证通知书';

export const hearingNotice: Template<HearingNoticeInput> = {
  title: TITLE,
  date: (input) => input.issuedAt,
  render(doc, input, options: CommonOptions) {
    const issuer = input.issuer ?? options.organisationName;
    if (!issuer) throw new Error('hearing-notice: issuer or organisationName is required');
    const when = formatDateTime(input.startsAt);

    doc.title(TITLE);
    doc.line(`编号：${input.noticeNumber}`, 'right');
    doc.paragraph(`${input.recipient.name}：`, { indent: 0 });
    doc.paragraph(
      `${issuer}定于${when}在${input.place}就“${input.matter}”（编号：${input.caseReference}）举行${input.hearingType}，请你以${input.recipient.role}身份准时参加。`,
    );
    doc.table({
      columns: [{ width: 2, label: true, align: 'center' }, { width: 7 }],
      rows: [
        ['听证类型', `${input.hearingType}${input.isPublic === false ? '（不公开）' : input.isPublic ? '（公开）' : ''}`],
        ['时　　间', when],
        ['地　　点', input.place],
        ['参 加 人', input.recipient.name],
        ['参加身份', input.recipient.role],
        ...(input.host ? [['主 持 人', input.host]] : []),
        ...(input.panel?.length ? [['听 证 员', input.panel.join('、')]] : []),
      ],
    });
    doc.space(0.5);
    doc.heading('注意事项：');
    const notes = [
      `请携带本通知书和有效身份证件${input.bring?.length ? `，以及${input.bring.join('、')}` : ''}，提前十五分钟到达。`,
      '如认为主持人、听证员与本事项有利害关系，可在听证开始前申请回避。',
      '如因故不能按时参加，请在听证前与联系人联系说明理由。',
      ...(options.extraClauses ?? []).map(sentence), // the administrator's clauses join the list
    ];
    notes.forEach((n, i) => doc.paragraph(`${i + 1}. ${n}`));
    if (input.contact) doc.paragraph(sentence(`联系人：${input.contact.person}，联系电话：${input.contact.phone}`));
    doc.seal({ name: options.sealText ?? issuer, date: formatDate(input.issuedAt) });
  },
};
