/**
 * The kernel's state-machine core (src/kernel/state-machine.ts), on a toy procedure: a request
 * is filed, then granted or refused by a reviewer who is not the filer, or lapses (the job).
 * The petition flow and credit flags are tested on their own (case-flow.test.ts, credit-rules.test.ts).
 */
import { planTransition, movesFromState, type Machine, type MachineMove, type MoveRules } from '../../src/kernel/state-machine';

type S = 'filed' | 'granted' | 'refused' | 'lapsed';
type R = 'clerk' | 'reviewer' | 'system';
type M = MachineMove<S, R> & { to: S };

const MOVES: M[] = [
  {
    action: 'grant',
    label: '批准',
    from: ['filed'],
    to: 'granted',
    roles: ['reviewer'],
    fields: [{ key: 'note', label: '意见', kind: 'text', required: false, store: 'note' }],
  },
  {
    action: 'refuse',
    label: '驳回',
    from: ['filed'],
    to: 'refused',
    roles: ['reviewer'],
    fields: [
      { key: 'reason', label: '驳回理由', kind: 'text', required: true, store: 'reason' },
      { key: 'basis', label: '依据', kind: 'choice', required: true, store: 'basis', options: { law: '法律', rule: '规章' } },
      { key: 'ref', label: '关联记录', kind: 'ref', required: false, store: 'ref' },
    ],
  },
  { action: 'lapse', label: '过期', from: ['filed'], to: 'lapsed', roles: ['system', 'clerk'], fields: [] },
];
const STATES: Record<S, string> = { filed: '已提交', granted: '已批准', refused: '已驳回', lapsed: '已过期' };
const ROLES: Record<R, string> = { clerk: '经办人', reviewer: '审核人', system: '定时任务' };
const machine = (blankInputs: 'omit' | 'clear'): Machine<S, R, M> => ({
  subject: '申请',
  states: STATES,
  roles: ROLES,
  moves: MOVES,
  unnamedRoles: ['system'],
  blankInputs,
});

const plan = (
  req: { state: string; action: string; role: string; input?: Record<string, unknown> },
  opts: { blankInputs?: 'omit' | 'clear'; actor?: string | null; rules?: Partial<MoveRules<S, unknown>> } = {},
) =>
  planTransition<S, R, M, unknown>(
    machine(opts.blankInputs ?? 'omit'),
    req,
    () => opts.actor ?? null,
    (def) => ({
      target: () => def.to,
      record: (set) => {
        set.at = 'now';
      },
      ...opts.rules,
    }),
  );

describe('a move is planned in the kernel’s check order', () => {
  test('an unknown action is 400, before anything else', () => {
    expect(plan({ state: 'nowhere', action: 'fly', role: 'nobody' })).toEqual({ ok: false, status: 400, reason: '未知的操作：fly' });
  });

  test('a role that may never make the move is 403, naming who may (the scheduled job unnamed)', () => {
    expect(plan({ state: 'filed', action: 'lapse', role: 'reviewer' })).toMatchObject({ status: 403, reason: '只有经办人可以过期' });
  });

  test('the acting user refused by the procedure is 403 with its reason, before the state is looked at', () => {
    expect(plan({ state: 'nowhere', action: 'grant', role: 'reviewer' }, { actor: '提交人不能审核自己的申请' })).toMatchObject({
      status: 403,
      reason: '提交人不能审核自己的申请',
    });
  });

  test('an unknown state, or a move not allowed from it, is 409 naming the subject and the states allowed', () => {
    expect(plan({ state: 'nowhere', action: 'grant', role: 'reviewer' })).toMatchObject({ status: 409, reason: '未知的申请状态：nowhere' });
    expect(plan({ state: 'granted', action: 'refuse', role: 'reviewer' })).toMatchObject({
      status: 409,
      reason: '申请当前状态为“已批准”，不能驳回（仅限已提交状态）',
    });
  });

  test('a precondition is 409, checked before the inputs', () => {
    const res = plan({ state: 'filed', action: 'refuse', role: 'reviewer', input: {} }, { rules: { precondition: () => '期限未到' } });
    expect(res).toMatchObject({ status: 409, reason: '期限未到' });
  });

  test('every bad input is reported at once (400), the procedure’s own problems after the fields’', () => {
    const res = plan(
      { state: 'filed', action: 'refuse', role: 'reviewer', input: { reason: 12, basis: 'whim', ref: -3 } },
      { rules: { problems: () => [{ field: 'reason', message: '理由过短' }] } },
    );
    expect(res).toEqual({
      ok: false,
      status: 400,
      reason: '驳回理由应为文字；依据应为法律、规章之一；关联记录无效；理由过短',
      field: 'reason',
      fields: ['reason', 'basis', 'ref', 'reason'],
    });
  });
});

describe('what an allowed move writes', () => {
  test('inputs are trimmed under their store names, with what the procedure records', () => {
    const res = plan({ state: 'filed', action: 'refuse', role: 'reviewer', input: { reason: '  材料不全 ', basis: 'law', ref: 7 } });
    expect(res).toEqual({
      ok: true,
      from: 'filed',
      to: 'refused',
      action: 'refuse',
      label: '驳回',
      set: { reason: '材料不全', basis: 'law', ref: 7, at: 'now' },
    });
  });

  test('a blank optional input is left out, or written as null when the procedure clears it', () => {
    expect(plan({ state: 'filed', action: 'grant', role: 'reviewer', input: { note: ' ' } })).toMatchObject({ set: { at: 'now' } });
    expect(plan({ state: 'filed', action: 'grant', role: 'reviewer', input: { note: ' ' } }, { blankInputs: 'clear' })).toMatchObject({
      set: { note: null, at: 'now' },
    });
  });

  test('the moves a role may make from a state leave out those the acting user may not', () => {
    expect(movesFromState(MOVES, 'filed', 'reviewer').map((m) => m.action)).toEqual(['grant', 'refuse']);
    expect(movesFromState(MOVES, 'filed', 'reviewer', (m) => m.action === 'grant').map((m) => m.action)).toEqual(['refuse']);
    expect(movesFromState(MOVES, 'granted', 'reviewer')).toEqual([]);
  });
});
