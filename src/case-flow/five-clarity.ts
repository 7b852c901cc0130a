/**
 * 五个清楚 — the five things a petition record must make clear. Scores presence, not
 * validity: ID and phone numbers may reach this function masked (for readers who do not
 * handle the case), so a non-empty value counts; they are validated when entered.
 */

export type ClarityKey = 'petitioner' | 'demands' | 'history' | 'handling' | 'unit';

export const CLARITY_KEYS: readonly ClarityKey[] = ['petitioner', 'demands', 'history', 'handling', 'unit'];

export const CLARITY_LABELS: Record<ClarityKey, string> = {
  petitioner: '信访人基本情况清楚',
  demands: '信访诉求清楚',
  history: '信访过程清楚',
  handling: '办理情况清楚',
  unit: '责任主体清楚',
};

/** What to add when the item is missing, for the desk page. */
export const CLARITY_HINTS: Record<ClarityKey, string> = {
  petitioner: '至少登记一名信访人的姓名、身份证号码或联系电话、住址',
  demands: '填写信访人的具体诉求',
  history: '填写信访经过，或登记至少一次来信来访记录',
  handling: '填写已办理情况，或推进案件流程（受理、分流等）',
  unit: '确定责任单位',
};

export interface ClarityParty {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
}

export interface ClarityPetition {
  parties?: ClarityParty[] | null;
  /** Demands as text or a list of items. */
  demands?: string | string[] | null;
  history?: string | null;
  /** Recorded visits (any entries) or their count. */
  visits?: unknown[] | number | null;
  handlingNotes?: string | null;
  /** Current state of the procedure; anything but 'registered' means a move was made. */
  state?: string | null;
  /** Recorded moves (any entries) or their count. */
  moves?: unknown[] | number | null;
  /** Responsible unit: an id, a name, or a related object. */
  unit?: unknown;
  /** Alias of `unit`. */
  responsibleUnit?: unknown;
}

export interface ClarityResult {
  score: number;
  present: ClarityKey[];
  missing: ClarityKey[];
}

function filled(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

function count(v: unknown[] | number | null | undefined): number {
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

const CHECKS: Record<ClarityKey, (p: ClarityPetition) => boolean> = {
  petitioner: (p) =>
    (p.parties ?? []).some((x) => x != null && filled(x.name) && (filled(x.idNumber) || filled(x.phone)) && filled(x.address)),
  demands: (p) => (Array.isArray(p.demands) ? p.demands.some(filled) : filled(p.demands)),
  history: (p) => filled(p.history) || count(p.visits) > 0,
  handling: (p) => filled(p.handlingNotes) || (filled(p.state) && p.state !== 'registered') || count(p.moves) > 0,
  unit: (p) => isSet(p.unit) || isSet(p.responsibleUnit),
};

export function fiveClarity(p: ClarityPetition): ClarityResult {
  const present: ClarityKey[] = [];
  const missing: ClarityKey[] = [];
  for (const key of CLARITY_KEYS) (CHECKS[key](p ?? {}) ? present : missing).push(key);
  return { score: present.length, present, missing };
}
