import { openDeadlines, decisionDueSoon } from '../../plugins/fangtiao/server/src/credit/deadlines';
import { queryLogKeptUntil, queryLogPurgeable, queryLogCandidatesBefore } from '../../plugins/fangtiao/server/src/credit/query-log';
import { Calendar, DEFAULT_WORK_CALENDAR } from '../../plugins/fangtiao/server/src/hearings/calendar';

const calendar = new Calendar(DEFAULT_WORK_CALENDAR);
const dueIn5 = (issued: any) => new Date(calendar.earliestAfterNotice(new Date(issued).getTime(), 5) + 86_400_000 - 1);

describe('each open step shows its deadline and who must act', () => {
  test('a notice issued and not delivered: delivery due in 5 working days, by a clerk or reviewer; the window waits for delivery', () => {
    const list = openDeadlines({ state: 'notified', notifiedAt: '2026-03-09T02:00:00Z' }, '2026-03-10T02:00:00Z', dueIn5);
    expect(list).toEqual([
      {
        key: 'delivery',
        of: 'notice',
        label: '拟纳入失信记录告知书送达',
        dueAt: '2026-03-16T15:59:59.999Z',
        who: expect.stringContaining('信访干部或信用审核员'),
        overdue: false,
      },
      {
        key: 'objection-window',
        label: '异议期（自告知书送达之日起计算）',
        dueAt: null,
        who: expect.stringContaining('当事人'),
        overdue: false,
      },
    ]);
  });

  test('an objection under review: the decision due, by a reviewer who neither proposed nor approved; overdue once past', () => {
    const f = {
      state: 'objected',
      notifiedAt: '2026-03-09T02:00:00Z',
      noticeDeliveredAt: '2026-03-09T03:00:00Z',
      objectionReviewDueAt: '2026-03-17T15:59:59.999Z',
    };
    expect(openDeadlines(f, '2026-03-10T02:00:00Z', dueIn5)).toEqual([
      expect.objectContaining({ key: 'objection-decision', who: expect.stringContaining('既非提请人也非审核通过人'), overdue: false }),
    ]);
    expect(openDeadlines(f, '2026-03-18T02:00:00Z', dueIn5)[0].overdue).toBe(true);
  });

  test('a decision made and not delivered is due for delivery', () => {
    const f = {
      state: 'dismissed',
      notifiedAt: '2026-03-09T02:00:00Z',
      noticeDeliveredAt: '2026-03-09T03:00:00Z',
      objectionDecidedAt: '2026-03-12T02:00:00Z',
    };
    expect(openDeadlines(f, '2026-03-12T03:00:00Z', dueIn5).map((d) => d.of)).toEqual(['objection-decision']);
  });

  test('the decider is reminded when the decision falls due within 2 working days (a weekend not counted)', () => {
    // Due the end of Monday 16 March (Shanghai).
    const due = '2026-03-16T15:59:59.999Z';
    expect(decisionDueSoon(due, '2026-03-11T02:00:00Z', calendar)).toBe(false); // Wednesday: Thu, Fri are the 2 working days
    expect(decisionDueSoon(due, '2026-03-12T02:00:00Z', calendar)).toBe(true); // Thursday: Fri, Mon
    expect(decisionDueSoon(due, '2026-03-17T02:00:00Z', calendar)).toBe(false); // past: overdue, not "soon"
  });
});

describe('the query log is kept 10 years', () => {
  test('an entry is kept to the end of the corresponding Shanghai day 10 years on, and only then purgeable', () => {
    const at = '2026-06-14T16:30:00Z'; // 15 June 2026 in Shanghai
    expect(queryLogKeptUntil(at).toISOString()).toBe('2036-06-15T15:59:59.999Z');
    expect(queryLogPurgeable(at, '2036-06-15T15:59:59.999Z')).toBe(false);
    expect(queryLogPurgeable(at, '2036-06-15T16:00:00.000Z')).toBe(true);
    expect(queryLogPurgeable(at, '2030-01-01T00:00:00Z')).toBe(false);
  });

  test('the database bound never excludes a purgeable entry', () => {
    const now = '2036-06-15T16:00:00.000Z';
    expect(new Date('2026-06-14T16:30:00Z').getTime()).toBeLessThan(queryLogCandidatesBefore(now).getTime());
  });
});
