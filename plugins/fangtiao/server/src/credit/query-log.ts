/**
 * The query log of credit flags (查询记录, 浙江省公共信用信息管理条例 art. 20) — pure. Every view
 * and export of a flag is logged; an entry is kept 10 years, counted like a retention period
 * (to the end of the corresponding Shanghai day), and only then may the cleanup job delete it.
 */
import { toDate, type DateInput } from '@fangtiao/kernel/pure';
import { retentionEnd } from './rules';

export const QUERY_LOG_RETENTION_YEARS = 10;

/** What was done with the flag: read one, listed, its history read, exported, a file downloaded. */
export const QUERY_ACTIONS = {
  view: '查看',
  list: '列表查询',
  history: '查看经过',
  export: '导出报送',
  download: '下载附件或文书',
} as const;
export type QueryAction = keyof typeof QUERY_ACTIONS;

/** The last moment an entry made at `at` must be kept. */
export function queryLogKeptUntil(at: DateInput): Date {
  return retentionEnd(at, QUERY_LOG_RETENTION_YEARS);
}

/** Whether the cleanup may delete an entry made at `at`: never before its 10 years have ended. */
export function queryLogPurgeable(at: DateInput, now: DateInput): boolean {
  return queryLogKeptUntil(at).getTime() < toDate(now).getTime();
}

/**
 * A bound for the database: entries at or after it are certainly younger than 10 years (a
 * calendar year has at most 366 days), so only older ones are read and checked one by one.
 */
export function queryLogCandidatesBefore(now: DateInput): Date {
  return new Date(toDate(now).getTime() - QUERY_LOG_RETENTION_YEARS * 365 * 86_400_000);
}
