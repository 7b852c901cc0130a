/**
 * One CSV cell, safe to open in a spreadsheet program. Text that a spreadsheet would read as
 * a formula (or a DDE command) gets a leading apostrophe: text starting with = + - @, their
 * full-width forms ＝ ＋ － ＠, a tab, a carriage return or |. Numbers stay numbers. Quoted
 * when it holds a quote, comma or line break.
 */
const FORMULA_START = /^[=+\-@\t\r|＝＋－＠]/;

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) || s !== String(v) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV file as spreadsheet programs read Chinese text: UTF-8 with a BOM, CRLF lines. */
export const csvFile = (rows: (string | number | null | undefined)[][]): string =>
  '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
