/**
 * What a visit (来访) means for its case, pure: whether it is 越级, whether it repeats the
 * petition, or whether it only follows up the performance of an agreement. The one place
 * these are decided: the visit recording stores the answers, and the warnings, measures
 * and credit hints read what was stored.
 */

export const VISIT_LEVELS = ['village', 'township', 'county', 'city', 'province', 'national'] as const;
export type VisitLevel = (typeof VISIT_LEVELS)[number];

export const VISIT_LEVEL_NAMES: Record<VisitLevel, string> = {
  village: '村级',
  township: '乡镇级',
  county: '县级',
  city: '市级',
  province: '省级',
  national: '国家级',
};

/** Why the person came: about the petition itself, or about performing an agreement reached on it. */
export const VISIT_PURPOSES = { petition: '信访诉求', performance: '协议履行' } as const;
export type VisitPurpose = keyof typeof VISIT_PURPOSES;

/**
 * 越级: a visit to an organ beyond both the one responsible for the matter and the one
 * directly above it (信访工作条例 art. 22: petitions go to 本级或者上一级 organs). A township
 * case visited at the county is lawful; at the city it is 越级. An unknown level is never 越级.
 */
export function isLeapfrog(visitLevel: string, responsibleLevel: string): boolean {
  const v = VISIT_LEVELS.indexOf(visitLevel as VisitLevel);
  const r = VISIT_LEVELS.indexOf(responsibleLevel as VisitLevel);
  return v >= 0 && r >= 0 && v > r + 1;
}

export interface VisitFacts {
  visitLevel: string;
  /** The level of the organisation responsible for the case. */
  responsibleLevel: string;
  purpose?: VisitPurpose | null;
  /** The case is concluded (a visit about the same matter now repeats it). */
  concluded: boolean;
  /** The last agreed performance day, a Shanghai calendar day number (see agreedDeadlineDay), if any. */
  performanceDueDay?: number | null;
  /** The visit's Shanghai calendar day number. */
  visitDay: number;
}

export type VisitKind = 'petition' | 'repeat' | 'performance-follow-up' | 'non-performance';

export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  petition: '来访',
  repeat: '重复信访',
  'performance-follow-up': '履行督促',
  'non-performance': '逾期未履行',
};

export interface VisitMeaning {
  kind: VisitKind;
  isRepeat: boolean;
  isLeapfrog: boolean;
  /** The case becomes a backlog case (积案). */
  makesBacklog: boolean;
  /** A fact the clerk may cite: the agreed performance date had passed. */
  isNonPerformance: boolean;
}

/**
 * A visit about performing an agreement is not a new petition: before the agreed deadline
 * it is a performance follow-up (履行督促) on the case — not a repeat, not backlog, not 越级;
 * after it, it records non-performance, which a clerk may cite as a ground. Any other visit
 * on a concluded case repeats the petition and makes it a backlog case.
 */
export function visitMeaning(f: VisitFacts): VisitMeaning {
  if (f.purpose === 'performance') {
    const overdue = f.performanceDueDay !== null && f.performanceDueDay !== undefined && f.visitDay > f.performanceDueDay;
    return {
      kind: overdue ? 'non-performance' : 'performance-follow-up',
      isRepeat: false,
      isLeapfrog: false,
      makesBacklog: false,
      isNonPerformance: overdue,
    };
  }
  return {
    kind: f.concluded ? 'repeat' : 'petition',
    isRepeat: f.concluded,
    isLeapfrog: isLeapfrog(f.visitLevel, f.responsibleLevel),
    makesBacklog: f.concluded,
    isNonPerformance: false,
  };
}
