import {
  CREDIT_MOVES,
  CREDIT_STATES,
  CREDIT_STATE_CODES,
  DEFAULT_CREDIT_SETTINGS,
  GROUND_CODES,
  allowedTransitions,
  creditHints,
  creditMovesFrom,
  isExportable,
  objectionDeadline,
  objectionReviewDue,
  planCreditMove,
  planProposal,
  proposalRefusal,
  resolveCreditSettings,
  retentionEnd,
  type CreditMoveRequest,
  type CreditState,
} from '../../plugins/fangtiao/server/src/credit/rules';
import { DEFAULT_GROUNDS } from '../../plugins/fangtiao/server/src/credit/grounds';

const NOW = '2026-03-10T02:00:00.000Z'; // 10:00 on 10 March in Shanghai
const CLERK = 1;
const REVIEWER = 2;

/** A request by the reviewer on a flag proposed by the clerk; override what the test is about. */
const req = (over: Partial<CreditMoveRequest>): CreditMoveRequest => ({
  state: 'proposed',
  action: 'approve',
  role: 'reviewer',
  actorId: REVIEWER,
  proposerId: CLERK,
  input: {},
  facts: {},
  now: NOW,
  ...over,
});

const ok = (r: ReturnType<typeof planCreditMove>) => {
  if (!r.ok) throw new Error(`refused ${r.status}: ${r.reason}`);
  return r;
};

describe('the states and the only moves between them', () => {
  test("the machine allows exactly the issue's path and nothing else", () => {
    const pairs = allowedTransitions()
      .map(([f, t]) => `${f}>${t}`)
      .sort();
    expect(pairs).toEqual(
      [
        'proposed>approved',
        'proposed>rejected',
        'approved>notified',
        'notified>objected',
        'objected>withdrawn',
        'objected>dismissed',
        'notified>active',
        'dismissed>active',
        'active>repaired',
        'active>removed',
        'active>expired',
        'repaired>removed',
        'expired>removed',
      ].sort(),
    );
  });

  test('terminal states have no way out: rejected, withdrawn, removed', () => {
    for (const state of ['rejected', 'withdrawn', 'removed'] as CreditState[]) {
      for (const m of CREDIT_MOVES) {
        const roleOk = m.roles.find((r) => r !== 'system') ?? 'system';
        const r = planCreditMove(req({ state, action: m.action, role: roleOk }));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.status).toBe(409);
      }
    }
  });

  // Every (state, action) pair the table does not list is a 409, whatever the input.
  const pairs = CREDIT_STATE_CODES.flatMap((state) => CREDIT_MOVES.map((m) => [state, m] as const));
  test.each(pairs.filter(([s, m]) => !(m.from as readonly string[]).includes(s)).map(([s, m]) => [s, m.action]))(
    'from %s, %s is refused with 409',
    (state, action) => {
      const m = CREDIT_MOVES.find((x) => x.action === action)!;
      const role = m.roles.find((r) => r !== 'system') ?? 'system';
      const r = planCreditMove(
        req({ state, action, role, input: { note: 'x', reason: 'x', text: 'x', decision: 'dismissed', reasons: 'x', application: 'x' } }),
      );
      expect(r).toMatchObject({ ok: false, status: 409 });
    },
  );

  test('an unknown state or action is refused', () => {
    expect(planCreditMove(req({ state: 'nonsense' }))).toMatchObject({ ok: false, status: 409 });
    expect(planCreditMove(req({ action: 'make_active' }))).toMatchObject({ ok: false, status: 400 });
  });
});

describe('who may make each move', () => {
  test.each([
    ['approve', 'clerk'],
    ['reject', 'clerk'],
    ['decide_objection', 'clerk'],
    ['activate', 'clerk'],
    ['decide_repair', 'clerk'],
    ['lodge_objection', 'mediator'],
    ['extend_objection_review', 'clerk'],
    ['apply_repair', 'mediator'],
    ['decide_objection', 'person'],
    ['activate', 'person'],
    ['approve', 'supervisor'],
    ['notify', 'leader'],
    ['remove', 'mediator'],
    ['expire', 'supervisor'],
  ])('%s by a %s is 403', (action, role) => {
    expect(planCreditMove(req({ action, role, actorId: 99 }))).toMatchObject({ ok: false, status: 403 });
  });

  test('the role check comes before the state check (403, not 409)', () => {
    expect(planCreditMove(req({ state: 'active', action: 'approve', role: 'clerk' }))).toMatchObject({ status: 403 });
  });
});

describe('independent review: the reviewer is never the proposer', () => {
  test.each(['approve', 'reject', 'decide_objection', 'extend_objection_review', 'activate', 'decide_repair'])(
    '%s by the proposer is 403',
    (action) => {
      const r = planCreditMove(req({ action, actorId: CLERK, proposerId: CLERK, role: 'reviewer' }));
      expect(r).toMatchObject({ ok: false, status: 403 });
      if (!r.ok) expect(r.reason).toContain('提请人不能审核');
    },
  );

  test('ids are compared as ids, whatever their type', () => {
    expect(planCreditMove(req({ actorId: '7', proposerId: 7 }))).toMatchObject({ ok: false, status: 403 });
  });

  test('an unknown actor cannot review', () => {
    expect(planCreditMove(req({ actorId: null }))).toMatchObject({ ok: false, status: 403 });
  });

  test('another reviewer may approve', () => {
    expect(ok(planCreditMove(req({})))).toMatchObject({ from: 'proposed', to: 'approved', set: { reviewedAt: NOW, reviewNote: null } });
  });

  test('the UI offers the proposer no review moves', () => {
    expect(creditMovesFrom('proposed', 'reviewer', { isProposer: true })).toEqual([]);
    expect(creditMovesFrom('proposed', 'reviewer', { isProposer: false }).map((m) => m.action)).toEqual(['approve', 'reject']);
    expect(creditMovesFrom('active', 'clerk').map((m) => m.action)).toEqual(['apply_repair', 'expire']);
  });
});

describe('review', () => {
  test('rejecting needs a reason (400 naming it); approving takes an optional note', () => {
    expect(planCreditMove(req({ action: 'reject' }))).toMatchObject({ ok: false, status: 400, field: 'reason' });
    expect(ok(planCreditMove(req({ action: 'reject', input: { reason: ' 证据不足 ' } })))).toMatchObject({
      to: 'rejected',
      set: { reviewNote: '证据不足', reviewedAt: NOW },
    });
    expect(ok(planCreditMove(req({ input: { note: '事实清楚' } }))).set.reviewNote).toBe('事实清楚');
  });
});

describe('notice and the objection window', () => {
  test('the notice is issued; its 15-day window opens on delivery and ends at the end of the 15th Shanghai day after it', () => {
    const r = ok(planCreditMove(req({ state: 'approved', action: 'notify', role: 'clerk', actorId: CLERK })));
    expect(r.to).toBe('notified');
    expect(r.set.notifiedAt).toBe(NOW);
    expect(r.set.objectionDeadline).toBeNull();
    expect(objectionDeadline(NOW).toISOString()).toBe('2026-03-25T15:59:59.999Z');
    expect(objectionDeadline(NOW, { objectionDays: 30 }).toISOString()).toBe('2026-04-09T15:59:59.999Z');
  });

  const notified = { state: 'notified', facts: { noticeDeliveredAt: NOW, objectionDeadline: '2026-03-25T15:59:59.999Z' } };

  test('an objection inside the window, received by a clerk or a reviewer, is 异议中 at once, to be decided in 5 working days', () => {
    for (const role of ['clerk', 'reviewer']) {
      const r = ok(
        planCreditMove(
          req({ ...notified, action: 'lodge_objection', role, actorId: 3, input: { text: '协议已部分履行', objector: '李四本人' } }),
        ),
      );
      expect(r).toMatchObject({
        to: 'objected',
        set: { objectionText: '协议已部分履行', objectionBy: '李四本人', objectionLodgedAt: NOW },
      });
      // Tuesday 10 March: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17 March.
      expect(r.set.objectionReviewDueAt).toBe('2026-03-17T15:59:59.999Z');
    }
    expect(CREDIT_STATES.objected).toBe('异议中');
  });

  test('the review is extended once, with reasons, to 20 working days from lodging; a second extension is 409', () => {
    const objected = {
      state: 'objected',
      action: 'extend_objection_review',
      role: 'reviewer',
      actorId: 3,
      facts: { objectionLodgedAt: NOW, objectionReviewDueAt: '2026-03-17T15:59:59.999Z' },
    };
    expect(planCreditMove(req(objected))).toMatchObject({ ok: false, status: 400, field: 'reason' });
    const r = ok(planCreditMove(req({ ...objected, input: { reason: '需调查核实' } })));
    expect(r).toMatchObject({ to: 'objected', set: { objectionReviewExtensionReason: '需调查核实', objectionReviewExtendedAt: NOW } });
    expect(r.set.objectionReviewDueAt).toBe(objectionReviewDue(NOW, 20).toISOString());
    expect(
      planCreditMove(req({ ...objected, input: { reason: 'x' }, facts: { ...objected.facts, objectionReviewExtended: true } })),
    ).toMatchObject({ ok: false, status: 409, reason: expect.stringContaining('已延长过一次') });
  });

  test('working days skip weekends and public holidays: Qingming 2026', () => {
    // Thursday 2 April 2026: Fri 3, (4–6 清明), Tue 7, Wed 8, Thu 9, Fri 10 April.
    expect(objectionReviewDue('2026-04-02T02:00:00Z', 5).toISOString()).toBe('2026-04-10T15:59:59.999Z');
  });

  test('on the last day of the window an objection is still in time; after it, 409', () => {
    const lastMinute = '2026-03-25T15:59:00.000Z';
    expect(planCreditMove(req({ ...notified, action: 'lodge_objection', role: 'clerk', input: { text: 'x' }, now: lastMinute })).ok).toBe(
      true,
    );
    const late = planCreditMove(
      req({ ...notified, action: 'lodge_objection', role: 'clerk', input: { text: 'x' }, now: '2026-03-25T16:00:00.000Z' }),
    );
    expect(late).toMatchObject({ ok: false, status: 409 });
    if (!late.ok) expect(late.reason).toContain('异议期已于2026-03-25届满');
  });

  test('an objection needs its text', () => {
    expect(planCreditMove(req({ ...notified, action: 'lodge_objection', role: 'clerk' }))).toMatchObject({ status: 400, field: 'text' });
  });

  test('a flag cannot go active inside its objection window — not even on its last day', () => {
    for (const now of [NOW, '2026-03-25T15:59:59.999Z']) {
      const r = planCreditMove(req({ ...notified, action: 'activate', now }));
      expect(r).toMatchObject({ ok: false, status: 409 });
      if (!r.ok) expect(r.reason).toContain('异议期至2026-03-25届满');
    }
  });

  test('nor after a dismissed objection while the window is still open', () => {
    expect(planCreditMove(req({ ...notified, state: 'dismissed', action: 'activate' }))).toMatchObject({ ok: false, status: 409 });
  });

  test('nor without a notice', () => {
    expect(planCreditMove(req({ state: 'notified', action: 'activate', facts: {} }))).toMatchObject({ ok: false, status: 409 });
  });

  test('nor before the notice was delivered, whatever the window says', () => {
    const r = planCreditMove(req({ state: 'notified', action: 'activate', facts: { objectionDeadline: '2026-03-01T00:00:00Z' } }));
    expect(r).toMatchObject({ ok: false, status: 409, reason: expect.stringContaining('告知书尚未送达') });
  });

  test('nor after a dismissed objection whose decision was not delivered', () => {
    const facts = { ...notified.facts, objectionDecidedAt: NOW };
    const r = planCreditMove(req({ state: 'dismissed', action: 'activate', facts, now: '2026-03-26T00:00:00Z' }));
    expect(r).toMatchObject({ ok: false, status: 409, reason: '异议处理决定尚未送达当事人，不能确认生效' });
    expect(
      planCreditMove(
        req({
          state: 'dismissed',
          action: 'activate',
          facts: { ...facts, objectionDecisionDeliveredAt: NOW },
          now: '2026-03-26T00:00:00Z',
        }),
      ).ok,
    ).toBe(true);
  });

  test('an objection before delivery is accepted: the window has not started', () => {
    expect(
      planCreditMove(req({ state: 'notified', action: 'lodge_objection', role: 'clerk', actorId: 3, input: { text: 'x' }, facts: {} })).ok,
    ).toBe(true);
  });

  test('once the window has closed it goes active, kept 5 years', () => {
    const r = ok(planCreditMove(req({ ...notified, action: 'activate', now: '2026-03-25T16:00:00.000Z' })));
    expect(r).toMatchObject({ from: 'notified', to: 'active', set: { activeFrom: '2026-03-25T16:00:00.000Z' } });
    // 00:00 on 26 March in Shanghai → the end of 26 March 2031.
    expect(r.set.expiresAt).toBe('2031-03-26T15:59:59.999Z');
    const d = ok(planCreditMove(req({ ...notified, state: 'dismissed', action: 'activate', now: '2026-04-01T00:00:00.000Z' })));
    expect(d.to).toBe('active');
  });
});

describe('the objection decision', () => {
  const objected = { state: 'objected', action: 'decide_objection', facts: { objectionReviewDueAt: '2026-04-09T15:59:59.999Z' } };

  test('upheld withdraws the flag; dismissed keeps it on its way', () => {
    const up = ok(planCreditMove(req({ ...objected, input: { decision: 'upheld', reasons: '协议已履行完毕' } })));
    expect(up).toMatchObject({
      to: 'withdrawn',
      set: {
        objectionDecision: 'upheld',
        objectionReasons: '协议已履行完毕',
        objectionDecidedAt: NOW,
        withdrawnAt: NOW,
        objectionDecidedLate: false,
      },
    });
    const down = ok(planCreditMove(req({ ...objected, input: { decision: 'dismissed', reasons: '异议理由不能成立' } })));
    expect(down.to).toBe('dismissed');
    expect(down.set.withdrawnAt).toBeUndefined();
  });

  test('a decision needs its outcome and its reasons', () => {
    expect(planCreditMove(req({ ...objected }))).toMatchObject({ status: 400, fields: ['decision', 'reasons'] });
    expect(planCreditMove(req({ ...objected, input: { decision: 'maybe', reasons: 'x' } }))).toMatchObject({
      status: 400,
      field: 'decision',
    });
  });

  test('a decision after the review deadline is recorded as late', () => {
    const r = ok(planCreditMove(req({ ...objected, input: { decision: 'dismissed', reasons: 'x' }, now: '2026-04-10T00:00:00.000Z' })));
    expect(r.set.objectionDecidedLate).toBe(true);
  });
});

describe('repair and expiry', () => {
  const active = { state: 'active', facts: { expiresAt: '2031-03-26T15:59:59.999Z' } };

  test('a repair application keeps the flag active until it is decided', () => {
    const r = ok(
      planCreditMove(
        req({
          ...active,
          action: 'apply_repair',
          role: 'clerk',
          actorId: CLERK,
          input: { applicant: 'lawyer', applicantName: '王律师', application: '协议已于2026年5月履行完毕' },
        }),
      ),
    );
    expect(r).toMatchObject({
      from: 'active',
      to: 'active',
      set: {
        repairApplicant: 'lawyer',
        repairApplicantName: '王律师',
        repairApplication: '协议已于2026年5月履行完毕',
        repairAppliedAt: NOW,
        repairDecision: null,
        repairOutcome: null,
      },
    });
  });

  test('the person applies for repair or objects themselves (online), or anyone at the counter records it; the applicant is named', () => {
    expect(
      ok(
        planCreditMove(
          req({ ...active, action: 'apply_repair', role: 'person', actorId: null, input: { applicant: 'person', application: '已履行' } }),
        ),
      ).to,
    ).toBe('active');
    expect(
      ok(
        planCreditMove(req({ ...active, action: 'apply_repair', role: 'reviewer', input: { applicant: 'person', application: '已履行' } })),
      ).to,
    ).toBe('active');
    expect(
      ok(planCreditMove(req({ state: 'notified', action: 'lodge_objection', role: 'person', actorId: null, input: { text: '已履行' } })))
        .to,
    ).toBe('objected');
    expect(
      planCreditMove(req({ ...active, action: 'apply_repair', role: 'clerk', input: { applicant: 'neighbour', application: 'x' } })),
    ).toMatchObject({ status: 400, fields: ['applicant'] });
  });

  test('one application at a time; no decision without one', () => {
    expect(
      planCreditMove(
        req({
          state: 'active',
          action: 'apply_repair',
          role: 'clerk',
          facts: { repairPending: true },
          input: { applicant: 'person', application: 'x' },
        }),
      ),
    ).toMatchObject({ status: 409 });
    expect(planCreditMove(req({ state: 'active', action: 'decide_repair', input: { decision: 'granted', reasons: 'x' } }))).toMatchObject({
      status: 409,
    });
  });

  test('a granted repair ends the flag early; a refused one leaves it active', () => {
    const pending = { state: 'active', action: 'decide_repair', facts: { repairPending: true } };
    expect(ok(planCreditMove(req({ ...pending, input: { decision: 'granted', outcome: 'annotate', reasons: '已履行' } })))).toMatchObject({
      to: 'repaired',
      set: { repairedAt: NOW, repairOutcome: 'annotate' },
    });
    // Deleted as the regulation says: marked removed, never erased.
    expect(ok(planCreditMove(req({ ...pending, input: { decision: 'granted', outcome: 'delete', reasons: '已履行' } })))).toMatchObject({
      to: 'removed',
      set: { repairedAt: NOW, removedAt: NOW, repairOutcome: 'delete', removalNote: '信用修复：删除失信记录' },
    });
    expect(planCreditMove(req({ ...pending, input: { decision: 'granted', reasons: '已履行' } }))).toMatchObject({
      status: 400,
      fields: ['outcome'],
    });
    expect(planCreditMove(req({ ...pending, input: { decision: 'refused', outcome: 'delete', reasons: 'x' } }))).toMatchObject({
      status: 400,
      fields: ['outcome'],
    });
    const refused = ok(planCreditMove(req({ ...pending, input: { decision: 'refused', reasons: '未提供履行凭证' } })));
    expect(refused.to).toBe('active');
    expect(refused.set.repairedAt).toBeUndefined();
  });

  test('expiry only after the retention has ended', () => {
    expect(planCreditMove(req({ ...active, action: 'expire', role: 'system', actorId: null }))).toMatchObject({ ok: false, status: 409 });
    expect(planCreditMove(req({ ...active, action: 'expire', role: 'system', actorId: null, now: '2031-03-26T15:59:59.999Z' })).ok).toBe(
      false,
    );
    const r = ok(planCreditMove(req({ ...active, action: 'expire', role: 'system', actorId: null, now: '2031-03-26T16:00:00.000Z' })));
    expect(r).toMatchObject({ to: 'expired', set: { expiredAt: '2031-03-26T16:00:00.000Z' } });
  });

  test('removal follows repair or expiry only', () => {
    expect(ok(planCreditMove(req({ state: 'expired', action: 'remove', role: 'clerk', actorId: CLERK }))).to).toBe('removed');
    expect(ok(planCreditMove(req({ state: 'repaired', action: 'remove', role: 'reviewer' }))).set.removedAt).toBe(NOW);
    expect(planCreditMove(req({ state: 'active', action: 'remove', role: 'reviewer' }))).toMatchObject({ status: 409 });
  });

  test('retention counts calendar years to the corresponding day; 29 February ends on 28 February', () => {
    expect(retentionEnd('2026-03-25T16:00:00.000Z', 5).toISOString()).toBe('2031-03-26T15:59:59.999Z');
    expect(retentionEnd('2028-02-29T04:00:00.000Z', 5).toISOString()).toBe('2033-02-28T15:59:59.999Z');
    expect(retentionEnd('2026-12-31T15:59:00.000Z', 1).toISOString()).toBe('2027-12-31T15:59:59.999Z');
  });

  test('only active flags inside their retention are exportable', () => {
    expect(isExportable({ state: 'active', expiresAt: '2031-03-26T15:59:59.999Z' }, NOW)).toBe(true);
    expect(isExportable({ state: 'active', expiresAt: '2026-03-01T00:00:00.000Z' }, NOW)).toBe(false);
    for (const state of CREDIT_STATE_CODES.filter((s) => s !== 'active')) {
      expect(isExportable({ state, expiresAt: '2031-03-26T15:59:59.999Z' }, NOW)).toBe(false);
    }
  });
});

describe('settings', () => {
  test('defaults: 15-day objection window, 30-day review, 5-year retention; bad values fall back', () => {
    expect(DEFAULT_CREDIT_SETTINGS).toEqual({
      objectionDays: 15,
      objectionReviewWorkingDays: 5,
      objectionReviewMaxWorkingDays: 20,
      retentionYears: 5,
    });
    expect(resolveCreditSettings({ objectionDays: 20, retentionYears: -1, objectionReviewWorkingDays: 1.5 })).toEqual({
      objectionDays: 20,
      objectionReviewWorkingDays: 5,
      objectionReviewMaxWorkingDays: 20,
      retentionYears: 5,
    });
  });

  test('a configured retention is used on activation', () => {
    const r = ok(
      planCreditMove(
        req({
          state: 'notified',
          action: 'activate',
          facts: { noticeDeliveredAt: '2026-02-10T00:00:00Z', objectionDeadline: '2026-03-01T00:00:00Z' },
          settings: { retentionYears: 3 },
        }),
      ),
    );
    expect(r.set.expiresAt).toBe('2029-03-10T15:59:59.999Z');
  });
});

describe('the proposal', () => {
  const valid = {
    personName: ' 张三 ',
    idNumber: '11010519491231002x',
    ground: GROUND_CODES.agreementNotPerformed,
    petition: 'p1',
    basisDocument: 'd1',
    facts: '协议约定于2026年3月1日前疏通排水沟，经督促仍未履行',
    evidence: [
      { type: 'document', id: 'd1' },
      { type: 'visit', id: 'v1' },
      { type: 'visit', id: 'v1' },
    ],
  };

  test('a clerk proposes with name, valid ID number, ground, case, basis, facts and evidence', () => {
    const r = planProposal({ role: 'clerk', input: valid, now: NOW });
    expect(r).toMatchObject({
      ok: true,
      set: {
        state: 'proposed',
        proposedAt: NOW,
        personName: '张三',
        idNumber: '11010519491231002X',
        evidence: [
          { type: 'document', id: 'd1' },
          { type: 'visit', id: 'v1' },
        ],
      },
    });
  });

  test('only a clerk proposes; the software itself never does', () => {
    for (const role of ['reviewer', 'supervisor', 'system', ''])
      expect(planProposal({ role, input: valid, now: NOW })).toMatchObject({ ok: false, status: 403 });
  });

  test('every missing or bad field is named', () => {
    const r = planProposal({ role: 'clerk', input: { idNumber: '110105194912310021', evidence: [{ type: 'photo', id: 'x' }] }, now: NOW });
    expect(r).toMatchObject({ ok: false, status: 400 });
    if (!r.ok) expect(r.fields).toEqual(['personName', 'idNumber', 'ground', 'petition', 'basisDocument', 'facts', 'evidence.0']);
    const noEvidence = planProposal({ role: 'clerk', input: { ...valid, evidence: [] }, now: NOW });
    expect(noEvidence).toMatchObject({ ok: false, status: 400, field: 'evidence' });
  });
});

describe('hints tell a clerk grounds MAY exist, never more', () => {
  const pledge = { documentId: 'pledge1', issuedAt: '2026-03-02T02:00:00Z' };
  const agreement = { documentId: 'agr1', issuedAt: '2026-03-02T01:00:00Z' };

  test('a leapfrog visit after the pledge', () => {
    const hints = creditHints({
      pledge,
      visits: [
        { documentId: 'v0', visitedAt: '2026-02-01T00:00:00Z', level: 'city', isLeapfrog: true },
        { documentId: 'v1', visitedAt: '2026-03-05T00:00:00Z', level: 'township', isLeapfrog: false },
        { documentId: 'v2', visitedAt: '2026-03-06T00:00:00Z', level: 'city', isLeapfrog: true },
      ],
      now: NOW,
    });
    expect(hints).toEqual([
      {
        groundCode: GROUND_CODES.leapfrogAfterPledge,
        message: expect.stringContaining('1次越级来访'),
        basisDocument: 'pledge1',
        evidence: [
          { type: 'document', id: 'pledge1' },
          { type: 'visit', id: 'v2' },
        ],
      },
    ]);
  });

  test('an agreed performance date that has passed', () => {
    const hints = creditHints({
      agreement,
      terms: [
        { what: '疏通排水沟', byWhen: '2026-03-09' },
        { what: '赔偿', byWhen: '协议生效后十日内' },
        { what: '道歉', byWhen: '2026-03-10' },
      ],
      now: NOW,
    });
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ groundCode: GROUND_CODES.agreementNotPerformed, basisDocument: 'agr1' });
    expect(hints[0].message).toContain('疏通排水沟：2026-03-09');
    expect(hints[0].message).not.toContain('道歉');
  });

  test('a performance date written in Chinese that has passed: "2026年3月9日前", "3月9日" in the agreement\'s year, full-width digits', () => {
    for (const byWhen of ['2026年3月9日前', '3月9日前', '２０２６年３月９日', '二〇二六年三月九日前']) {
      const hints = creditHints({ agreement, terms: [{ what: '赔偿', byWhen }], now: NOW });
      expect([byWhen, hints.length]).toEqual([byWhen, 1]);
      expect(hints[0].message).toContain(`赔偿：${byWhen}`);
    }
    expect(creditHints({ agreement, terms: [{ what: '赔偿', byWhen: '2026年3月10日前' }], now: NOW })).toEqual([]);
  });

  test('nothing without a basis document, nothing without a sign', () => {
    expect(creditHints({ visits: [{ documentId: 'v', visitedAt: NOW, level: 'national', isLeapfrog: true }], now: NOW })).toEqual([]);
    expect(creditHints({ pledge, agreement, terms: [{ what: 'x', byWhen: '2026-12-31' }], visits: [], now: NOW })).toEqual([]);
  });
});

describe('the default grounds', () => {
  test('the two from the documents, each with a sober legal basis and the document it rests on', () => {
    expect(DEFAULT_GROUNDS.map((g) => [g.code, g.name, g.basisKind])).toEqual([
      ['refuse-mediation-agreement', '拒不履行人民调解协议', 'mediation-agreement'],
      ['leapfrog-after-pledge', '签署息访承诺书后就同一事项越级重复信访', 'no-further-petition-pledge'],
    ]);
    expect(DEFAULT_GROUNDS[0].legalBasis).toContain('人民调解法》第三十一条');
    expect(DEFAULT_GROUNDS[1].legalBasis).toContain('信访工作条例');
    for (const g of DEFAULT_GROUNDS) expect(g.legalBasis).toContain('本地社会信用管理法规');
  });
});

describe('a lawful proposal: one natural person, a signed basis', () => {
  const person = { kind: 'person', name: '李四', idNumber: '330102197505054563' };
  const signed = { kind: 'mediation-agreement', version: 1, signedAt: '2026-01-02T00:00:00Z' };
  test('a natural person on a signed agreement passes', () => {
    expect(proposalRefusal(person, signed)).toBeNull();
    expect(proposalRefusal({ ...person, kind: null }, { kind: 'no-further-petition-pledge', signedScan: { id: 1 } })).toBeNull();
  });
  test('a group, a party with a headcount, an organisation, a person without their own ID are refused', () => {
    expect(proposalRefusal({ ...person, kind: 'group', name: '张建国等12户村民' }, signed)).toContain('群体');
    expect(proposalRefusal({ ...person, headcount: 12 }, signed)).toContain('群体');
    expect(proposalRefusal({ ...person, kind: 'organisation' }, signed)).toContain('单位');
    expect(proposalRefusal({ ...person, idNumber: null }, signed)).toContain('身份证号码');
  });
  test('an agreement or pledge only issued, never signed, is refused', () => {
    expect(proposalRefusal(person, { kind: 'mediation-agreement', version: 2 })).toContain('调解协议书（第2版）没有当事人签署件');
    expect(proposalRefusal(person, { kind: 'no-further-petition-pledge', version: 1, signedAt: null, signedScan: null })).toContain(
      '息访承诺书',
    );
  });
});

describe('the objection is decided by a third person', () => {
  const base = {
    state: 'objected',
    action: 'decide_objection',
    role: 'reviewer',
    proposerId: 1,
    approverId: 2,
    input: { decision: 'dismissed', reasons: '理由' },
    now: '2026-03-01T00:00:00Z',
  };
  test('the approving reviewer is refused (403), another reviewer may decide', () => {
    expect(planCreditMove({ ...base, actorId: 2 })).toMatchObject({
      ok: false,
      status: 403,
      reason: expect.stringContaining('审核通过该记录的审核员'),
    });
    expect(planCreditMove({ ...base, actorId: 3 })).toMatchObject({ ok: true, to: 'dismissed' });
  });
  test('the approver is not offered the decision', () => {
    expect(creditMovesFrom('objected', 'reviewer', { isApprover: true }).map((m) => m.action)).not.toContain('decide_objection');
    expect(creditMovesFrom('objected', 'reviewer', {}).map((m) => m.action)).toContain('decide_objection');
  });
});
