/** Small formatting helpers shared by the templates. */

/** A calendar date: a Date, or an ISO string ('2026-03-01' or a full timestamp). */
export type DateInput = Date | string;

function toDate(value: DateInput): Date {
  if (value instanceof Date) return value;
  // A bare date is a local calendar day; parse it as such, not as UTC midnight.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`Invalid date: ${value}`);
  return d;
}

/** 2026年3月1日 — the Arabic-numeral form GB/T 9704-2012 uses for 成文日期. */
export function formatDate(value: DateInput): string {
  const d = toDate(value);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** 2026年3月1日 9:30 */
export function formatDateTime(value: DateInput): string {
  const d = toDate(value);
  return `${formatDate(d)} ${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function dateOf(value: DateInput | undefined): Date | undefined {
  return value === undefined ? undefined : toDate(value);
}

/** Blank date line for hand-filling. */
export const BLANK_DATE = '年　　月　　日';

const DIGITS = '零一二三四五六七八九';

/** Chinese numeral for 0–99 (copies, clause numbers): 3 → 三, 12 → 十二, 21 → 二十一. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** 一、二、三、… clause labels. */
export function clauseLabel(i: number): string {
  return `${chineseNumber(i + 1)}、`;
}

/** Join the non-empty parts with the Chinese comma. */
export function joinParts(parts: Array<string | undefined | null | false>, sep = '，'): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(sep);
}
