/** Module time/: Beijing time for everything printed or sent. Imports: nothing. */
/**
 * Beijing time (Asia/Shanghai) for every date and time the product prints or sends: PDFs,
 * e-mail, in-app messages, ICS, XLSX/CSV, job slots — whatever the server's TZ is.
 *
 * China has had no daylight saving time since 1991, so Asia/Shanghai is a fixed UTC+08:00:
 * shift the instant by eight hours and read the UTC fields. Never the Date's local-time
 * getters or locale formatting without a zone: they read the server's zone, UTC on most
 * hosts. A zoneless 'YYYY-MM-DD' (or 'YYYY-MM-DDTHH:MM') is Shanghai wall time.
 * Pure: no Strapi import (the rules and the browser use it too).
 */
export const TIME_ZONE = 'Asia/Shanghai';
export const OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** An instant (Date, epoch ms, ISO string with a zone) or a zoneless Shanghai date / date-time. */
export type DateInput = Date | string | number;

const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** The instant a Shanghai wall-clock time stands for (month 1-based; overflow allowed). */
export function shanghaiInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - OFFSET_MS);
}

/** Parses an input as an instant; throws RangeError on an invalid date. */
export function toInstant(value: DateInput): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('无效的日期');
    return value;
  }
  let d: Date;
  const m = typeof value === 'string' ? ZONELESS.exec(value.trim()) : null;
  if (m) {
    const [y, mo, da, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0));
    d = shanghaiInstant(y, mo, da, h, mi, s, Number((m[7] ?? '0').padEnd(3, '0')));
  } else d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`无效的日期：${value}`);
  return d;
}

export type ShanghaiParts = {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: Monday = 1 … Sunday = 7 */
  weekday: number;
};

/** The Shanghai wall-clock fields of an instant. */
export function shanghaiParts(value: DateInput): ShanghaiParts {
  const s = new Date(toInstant(value).getTime() + OFFSET_MS);
  return {
    year: s.getUTCFullYear(),
    month: s.getUTCMonth() + 1,
    day: s.getUTCDate(),
    hour: s.getUTCHours(),
    minute: s.getUTCMinutes(),
    second: s.getUTCSeconds(),
    weekday: s.getUTCDay() || 7,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Number of the Shanghai calendar day the instant falls on (days since 1970-01-01). */
export function shanghaiDayNumber(value: DateInput): number {
  return Math.floor((toInstant(value).getTime() + OFFSET_MS) / DAY_MS);
}

/** 00:00 Shanghai of the day the instant falls on. */
export function startOfShanghaiDay(value: DateInput): Date {
  return new Date(shanghaiDayNumber(value) * DAY_MS - OFFSET_MS);
}

/** The Shanghai year: from 16:00 UTC on 31 December it is already next year. */
export function shanghaiYear(value: DateInput): number {
  return shanghaiParts(value).year;
}

/** 2026-03-02 — the Shanghai calendar day (data columns, file names, API fields). */
export function shanghaiDate(value: DateInput): string {
  const p = shanghaiParts(value);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 08:30 */
export function shanghaiTime(value: DateInput): string {
  const p = shanghaiParts(value);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 2026-03-02 08:30 — tables (XLSX/CSV). */
export function shanghaiStamp(value: DateInput): string {
  return `${shanghaiDate(value)} ${shanghaiTime(value)}`;
}

/** 2026-03-02T08:30:00+08:00 — an unambiguous timestamp that reads as Beijing time. */
export function shanghaiIso(value: DateInput): string {
  const p = shanghaiParts(value);
  return `${shanghaiDate(value)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+08:00`;
}

/** 2026年3月2日 — the Arabic-numeral form GB/T 9704-2012 uses for 成文日期. */
export function formatDate(value: DateInput): string {
  const p = shanghaiParts(value);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年3月2日 08:30 — documents and messages. */
export function formatDateTime(value: DateInput): string {
  return `${formatDate(value)} ${shanghaiTime(value)}`;
}
