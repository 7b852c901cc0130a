/**
 * 司法确认申请书 — the parties' joint application (人民调解法 art. 33; 民事诉讼法 arts. 205–206)
 * to the basic people's court where the committee sits, for the agreement it names.
 */
import { DateInput, formatDate } from '../format';
import type { SignatureBlock } from '../layout';
import { partyBlock, partySignatures, Person, sentence, Template } from './common';

export interface JudicialConfirmationInput {
  court: string;
  committeeName: string;
  agreementNumber: string;
  /** The day the agreement took effect. */
  effectiveAt: DateInput;
  /** 申请人一, 申请人二 … in the agreement's order. */
  parties: Person[];
  disputedMatters: string;
  /** The agreed terms as the agreement states them. */
  terms: string[];
  /** Date of the application; blank date lines when absent. */
  date?: DateInput;
}

const TITLE = '司法确认申请书';
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八'];

export const judicialConfirmationApplication: Template<JudicialConfirmationInput> = {
  title: TITLE,
  date: (input) => input.date,
  render(doc, input) {
    if (input.parties.length < 2) throw new Error('judicial-confirmation-application: at least two parties');
    const parties = input.parties.map((p, i) => ({ ...p, role: `申请人${NUMBERS[i] ?? i + 1}` }));
    const effective = formatDate(input.effectiveAt);
    doc.title(TITLE);
    for (const p of parties) partyBlock(doc, p.role, p);
    doc.heading('请求事项：');
    doc.paragraph(`请求人民法院确认申请人于${effective}经${input.committeeName}调解达成的人民调解协议（${input.agreementNumber}）有效。`);
    doc.heading('事实和理由：');
    doc.paragraph(
      `申请人因${sentence(input.disputedMatters).replace(/。$/, '')}发生纠纷，于${effective}经${input.committeeName}主持调解，自愿达成如下协议：`,
    );
    input.terms.forEach((t, i) => doc.paragraph(`${i + 1}. ${sentence(t)}`));
    doc.paragraph(
      '申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；' +
        '如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。' +
        '现依照《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条、第二百零六条的规定，自调解协议生效之日起三十日内共同申请司法确认。',
    );
    doc.paragraph(`附：人民调解协议书（${input.agreementNumber}）一份。`);
    doc.space(0.5);
    doc.line('此致', 'left');
    doc.line(input.court, 'left');
    doc.space(0.5);
    const date = input.date ? formatDate(input.date) : undefined;
    const blocks: SignatureBlock[] = parties.flatMap((p) => partySignatures(p.role, p, date));
    doc.signatures(blocks);
  },
};
