import { ledgerPeriod } from '../../plugins/fangtiao/server/src/measures/ledgers';

describe('the periods of the first-petition ledgers (Beijing calendar)', () => {
  // 2026-12-04 17:30 UTC is 2026-12-05 01:30 in Beijing: already the next day there.
  const now = new Date('2026-12-04T17:30:00Z');

  it('日日清 lists the Beijing day, from its midnight (16:00 UTC the day before)', () => {
    const p = ledgerPeriod('day', undefined, now)!;
    expect(p).toMatchObject({ key: '2026-12-05', label: '2026年12月5日' });
    expect(p.start.toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-12-05T16:00:00.000Z');
  });

  it('周周结 and 月月审 default to the last full week and month, as their jobs count', () => {
    expect(ledgerPeriod('week', undefined, now)!.key).toBe('2026-W48');
    expect(ledgerPeriod('month', undefined, now)!.key).toBe('2026-11');
  });

  it('a key of another cadence or an impossible date is no period', () => {
    expect(ledgerPeriod('day', '2026-02-30', now)).toBeNull();
    expect(ledgerPeriod('week', '2026-12', now)).toBeNull();
    expect(ledgerPeriod('month', '2026-W49', now)).toBeNull();
    expect(ledgerPeriod('month', '2026-12', now)!.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
