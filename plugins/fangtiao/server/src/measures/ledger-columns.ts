/**
 * The columns of a measure's ledger rows (台账明细): the XLSX export writes them all, the desk's
 * 考核指标 page and the admin's dashboard show those marked `screen`. One table, so the three
 * name a column alike (they had drifted: 到访层级 / 层级, 办结期限 / 期限). Pure: no Strapi import.
 */
import type { Ledger } from './definitions';

export type LedgerColumn = { key: string; header: string; width: number; screen?: true };

export const LEDGER_COLUMNS: Record<Ledger, readonly LedgerColumn[]> = {
  petitions: [
    { header: '信访编号', key: 'referenceNo', width: 22, screen: true },
    { header: '事项摘要', key: 'subject', width: 30, screen: true },
    { header: '状态', key: 'stateLabel', width: 12, screen: true },
    { header: '登记时间', key: 'registeredAt', width: 18, screen: true },
    { header: '办结时间', key: 'concludedAt', width: 18, screen: true },
    { header: '办结期限', key: 'conclusionDueAt', width: 18, screen: true },
    { header: '成为积案', key: 'backlogSince', width: 18, screen: true },
    { header: '积案化解', key: 'backlogClearedAt', width: 18 },
    { header: '初信初访', key: 'firstPetition', width: 10 },
    { header: '回访结果', key: 'returnVisitLabel', width: 10, screen: true },
  ],
  visits: [
    { header: '信访编号', key: 'referenceNo', width: 22, screen: true },
    { header: '事项摘要', key: 'subject', width: 30, screen: true },
    { header: '来访时间', key: 'visitedAt', width: 18, screen: true },
    { header: '到访层级', key: 'levelLabel', width: 10, screen: true },
    { header: '人数', key: 'headcount', width: 6 },
    { header: '重复来访', key: 'repeatLabel', width: 10, screen: true },
    { header: '越级', key: 'leapfrogLabel', width: 8, screen: true },
  ],
  moves: [
    { header: '信访编号', key: 'referenceNo', width: 22, screen: true },
    { header: '事项摘要', key: 'subject', width: 30, screen: true },
    { header: '调解终结时间', key: 'at', width: 18, screen: true },
    { header: '结果', key: 'resultLabel', width: 10, screen: true },
    { header: '说明', key: 'reason', width: 40, screen: true },
  ],
};

/** The columns a screen shows for a ledger, as [row key, header] pairs (none for an unknown ledger). */
export function screenColumns(ledger: string): [string, string][] {
  const columns: readonly LedgerColumn[] = (LEDGER_COLUMNS as Record<string, readonly LedgerColumn[]>)[ledger] ?? [];
  return columns.filter((c) => c.screen).map((c) => [c.key, c.header]);
}
