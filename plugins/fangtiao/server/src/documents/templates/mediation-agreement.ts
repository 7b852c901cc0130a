/**
 * 人民调解协议书 — People's Mediation Law art. 28–29 (contents), 31 (binding force),
 * 33 (judicial confirmation within 30 days).
 */
import { chineseNumber, DateInput, formatDate } from '../format';
import type { SignatureBlock } from '../layout';
import { CommonOptions, dateOrText, extraClauses, partyBlock, partySignatures, Person, sentence, Template } from './common';

export interface MediationParty extends Person {
  /** 甲方, 乙方, 申请人…; defaults to 甲方, 乙方, 丙方 … in order. */
  role?: string;
}

export interface AgreedTerm {
  /** Who performs, e.g. 乙方. */
  obligor?: string;
  what: string;
  how?: string;
  where?: string;
  /** A date, or a period such as 本协议生效之日起十日内. */
  byWhen?: DateInput;
}

export interface MediationAgreementInput {
  agreementNumber: string;
  /** Falls back to options.committeeName. */
  committeeName?: string;
  parties: MediationParty[];
  facts: string;
  disputedMatters: string;
  /** Each party's responsibility, or one paragraph. */
  responsibilities: Array<{ party: string; responsibility: string }> | string;
  terms: AgreedTerm[];
  mediators: string[];
  /** Date the agreement is signed; blank date lines when absent. */
  date?: DateInput;
}

const TITLE = '人民调解协议书';
const ROLES = ['甲方', '乙方', '丙方', '丁方', '戊方', '己方', '庚方', '辛方'];

/** "乙方疏通排水沟" from obligor 乙方 and what 疏通排水沟 — or from a what that already names its obligor (not 乙方乙方). */
export function termSubject(t: Pick<AgreedTerm, 'obligor' | 'what'>): string {
  const who = (t.obligor ?? '').trim();
  const what = (t.what ?? '').trim();
  return who && !what.startsWith(who) ? `${who}${what}` : what;
}

function termText(t: AgreedTerm): string {
  const parts = [sentence(termSubject(t))];
  if (t.how) parts.push(`履行方式：${t.how}；`);
  if (t.where) parts.push(`履行地点：${t.where}；`);
  if (t.byWhen) parts.push(`履行期限：${dateOrText(t.byWhen)}；`);
  return parts.join('').replace(/；$/, '。');
}

/** 各方当事人均于…书面表示自愿接受人民调解。 — or per party when they consented differently; '' when none is recorded. */
export function consentSentence(parties: Array<MediationParty & { role: string }>): string {
  const consented = parties.filter((p) => p.consent);
  const when = (p: MediationParty) => `${formatDate(p.consent!.at)}${p.consent!.way}`;
  if (!consented.length) return '';
  if (consented.length === parties.length && new Set(consented.map(when)).size === 1)
    return `各方当事人均于${when(consented[0])}同意调解。`;
  return `${consented.map((p) => `${p.role}${p.name}于${when(p)}`).join('、')}同意调解。`;
}

export const mediationAgreement: Template<MediationAgreementInput> = {
  title: TITLE,
  date: (input) => input.date,
  render(doc, input, options: CommonOptions) {
    const committee = input.committeeName ?? options.committeeName;
    if (!committee) throw new Error('mediation-agreement: committeeName is required');
    if (input.parties.length < 2) throw new Error('mediation-agreement: at least two parties');
    const parties = input.parties.map((p, i) => ({ ...p, role: p.role ?? ROLES[i] ?? `当事人${i + 1}` }));

    doc.title(TITLE);
    doc.line(`编号：${input.agreementNumber}`, 'right');
    doc.space(0.5);
    for (const p of parties) partyBlock(doc, p.role, p);

    // Run-in headings (一、…：text) keep the agreement short without dropping any item.
    doc.field('一、纠纷主要事实', sentence(input.facts));
    doc.field('二、争议事项', sentence(input.disputedMatters));
    const duties =
      typeof input.responsibilities === 'string'
        ? input.responsibilities
        : input.responsibilities.map((r) => `${r.party}${r.responsibility.replace(/[。；]$/, '')}`).join('；');
    doc.field('三、各方当事人的责任', sentence(duties));

    doc.heading(`四、经${committee}调解（人民调解员：${input.mediators.join('、')}），各方当事人自愿达成如下协议：`);
    input.terms.forEach((t, i) => doc.paragraph(`（${chineseNumber(i + 1)}）${termText(t)}`));
    extraClauses(doc, options, (i) => `（${chineseNumber(input.terms.length + i + 1)}）`);

    doc.paragraph(
      '五、本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，' +
        '具有法律约束力，当事人应当按照约定履行。' + // art. 29, 31
        '各方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。', // art. 33
    );
    const copies = chineseNumber(parties.length + 1);
    // 人民调解法 arts. 3, 17: mediation only with the parties' consent, recorded per party; said
    // in the closing item so that a two-party agreement keeps its signatures on its one page.
    doc.paragraph(`六、${consentSentence(parties)}本协议一式${copies}份，当事人各执一份，人民调解委员会留存一份。`);

    doc.space(0.5);
    const date = input.date ? formatDate(input.date) : undefined;
    const blocks: SignatureBlock[] = parties.flatMap((p) => partySignatures(p.role, p, date));
    input.mediators.forEach(() => blocks.push({ label: '人民调解员（签名）', date }));
    doc.signatures(blocks, { name: options.sealText ?? committee, date: date ?? '年　　月　　日', stamp: '盖章' });
  },
};
