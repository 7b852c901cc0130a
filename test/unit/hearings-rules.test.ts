import { Calendar, checkCalendar, DEFAULT_WORK_CALENDAR, dayKey } from '../../plugins/fangtiao/server/src/hearings/calendar';
import {
  checkKindSettings,
  checkMinutes,
  checkParticipants,
  DEFAULT_KINDS,
  earliestSlots,
  maskName,
  periodOf,
  planHearingMove,
  tally,
} from '../../plugins/fangtiao/server/src/hearings/rules';

/** A Shanghai wall-clock time as a UTC instant. */
const sh = (s: string) => Date.parse(`${s}+08:00`);
const cal = new Calendar(DEFAULT_WORK_CALENDAR);
const kind = (code: string) => DEFAULT_KINDS.find((k) => k.code === code)!;

describe('the working calendar', () => {
  test('weekends, public holidays and adjusted working days', () => {
    expect(cal.isWorkingDay(sh('2026-11-25T10:00'))).toBe(true); // Wednesday
    expect(cal.isWorkingDay(sh('2026-11-28T10:00'))).toBe(false); // Saturday
    expect(cal.isWorkingDay(sh('2026-10-05T10:00'))).toBe(false); // National Day
    expect(cal.isWorkingDay(sh('2026-10-10T10:00'))).toBe(true); // Saturday worked (调休)
    expect(cal.isWorkingDay(sh('2026-02-14T10:00'))).toBe(true);
    expect(cal.isWorkingDay(sh('2027-01-01T10:00'))).toBe(false);
  });

  test('three working days of notice skip the weekend and the holiday', () => {
    // Wednesday 25 Nov → Thu, Fri, Mon: earliest Monday 30 Nov 00:00.
    expect(cal.earliestAfterNotice(sh('2026-11-25T16:00'), 3)).toBe(sh('2026-11-30T00:00'));
    // Tuesday 29 Sep → Wed 30 Sep, then 1–7 Oct off, Thu 8, Fri 9: earliest Friday 9 Oct.
    expect(cal.earliestAfterNotice(sh('2026-09-29T09:00'), 3)).toBe(sh('2026-10-09T00:00'));
    // Friday 9 Oct → Saturday 10 Oct is worked.
    expect(cal.earliestAfterNotice(sh('2026-10-09T09:00'), 1)).toBe(sh('2026-10-10T00:00'));
    expect(cal.earliestAfterNotice(sh('2026-11-25T16:00'), 0)).toBe(sh('2026-11-25T16:00'));
  });

  test('office hours: morning and afternoon, none on days off', () => {
    const list = cal.workingIntervals(sh('2026-11-27T11:00'), sh('2026-11-30T23:00'));
    expect(list.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()])).toEqual([
      [new Date(sh('2026-11-27T11:00')).toISOString(), new Date(sh('2026-11-27T12:00')).toISOString()],
      [new Date(sh('2026-11-27T14:00')).toISOString(), new Date(sh('2026-11-27T17:30')).toISOString()],
      [new Date(sh('2026-11-30T08:30')).toISOString(), new Date(sh('2026-11-30T12:00')).toISOString()],
      [new Date(sh('2026-11-30T14:00')).toISOString(), new Date(sh('2026-11-30T17:30')).toISOString()],
    ]);
    expect(cal.withinOfficeHours(sh('2026-11-30T10:00'), sh('2026-11-30T12:00'))).toBe(true);
    expect(cal.withinOfficeHours(sh('2026-11-30T11:00'), sh('2026-11-30T13:00'))).toBe(false);
    expect(dayKey(sh('2026-11-30T23:30'))).toBe('2026-11-30');
  });

  test('a calendar past its confirmed days warns; a bad one is refused entry by entry', () => {
    expect(cal.beyondConfirmed(sh('2026-12-20T00:00'))).toBeNull();
    expect(cal.beyondConfirmed(sh('2027-01-05T00:00'))).toMatch(/2026-12-31/);
    const bad = checkCalendar({
      hours: [
        { start: '09:00', end: '08:00' },
        { start: '9', end: '10:00' },
      ],
      holidays: ['2026-02-30x'],
      workdays: 'x',
    });
    expect(bad.errors.map((e) => e.path.join('.'))).toEqual(['hours.0.end', 'hours.1', 'holidays.0', 'workdays']);
    expect(checkCalendar(DEFAULT_WORK_CALENDAR).errors).toEqual([]);
    expect(checkCalendar({ ...DEFAULT_WORK_CALENDAR, workdays: ['2026-10-01'] }).errors[0].message).toMatch(/既是放假日又是上班日/);
  });
});

describe('the earliest common slot', () => {
  const windows = cal.workingIntervals(sh('2026-11-30T00:00'), sh('2026-12-02T00:00'));
  const unit = (s: string) => sh(s) / 1_800_000;
  const busyFrom = (from: string, to: string) => {
    const set = new Set<number>();
    for (let u = unit(from); u < unit(to); u += 1) set.add(u);
    return set;
  };

  test('skips a busy person and a busy room, picks the first free room', () => {
    const slots = earliestSlots({
      windows,
      people: [
        { key: 'u:1', busy: busyFrom('2026-11-30T08:30', '2026-11-30T10:00') },
        { key: 'u:2', busy: busyFrom('2026-11-30T14:00', '2026-11-30T15:00') },
      ],
      rooms: [
        { id: 1, busy: busyFrom('2026-11-30T10:00', '2026-11-30T12:00') },
        { id: 2, busy: new Set() },
      ],
      minutes: 120,
      count: 3,
    });
    expect(slots).toEqual([
      { start: sh('2026-11-30T10:00'), end: sh('2026-11-30T12:00'), room: 2 },
      { start: sh('2026-11-30T15:00'), end: sh('2026-11-30T17:00'), room: 1 },
      { start: sh('2026-12-01T08:30'), end: sh('2026-12-01T10:30'), room: 1 },
    ]);
  });

  test('an expert’s availability limits the slots; no room needed for video; none when nobody fits', () => {
    const slots = earliestSlots({
      windows,
      people: [{ key: 'e:1', busy: new Set(), available: [{ start: sh('2026-12-01T14:00'), end: sh('2026-12-01T16:00') }] }],
      rooms: null,
      minutes: 90,
      count: 5,
    });
    expect(slots).toEqual([{ start: sh('2026-12-01T14:00'), end: sh('2026-12-01T15:30'), room: null }]);
    expect(earliestSlots({ windows, people: [], rooms: [], minutes: 60, count: 1 })).toEqual([]);
    expect(earliestSlots({ windows, people: [], rooms: null, minutes: 240, count: 1 })).toEqual([]); // no 4-hour stretch in office hours
  });
});

describe('participants, moves and minutes', () => {
  test('participants are checked against the kind’s roles and head counts', () => {
    const ok = checkParticipants(
      [
        { role: 'chair', user: 'u1' },
        { role: 'work_team', user: 'u2' },
        { role: 'expert', expert: 'x1' },
        { role: 'petitioner', party: 0 },
      ],
      kind('tripartite_review'),
      1,
    );
    expect(ok.errors).toEqual([]);
    const bad = checkParticipants(
      [
        { role: 'chair', user: 'u1' },
        { role: 'chair', user: 'u1' },
        { role: 'panel', name: '甲' },
        { role: 'petitioner', party: 3 },
      ],
      kind('petition_hearing'),
      1,
    );
    const msgs = bad.errors.map((e) => `${e.path.join('.')}: ${e.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^participants\.2\.category/),
        expect.stringMatching(/^participants\.3\.party/),
        expect.stringMatching(/主持人至多1人/),
        expect.stringMatching(/评议员至少3人/),
        expect.stringMatching(/^participants\.1: 同一人/),
      ]),
    );
    expect(checkParticipants([], kind('evaluation'), 1).errors[0].path).toEqual(['participants']);
  });

  test('hearing moves: reason required, nothing after the hearing is held or cancelled, minutes only once it started', () => {
    const now = sh('2026-11-30T10:00');
    expect(planHearingMove('scheduled', 'cancel', {}, now, now + 1)).toMatchObject({ ok: false, status: 400, field: 'reason' });
    expect(planHearingMove('scheduled', 'reschedule', { reason: '改期原因' }, now, now + 1)).toEqual({ ok: true });
    expect(planHearingMove('held', 'cancel', { reason: '原因' }, now, now - 1)).toMatchObject({ ok: false, status: 409 });
    expect(planHearingMove('scheduled', 'minutes', {}, now, now + 1)).toMatchObject({ ok: false, status: 409 });
    expect(planHearingMove('scheduled', 'minutes', {}, now, now - 1)).toEqual({ ok: true });
  });

  test('minutes: every participant’s attendance, each present panel member’s opinion, a conclusion and an outcome', () => {
    const ps = [{ role: 'chair' }, { role: 'panel' }, { role: 'panel' }, { role: 'petitioner' }] as any[];
    const bad = checkMinutes({ attendance: [{ participant: 0, present: true }], opinions: [], conclusion: '短', outcome: 'maybe' }, ps);
    expect(bad.errors.map((e) => e.path.join('.'))).toEqual(['attendance', 'conclusion', 'outcome']);
    const missing = checkMinutes(
      {
        attendance: ps.map((_, i) => ({ participant: i, present: i !== 2 })),
        opinions: [],
        conclusion: '维持原处理意见',
        outcome: 'accepted',
      },
      ps,
    );
    expect(missing.errors[0].message).toMatch(/缺第2位/);
    const ok = checkMinutes(
      {
        attendance: ps.map((_, i) => ({ participant: i, present: true })),
        opinions: [
          { participant: 1, vote: 'support', opinion: '同意' },
          { participant: 2, vote: 'oppose', opinion: '不同意' },
        ],
        conclusion: '维持原处理意见',
        outcome: 'not-accepted',
      },
      ps,
    );
    expect(ok.errors).toEqual([]);
    expect(tally(ok.value!.opinions)).toEqual({ support: 1, oppose: 1, abstain: 0 });
  });

  test('hearing type settings from the admin panel are checked', () => {
    expect(checkKindSettings(DEFAULT_KINDS[0])).toEqual([]);
    const bad = checkKindSettings({
      code: 'x',
      roles: { judge: { min: 1 }, panel: { min: 3, max: 1 } },
      noticeWorkingDays: -1,
      defaultMinutes: 45,
    });
    expect(bad.map((e) => e.path.join('.'))).toEqual([
      'code',
      'roles.judge',
      'roles.panel',
      'roles.chair',
      'noticeWorkingDays',
      'defaultMinutes',
    ]);
  });
});

describe('announcements and cadence', () => {
  test('names are masked to surname + 某, two-character surnames kept', () => {
    expect(maskName('张三')).toBe('张某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某');
    expect(maskName('')).toBe('某某');
  });

  test('periods: city monthly, county half-monthly, township weekly (ISO weeks, Shanghai time)', () => {
    expect(periodOf('month', sh('2026-11-30T23:59'))).toEqual({
      key: '2026-11',
      start: sh('2026-11-01T00:00'),
      end: sh('2026-12-01T00:00'),
    });
    expect(periodOf('half-month', sh('2026-11-15T23:00')).key).toBe('2026-11-H1');
    expect(periodOf('half-month', sh('2026-11-16T00:00'))).toEqual({
      key: '2026-11-H2',
      start: sh('2026-11-16T00:00'),
      end: sh('2026-12-01T00:00'),
    });
    expect(periodOf('week', sh('2026-11-25T12:00'))).toEqual({
      key: '2026-W48',
      start: sh('2026-11-23T00:00'),
      end: sh('2026-11-30T00:00'),
    });
    expect(periodOf('week', sh('2027-01-01T12:00')).key).toBe('2026-W53');
    expect(periodOf('week', sh('2026-01-01T12:00')).key).toBe('2026-W01');
  });
});
