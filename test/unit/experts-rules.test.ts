import {
  checkAvailability,
  covers,
  firstFit,
  freeIntervals,
  shanghaiWeek,
  unitsOf,
  UNIT_MS,
} from '../../plugins/fangtiao/server/src/experts/availability';
import {
  checkRequest,
  conflictOf,
  dueReminder,
  escalationReason,
  icalendar,
  planBookingMove,
} from '../../plugins/fangtiao/server/src/experts/rules';
import { rank, type Candidate } from '../../plugins/fangtiao/server/src/experts/matching';

// 2026-12-07 is a Monday.
const at = (s: string) => Date.parse(s);
const weekly = {
  weekly: [
    { weekday: 1, start: '09:00', end: '12:00' },
    { weekday: 3, start: '14:00', end: '17:30' },
  ],
  exceptions: [] as any[],
};

describe('availability (Asia/Shanghai)', () => {
  test('weekly slots are in Shanghai time', () => {
    const free = freeIntervals(weekly, at('2026-12-07T00:00:00+08:00'), at('2026-12-14T00:00:00+08:00'));
    expect(free.map((i) => new Date(i.start).toISOString())).toEqual(['2026-12-07T01:00:00.000Z', '2026-12-09T06:00:00.000Z']);
    expect(covers(weekly, at('2026-12-07T10:00:00+08:00'), at('2026-12-07T11:00:00+08:00'))).toBe(true);
    expect(covers(weekly, at('2026-12-07T11:30:00+08:00'), at('2026-12-07T12:30:00+08:00'))).toBe(false);
  });

  test('leave removes time, one-off slots add it', () => {
    const av = {
      ...weekly,
      exceptions: [
        { kind: 'leave' as const, from: '2026-12-07T00:00:00+08:00', to: '2026-12-08T00:00:00+08:00' },
        { kind: 'slot' as const, from: '2026-12-12T09:00:00+08:00', to: '2026-12-12T10:00:00+08:00' },
      ],
    };
    expect(covers(av, at('2026-12-07T10:00:00+08:00'), at('2026-12-07T11:00:00+08:00'))).toBe(false);
    expect(covers(av, at('2026-12-12T09:00:00+08:00'), at('2026-12-12T10:00:00+08:00'))).toBe(true);
  });

  test('first fit skips busy units', () => {
    const from = at('2026-12-07T00:00:00+08:00');
    const to = at('2026-12-14T00:00:00+08:00');
    const busy = new Set(unitsOf(at('2026-12-07T09:00:00+08:00'), at('2026-12-07T10:00:00+08:00')));
    expect(new Date(firstFit(weekly, busy, from, to, 60)!).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    const full = new Set(unitsOf(at('2026-12-07T09:00:00+08:00'), at('2026-12-07T12:00:00+08:00')));
    expect(new Date(firstFit(weekly, full, from, to, 60)!).toISOString()).toBe('2026-12-09T06:00:00.000Z');
    expect(firstFit(weekly, null, from, to, 240)).toBeNull();
  });

  test('grid units and the Shanghai week', () => {
    expect(unitsOf(at('2026-12-07T09:00:00+08:00'), at('2026-12-07T10:00:00+08:00'))).toHaveLength(2);
    expect(new Date(shanghaiWeek(at('2026-12-10T23:00:00+08:00')).start).toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });

  test('bad availability names every field', () => {
    const r = checkAvailability({
      weekly: [{ weekday: 8, start: '09:10', end: '08:00' }],
      exceptions: [{ kind: 'x', from: 'no', to: 'no' }],
    });
    expect(r.errors.map((e) => e.path.join('.'))).toEqual(
      expect.arrayContaining(['weekly.0.weekday', 'weekly.0.start', 'exceptions.0.kind', 'exceptions.0.from']),
    );
  });
});

describe('requests, moves, conflicts, reminders', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  test('a request needs question, field, mode and a future window', () => {
    const r = checkRequest({ question: '短', field: 'astrology', mode: 'fax', windowStart: 'x', windowEnd: '2026-01-01' }, now);
    expect(r.errors.map((e) => e.path[0])).toEqual(expect.arrayContaining(['question', 'field', 'mode', 'windowStart', 'windowEnd']));
    expect(
      checkRequest(
        { question: '宅基地边界争议如何认定', field: 'law', mode: 'video', windowStart: '2026-12-07', windowEnd: '2026-12-10' },
        now,
      ).value?.minutes,
    ).toBe(60);
  });

  test('booking moves', () => {
    expect(planBookingMove('requested', 'accept', { isExpert: true, isRequesterSide: false }, {})).toEqual({ ok: true, to: 'accepted' });
    expect(planBookingMove('requested', 'accept', { isExpert: false, isRequesterSide: true }, {})).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(planBookingMove('accepted', 'cancel', { isExpert: false, isRequesterSide: true }, {})).toMatchObject({
      ok: false,
      status: 400,
      field: 'reason',
    });
    expect(planBookingMove('cancelled', 'cancel', { isExpert: true, isRequesterSide: false }, { reason: '有事' })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(
      planBookingMove('requested', 'opinion', { isExpert: true, isRequesterSide: false }, { opinion: '建议依法调解处理' }),
    ).toMatchObject({ ok: false, status: 409 });
  });

  test('conflicts of interest: a declared relation, or acting for a party on the case', () => {
    const c = { petition: 'P1', parties: [{ name: '张三', idNumber: '99010219800101123X' }] };
    expect(conflictOf([{ kind: 'relation', party: '张三' }], c)).toMatch(/利害关系/);
    expect(conflictOf([{ kind: 'relation', party: '99010219800101123x' }], c)).toMatch(/利害关系/);
    expect(conflictOf([{ kind: 'acted_for', petition: 'P1', party: '李四' }], c)).toMatch(/代理/);
    expect(
      conflictOf(
        [
          { kind: 'acted_for', petition: 'P2' },
          { kind: 'relation', party: '王五' },
        ],
        c,
      ),
    ).toBeNull();
  });

  test('reminders 24 h and 1 h before, each once', () => {
    const start = new Date('2026-12-07T02:00:00Z');
    expect(dueReminder(start, new Date('2026-12-05T02:00:00Z'), {})).toBeNull();
    expect(dueReminder(start, new Date('2026-12-06T03:00:00Z'), {})).toBe('day');
    expect(dueReminder(start, new Date('2026-12-06T03:00:00Z'), { day: true })).toBeNull();
    expect(dueReminder(start, new Date('2026-12-07T01:30:00Z'), { day: true })).toBe('hour');
    expect(dueReminder(start, new Date('2026-12-07T03:00:00Z'), {})).toBeNull();
  });

  test('the iCalendar feed', () => {
    const ics = icalendar('王律师 专家咨询', [
      {
        uid: 'b1@x',
        start: new Date('2026-12-07T01:00:00Z'),
        end: new Date('2026-12-07T02:00:00Z'),
        summary: '专家咨询（法律·视频）',
        status: 'CONFIRMED',
        updated: new Date('2026-12-01T00:00:00Z'),
      },
    ]);
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20261207T010000Z\r\n');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });
});

describe('matching', () => {
  const window = {
    windowStart: at('2026-12-07T00:00:00+08:00'),
    windowEnd: at('2026-12-14T00:00:00+08:00'),
    minutes: 60,
    petition: 'P1',
    parties: [{ name: '张三' }],
  };
  const cand = (id: number, load: number, extra: Partial<Candidate> = {}): Candidate => ({
    id,
    status: 'active',
    weeklyLimit: 5,
    load,
    availability: weekly,
    declarations: [],
    ...extra,
  });
  test('least loaded first; conflicted experts recused; full, on leave and unavailable ones left out', () => {
    const r = rank(
      [
        cand(1, 3),
        cand(2, 0),
        cand(3, 1, { declarations: [{ kind: 'relation', party: '张三' }] }),
        cand(4, 5),
        cand(5, 0, { status: 'on_leave' }),
        cand(6, 0, { availability: { weekly: [], exceptions: [] } }),
        cand(7, 1),
      ],
      window,
      () => null,
    );
    expect(r.suggestions.map((s) => s.id)).toEqual([2, 7, 1]);
    expect(r.recusals).toEqual([{ expert: 3, reason: expect.stringMatching(/利害关系/) }]);
    expect(r.unavailable).toBe(3);
  });
  test('busy units push the first free slot', () => {
    const busy = new Set(unitsOf(at('2026-12-07T09:00:00+08:00'), at('2026-12-07T12:00:00+08:00')));
    const r = rank([cand(1, 0)], window, () => busy);
    expect(r.suggestions[0].firstFree).toBe(at('2026-12-09T14:00:00+08:00'));
    expect(UNIT_MS).toBe(1_800_000);
  });
});

describe('why a county request moves to the city pool', () => {
  test('an empty pool, a pool that all stands aside, and nobody free are three different reasons', () => {
    expect(escalationReason({ pool: 0, recused: 0 })).toBe('县级专家库无该领域专家');
    expect(escalationReason({ pool: 2, recused: 2 })).toBe('县级专家库该领域的专家均须回避（2人）');
    expect(escalationReason({ pool: 3, recused: 1 })).toBe('县级专家库在期望时间内无合适专家（另有1人须回避）');
    expect(escalationReason({ pool: 3, recused: 0 })).toBe('县级专家库在期望时间内无合适专家');
  });
});
