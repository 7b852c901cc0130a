/**
 * Credit flags towards the public credit platform: the export of the active ones (with just the
 * fields it needs) and the scheduled expiry at the end of retention.
 */
import type { Core } from '@strapi/strapi';
import type { Caller } from '@fangtiao/kernel';
import { SCOPE_COLUMNS, csvFile, shanghaiDate } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { CREDIT_STATES, REPAIR_OUTCOMES } from '../rules';
import { FLAG, MOVE } from './common';
import { logQuery } from './query-log';
import { CREDIT_UID } from './schema';

/** The fields the public credit platform needs, and nothing else. */
export const EXPORT_COLUMNS: { header: string; key: string; value: (f: any) => string }[] = [
  { header: '记录编号', key: 'flagId', value: (f) => f.documentId },
  { header: '姓名', key: 'name', value: (f) => f.personName },
  { header: '公民身份号码', key: 'idNumber', value: (f) => f.idNumber },
  { header: '失信情形', key: 'ground', value: (f) => f.ground?.name ?? '' },
  { header: '认定依据', key: 'legalBasis', value: (f) => f.ground?.legalBasis ?? '' },
  { header: '生效日期', key: 'activeFrom', value: (f) => (f.activeFrom ? shanghaiDate(f.activeFrom) : '') },
  { header: '到期日期', key: 'expiresAt', value: (f) => (f.expiresAt ? shanghaiDate(f.expiresAt) : '') },
  { header: '认定单位', key: 'organisation', value: (f) => f.organisation?.name ?? '' },
  { header: '认定单位代码', key: 'organisationCode', value: (f) => f.organisation?.code ?? '' },
  // A repaired record that the regulation keeps annotated is reported with its annotation (art. 32).
  { header: '记录状态', key: 'state', value: (f) => stateLabel(f) },
  {
    header: '修复标注',
    key: 'repairAnnotation',
    value: (f) => (f.state === 'repaired' && f.repairOutcome === 'annotate' ? `已于${shanghaiDate(f.repairedAt)}信用修复` : ''),
  },
];

/** The state as every list and export says it: a repair says how (deleted, annotated). */
export function stateLabel(f: { state?: string; repairOutcome?: string | null }): string {
  const base = (CREDIT_STATES as Record<string, string>)[f.state ?? ''] ?? f.state ?? '';
  if ((f.state === 'repaired' || f.state === 'removed') && f.repairOutcome && f.repairOutcome in REPAIR_OUTCOMES) {
    return `${base}（信用修复：${(REPAIR_OUTCOMES as Record<string, string>)[f.repairOutcome]}）`;
  }
  return base;
}

/**
 * The scheduled job's expiry: every active flag whose retention ended before `now`
 * becomes expired in one statement; each gets its move and an audit entry. Returns the count.
 */
export async function expireDue(strapi: Core.Strapi, now: Date = new Date()): Promise<number> {
  return strapi.db.transaction(async () => {
    const due = await strapi.db.query(FLAG).findMany({
      where: { state: 'active', expiresAt: { $lt: now } },
      select: ['id', 'documentId', ...SCOPE_COLUMNS],
    });
    if (!due.length) return 0;
    const ids = due.map((f) => f.id);
    const { count } = await strapi.db.query(FLAG).updateMany({
      where: { id: { $in: ids }, state: 'active' },
      data: { state: 'expired', expiredAt: now },
    });
    for (const f of due) {
      await strapi.db.query(MOVE).create({
        data: {
          flag: f.id,
          action: 'expire',
          fromState: 'active',
          toState: 'expired',
          reason: '保存期满',
          input: { expiredAt: now.toISOString() },
          actorRole: 'system',
          at: now,
          ...Object.fromEntries(SCOPE_COLUMNS.map((k) => [k, f[k]])),
        },
      });
    }
    await strapi.service(UID.auditEntry).record(
      due.map((f) => ({
        action: 'update',
        targetUid: CREDIT_UID.flag,
        targetDocumentId: f.documentId,
        detail: { fields: ['state', 'expiredAt'], move: 'expire', by: 'expireDue' },
      })),
    );
    return count as number;
  });
}

/**
 * Active flags (retention not ended) in the caller's jurisdiction, with just the fields
 * the public credit platform needs — full ID numbers, since they are its input. Logged.
 */
export async function exportActive(strapi: Core.Strapi, format: 'csv' | 'json', caller: Caller | null = null) {
  const now = new Date();
  const rows = [];
  for (let start = 0; ; start += 1000) {
    const page = await strapi.documents(FLAG).findMany({
      // Active, or repaired and kept annotated (art. 32), while retention lasts; a deleted one is gone.
      filters: { expiresAt: { $gt: now }, $or: [{ state: 'active' }, { state: 'repaired', repairOutcome: 'annotate' }] },
      fields: ['personName', 'idNumber', 'activeFrom', 'expiresAt', 'state', 'repairOutcome', 'repairedAt'],
      populate: { ground: { fields: ['name', 'legalBasis'] }, organisation: { fields: ['name', 'code'] } },
      sort: ['activeFrom:asc', 'id:asc'],
      start,
      limit: 1000,
    });
    rows.push(...page);
    if (page.length < 1000) break;
  }
  await strapi.service(UID.auditEntry).record({
    action: 'export-credit-flags',
    targetUid: CREDIT_UID.flag,
    detail: { format, count: rows.length, flags: rows.map((r) => r.documentId) },
  });
  await logQuery(
    strapi,
    rows.map((r) => r.documentId),
    'export',
    caller,
    { format },
  );
  const records = rows.map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, c.value(r)])));
  const stamp = shanghaiDate(now);
  if (format === 'json') return { format, count: rows.length, exportedAt: now.toISOString(), records, filename: `失信记录-${stamp}.json` };
  const body = csvFile([EXPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => EXPORT_COLUMNS.map((c) => c.value(r)))]);
  return { format, count: rows.length, exportedAt: now.toISOString(), body, filename: `失信记录-${stamp}.csv` };
}
