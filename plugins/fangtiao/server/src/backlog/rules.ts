/**
 * Backlog packages ("five ones" 五个一: one leader, one work team, one resolution plan, one
 * case file per backlog case) and the departure handover (离任交接), pure.
 */
export type PackageFacts = {
  state: 'open' | 'resolved';
  openedAt: Date | string;
  resolvedAt?: Date | string | null;
  targetDate?: Date | string | null;
  lastProgressAt?: Date | string | null;
};

export const DEFAULT_STALE_DAYS = 30;
const t = (d: Date | string) => new Date(d).getTime();

/** The five ones a package has and lacks. */
export function fiveOnes(p: {
  leader?: unknown;
  workTeam?: string | null;
  plan?: string | null;
  caseFile?: unknown[] | null;
  caseFileDocuments?: unknown;
}) {
  // The case file is uploaded media or documents issued on the case (either will do).
  const docs = Array.isArray(p.caseFileDocuments) && p.caseFileDocuments.length > 0;
  const have = {
    leader: !!p.leader,
    workTeam: !!(p.workTeam && p.workTeam.trim()),
    plan: !!(p.plan && p.plan.trim()),
    caseFile: !!(p.caseFile && p.caseFile.length) || docs,
  };
  const labels = { leader: '包案领导', workTeam: '工作专班', plan: '化解方案', caseFile: '案件卷宗' };
  return { ...have, missing: (Object.keys(have) as (keyof typeof have)[]).filter((k) => !have[k]).map((k) => labels[k]) };
}

/**
 * 红黑榜: red — resolved on or before its target date (or with none set); black — open and
 * past its target date, or without progress for `staleDays` (counted from the last update, or
 * from opening).
 */
export function listOf(p: PackageFacts, now: Date, staleDays = DEFAULT_STALE_DAYS): 'red' | 'black' | null {
  if (p.state === 'resolved') return !p.targetDate || (p.resolvedAt && t(p.resolvedAt) <= endOfDay(p.targetDate)) ? 'red' : null;
  if (p.targetDate && endOfDay(p.targetDate) < now.getTime()) return 'black';
  const last = p.lastProgressAt ?? p.openedAt;
  return now.getTime() - t(last) > staleDays * 86400_000 ? 'black' : null;
}

/** The end of a date's day in Asia/Shanghai (a 'YYYY-MM-DD' date is due to its end). */
function endOfDay(d: Date | string): number {
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return Date.parse(`${d}T23:59:59.999+08:00`);
  return t(d);
}

/** Whether a package was part of the backlog at an instant: opened by then and not resolved by then. */
export const inBacklogAt = (p: PackageFacts, at: Date) =>
  t(p.openedAt) <= at.getTime() && (!p.resolvedAt || t(p.resolvedAt) > at.getTime());

/** The handover sheet's lists: backlog at arrival, at departure, and the new ones among the latter. */
export function handoverLists<T extends PackageFacts & { reference: string }>(packages: T[], arrivedAt: Date, leftAt: Date) {
  const atArrival = packages.filter((p) => inBacklogAt(p, arrivedAt));
  const atDeparture = packages.filter((p) => inBacklogAt(p, leftAt));
  const arrivalRefs = new Set(atArrival.map((p) => p.reference));
  const fresh = atDeparture.filter((p) => !arrivalRefs.has(p.reference));
  return { atArrival, atDeparture, fresh };
}

/** The written explanation is required when many new backlog cases arose (Lishui). */
export const NEW_BACKLOG_EXPLANATION_THRESHOLD = 5;
