/**
 * Dates as people write them in agreements (履行期限), pure: "2026-01-31", "2026年1月31日前",
 * "1月31日前" (the year taken from the agreement), full-width digits "２０２６年１月３１日",
 * Chinese numerals "二〇二六年一月三十一日". A range ("1月1日至1月31日") gives its last day, which
 * is when performance falls due. Returns the calendar day as YYYY-MM-DD, or null when there is
 * no real date in the text (a clerk then reads it; no guess is made).
 */

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Full-width digits to ASCII. */
const halfWidth = (s: string) =>
  s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[／．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** "三十一" → 31, "十二" → 12, "二〇二六" → 2026, "12" → 12; null if not a number. */
function numberOf(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十]+$/.test(s)) return null;
  if (!s.includes('十')) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  const [tens, ones] = s.split('十');
  return (tens ? (CN_DIGITS[tens] ?? NaN) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? NaN) : 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDay(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

const N = '[0-9〇零一二两三四五六七八九十]';
const DATE = new RegExp(`(?:(${N}{4})\\s*年\\s*)?(${N}{1,3})\\s*月\\s*(${N}{1,3})\\s*[日号]|(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})`, 'g');

/**
 * The (last) date written in `text`, as YYYY-MM-DD. `defaultYear` is the year of a date
 * written without one (the agreement's year); without it such a date gives null.
 */
export function parseWrittenDate(text: unknown, defaultYear?: number | null): string | null {
  if (typeof text !== 'string' || !text.trim()) return null;
  const s = halfWidth(text);
  let last: string | null = null;
  let year = defaultYear ?? null;
  for (const m of s.matchAll(DATE)) {
    let day: string | null;
    if (m[4]) {
      day = isoDay(Number(m[4]), Number(m[5]), Number(m[6]));
      if (day) year = Number(m[4]);
    } else {
      const y = m[1] ? numberOf(m[1]) : year;
      if (m[1] && y !== null) year = y;
      const mo = numberOf(m[2]);
      const d = numberOf(m[3]);
      day = y !== null && mo !== null && d !== null ? isoDay(y, mo, d) : null;
    }
    if (day) last = day;
  }
  return last;
}

/**
 * The last day by which the agreed terms must be performed (YYYY-MM-DD), or null when no term
 * carries a date that can be read. `defaultYear`: the year the agreement was reached.
 */
export function lastAgreedDay(terms: { byWhen?: string | null }[] | null | undefined, defaultYear?: number | null): string | null {
  const days = (terms ?? []).map((t) => parseWrittenDate(t?.byWhen, defaultYear)).filter((d): d is string => !!d);
  return days.length ? days.sort().at(-1)! : null;
}
