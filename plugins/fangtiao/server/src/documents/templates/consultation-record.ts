/**
 * 专家咨询记录 — the question put to the expert pool on a hard case (county pool first,
 * then city: 分级咨询), each expert's opinion, the combined opinion, signatures.
 */
import { DateInput, formatDate, formatDateTime } from '../format';
import { CommonOptions, extraClauses, sentence, Template } from './common';

export interface ConsultationExpert {
  name: string;
  /** 法律, 心理, 社会工作, 乡贤, 行业 … */
  field: string;
  organisation?: string;
}

export interface ConsultationRecordInput {
  recordNumber: string;
  caseReference: string;
  matter: string;
  question: string;
  /** Which pool was consulted. */
  level?: 'county' | 'city';
  /** 现场, 视频, 书面 … */
  mode?: string;
  consultedAt: DateInput;
  place?: string;
  requestedBy?: string;
  experts: ConsultationExpert[];
  opinions: Array<{ expert: string; opinion: string }>;
  conclusion?: string;
  recorder: string;
}

const TITLE = '专家咨询记录';
const LEVELS = { county: '县级专家库', city: '市级专家库' };

export const consultationRecord: Template<ConsultationRecordInput> = {
  title: TITLE,
  date: (input) => input.consultedAt,
  render(doc, input, options: CommonOptions) {
    doc.title(TITLE);
    doc.line(`编号：${input.recordNumber}`, 'right');
    doc.table({
      columns: [{ width: 2, label: true, align: 'center' }, { width: 7 }],
      rows: [
        ['案件编号', input.caseReference],
        ['咨询事项', input.matter],
        ['咨询时间', formatDateTime(input.consultedAt)],
        ['咨询地点', [input.place, input.mode && `（${input.mode}）`].filter(Boolean).join('')],
        ...(input.level ? [['专 家 库', LEVELS[input.level]]] : []),
        ...(input.requestedBy ? [['提请单位', input.requestedBy]] : []),
        ['记 录 人', input.recorder],
      ],
    });
    doc.space(0.5);
    doc.heading('一、咨询问题');
    doc.paragraph(sentence(input.question));
    doc.heading('二、参加咨询的专家');
    doc.table({
      columns: [
        { header: '姓名', width: 2, align: 'center' },
        { header: '专业领域', width: 3 },
        { header: '工作单位', width: 5 },
      ],
      rows: input.experts.map((e) => [e.name, e.field, e.organisation ?? '']),
    });
    doc.space(0.5);
    doc.heading('三、专家意见');
    for (const o of input.opinions) doc.field(o.expert, sentence(o.opinion));
    if (input.conclusion) {
      doc.heading('四、综合意见');
      doc.paragraph(sentence(input.conclusion));
    }
    extraClauses(doc, options, () => '');
    doc.space(1);
    const date = formatDate(input.consultedAt);
    doc.signatures([...input.experts.map((e) => ({ label: `专家${e.name}（签名）`, date })), { label: '记录人（签名）', date }]);
  },
};
