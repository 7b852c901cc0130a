import {
  DEFAULT_TARGETS,
  MEASURES,
  figure,
  measureDef,
  meets,
  resolveTargets,
  targetValue,
} from '../../plugins/fangtiao/server/src/measures/definitions';
import { parsePeriod } from '../../plugins/fangtiao/server/src/measures/periods';

describe('measure definitions and targets', () => {
  test('eleven measures (online share added for the petitioner’s channel), each with a Chinese label and its formula', () => {
    expect(MEASURES).toHaveLength(11);
    for (const m of MEASURES) {
      expect(m.label).toMatch(/[\u4e00-\u9fff]/);
      expect(m.formula).toBeTruthy();
      if (m.unit === 'rate') expect(m.denominatorLabel).toBeTruthy();
    }
  });

  test('a rate is numerator over denominator, null when nothing was counted; a count is its numerator', () => {
    expect(figure(measureDef('satisfactionRate')!, 2, 3)).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(figure(measureDef('satisfactionRate')!, 0, 0).value).toBeNull();
    expect(figure(measureDef('backlogCount')!, 7, 0)).toEqual({ numerator: 7, denominator: null, value: 7 });
  });

  test('one-time resolution: 90%, then 95% from 2026', () => {
    const spec = DEFAULT_TARGETS.oneTimeResolutionRate;
    expect(targetValue(spec, parsePeriod('2025')!, null)).toBe(0.9);
    expect(targetValue(spec, parsePeriod('2025-W52')!, null)).toBe(0.9);
    expect(targetValue(spec, parsePeriod('2026-01')!, null)).toBe(0.95);
  });

  test('repeat ratio, leapfrog and national visits: halved year on year', () => {
    for (const k of ['repeatRatio', 'leapfrogVisits', 'nationalVisits'] as const) {
      expect(targetValue(DEFAULT_TARGETS[k], parsePeriod('2026')!, 8)).toBe(4);
      expect(targetValue(DEFAULT_TARGETS[k], parsePeriod('2026')!, null)).toBeNull();
    }
  });

  test('met: at least the target when higher is better, at most when lower is better', () => {
    expect(meets(measureDef('oneTimeResolutionRate')!, 0.95, 0.95)).toBe(true);
    expect(meets(measureDef('oneTimeResolutionRate')!, 0.9, 0.95)).toBe(false);
    expect(meets(measureDef('nationalVisits')!, 4, 4)).toBe(true);
    expect(meets(measureDef('nationalVisits')!, 5, 4)).toBe(false);
    expect(meets(measureDef('nationalVisits')!, 5, null)).toBeNull();
  });

  test('configured targets replace defaults; null removes one; unknown keys are ignored', () => {
    const t = resolveTargets({
      satisfactionRate: { type: 'fixed', steps: [{ from: '2000-01-01', value: 0.967 }] },
      onTimeRate: null,
      nope: { type: 'yoy', factor: 1 },
    } as any);
    expect(targetValue(t.satisfactionRate, parsePeriod('2026')!, null)).toBe(0.967);
    expect(t.onTimeRate).toBeUndefined();
    expect((t as any).nope).toBeUndefined();
    expect(t.repeatRatio).toEqual({ type: 'yoy', factor: 0.5 });
  });
});
