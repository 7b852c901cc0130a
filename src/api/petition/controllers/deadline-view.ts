import { currentDeadline, daysLeft, deadlineColour } from '../../../case-flow/deadlines';
import { STATES } from '../../../case-flow/flow';
import { CLARITY_LABELS } from '../../../case-flow/five-clarity';

/** Adds what the desk shows beside a petition: state label, the deadline in force with its colour, missing clarities. */
export function withDeadline(value: unknown): any {
  const p = value as Record<string, any>;
  if (!p || !p.state) return p;
  const now = new Date();
  const d = currentDeadline(p as any);
  return {
    ...p,
    stateLabel: (STATES as Record<string, string>)[p.state],
    deadline: d ? { kind: d.kind, due: d.due, colour: deadlineColour(d.due, now), daysLeft: daysLeft(d.due, now) } : null,
    fiveClarityMissingLabels: Array.isArray(p.fiveClarityMissing)
      ? p.fiveClarityMissing.map((k: string) => (CLARITY_LABELS as any)[k])
      : undefined,
  };
}
