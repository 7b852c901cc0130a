import {
  DEFAULT_DEADLINES,
  acceptanceDue,
  conclusionDue,
  currentDeadline,
  currentDue,
  daysLeft,
  deadlineColour,
  dueAfter,
  endOfShanghaiDay,
  isBacklog,
  isOverdue,
  isWithin,
  planExtension,
  reReviewAnswerDue,
  reReviewRequestDue,
  resolveDeadlineSettings,
  reviewAnswerDue,
  reviewRequestDue,
  shanghaiDate,
  toDate,
} from '../../src/case-flow/deadlines';

// 1 March 2024, 10:00 in Shanghai
const MAR1 = '2024-03-01T02:00:00Z';
const iso = (d: Date | null) => (d ? d.toISOString() : null);

describe('settings', () => {
  test('the legal defaults are 15, 60, 30, 30 and 30 days', () => {
    expect(DEFAULT_DEADLINES).toEqual({
      acceptanceDays: 15,
      conclusionDays: 60,
      maxExtensionDays: 30,
      reviewRequestDays: 30,
      reviewAnswerDays: 30,
    });
  });

  test('an office can configure its own periods; invalid values fall back to the defaults', () => {
    expect(resolveDeadlineSettings({ acceptanceDays: 10, conclusionDays: -1, maxExtensionDays: 1.5 })).toEqual({
      ...DEFAULT_DEADLINES,
      acceptanceDays: 10,
    });
    expect(resolveDeadlineSettings(null)).toEqual(DEFAULT_DEADLINES);
  });
});

describe('calendar days on the Shanghai calendar', () => {
  test('a petition registered on 1 March must be decided by the end of 16 March, Shanghai time', () => {
    expect(iso(acceptanceDue(MAR1))).toBe('2024-03-16T15:59:59.999Z');
  });

  test('the time of day of registration does not matter, only the Shanghai date', () => {
    expect(iso(acceptanceDue('2024-03-01T00:00:00+08:00'))).toBe('2024-03-16T15:59:59.999Z');
    expect(iso(acceptanceDue('2024-03-01T23:59:00+08:00'))).toBe('2024-03-16T15:59:59.999Z');
  });

  test('a petition registered just after midnight in Shanghai counts from that Shanghai day, not the UTC one', () => {
    // 00:30 on 2 March in Shanghai is still 1 March in UTC
    expect(shanghaiDate('2024-03-01T16:30:00Z')).toBe('2024-03-02');
    expect(iso(acceptanceDue('2024-03-01T16:30:00Z'))).toBe('2024-03-17T15:59:59.999Z');
  });

  test('a bare date is read as that Shanghai calendar day', () => {
    expect(toDate('2024-03-01').toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(iso(acceptanceDue('2024-03-01'))).toBe('2024-03-16T15:59:59.999Z');
  });

  test('Date objects and ISO strings give the same deadline', () => {
    expect(iso(acceptanceDue(new Date(MAR1)))).toBe(iso(acceptanceDue(MAR1)));
  });

  test('periods run across month ends and leap days', () => {
    expect(iso(dueAfter('2024-02-15T10:00:00+08:00', 15))).toBe('2024-03-01T15:59:59.999Z');
    expect(iso(dueAfter('2023-02-15T10:00:00+08:00', 15))).toBe('2023-03-02T15:59:59.999Z');
    expect(iso(dueAfter('2024-12-20T10:00:00+08:00', 15))).toBe('2025-01-04T15:59:59.999Z');
  });

  test('the end of a Shanghai day is 23:59:59.999 at +08:00', () => {
    expect(iso(endOfShanghaiDay('2024-03-01T02:00:00Z'))).toBe('2024-03-01T15:59:59.999Z');
  });

  test('an invalid date is an error, not a silent deadline', () => {
    expect(() => acceptanceDue('not a date')).toThrow(RangeError);
    expect(() => toDate(new Date(NaN))).toThrow(RangeError);
  });

  test('a configured acceptance period is used', () => {
    expect(iso(acceptanceDue(MAR1, { acceptanceDays: 7 }))).toBe('2024-03-08T15:59:59.999Z');
  });
});

describe('conclusion and review deadlines', () => {
  test('a petition accepted on 1 March must be concluded by 30 April', () => {
    expect(iso(conclusionDue(MAR1))).toBe('2024-04-30T15:59:59.999Z');
  });

  test('an approved 30-day extension moves the conclusion deadline to 30 May', () => {
    expect(iso(conclusionDue(MAR1, 30))).toBe('2024-05-30T15:59:59.999Z');
  });

  test('the review windows are 30 days each from the step before', () => {
    expect(iso(reviewRequestDue(MAR1))).toBe('2024-03-31T15:59:59.999Z');
    expect(iso(reviewAnswerDue(MAR1))).toBe('2024-03-31T15:59:59.999Z');
    expect(iso(reReviewRequestDue(MAR1))).toBe('2024-03-31T15:59:59.999Z');
    expect(iso(reReviewAnswerDue(MAR1))).toBe('2024-03-31T15:59:59.999Z');
  });

  test('the review windows follow the configured periods', () => {
    expect(iso(reviewRequestDue(MAR1, { reviewRequestDays: 10 }))).toBe('2024-03-11T15:59:59.999Z');
    expect(iso(reviewAnswerDue(MAR1, { reviewAnswerDays: 20 }))).toBe('2024-03-21T15:59:59.999Z');
    expect(iso(reReviewRequestDue(MAR1, { reviewRequestDays: 10 }))).toBe('2024-03-11T15:59:59.999Z');
    expect(iso(reReviewAnswerDue(MAR1, { reviewAnswerDays: 20 }))).toBe('2024-03-21T15:59:59.999Z');
  });

  test('a step on the deadline instant is on time, a millisecond later it is not', () => {
    const due = acceptanceDue(MAR1);
    expect(isWithin(due, '2024-03-16T15:59:59.999Z')).toBe(true);
    expect(isOverdue(due, '2024-03-16T15:59:59.999Z')).toBe(false);
    expect(isWithin(due, '2024-03-16T16:00:00.000Z')).toBe(false);
    expect(isOverdue(due, '2024-03-16T16:00:00.000Z')).toBe(true);
  });

  test('without a deadline nothing is overdue', () => {
    expect(isOverdue(null, MAR1)).toBe(false);
    expect(isOverdue(undefined, MAR1)).toBe(false);
  });
});

describe('extending the conclusion deadline', () => {
  const base = { days: 30, alreadyExtended: false, approverRole: 'leader' };

  test('a leader approves a 30-day extension and the new deadline is computed', () => {
    expect(planExtension({ ...base, acceptedAt: MAR1, state: 'unit_handling' })).toEqual({
      ok: true,
      extensionDays: 30,
      conclusionDueAt: new Date('2024-05-30T15:59:59.999Z'),
    });
  });

  test('an extension without the acceptance date is approved without computing the deadline', () => {
    expect(planExtension({ ...base, days: 10 })).toEqual({ ok: true, extensionDays: 10, conclusionDueAt: null });
  });

  test('a second extension is refused', () => {
    const r = planExtension({ ...base, alreadyExtended: true });
    expect(r).toMatchObject({ ok: false, status: 409 });
    expect(!r.ok && r.reason).toContain('只能延长一次');
  });

  test('an extension of more than 30 days is refused', () => {
    expect(planExtension({ ...base, days: 31 })).toMatchObject({ ok: false, status: 400, field: 'days' });
  });

  test('the maximum extension is configurable', () => {
    expect(planExtension({ ...base, days: 25, settings: { maxExtensionDays: 20 } })).toMatchObject({
      ok: false,
      status: 400,
      reason: '延长期限不得超过20日',
    });
  });

  test.each([[0], [-5], [1.5], ['10'], [null], [undefined]])('an extension of %p days is refused', (days) => {
    expect(planExtension({ ...base, days })).toMatchObject({ ok: false, status: 400, field: 'days' });
  });

  test.each([['clerk'], ['mediator'], ['reviewer'], ['supervisor']])('an extension approved by a %s is refused', (role) => {
    const r = planExtension({ ...base, approverRole: role });
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(!r.ok && r.reason).toContain('领导');
  });

  test.each([['registered'], ['concluded'], ['closed']])('a petition in state %s cannot be extended', (state) => {
    expect(planExtension({ ...base, state })).toMatchObject({ ok: false, status: 409 });
  });

  test.each([['accepted'], ['in_mediation'], ['unit_handling'], ['referred_legal'], ['leader_handling']])(
    'a petition being handled (%s) can be extended',
    (state) => {
      expect(planExtension({ ...base, state }).ok).toBe(true);
    },
  );
});

describe('the deadline that applies now', () => {
  test('a registered petition runs against its acceptance deadline', () => {
    expect(currentDeadline({ state: 'registered', registeredAt: MAR1 })).toEqual({
      kind: 'acceptance',
      due: new Date('2024-03-16T15:59:59.999Z'),
    });
  });

  test.each([['accepted'], ['in_mediation'], ['unit_handling'], ['referred_legal'], ['leader_handling']])(
    'a petition in %s runs against its conclusion deadline, extension included',
    (state) => {
      expect(currentDeadline({ state, acceptedAt: MAR1, extensionDays: 10 })).toEqual({
        kind: 'conclusion',
        due: new Date('2024-05-10T15:59:59.999Z'),
      });
    },
  );

  test('a review request runs against the review answer deadline, a re-review against its own', () => {
    expect(currentDeadline({ state: 'review_requested', reviewRequestedAt: MAR1 })).toEqual({
      kind: 'review-answer',
      due: new Date('2024-03-31T15:59:59.999Z'),
    });
    expect(currentDeadline({ state: 're_review_requested', reReviewRequestedAt: MAR1 })).toEqual({
      kind: 're-review-answer',
      due: new Date('2024-03-31T15:59:59.999Z'),
    });
  });

  test.each([['not_accepted'], ['concluded'], ['reviewed'], ['final'], ['closed']])(
    'nothing is due from the office on a petition in %s',
    (state) => {
      expect(currentDue({ state, registeredAt: MAR1, acceptedAt: MAR1, concludedAt: MAR1, reviewedAt: MAR1 })).toBeNull();
    },
  );

  test('stored deadlines win over computed ones', () => {
    const stored = '2024-06-01T15:59:59.999Z';
    expect(iso(currentDue({ state: 'registered', registeredAt: MAR1, acceptanceDueAt: stored }))).toBe(stored);
    expect(iso(currentDue({ state: 'unit_handling', acceptedAt: MAR1, conclusionDueAt: stored }))).toBe(stored);
    expect(iso(currentDue({ state: 'review_requested', reviewAnswerDueAt: stored }))).toBe(stored);
    expect(iso(currentDue({ state: 're_review_requested', reReviewAnswerDueAt: stored }))).toBe(stored);
  });

  test('without the timestamp a deadline runs from, there is no deadline', () => {
    expect(currentDue({ state: 'registered' })).toBeNull();
    expect(currentDue({ state: 'accepted' })).toBeNull();
    expect(currentDue({ state: 'review_requested' })).toBeNull();
    expect(currentDue({ state: 're_review_requested' })).toBeNull();
  });

  test('configured periods are used', () => {
    expect(iso(currentDue({ state: 'accepted', acceptedAt: MAR1 }, { conclusionDays: 30 }))).toBe('2024-03-31T15:59:59.999Z');
  });
});

describe('deadline colours', () => {
  const due = '2024-03-16T15:59:59.999Z'; // end of 16 March, Shanghai

  test('more than 7 days left is green', () => {
    expect(daysLeft(due, '2024-03-08T02:00:00Z')).toBe(8);
    expect(deadlineColour(due, '2024-03-08T02:00:00Z')).toBe('green');
  });

  test('7 to 3 days left is yellow', () => {
    expect(deadlineColour(due, '2024-03-09T02:00:00Z')).toBe('yellow');
    expect(deadlineColour(due, '2024-03-13T02:00:00Z')).toBe('yellow');
  });

  test('2 days or less left is red, including the due day itself', () => {
    expect(deadlineColour(due, '2024-03-14T02:00:00Z')).toBe('red');
    expect(daysLeft(due, '2024-03-16T15:00:00Z')).toBe(0);
    expect(deadlineColour(due, '2024-03-16T15:00:00Z')).toBe('red');
  });

  test('an overdue deadline is red', () => {
    expect(deadlineColour(due, '2024-04-01T02:00:00Z')).toBe('red');
  });

  test('no deadline has no colour', () => {
    expect(deadlineColour(null, MAR1)).toBe('none');
  });

  test('days left are counted on the Shanghai calendar', () => {
    // 23:30 on 8 March Shanghai: still 8 days; 00:30 on 9 March Shanghai: 7 days
    expect(deadlineColour(due, '2024-03-08T15:30:00Z')).toBe('green');
    expect(deadlineColour(due, '2024-03-08T16:30:00Z')).toBe('yellow');
  });
});

describe('backlog cases', () => {
  test('a registered petition not decided within 15 days is a backlog case', () => {
    const facts = { state: 'registered', registeredAt: MAR1 };
    expect(isBacklog(facts, '2024-03-16T15:00:00Z')).toBe(false);
    expect(isBacklog(facts, '2024-03-17T02:00:00Z')).toBe(true);
  });

  test('a petition in handling past its conclusion deadline is a backlog case', () => {
    expect(isBacklog({ state: 'unit_handling', acceptedAt: MAR1 }, '2024-05-01T02:00:00Z')).toBe(true);
  });

  test('an extended petition within its extended deadline is not a backlog case', () => {
    expect(isBacklog({ state: 'leader_handling', acceptedAt: MAR1, extensionDays: 30 }, '2024-05-01T02:00:00Z')).toBe(false);
  });

  test('an unanswered review request past its deadline is a backlog case', () => {
    expect(isBacklog({ state: 'review_requested', reviewRequestedAt: MAR1 }, '2024-04-02T02:00:00Z')).toBe(true);
  });

  test('a concluded petition nobody has come back about is not a backlog case', () => {
    expect(isBacklog({ state: 'concluded', acceptedAt: MAR1, concludedAt: '2024-04-01T02:00:00Z', visitDates: [MAR1] }, '2025-01-01')).toBe(
      false,
    );
  });

  test('a matter petitioned again after its conclusion is a backlog case, even once closed', () => {
    const facts = {
      state: 'closed',
      concludedAt: '2024-04-01T02:00:00Z',
      visitDates: [MAR1, '2024-06-01T02:00:00Z'],
    };
    expect(isBacklog(facts, '2024-06-02')).toBe(true);
    expect(isBacklog({ state: 'concluded', visitsAfterConclusion: 1 }, '2024-06-02')).toBe(true);
    expect(isBacklog({ state: 'concluded', visitsAfterConclusion: 0 }, '2024-06-02')).toBe(false);
  });

  test('a repeat visit needs a conclusion to be a repeat after conclusion', () => {
    expect(isBacklog({ state: 'accepted', acceptedAt: MAR1, visitDates: [MAR1, '2024-03-05'] }, '2024-03-06')).toBe(false);
  });
});
