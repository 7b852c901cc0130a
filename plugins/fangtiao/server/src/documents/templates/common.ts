/** What every template shares: the low-code options, the template shape, person lines. */
import type { Layout, SignatureBlock } from '../layout';
import { DateInput, formatDate, joinParts } from '../format';

/** Options an administrator can set for any document, on top of its own data. */
export interface CommonOptions {
  /** Issuing organisation (e.g. 丽水市莲都区信访局). */
  organisationName?: string;
  /** People's mediation committee (e.g. 莲都区紫金街道人民调解委员会). */
  committeeName?: string;
  /** Text of the seal line, when it differs from the organisation or committee name. */
  sealText?: string;
  /** Further clauses appended to the document body. */
  extraClauses?: string[];
  /** Printed in every page's footer, see makeVerificationCode(). */
  verificationCode?: string;
  /** Encoded as a QR code on the last page; should lead to a page that checks the code. */
  verifyUrl?: string;
  /** PDF creation date; set it for byte-identical re-renders. */
  createdAt?: DateInput;
}

export interface Template<I> {
  title: string;
  render(layout: Layout, input: I, options: CommonOptions): void;
  /** The document's own date, used as the PDF creation date unless options.createdAt is set. */
  date(input: I): DateInput | undefined;
}

export interface Person {
  name: string;
  sex?: string;
  ethnicity?: string;
  birthDate?: DateInput;
  idNumber?: string;
  address?: string;
  phone?: string;
  /** How the law sees the party (default a natural person); see src/parties/kinds.ts. */
  kind?: 'person' | 'organisation' | 'group';
  /** Organisation: its unified social credit code and who signs for it (法定代表人 or 负责人). */
  creditCode?: string;
  representative?: { title: string; name: string };
  /** Group: how many people, its elected representatives (up to 5) and its other members. */
  headcount?: number;
  representatives?: Person[];
  members?: string[];
  /** Agents (委托代理人) acting for the party, each with the authority given (一般授权 / 特别授权：…). */
  agents?: Array<Person & { authority: string }>;
  /** Consent to mediation (自愿调解): how (书面 / 口头) and when. */
  consent?: { way: string; at: DateInput };
}

/** 张三，男，汉族，公民身份号码：…，住址：…，联系电话：… (1980年1月1日出生 without a number) — or an organisation's or a group's line. */
export function personLine(p: Person): string {
  if (p.kind === 'organisation') {
    return joinParts([
      p.name,
      p.creditCode && `统一社会信用代码：${p.creditCode}`,
      p.address && `住所：${p.address}`,
      p.phone && `联系电话：${p.phone}`,
    ]);
  }
  if (p.kind === 'group') return joinParts([p.headcount ? `${p.name}（共${p.headcount}人）` : p.name, p.address && `住址：${p.address}`]);
  return joinParts([
    p.name,
    p.sex,
    p.ethnicity,
    // The ID number states the birth date: printed only where no number is (a two-party agreement stays one page).
    !p.idNumber && p.birthDate && `${formatDate(p.birthDate)}出生`,
    p.idNumber && `公民身份号码：${p.idNumber}`,
    p.address && `住址：${p.address}`,
    p.phone && `联系电话：${p.phone}`,
  ]);
}

/** A date when it is an ISO date, else the text as given (e.g. 协议生效后十日内). */
export function dateOrText(value: DateInput): string {
  if (value instanceof Date || /^\d{4}-\d{2}-\d{2}/.test(value)) return formatDate(value);
  return value;
}

/** Ends a sentence with 。 unless it already ends with punctuation. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。！？；.!?]$/.test(t) ? t : `${t}。`;
}

/** The administrator's extra clauses, each labelled by `label(i)`. */
export function extraClauses(layout: Layout, options: CommonOptions, label: (i: number) => string): void {
  (options.extraClauses ?? []).forEach((c, i) => layout.paragraph(`${label(i)}${sentence(c)}`));
}

/** A party as its kind requires: its line, then its 法定代表人 / 负责人, its representatives and members, its agents. */
export function partyBlock(layout: Layout, label: string, p: Person): void {
  layout.field(label, sentence(personLine(p)));
  if (p.representative) layout.field(p.representative.title, sentence(p.representative.name));
  for (const r of p.representatives ?? []) layout.field('代表人', sentence(personLine(r)));
  if (p.members?.length) layout.field('其他信访人', sentence(p.members.join('、')));
  for (const a of p.agents ?? []) layout.field('委托代理人', sentence(`${personLine(a)}，代理权限：${a.authority}`));
}

/**
 * The signature lines a party needs: a person signs (and fingerprints); an organisation seals
 * and its 法定代表人 / 负责人 signs; a group signs by each representative; each agent signs too.
 */
export function partySignatures(label: string, p: Person, date?: string): SignatureBlock[] {
  const blocks: SignatureBlock[] = [];
  if (p.kind === 'organisation') {
    blocks.push({ label: `${label}（盖章）`, fingerprint: false, date });
    blocks.push({ label: `${p.representative?.title ?? '法定代表人'}（签名）`, fingerprint: false, date });
  } else if (p.kind === 'group' && p.representatives?.length) {
    for (const r of p.representatives) blocks.push({ label: `${label}代表人${r.name}（签名）`, fingerprint: true, date });
  } else blocks.push({ label: `${label}（签名）`, fingerprint: true, date });
  for (const a of p.agents ?? []) blocks.push({ label: `${label}委托代理人${a.name}（签名）`, fingerprint: false, date });
  return blocks;
}
