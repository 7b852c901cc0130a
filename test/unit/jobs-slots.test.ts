import { isStale, manualSlot, previousPeriod, scheduledTime, shanghaiStart, slotOf } from '../../plugins/fangtiao/server/src/jobs/slots';
import { jobDefinitions } from '../../plugins/fangtiao/server/src/jobs/strapi/definitions';

describe('job slots', () => {
  // node-cron checks about once a second, at a different millisecond in each process.
  const at = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms);
  const offsets = Array.from({ length: 1000 }, (_, ms) => ms);

  it('a tick stands for the fire time of its cron expression, whatever millisecond of the second it lands on', () => {
    for (const ms of offsets) {
      expect(slotOf('0 2 * * *', at('2026-11-25T02:00:00+08:00', ms))).toBe('2026-11-25T02:00:00+08:00');
      expect(slotOf('*/10 * * * *', at('2026-11-25T10:40:00+08:00', ms))).toBe('2026-11-25T10:40:00+08:00');
      expect(slotOf('*/2 * * * * *', at('2026-11-25T10:40:06+08:00', ms))).toBe('2026-11-25T10:40:06+08:00');
    }
    // The old rule (now rounded to the nearest second) put a tick 500 ms in at 02:00:01.
    expect(slotOf('0 2 * * *', at('2026-11-25T02:00:00+08:00', 500))).not.toBe('2026-11-25T02:00:01+08:00');
    expect(manualSlot(new Date('2026-11-24T18:00:00Z'))).toBe('manual-2026-11-24T18:00:00.000Z');
  });

  it('two instances whose ticks are offset by 0–999 ms claim the same slot for every job', () => {
    const defs = jobDefinitions({} as any).filter((d) => d.cron);
    expect(defs.length).toBeGreaterThanOrEqual(8);
    // Each job at one of its fire times: Monday 1 Feb 2027 08:00 Beijing fires them all but
    // the 02:00, 01:00, 07:00, 18:00 and 00:30 dailies, which get their own.
    const fire: Record<string, string> = {
      'backlog-mark': '2027-02-01T01:00:00+08:00',
      'warning-scan': '2027-02-01T02:00:00+08:00',
      'warning-escalate': '2027-02-01T08:00:00+08:00',
      'petition-counts': '2027-02-01T08:40:00+08:00',
      'first-petition-daily': '2027-02-01T18:00:00+08:00',
      'first-petition-weekly': '2027-02-01T08:00:00+08:00',
      'first-petition-monthly': '2027-02-01T08:00:00+08:00',
      reminders: '2027-02-01T08:00:00+08:00',
      'joint-consultations': '2027-02-01T07:00:00+08:00',
      'credit-expiry': '2027-02-01T00:30:00+08:00',
      'measure-aggregates': '2027-02-01T00:20:00+08:00',
      'judicial-confirmation-reminders': '2027-02-01T08:00:00+08:00',
      'performance-follow-up': '2027-02-01T08:00:00+08:00',
      'deadline-reminders': '2027-02-01T08:00:00+08:00',
      'notification-digest': '2027-02-01T18:00:00+08:00',
    };
    for (const d of defs) {
      const when = fire[d.name];
      expect(when).toBeDefined();
      const slots = new Set(offsets.map((ms) => slotOf(d.cron!, at(when, ms))));
      expect([...slots]).toEqual([when]);
    }
  });

  it('a late tick (a busy event loop, up to seconds) still stands for the fire time it belongs to', () => {
    for (const late of [1_000, 1_999, 2_500, 4_999, 59_999]) {
      expect(slotOf('0 2 * * *', at('2026-11-25T02:00:00+08:00', late))).toBe('2026-11-25T02:00:00+08:00');
    }
    expect(slotOf('*/2 * * * * *', at('2026-11-25T10:40:06+08:00', 1_999))).toBe('2026-11-25T10:40:06+08:00');
    // Weekly and monthly: the latest matching time, found across days and months.
    expect(slotOf('0 8 * * 1', new Date('2026-11-27T12:00:00+08:00'))).toBe('2026-11-23T08:00:00+08:00');
    expect(slotOf('0 8 1 * *', new Date('2027-01-01T07:59:59+08:00'))).toBe('2026-12-01T08:00:00+08:00');
    expect(slotOf('0 8 1 * *', new Date('2027-01-01T08:00:00.700+08:00'))).toBe('2027-01-01T08:00:00+08:00');
  });

  it('the fire time is Beijing time whatever the server zone', () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        expect(scheduledTime('30 0 * * *', at('2027-01-01T00:30:00+08:00', 999)).toISOString()).toBe('2026-12-31T16:30:00.000Z');
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
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
