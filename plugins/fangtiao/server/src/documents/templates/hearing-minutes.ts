/**
 * 听证（会审、评议、会商）笔录 — what was said and decided at a hearing: who attended, each
 * panel member's opinion and vote with the tally, the conclusion and what the petitioner made
 * of it, the case move it led to; signed by those present.
 */
import { DateInput, formatDate, formatDateTime } from '../format';
import { CommonOptions, extraClauses, sentence, Template } from './common';

export interface HearingMinutesInput {
  recordNumber: string;
  /** 三方会审, 信访听证, 群众评议, 联席会商. */
  hearingType: string;
  caseReference?: string;
  matter: string;
  startsAt: DateInput;
  place: string;
  host?: string;
  attendance: Array<{ name: string; role: string; present: boolean; note?: string }>;
  opinions: Array<{ name: string; role: string; vote?: string; opinion: string }>;
  tally?: { support: number; oppose: number; abstain: number };
  conclusion: string;
  /** 信访人接受结论 … */
  outcome: string;
  /** e.g. 办结：领导包案处理中 → 已办结 */
  caseMove?: string;
  recorder: string;
  recordedAt: DateInput;
}

export const hearingMinutes: Template<HearingMinutesInput> = {
  title: '听证笔录',
  date: (input) => input.recordedAt,
  render(doc, input, options: CommonOptions) {
    doc.title(`${input.hearingType}笔录`);
    doc.line(`编号：${input.recordNumber}`, 'right');
    doc.table({
      columns: [{ width: 2, label: true, align: 'center' }, { width: 7 }],
      rows: [
        ...(input.caseReference ? [['案件编号', input.caseReference]] : []),
        ['事　　项', input.matter],
        ['时　　间', formatDateTime(input.startsAt)],
        ['地　　点', input.place],
        ...(input.host ? [['主 持 人', input.host]] : []),
        ['记 录 人', input.recorder],
      ],
    });
    doc.space(0.5);
    doc.heading('一、参加人员');
    doc.table({
      columns: [
        { header: '姓名', width: 3, align: 'center' },
        { header: '身份', width: 3, align: 'center' },
        { header: '到场情况', width: 4 },
      ],
      rows: input.attendance.map((a) => [a.name, a.role, `${a.present ? '到场' : '缺席'}${a.note ? `（${a.note}）` : ''}`]),
    });
    doc.space(0.5);
    doc.heading('二、意见');
    if (!input.opinions.length) doc.paragraph('无。');
    for (const o of input.opinions) doc.field(`${o.name}（${o.role}${o.vote ? `，${o.vote}` : ''}）`, sentence(o.opinion));
    if (input.tally && input.tally.support + input.tally.oppose + input.tally.abstain > 0) {
      doc.paragraph(`评议表决：支持${input.tally.support}票，不支持${input.tally.oppose}票，弃权${input.tally.abstain}票。`);
    }
    doc.heading('三、结论');
    doc.paragraph(sentence(input.conclusion));
    doc.paragraph(`信访人意见：${input.outcome}。`);
    if (input.caseMove) doc.paragraph(`案件办理：${input.caseMove}。`);
    extraClauses(doc, options, () => '');
    doc.space(1);
    const date = formatDate(input.recordedAt);
    doc.signatures([
      ...input.attendance.filter((a) => a.present).map((a) => ({ label: `${a.name}（签名）`, date })),
      { label: '记录人（签名）', date },
    ]);
  },
};
