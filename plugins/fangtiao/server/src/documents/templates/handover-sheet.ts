/**
 * 主要负责人离任信访积案交接表 — the form appended to the Lishui opinion (seed 000):
 * backlog at arrival and at departure, of which new, signed by both leaders, four copies.
 * Short lists go in the form; longer ones are attached after it (可附后).
 */
import { DateInput, formatDate } from '../format';
import { STYLES } from '../layout';
import { CommonOptions, extraClauses, sentence, Template } from './common';

export interface BacklogCase {
  reference: string;
  subject: string;
  responsibleUnit?: string;
  status?: string;
}

export interface HandoverSheetInput {
  unit: string;
  date: DateInput;
  departingLeader: string;
  /** Post held, printed after the name. */
  post?: string;
  successor?: string;
  arrivalDate: DateInput;
  backlogAtArrival: BacklogCase[];
  departureDate: DateInput;
  backlogAtDeparture: BacklogCase[];
  /** Defaults to the cases at departure that were not in the backlog at arrival. */
  newCount?: number;
  remarks?: string;
  /** Written explanation required when many new backlog cases arose. */
  newBacklogExplanation?: string;
  /** Level of the joint-meeting office and recipients: 市 (default), 县, 区 … */
  level?: string;
}

const TITLE = '主要负责人离任信访积案交接表';
const INLINE_MAX = 5;

function isNew(input: HandoverSheetInput): (c: BacklogCase) => boolean {
  const atArrival = new Set(input.backlogAtArrival.map((c) => c.reference));
  return (c) => !atArrival.has(c.reference);
}

function listCell(cases: BacklogCase[], attachment: string): string {
  if (cases.length === 0) return '无';
  if (cases.length > INLINE_MAX) return `详见${attachment}（共${cases.length}件）`;
  return cases.map((c, i) => `${i + 1}. ${c.reference} ${c.subject}`).join('\n');
}

export const handoverSheet: Template<HandoverSheetInput> = {
  title: TITLE,
  date: (input) => input.date,
  render(doc, input, options: CommonOptions) {
    const level = input.level ?? '市';
    const newOnes = input.backlogAtDeparture.filter(isNew(input));
    const newCount = input.newCount ?? newOnes.length;

    doc.title(TITLE);
    doc.pair(`单位（盖章）：${input.unit}`, `时间：${formatDate(input.date)}`);
    doc.table({
      columns: [{ width: 2.6, label: true, align: 'center' }, { width: 5 }],
      rows: [
        ['离任人姓名', input.post ? `${input.departingLeader}（${input.post}）` : input.departingLeader],
        ['到任时间', formatDate(input.arrivalDate)],
        ['到任时信访积案数量', `${input.backlogAtArrival.length}件`],
        ['信访积案具体列表\n（可附后）', listCell(input.backlogAtArrival, '附表1')],
        ['离任时间', formatDate(input.departureDate)],
        ['离任时信访积案数量', `${input.backlogAtDeparture.length}件`],
        ['信访积案具体列表\n（可附后）', listCell(input.backlogAtDeparture, '附表2')],
        ['其中新增积案数量', `${newCount}件`],
        ['备　　注', input.remarks ?? ''],
      ],
    });
    extraClauses(doc, options, () => '');
    doc.space(0.5);
    const date = formatDate(input.date);
    doc.signatures([
      { label: '离任人（签字）', date },
      { label: input.successor ? `接任人${input.successor}（签字）` : '接任人（签字）', date },
    ]);
    doc.note(`注：本表一式四份，${level}信访联席会议办公室和离任单位各存一份，抄送${level}纪委${level}监委和${level}委组织部各一份。`);

    if (input.newBacklogExplanation) {
      doc.space(0.5);
      doc.heading('新增积案书面说明');
      doc.paragraph(sentence(input.newBacklogExplanation));
    }
    const attach = (name: string, cases: BacklogCase[], markNew: boolean) => {
      if (cases.length <= INLINE_MAX) return;
      doc.space(1);
      doc.line(name, 'left', STYLES.bold);
      const fresh = isNew(input);
      doc.table({
        style: 'small',
        columns: [
          { header: '序号', width: 1.6, align: 'center' },
          { header: '案件编号', width: 3.6 },
          { header: '信访事项', width: 6 },
          { header: '责任单位', width: 3 },
          { header: '状态', width: 2, align: 'center' },
          ...(markNew ? [{ header: '新增', width: 1.6, align: 'center' as const }] : []),
        ],
        rows: cases.map((c, i) => [
          String(i + 1),
          c.reference,
          c.subject,
          c.responsibleUnit ?? '',
          c.status ?? '',
          ...(markNew ? [fresh(c) ? '是' : ''] : []),
        ]),
      });
    };
    attach('附表1　到任时信访积案列表', input.backlogAtArrival, false);
    attach('附表2　离任时信访积案列表', input.backlogAtDeparture, true);
  },
};
