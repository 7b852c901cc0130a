/**
 * 息访承诺书 — the petitioner's signed statement that the matter is settled by a
 * mediation agreement. It must say that it takes no legal remedy away.
 */
import { DateInput, formatDate } from '../format';
import { CommonOptions, extraClauses, partyBlock, partySignatures, Person, sentence, Template } from './common';

export interface NoFurtherPetitionPledgeInput {
  petitioner: Person;
  /** The petition matter (信访事项). */
  matter: string;
  petitionReference?: string;
  /** The mediation agreement the pledge rests on. */
  agreement: { number: string; date: DateInput; committeeName?: string };
  /** The petitioner's own statement, in their words. */
  statement: string;
  /** Date of signing; blank date lines when absent. */
  date?: DateInput;
  /** Official who witnesses the signing, if any. */
  witness?: string;
}

const TITLE = '息访承诺书';

export const noFurtherPetitionPledge: Template<NoFurtherPetitionPledgeInput> = {
  title: TITLE,
  date: (input) => input.date,
  render(doc, input, options: CommonOptions) {
    const committee = input.agreement.committeeName ?? options.committeeName ?? '';
    doc.title(TITLE);
    const kind = input.petitioner.kind;
    const self = kind === 'organisation' ? '本单位' : kind === 'group' ? '我们' : '本人';
    partyBlock(doc, kind === 'organisation' ? '承诺单位' : '承诺人', input.petitioner);
    doc.field('信访事项', sentence(input.petitionReference ? `${input.matter}（编号：${input.petitionReference}）` : input.matter));
    doc.field('调解协议', `${committee}于${formatDate(input.agreement.date)}主持达成的人民调解协议书（编号：${input.agreement.number}）。`);
    doc.space(0.5);
    doc.heading('承诺人陈述：');
    doc.paragraph(sentence(input.statement));
    doc.heading('承诺事项：');
    doc.paragraph(
      `${self}确认，上述信访事项已经${committee || '人民调解委员会'}调解并达成协议。${self}将按照调解协议履行义务，不再就同一事项重复信访。`,
    );
    extraClauses(doc, options, () => '');
    doc.paragraph(`本承诺不影响${self}依法通过诉讼、仲裁、行政复议等法定途径维护自身合法权益的权利。`);
    doc.space(1);
    const date = input.date ? formatDate(input.date) : undefined;
    const blocks = partySignatures(input.petitioner.kind === 'organisation' ? '承诺单位' : '承诺人', input.petitioner, date);
    if (input.witness) blocks.push({ label: `见证人${input.witness}（签名）`, fingerprint: false, date });
    doc.signatures(blocks);
  },
};
