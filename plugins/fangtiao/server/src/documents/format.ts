/** Small formatting helpers shared by the templates. */
import { toInstant } from '@fangtiao/kernel/pure';

// Dates and times print in Beijing time whatever the server's zone: one module for all of it.
export { formatDate, formatDateTime } from '@fangtiao/kernel/pure';

/** A calendar date in a template input: a Date, or an ISO string ('2026-03-01' is a Shanghai day). */
export type DateInput = Date | string;

/** A date input as an instant (PDF metadata), or undefined. */
export function dateOf(value: DateInput | undefined): Date | undefined {
  return value === undefined ? undefined : toInstant(value);
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
