/**
 * Matching (专家匹配): the best few experts for a request — available in the wished window,
 * with the least load first so work spreads fairly — without those who must stand aside.
 * Pure: the service loads the candidates, their busy units and load in a few queries.
 */
import { firstFit, type Availability } from './availability';
import { conflictOf, SUGGESTIONS, type CaseParty, type Declaration } from './rules';

export type Candidate = {
  id: number;
  status: string;
  weeklyLimit: number | null;
  /** Bookings holding time in the week of the window's start. */
  load: number;
  availability: Availability | null;
  declarations: Declaration[] | null;
};

export type Suggestion = { id: number; load: number; weeklyLimit: number | null; firstFree: number };
export type Recusal = { expert: number; reason: string };
export type MatchResult = { suggestions: Suggestion[]; recusals: Recusal[]; unavailable: number };

export function rank(
  candidates: Candidate[],
  req: { windowStart: number; windowEnd: number; minutes: number; petition: string; parties: CaseParty[] },
  busyOf: (id: number) => Set<number> | null,
  limit = SUGGESTIONS,
): MatchResult {
  const recusals: Recusal[] = [];
  const fits: Suggestion[] = [];
  let unavailable = 0;
  for (const c of candidates) {
    if (c.status !== 'active') {
      unavailable += 1;
      continue;
    }
    const conflict = conflictOf(c.declarations, { petition: req.petition, parties: req.parties });
    if (conflict) {
      recusals.push({ expert: c.id, reason: conflict });
      continue;
    }
    if (c.weeklyLimit != null && c.load >= c.weeklyLimit) {
      unavailable += 1;
      continue;
    }
    const first = firstFit(c.availability, busyOf(c.id), req.windowStart, req.windowEnd, req.minutes);
    if (first === null) {
      unavailable += 1;
      continue;
    }
    fits.push({ id: c.id, load: c.load, weeklyLimit: c.weeklyLimit, firstFree: first });
  }
  // Least loaded first, then the oldest profile: a stable order, so batches of candidates rank alike.
  fits.sort((a, b) => a.load - b.load || a.id - b.id);
  return { suggestions: fits.slice(0, limit), recusals, unavailable };
}
