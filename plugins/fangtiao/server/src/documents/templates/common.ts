/** What every template shares: the low-code options, the template shape, person lines. */
import type { Layout } from '../layout';
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
}

/** 张三，男，汉族，1980年1月1日出生，公民身份号码：…，住址：…，联系电话：… */
export function personLine(p: Person): string {
  return joinParts([
    p.name,
    p.sex,
    p.ethnicity,
    p.birthDate && `${formatDate(p.birthDate)}出生`,
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
