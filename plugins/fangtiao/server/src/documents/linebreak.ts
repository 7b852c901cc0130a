/**
 * Chinese line breaking (避头尾 rules of GB/T 15834 / CLREQ): a line may break between
 * any two hanzi, but closing punctuation never starts a line, opening punctuation never
 * ends one, and the two halves of —— and …… stay together. Latin words, numbers, ID and
 * phone numbers are kept whole unless they are wider than the line.
 */

/** Must not start a line. */
export const CLOSING = new Set(Array.from('，。、；：？！）》」』”’】〕〉〗｝］·・%‰℃,.;:?!)]}>'));
/** Must not end a line. */
export const OPENING = new Set(Array.from('（《「『“‘【〔〈〖｛［([{<'));
const INSEPARABLE = new Set(['—', '…']);

/** One unbreakable unit: a Latin/digit run, or a single other character. */
const UNIT = /[A-Za-z0-9@#&_\-+./:=~]+|[\s\S]/gu;

export type Measure = (unit: string) => number;

function tokenize(text: string, maxWidth: number, measure: Measure): string[] {
  const units: string[] = [];
  for (const unit of text.match(UNIT) ?? []) {
    // A run wider than the line (a long URL) is broken by character.
    if (unit.length > 1 && measure(unit) > maxWidth) units.push(...Array.from(unit));
    else units.push(unit);
  }
  return units;
}

function mayBreakBefore(units: string[], i: number): boolean {
  const before = units[i - 1];
  const after = units[i];
  if (CLOSING.has(after[0])) return false;
  if (OPENING.has(before[before.length - 1])) return false;
  if (INSEPARABLE.has(after) && after === before) return false;
  return true;
}

/**
 * Break one paragraph (no newlines) into lines no wider than maxWidth.
 * `firstIndent` is the width already taken on the first line (paragraph indent).
 */
export function breakParagraph(text: string, maxWidth: number, measure: Measure, firstIndent = 0): string[] {
  const units = tokenize(text, maxWidth, measure);
  const lines: string[] = [];
  let start = 0;
  while (start < units.length) {
    while (start < units.length && units[start] === ' ' && lines.length > 0) start++;
    if (start >= units.length) break;
    let width = lines.length === 0 ? firstIndent : 0;
    let end = start;
    while (end < units.length) {
      const w = measure(units[end]);
      if (end > start && width + w > maxWidth) break;
      width += w;
      end++;
    }
    if (end < units.length) {
      let b = end;
      while (b > start + 1 && !mayBreakBefore(units, b)) b--;
      // Nowhere to break inside the line: let the closing mark hang past the edge.
      if (b === start + 1 && !mayBreakBefore(units, b)) b = CLOSING.has(units[end][0]) ? end + 1 : end;
      end = b;
    }
    lines.push(units.slice(start, end).join('').trimEnd());
    start = end;
  }
  return lines.length ? lines : [''];
}

/** Break text with hard newlines; each paragraph's lines keep a flag for its last line. */
export function breakText(
  text: string,
  maxWidth: number,
  measure: Measure,
  firstIndent = 0,
): Array<{ text: string; last: boolean; first: boolean }> {
  const out: Array<{ text: string; last: boolean; first: boolean }> = [];
  for (const para of text.split(/\r?\n/)) {
    const lines = breakParagraph(para, maxWidth, measure, firstIndent);
    lines.forEach((line, i) => out.push({ text: line, first: i === 0, last: i === lines.length - 1 }));
  }
  return out;
}
