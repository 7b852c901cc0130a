import { parsePeriod, periodOf, previousPeriod, trailingPeriods, yearAgoPeriod } from '../../plugins/fangtiao/server/src/measures/periods';

const iso = (d: Date) => d.toISOString();

describe('periods in Asia/Shanghai', () => {
  test('a year runs from Shanghai midnight on 1 January', () => {
    const y = parsePeriod('2026')!;
    expect(iso(y.start)).toBe('2025-12-31T16:00:00.000Z');
    expect(iso(y.end)).toBe('2026-12-31T16:00:00.000Z');
    expect(y.label).toBe('2026年');
  });

  test('quarters and months', () => {
    const q = parsePeriod('2026-Q2')!;
    expect(iso(q.start)).toBe('2026-03-31T16:00:00.000Z');
    expect(iso(q.end)).toBe('2026-06-30T16:00:00.000Z');
    const m = parsePeriod('2026-02')!;
    expect(iso(m.start)).toBe('2026-01-31T16:00:00.000Z');
    expect(iso(m.end)).toBe('2026-02-28T16:00:00.000Z');
    expect(m.label).toBe('2026年2月');
  });

  test('ISO weeks run Monday to Sunday; week 1 holds 4 January', () => {
    const w = parsePeriod('2026-W01')!; // 2026-01-01 is a Thursday: week 1 starts Monday 2025-12-29
    expect(iso(w.start)).toBe('2025-12-28T16:00:00.000Z');
    expect(iso(w.end)).toBe('2026-01-04T16:00:00.000Z');
    expect(parsePeriod('2026-W53')).not.toBeNull(); // 2026 has 53 ISO weeks
    expect(parsePeriod('2025-W53')).toBeNull();
  });

  test('bad keys are refused', () => {
    for (const k of ['2026-13', '2026-Q5', '2026-W00', '26', '2026-1', 'x']) expect(parsePeriod(k)).toBeNull();
  });

  test('the period of an instant uses the Shanghai date', () => {
    // 2026-03-31T16:30Z is 1 April 00:30 in Shanghai
    const at = new Date('2026-03-31T16:30:00Z');
    expect(periodOf('month', at).key).toBe('2026-04');
    expect(periodOf('quarter', at).key).toBe('2026-Q2');
    expect(periodOf('year', new Date('2025-12-31T16:00:00Z')).key).toBe('2026');
    expect(periodOf('week', new Date('2025-12-28T16:00:00Z')).key).toBe('2026-W01'); // Monday 29 Dec in Shanghai
    expect(periodOf('week', new Date('2025-12-28T15:59:59Z')).key).toBe('2025-W52'); // still Sunday 28 Dec
    expect(periodOf('week', new Date('2027-01-01T04:00:00Z')).key).toBe('2026-W53');
  });

  test('previous period, the same period a year earlier, trailing periods', () => {
    expect(previousPeriod(parsePeriod('2026-01')!).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')!).key).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-W01')!).key).toBe('2025-W52');
    expect(previousPeriod(parsePeriod('2026')!).key).toBe('2025');
    expect(yearAgoPeriod(parsePeriod('2026-W53')!).key).toBe('2025-W52');
    expect(yearAgoPeriod(parsePeriod('2026-03')!).key).toBe('2025-03');
    expect(yearAgoPeriod(parsePeriod('2026-Q3')!).key).toBe('2025-Q3');
    expect(trailingPeriods(parsePeriod('2026-02')!, 4).map((p) => p.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  test('consecutive periods tile time with no gap', () => {
    for (const key of ['2026-W10', '2026-05', '2026-Q4', '2026']) {
      const p = parsePeriod(key)!;
      expect(previousPeriod(p).end.getTime()).toBe(p.start.getTime());
    }
  });
});
