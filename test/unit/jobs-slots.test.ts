import { isStale, manualSlot, previousPeriod, shanghaiStart, slotOf } from '../../plugins/fangtiao/server/src/jobs/slots';

describe('job slots', () => {
  it('a tick stands for its scheduled second in +08:00, whatever the small jitter', () => {
    expect(slotOf(new Date('2026-11-24T18:00:00.004Z'))).toBe('2026-11-25T02:00:00+08:00');
    expect(slotOf(new Date('2026-11-24T17:59:59.996Z'))).toBe('2026-11-25T02:00:00+08:00');
    expect(manualSlot(new Date('2026-11-24T18:00:00Z'))).toBe('manual-2026-11-24T18:00:00.000Z');
  });
  it('a lease is stale after the TTL without a heartbeat', () => {
    const now = new Date('2026-11-25T00:01:00Z');
    expect(isStale(new Date('2026-11-25T00:00:30Z'), now, 60_000)).toBe(false);
    expect(isStale(new Date('2026-11-24T23:59:59Z'), now, 60_000)).toBe(true);
    expect(isStale(null, now, 60_000)).toBe(true);
  });
  it('periods are Shanghai calendar days, weeks (Monday) and months', () => {
    const now = new Date('2026-11-25T01:00:00+08:00'); // a Wednesday
    expect(shanghaiStart(now, 'day').toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(shanghaiStart(now, 'week').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(shanghaiStart(now, 'month').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    const last = previousPeriod(now, 'month');
    expect(last.from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(last.to.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });
});
