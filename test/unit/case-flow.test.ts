import {
  LEGAL_CHANNELS,
  MOVES,
  MoveRequest,
  ROLES,
  STATES,
  STATE_CODES,
  State,
  getMove,
  movesFrom,
  planMove,
  planRegistration,
  targetsOf,
} from '../../src/case-flow/flow';

// 1 March 2024, 10:00 in Shanghai
const NOW = new Date('2024-03-01T02:00:00Z');

/** Input that satisfies every move's required fields. */
const FULL_INPUT = {
  reason: '不属于本机关职权范围',
  committee: 12,
  mediator: 'mediator-doc-1',
  unit: 7,
  channel: 'litigation',
  agreedTerms: '甲方于3月底前支付乙方货款5000元',
  next: 'leader_handling',
  leader: 3,
  conclusion: '已按政策解决',
  opinion: '维持原处理意见',
};

/** Facts that satisfy every precondition at NOW. */
const FULL_FACTS = {
  returnVisitRecorded: true,
  concludedAt: '2024-02-20T02:00:00Z',
  reviewedAt: '2024-02-25T02:00:00Z',
};

function plan(over: Partial<MoveRequest> & { state: string; action: string; role: string }) {
  return planMove({ now: NOW, isAssignedMediator: true, input: FULL_INPUT, facts: FULL_FACTS, ...over });
}

function expectOk(r: ReturnType<typeof planMove>) {
  if (!r.ok) throw new Error(`expected the move to be allowed, got ${r.status} ${r.reason}`);
  return r;
}

function expectRefused(r: ReturnType<typeof planMove>, status: number) {
  if (r.ok) throw new Error(`expected refusal ${status}, got a move to ${r.to}`);
  expect(r.status).toBe(status);
  expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
  return r;
}

describe('the state and move tables', () => {
  test('every state has a Chinese label', () => {
    expect(STATE_CODES).toHaveLength(13);
    for (const s of STATE_CODES) expect(STATES[s]).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(STATES.final).toBe('复核终结');
  });

  test('every move starts and ends in known states and names known roles', () => {
    expect(MOVES).toHaveLength(14);
    for (const m of MOVES) {
      for (const s of m.from) expect(STATE_CODES).toContain(s);
      for (const s of targetsOf(m)) expect(STATE_CODES).toContain(s);
      for (const r of m.roles) expect(Object.keys(ROLES)).toContain(r);
      expect(m.label).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('every state except the first can be reached, and closed and not-accepted are terminal', () => {
    const reachable = new Set(MOVES.flatMap((m) => [...targetsOf(m)]));
    for (const s of STATE_CODES) if (s !== 'registered') expect(reachable).toContain(s);
    for (const role of Object.keys(ROLES)) {
      expect(movesFrom('closed', role)).toEqual([]);
      expect(movesFrom('not_accepted', role)).toEqual([]);
    }
  });

  test('only the mediation outcomes are reserved to the assigned mediator', () => {
    expect(
      MOVES.filter((m) => m.assignedMediatorOnly)
        .map((m) => m.action)
        .sort(),
    ).toEqual(['mediation_failure', 'mediation_success']);
  });
});

describe('every allowed move, by every role allowed to make it, from every state it starts from', () => {
  const cases = MOVES.flatMap((m) => m.from.flatMap((from) => m.roles.map((role) => [m.action, from, role] as const)));
  test.each(cases)('%s from %s by %s is allowed', (action, from, role) => {
    const r = expectOk(plan({ state: from, action, role }));
    expect(r.from).toBe(from);
    expect(targetsOf(getMove(action)!)).toContain(r.to);
  });

  const wrongStates = MOVES.flatMap((m) => STATE_CODES.filter((s) => !m.from.includes(s)).map((s) => [m.action, s, m.roles[0]] as const));
  test.each(wrongStates)('%s from %s is refused with 409', (action, from, role) => {
    expectRefused(plan({ state: from, action, role }), 409);
  });

  const wrongRoles = MOVES.flatMap((m) =>
    (Object.keys(ROLES) as string[]).filter((r) => !(m.roles as readonly string[]).includes(r)).map((r) => [m.action, r] as const),
  );
  test.each(wrongRoles)('%s by a %s is refused with 403', (action, role) => {
    expectRefused(plan({ state: getMove(action)!.from[0], action, role }), 403);
  });
});

describe('registering and accepting', () => {
  test('registering a petition sets its acceptance deadline 15 days later', () => {
    expect(planRegistration(NOW)).toEqual({
      state: 'registered',
      set: { registeredAt: '2024-03-01T02:00:00.000Z', acceptanceDueAt: '2024-03-16T15:59:59.999Z' },
    });
  });

  test('a clerk accepts a registered petition and the 60-day conclusion deadline starts', () => {
    const r = expectOk(planMove({ state: 'registered', action: 'accept', role: 'clerk', now: NOW }));
    expect(r.to).toBe('accepted');
    expect(r.label).toBe('受理');
    expect(r.set).toEqual({ acceptedAt: '2024-03-01T02:00:00.000Z', conclusionDueAt: '2024-04-30T15:59:59.999Z' });
  });

  test('accepting uses the configured conclusion period', () => {
    const r = expectOk(planMove({ state: 'registered', action: 'accept', role: 'clerk', now: NOW, settings: { conclusionDays: 30 } }));
    expect(r.set.conclusionDueAt).toBe('2024-03-31T15:59:59.999Z');
  });

  test('a mediator cannot accept a petition', () => {
    const r = expectRefused(planMove({ state: 'registered', action: 'accept', role: 'mediator', now: NOW }), 403);
    expect(r.reason).toContain('信访干部');
  });

  test('a leader cannot accept a petition either', () => {
    expectRefused(planMove({ state: 'registered', action: 'accept', role: 'leader', now: NOW }), 403);
  });

  test('a petition cannot be accepted twice', () => {
    const r = expectRefused(planMove({ state: 'accepted', action: 'accept', role: 'clerk', now: NOW }), 409);
    expect(r.reason).toContain('已受理');
  });

  test('a role that may never make the move is told so before the state is looked at', () => {
    expectRefused(planMove({ state: 'closed', action: 'accept', role: 'mediator', now: NOW }), 403);
  });

  test('a clerk refusing a petition must give the reason', () => {
    const r = expectRefused(planMove({ state: 'registered', action: 'not_accept', role: 'clerk', now: NOW }), 400);
    expect(r.field).toBe('reason');
    expect(r.reason).toContain('不予受理理由');
  });

  test('a blank reason does not count', () => {
    const r = expectRefused(
      planMove({ state: 'registered', action: 'not_accept', role: 'clerk', now: NOW, input: { reason: '   ' } }),
      400,
    );
    expect(r.field).toBe('reason');
  });

  test('a clerk refuses a petition with a reason, which is recorded', () => {
    const r = expectOk(
      planMove({
        state: 'registered',
        action: 'not_accept',
        role: 'clerk',
        now: NOW,
        input: { reason: ' 已进入诉讼程序 ' },
      }),
    );
    expect(r.to).toBe('not_accepted');
    expect(r.set).toEqual({ notAcceptedReason: '已进入诉讼程序', notAcceptedAt: '2024-03-01T02:00:00.000Z' });
  });
});

describe('after acceptance', () => {
  test('a clerk diverts an accepted petition to a mediation committee and mediator', () => {
    const r = expectOk(
      planMove({
        state: 'accepted',
        action: 'divert',
        role: 'clerk',
        now: NOW,
        input: { committee: 12, mediator: 'm-1' },
      }),
    );
    expect(r.to).toBe('in_mediation');
    expect(r.set).toEqual({ committee: 12, mediator: 'm-1', divertedAt: '2024-03-01T02:00:00.000Z' });
  });

  test('diverting without committee and mediator names both missing fields', () => {
    const r = expectRefused(planMove({ state: 'accepted', action: 'divert', role: 'clerk', now: NOW, input: {} }), 400);
    expect(r.field).toBe('committee');
    expect(r.fields).toEqual(['committee', 'mediator']);
    expect(r.reason).toContain('调解委员会');
    expect(r.reason).toContain('调解员');
  });

  test('a mediator id must be a non-empty string or a positive integer', () => {
    const r = expectRefused(
      planMove({ state: 'accepted', action: 'divert', role: 'clerk', now: NOW, input: { committee: 1, mediator: -3 } }),
      400,
    );
    expect(r.field).toBe('mediator');
  });

  test('a registered petition cannot be diverted before it is accepted', () => {
    expectRefused(planMove({ state: 'registered', action: 'divert', role: 'clerk', now: NOW, input: FULL_INPUT }), 409);
  });

  test('a clerk hands an accepted petition to the responsible unit', () => {
    const r = expectOk(planMove({ state: 'accepted', action: 'assign_unit', role: 'clerk', now: NOW, input: { unit: 7 } }));
    expect(r.to).toBe('unit_handling');
    expect(r.set).toEqual({ unit: 7, unitAssignedAt: '2024-03-01T02:00:00.000Z' });
  });

  test('assigning a unit without naming it is refused', () => {
    const r = expectRefused(planMove({ state: 'accepted', action: 'assign_unit', role: 'clerk', now: NOW }), 400);
    expect(r.field).toBe('unit');
  });

  test.each(Object.keys(LEGAL_CHANNELS))('a clerk refers a petition to the legal channel %s', (channel) => {
    for (const state of ['accepted', 'in_mediation']) {
      const r = expectOk(planMove({ state, action: 'refer_legal', role: 'clerk', now: NOW, input: { channel } }));
      expect(r.to).toBe('referred_legal');
      expect(r.set).toEqual({ legalChannel: channel, referredAt: '2024-03-01T02:00:00.000Z' });
    }
  });

  test('referring to a channel that is not litigation, arbitration or administrative review is refused', () => {
    const r = expectRefused(
      planMove({ state: 'accepted', action: 'refer_legal', role: 'clerk', now: NOW, input: { channel: 'petition' } }),
      400,
    );
    expect(r.field).toBe('channel');
    expect(r.reason).toContain('诉讼、仲裁、行政复议');
  });

  test('referring without a channel is refused', () => {
    expect(expectRefused(planMove({ state: 'accepted', action: 'refer_legal', role: 'clerk', now: NOW }), 400).field).toBe('channel');
  });

  test('a unit-handled petition cannot be referred to legal channels directly', () => {
    expectRefused(plan({ state: 'unit_handling', action: 'refer_legal', role: 'clerk' }), 409);
  });

  test('a clerk or a leader escalates a petition to leader handling, naming the leader', () => {
    for (const [state, role] of [
      ['accepted', 'clerk'],
      ['unit_handling', 'leader'],
    ]) {
      const r = expectOk(planMove({ state, action: 'escalate_leader', role, now: NOW, input: { leader: 3 } }));
      expect(r.to).toBe('leader_handling');
      expect(r.set).toEqual({ leader: 3, leaderAssignedAt: '2024-03-01T02:00:00.000Z' });
    }
  });

  test('escalating without a leader is refused', () => {
    expect(expectRefused(planMove({ state: 'accepted', action: 'escalate_leader', role: 'leader', now: NOW }), 400).field).toBe('leader');
  });

  test('a petition in mediation cannot be escalated to a leader except through a failed mediation', () => {
    expectRefused(plan({ state: 'in_mediation', action: 'escalate_leader', role: 'leader' }), 409);
  });
});

describe('mediation', () => {
  test('the assigned mediator records a successful mediation and the petition is concluded', () => {
    const r = expectOk(
      planMove({
        state: 'in_mediation',
        action: 'mediation_success',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
        input: { agreedTerms: '一次性补偿2万元' },
      }),
    );
    expect(r.to).toBe('concluded');
    expect(r.set).toEqual({
      agreedTerms: '一次性补偿2万元',
      mediationEndedAt: '2024-03-01T02:00:00.000Z',
      mediationResult: 'success',
      concludedAt: '2024-03-01T02:00:00.000Z',
      reviewRequestDueAt: '2024-03-31T15:59:59.999Z',
    });
  });

  test('another mediator cannot record the outcome of a case not assigned to them', () => {
    for (const action of ['mediation_success', 'mediation_failure']) {
      const r = expectRefused(plan({ state: 'in_mediation', action, role: 'mediator', isAssignedMediator: false }), 403);
      expect(r.reason).toContain('承办本案的调解员');
    }
  });

  test('a mediator whose assignment is unknown is treated as not assigned', () => {
    expectRefused(planMove({ state: 'in_mediation', action: 'mediation_success', role: 'mediator', now: NOW, input: FULL_INPUT }), 403);
  });

  test('a clerk cannot record a mediation outcome', () => {
    expectRefused(plan({ state: 'in_mediation', action: 'mediation_success', role: 'clerk' }), 403);
  });

  test('a successful mediation needs the agreed terms', () => {
    const r = expectRefused(
      planMove({
        state: 'in_mediation',
        action: 'mediation_success',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
      }),
      400,
    );
    expect(r.field).toBe('agreedTerms');
  });

  test('a failed mediation goes to leader handling when the mediator chooses so', () => {
    const r = expectOk(
      planMove({
        state: 'in_mediation',
        action: 'mediation_failure',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
        input: { reason: '双方分歧过大', next: 'leader_handling' },
      }),
    );
    expect(r.to).toBe('leader_handling');
    expect(r.set).toEqual({
      mediationFailureReason: '双方分歧过大',
      mediationEndedAt: '2024-03-01T02:00:00.000Z',
      mediationResult: 'failure',
      leaderAssignedAt: '2024-03-01T02:00:00.000Z',
    });
  });

  test('a failed mediation goes to legal channels when the mediator chooses so, with the channel if known', () => {
    const r = expectOk(
      planMove({
        state: 'in_mediation',
        action: 'mediation_failure',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
        input: { reason: '一方拒绝调解', next: 'referred_legal', channel: 'arbitration' },
      }),
    );
    expect(r.to).toBe('referred_legal');
    expect(r.set).toMatchObject({ legalChannel: 'arbitration', referredAt: '2024-03-01T02:00:00.000Z' });
  });

  test('a failed mediation needs the reason and the next step, reported together', () => {
    const r = expectRefused(
      planMove({
        state: 'in_mediation',
        action: 'mediation_failure',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
      }),
      400,
    );
    expect(r.fields).toEqual(['reason', 'next']);
  });

  test('the next step of a failed mediation can only be legal channels or leader handling', () => {
    const r = expectRefused(
      planMove({
        state: 'in_mediation',
        action: 'mediation_failure',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
        input: { reason: '分歧', next: 'concluded' },
      }),
      400,
    );
    expect(r.field).toBe('next');
  });

  test('an invalid optional channel on a failed mediation is refused', () => {
    const r = expectRefused(
      planMove({
        state: 'in_mediation',
        action: 'mediation_failure',
        role: 'mediator',
        isAssignedMediator: true,
        now: NOW,
        input: { reason: '分歧', next: 'referred_legal', channel: 'court' },
      }),
      400,
    );
    expect(r.field).toBe('channel');
  });

  test('mediation cannot succeed on a petition that is not in mediation', () => {
    expectRefused(plan({ state: 'accepted', action: 'mediation_success', role: 'mediator' }), 409);
  });
});

describe('concluding', () => {
  test.each([
    ['unit_handling', 'clerk'],
    ['leader_handling', 'leader'],
    ['referred_legal', 'clerk'],
  ])('a petition in %s is concluded by a %s with the result', (state, role) => {
    const r = expectOk(planMove({ state, action: 'conclude', role, now: NOW, input: { conclusion: '已解决' } }));
    expect(r.to).toBe('concluded');
    expect(r.set).toEqual({
      conclusion: '已解决',
      concludedAt: '2024-03-01T02:00:00.000Z',
      reviewRequestDueAt: '2024-03-31T15:59:59.999Z',
    });
  });

  test('concluding without the result is refused', () => {
    expect(expectRefused(planMove({ state: 'unit_handling', action: 'conclude', role: 'clerk', now: NOW }), 400).field).toBe('conclusion');
  });

  test('a registered petition cannot be concluded', () => {
    expectRefused(plan({ state: 'registered', action: 'conclude', role: 'clerk' }), 409);
  });

  test('a petition in mediation is concluded only by the mediation outcome', () => {
    expectRefused(plan({ state: 'in_mediation', action: 'conclude', role: 'leader' }), 409);
  });

  test('a mediator cannot conclude a unit-handled petition', () => {
    expectRefused(plan({ state: 'unit_handling', action: 'conclude', role: 'mediator' }), 403);
  });
});

describe('review and re-review', () => {
  const concludedAt = '2024-03-01T02:00:00Z'; // due 31 March 23:59:59 Shanghai

  test('a clerk files a review request for the petitioner within 30 days of conclusion', () => {
    const r = expectOk(
      planMove({
        state: 'concluded',
        action: 'request_review',
        role: 'clerk',
        now: '2024-03-20T02:00:00Z',
        facts: { concludedAt },
      }),
    );
    expect(r.to).toBe('review_requested');
    expect(r.set).toEqual({
      reviewRequestedAt: '2024-03-20T02:00:00.000Z',
      reviewAnswerDueAt: '2024-04-19T15:59:59.999Z',
    });
  });

  test('a review request late on the last day of the window is still accepted', () => {
    expectOk(
      planMove({
        state: 'concluded',
        action: 'request_review',
        role: 'clerk',
        now: '2024-03-31T15:59:00Z', // 23:59 Shanghai
        facts: { concludedAt },
      }),
    );
  });

  test('a review request after the window has closed is refused', () => {
    const r = expectRefused(
      planMove({
        state: 'concluded',
        action: 'request_review',
        role: 'clerk',
        now: '2024-03-31T16:00:00Z', // 00:00 on 1 April Shanghai
        facts: { concludedAt },
      }),
      409,
    );
    expect(r.reason).toContain('复查申请期限');
  });

  test('the review window follows the configured number of days', () => {
    expectRefused(
      planMove({
        state: 'concluded',
        action: 'request_review',
        role: 'clerk',
        now: '2024-03-20T02:00:00Z',
        facts: { concludedAt },
        settings: { reviewRequestDays: 10 },
      }),
      409,
    );
  });

  test('a review request cannot be judged without the conclusion date', () => {
    expectRefused(planMove({ state: 'concluded', action: 'request_review', role: 'clerk', now: NOW, facts: {} }), 409);
  });

  test('a petitioner cannot request a review of a petition that is still being handled', () => {
    expectRefused(plan({ state: 'unit_handling', action: 'request_review', role: 'clerk' }), 409);
  });

  test('a leader gives the review opinion, which starts the re-review window', () => {
    const r = expectOk(
      planMove({
        state: 'review_requested',
        action: 'review_opinion',
        role: 'leader',
        now: NOW,
        input: { opinion: '维持' },
      }),
    );
    expect(r.to).toBe('reviewed');
    expect(r.set).toEqual({
      reviewOpinion: '维持',
      reviewedAt: '2024-03-01T02:00:00.000Z',
      reReviewRequestDueAt: '2024-03-31T15:59:59.999Z',
    });
  });

  test('a review opinion needs its text', () => {
    expect(expectRefused(planMove({ state: 'review_requested', action: 'review_opinion', role: 'leader', now: NOW }), 400).field).toBe(
      'opinion',
    );
  });

  test('a clerk or a credit reviewer cannot give a review opinion', () => {
    expectRefused(plan({ state: 'review_requested', action: 'review_opinion', role: 'clerk' }), 403);
    expectRefused(plan({ state: 'review_requested', action: 'review_opinion', role: 'reviewer' }), 403);
  });

  test('a clerk files a re-review request within 30 days of the review opinion', () => {
    const r = expectOk(
      planMove({
        state: 'reviewed',
        action: 'request_re_review',
        role: 'clerk',
        now: '2024-03-31T15:00:00Z',
        facts: { reviewedAt: '2024-03-01T02:00:00Z' },
      }),
    );
    expect(r.to).toBe('re_review_requested');
    expect(r.set).toEqual({
      reReviewRequestedAt: '2024-03-31T15:00:00.000Z',
      reReviewAnswerDueAt: '2024-04-30T15:59:59.999Z',
    });
  });

  test('a re-review request after the window is refused', () => {
    const r = expectRefused(
      planMove({
        state: 'reviewed',
        action: 'request_re_review',
        role: 'clerk',
        now: '2024-04-01T02:00:00Z',
        facts: { reviewedAt: '2024-03-01T02:00:00Z' },
      }),
      409,
    );
    expect(r.reason).toContain('复核申请期限');
  });

  test('a re-review request cannot be judged without the review date', () => {
    expectRefused(planMove({ state: 'reviewed', action: 'request_re_review', role: 'clerk', now: NOW }), 409);
  });

  test('a leader gives the re-review opinion and the matter is final', () => {
    const r = expectOk(
      planMove({
        state: 're_review_requested',
        action: 're_review_opinion',
        role: 'leader',
        now: NOW,
        input: { opinion: '终结' },
      }),
    );
    expect(r.to).toBe('final');
    expect(r.set).toEqual({ reReviewOpinion: '终结', reReviewedAt: '2024-03-01T02:00:00.000Z' });
  });

  test('a re-review opinion needs its text', () => {
    expectRefused(planMove({ state: 're_review_requested', action: 're_review_opinion', role: 'leader', now: NOW }), 400);
  });

  test('a final matter cannot be reviewed again', () => {
    expectRefused(plan({ state: 'final', action: 'request_review', role: 'clerk' }), 409);
    expectRefused(plan({ state: 'final', action: 'request_re_review', role: 'clerk' }), 409);
  });
});

describe('closing', () => {
  test('a clerk closes a concluded petition after the return visit', () => {
    const r = expectOk(planMove({ state: 'concluded', action: 'close', role: 'clerk', now: NOW, facts: { returnVisitRecorded: true } }));
    expect(r.to).toBe('closed');
    expect(r.set).toEqual({ closedAt: '2024-03-01T02:00:00.000Z' });
  });

  test('a concluded petition cannot be closed before the return visit', () => {
    for (const facts of [{}, { returnVisitRecorded: false }, null]) {
      const r = expectRefused(planMove({ state: 'concluded', action: 'close', role: 'clerk', now: NOW, facts }), 409);
      expect(r.reason).toContain('回访');
    }
  });

  test('a reviewed or final petition is closed without a further return visit', () => {
    for (const state of ['reviewed', 'final']) {
      expect(expectOk(planMove({ state, action: 'close', role: 'clerk', now: NOW })).to).toBe('closed');
    }
  });

  test('a petition under review cannot be closed', () => {
    expectRefused(plan({ state: 'review_requested', action: 'close', role: 'clerk' }), 409);
  });

  test('a leader cannot close a petition', () => {
    expectRefused(plan({ state: 'concluded', action: 'close', role: 'leader' }), 403);
  });

  test('a closed petition cannot be closed again', () => {
    expectRefused(plan({ state: 'closed', action: 'close', role: 'clerk' }), 409);
  });
});

describe('odd requests', () => {
  test('an unknown action is refused with 400', () => {
    expectRefused(plan({ state: 'registered', action: 'approve', role: 'clerk' }), 400);
  });

  test('an unknown state is refused with 409', () => {
    expectRefused(plan({ state: 'archived', action: 'accept', role: 'clerk' }), 409);
  });

  test('a supervisor, being read-only, can make no move at all', () => {
    for (const m of MOVES) expectRefused(plan({ state: m.from[0], action: m.action, role: 'supervisor' }), 403);
    for (const s of STATE_CODES) expect(movesFrom(s, 'supervisor')).toEqual([]);
  });

  test('the system administrator does not handle petitions', () => {
    expectRefused(plan({ state: 'registered', action: 'accept', role: 'admin' }), 403);
  });

  test('an input field of the wrong type is refused', () => {
    const r = expectRefused(
      planMove({ state: 'unit_handling', action: 'conclude', role: 'clerk', now: NOW, input: { conclusion: 42 } }),
      400,
    );
    expect(r.field).toBe('conclusion');
  });

  test('input fields that the move does not use are not recorded', () => {
    const r = expectOk(plan({ state: 'registered', action: 'accept', role: 'clerk' }));
    expect(Object.keys(r.set).sort()).toEqual(['acceptedAt', 'conclusionDueAt']);
  });
});

describe('moves offered in the UI', () => {
  const actions = (state: State, role: string, opts?: { isAssignedMediator?: boolean }) =>
    movesFrom(state, role, opts).map((m) => m.action);

  test('a clerk looking at a registered petition can accept it or refuse it', () => {
    expect(actions('registered', 'clerk')).toEqual(['accept', 'not_accept']);
  });

  test('a clerk looking at an accepted petition sees the four ways to handle it', () => {
    expect(actions('accepted', 'clerk')).toEqual(['divert', 'assign_unit', 'refer_legal', 'escalate_leader']);
  });

  test('a leader looking at an accepted petition can only take it over', () => {
    expect(actions('accepted', 'leader')).toEqual(['escalate_leader']);
  });

  test('the assigned mediator sees both mediation outcomes, another mediator sees none', () => {
    expect(actions('in_mediation', 'mediator', { isAssignedMediator: true })).toEqual(['mediation_success', 'mediation_failure']);
    expect(actions('in_mediation', 'mediator')).toEqual(['mediation_success', 'mediation_failure']);
    expect(actions('in_mediation', 'mediator', { isAssignedMediator: false })).toEqual([]);
  });

  test('a clerk looking at a concluded petition can file a review request or close it', () => {
    expect(actions('concluded', 'clerk')).toEqual(['request_review', 'close']);
  });

  test('a mediator has nothing to do on a registered petition', () => {
    expect(actions('registered', 'mediator')).toEqual([]);
  });

  test('an unknown state or role offers nothing', () => {
    expect(movesFrom('nowhere', 'clerk')).toEqual([]);
    expect(movesFrom('registered', 'visitor')).toEqual([]);
  });
});
