import { canRecord, fallsDue, plannedChecks } from '../../plugins/fangtiao/server/src/performance/rules';
import { complexityOf, ledgerTotals, monthOf, rateFor } from '../../plugins/fangtiao/server/src/subsidy/rules';
import { creditHints } from '../../plugins/fangtiao/server/src/credit/rules';

describe('履行回访 rules', () => {
  test("one follow-up per dated term, dates read as written, without a year in the agreement's year", () => {
    const planned = plannedChecks(
      [{ what: '付款', byWhen: '3月1日前' }, { what: '道歉' }, { what: '修缮', obligor: '乙方', byWhen: '2026年12月31日' }],
      2026,
    );
    expect(planned).toEqual([
      { termIndex: 0, what: '付款', obligor: null, dueDate: '2026-03-01' },
      { termIndex: 2, what: '修缮', obligor: '乙方', dueDate: '2026-12-31' },
    ]);
  });

  test('a term falls due at midnight in Beijing, not in UTC', () => {
    expect(fallsDue('2026-03-01', new Date('2026-02-28T15:59:59Z'))).toBe(false);
    expect(fallsDue('2026-03-01', new Date('2026-02-28T16:00:00Z'))).toBe(true);
  });

  test('a result is one of three and is recorded once', () => {
    expect(canRecord('due', 'performed')).toBeNull();
    expect(canRecord('pending', 'partly')).toBeNull();
    expect(canRecord('due', 'maybe')).toMatchObject({ status: 400, field: 'result' });
    expect(canRecord('not_performed', 'performed')).toMatchObject({ status: 409 });
  });

  test('the credit hint skips a term the mediator found performed and cites one found not performed', () => {
    const base = {
      agreement: { documentId: 'a1', issuedAt: '2026-01-10T02:00:00Z' },
      terms: [
        { what: '付款', byWhen: '2026年2月1日' },
        { what: '修缮', byWhen: '2026年2月1日' },
      ],
      now: '2026-06-01T00:00:00Z',
    };
    const none = creditHints({
      ...base,
      checks: [
        { termIndex: 0, state: 'performed' },
        { termIndex: 1, state: 'performed' },
      ],
    });
    expect(none).toEqual([]);
    const [hint] = creditHints({
      ...base,
      checks: [
        { termIndex: 0, state: 'performed' },
        { termIndex: 1, state: 'not_performed' },
      ],
    });
    expect(hint.message).toContain('修缮：2026年2月1日');
    expect(hint.message).not.toContain('付款');
    expect(hint.message).toContain('调解员履行回访确认修缮未履行');
  });
});

describe('以案定补 rules', () => {
  const rates = [
    { caseType: null, complexity: 'ordinary' as const, amount: 200 },
    { caseType: 'T1', complexity: 'ordinary' as const, amount: 350 },
    { caseType: 'T2', complexity: 'ordinary' as const, amount: 999, active: false },
  ];

  test("the case type's own rate, else the general one, else none; inactive rates do not count", () => {
    expect(rateFor(rates, 'T1', 'ordinary')).toBe(350);
    expect(rateFor(rates, 'T2', 'ordinary')).toBe(200);
    expect(rateFor(rates, null, 'ordinary')).toBe(200);
    expect(rateFor(rates, 'T1', 'difficult')).toBeNull();
    expect(complexityOf({ isDifficult: true })).toBe('difficult');
    expect(complexityOf({})).toBe('ordinary');
  });

  test('a case concluded at 17:00 UTC on 31 March is booked in April (Beijing)', () => {
    expect(monthOf('2026-03-31T15:59:00Z')).toBe('2026-03');
    expect(monthOf('2026-03-31T17:00:00Z')).toBe('2026-04');
  });

  test('the ledger sums per mediator to the fen', () => {
    const t = ledgerTotals([
      { mediatorName: '王', amount: 0.1 },
      { mediatorName: '王', amount: 0.2 },
      { mediatorName: '李', amount: 100 },
    ]);
    expect(t).toEqual({
      cases: 3,
      amount: 100.3,
      mediators: [
        { mediatorName: '李', cases: 1, amount: 100 },
        { mediatorName: '王', cases: 2, amount: 0.3 },
      ],
    });
  });
});
