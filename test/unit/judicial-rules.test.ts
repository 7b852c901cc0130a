import {
  applicationDeadline,
  courtName,
  DEFAULT_COURT,
  filingProblems,
  reminderDue,
  rulingProblems,
  windowRefusal,
} from '../../plugins/fangtiao/server/src/judicial/rules';

// Agreement effective 2026-11-01 10:00 Beijing; the 30 days run 11-02 … 12-01 (the first day is not counted).
const effective = new Date('2026-11-01T02:00:00Z');

describe('the 30-day application window (Beijing calendar)', () => {
  test('ends at 24:00 Beijing on the 30th day after the day of effect', () => {
    expect(applicationDeadline(effective).toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });
  test('an agreement that took effect at 00:30 Beijing (still the day before in UTC) counts from its Beijing day', () => {
    expect(applicationDeadline(new Date('2026-11-01T16:30:00Z')).toISOString()).toBe('2026-12-02T15:59:59.999Z');
  });
  test('open at 23:30 Beijing on the last day, closed at 00:30 the next day, with the reason', () => {
    expect(windowRefusal(effective, new Date('2026-12-01T15:30:00Z'))).toBeNull();
    const reason = windowRefusal(effective, new Date('2026-12-01T16:30:00Z'));
    expect(reason).toContain('2026-11-01');
    expect(reason).toContain('2026-12-01');
  });
  test('no agreement in effect: refused', () => {
    expect(windowRefusal(null, new Date())).toContain('尚未生效');
  });
});

describe('reminders at 7 and 2 days left', () => {
  const at = (iso: string, sent: number[] = [], filedAt: string | null = null) =>
    reminderDue({ effectiveAt: effective, sent, filedAt }, new Date(iso));
  test('none while more than 7 days are left', () => expect(at('2026-11-23T15:30:00Z')).toBeNull());
  test('the 7-day mark from 00:00 Beijing on 11-24', () => expect(at('2026-11-23T16:30:00Z')).toBe(7));
  test('a mark is sent once', () => expect(at('2026-11-25T01:00:00Z', [7])).toBeNull());
  test('the 2-day mark on 11-29 Beijing', () => expect(at('2026-11-28T16:30:00Z', [7])).toBe(2));
  test('a job that missed the 7-day mark sends only the nearer one', () => expect(at('2026-11-29T01:00:00Z')).toBe(2));
  test('nothing after the window or once filed', () => {
    expect(at('2026-12-01T16:30:00Z')).toBeNull();
    expect(at('2026-11-29T01:00:00Z', [], '2026-11-20')).toBeNull();
  });
});

test("the court: the committee's setting, else the default wording", () => {
  expect(courtName(' 莲都区人民法院 ')).toBe('莲都区人民法院');
  expect(courtName('')).toBe(DEFAULT_COURT);
  expect(courtName(null)).toBe(DEFAULT_COURT);
});

test('a filing and a ruling report every bad field at once', () => {
  const now = new Date('2026-11-10T02:00:00Z');
  expect(
    filingProblems({ filedAt: '2026-10-30', court: '', caseNumber: 'x'.repeat(61) }, { effectiveAt: effective }, now).map((p) => p.path[0]),
  ).toEqual(['filedAt', 'court', 'caseNumber']);
  expect(
    filingProblems({ filedAt: '2026-11-05', court: '某法院', caseNumber: '（2026）民特1号' }, { effectiveAt: effective }, now),
  ).toEqual([]);
  expect(rulingProblems({ ruledAt: '2026-11-04', outcome: 'maybe' }, { filedAt: '2026-11-05' }, now).map((p) => p.path[0])).toEqual([
    'ruledAt',
    'outcome',
  ]);
  expect(rulingProblems({ ruledAt: '2026-11-06', outcome: 'rejected' }, { filedAt: '2026-11-05' }, now)).toEqual([]);
});
