import {
  DEFAULT_RULES,
  checkRule,
  escalationLevel,
  evaluate,
  isEscalationDue,
  levelsAtOrAbove,
  planWarningMove,
  triggerKey,
} from '../../plugins/fangtiao/server/src/warnings/rules';
import { fiveOnes, handoverLists, listOf } from '../../plugins/fangtiao/server/src/backlog/rules';

const rule = (code: string) => DEFAULT_RULES.find((r) => r.code === code)!;
const now = new Date('2026-11-25T10:00:00+08:00');
const facts = (levels: string[], extra: object = {}) => ({
  id: 7,
  registeredAt: '2026-11-01T00:00:00+08:00',
  state: 'accepted',
  visits: levels.map((level, i) => ({ level: level as any, visitedAt: `2026-11-0${i + 2}T00:00:00+08:00` })),
  ...extra,
});

describe('default rules', () => {
  it('are valid and follow Lishui and the colour ownership', () => {
    for (const r of DEFAULT_RULES) expect(checkRule(r)).toEqual([]);
    expect(rule('lishui-visits-2')).toMatchObject({ minVisits: 2, minLevel: 'county', colour: 'yellow' });
    expect(rule('lishui-visits-3')).toMatchObject({ minVisits: 3, minLevel: 'county', colour: 'red' });
    expect(rule('lishui-visits-3').recipients).toContainEqual({ role: 'leader', level: 'county' });
  });
});

describe('visit-count thresholds', () => {
  it('counts visits at county level or above since the first petition', () => {
    expect(levelsAtOrAbove('county')).toEqual(['county', 'city', 'province', 'national']);
    expect(evaluate(rule('lishui-visits-2'), facts(['county', 'township']), now)).toBeNull();
    expect(evaluate(rule('lishui-visits-2'), facts(['county', 'city']), now)).toMatchObject({ detail: 'visits>=2' });
    expect(evaluate(rule('lishui-visits-3'), facts(['county', 'city']), now)).toBeNull();
    expect(evaluate(rule('lishui-visits-3'), facts(['county', 'city', 'national']), now)).not.toBeNull();
    // before the first petition: not counted
    const early = facts(['county', 'county']);
    early.visits[0].visitedAt = '2026-10-01T00:00:00+08:00';
    expect(evaluate(rule('lishui-visits-2'), early, now)).toBeNull();
  });
  it('overdue fires per deadline, not on closed cases', () => {
    const r = rule('deadline-overdue');
    const a = evaluate(r, facts([], { dueAt: '2026-11-20T00:00:00+08:00' }), now);
    const b = evaluate(r, facts([], { dueAt: '2026-11-24T00:00:00+08:00' }), now);
    expect(a!.detail).not.toBe(b!.detail);
    expect(evaluate(r, facts([], { dueAt: '2026-11-20T00:00:00+08:00', state: 'concluded' }), now)).toBeNull();
    expect(evaluate(r, facts([], { dueAt: '2026-12-20T00:00:00+08:00' }), now)).toBeNull();
  });
  it('trigger keys name rule, petition and trigger', () => {
    expect(triggerKey('lishui-visits-2', 7, 'visits>=2')).toBe('lishui-visits-2|7|visits>=2');
  });
});

describe('checking a rule', () => {
  it('names every bad field', () => {
    const paths = checkRule({
      code: 'X',
      conditionKind: 'visit-count',
      colour: 'purple' as any,
      recipients: [{ role: 'boss' as any, level: 'moon' as any }],
      responseHours: 0,
    }).map((e) => e.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'code',
        'name',
        'minVisits',
        'minLevel',
        'colour',
        'recipients.0.role',
        'recipients.0.level',
        'responseHours',
      ]),
    );
  });
});

describe('warning moves and escalation', () => {
  it('acknowledge → act → close by recipients who are clerks or leaders', () => {
    expect(planWarningMove({ state: 'raised', action: 'acknowledge', role: 'leader', isRecipient: true })).toMatchObject({
      ok: true,
      to: 'acknowledged',
    });
    expect(planWarningMove({ state: 'raised', action: 'acknowledge', role: 'supervisor', isRecipient: true })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(planWarningMove({ state: 'raised', action: 'acknowledge', role: 'leader', isRecipient: false })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(planWarningMove({ state: 'raised', action: 'close', role: 'leader', isRecipient: true })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(planWarningMove({ state: 'acknowledged', action: 'act', role: 'clerk', isRecipient: true })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(planWarningMove({ state: 'acknowledged', action: 'act', role: 'clerk', isRecipient: true, note: '已处置' })).toMatchObject({
      ok: true,
      to: 'acted',
    });
    expect(planWarningMove({ state: 'acted', action: 'close', role: 'clerk', isRecipient: true })).toMatchObject({
      ok: true,
      to: 'closed',
    });
  });
  it('escalates one level up, once, only when unacknowledged past due', () => {
    expect(escalationLevel('township')).toBe('county');
    expect(escalationLevel('county')).toBe('city');
    expect(escalationLevel('city')).toBe('city');
    expect(isEscalationDue({ state: 'raised', dueAt: '2026-11-25T09:00:00+08:00' }, now)).toBe(true);
    expect(isEscalationDue({ state: 'acknowledged', dueAt: '2026-11-25T09:00:00+08:00' }, now)).toBe(false);
    expect(isEscalationDue({ state: 'raised', dueAt: '2026-11-25T09:00:00+08:00', escalatedAt: 'x' }, now)).toBe(false);
  });
});

describe('backlog packages', () => {
  it('five ones, red and black lists', () => {
    expect(fiveOnes({ leader: 1, workTeam: '专班', plan: '', caseFile: [] }).missing).toEqual(['化解方案', '案件卷宗']);
    expect(
      listOf({ state: 'resolved', openedAt: '2026-01-01', resolvedAt: '2026-03-01T00:00:00+08:00', targetDate: '2026-03-01' }, now),
    ).toBe('red');
    expect(
      listOf({ state: 'resolved', openedAt: '2026-01-01', resolvedAt: '2026-03-05T00:00:00+08:00', targetDate: '2026-03-01' }, now),
    ).toBeNull();
    expect(listOf({ state: 'open', openedAt: '2026-11-20', targetDate: '2026-11-24' }, now)).toBe('black');
    expect(listOf({ state: 'open', openedAt: '2026-09-01', lastProgressAt: '2026-10-01' }, now)).toBe('black');
    expect(listOf({ state: 'open', openedAt: '2026-09-01', lastProgressAt: '2026-11-20' }, now)).toBeNull();
  });
  it('handover lists: at arrival, at departure, the new ones', () => {
    const pk = (reference: string, openedAt: string, resolvedAt: string | null = null) =>
      ({ reference, state: resolvedAt ? 'resolved' : 'open', openedAt, resolvedAt }) as any;
    const { atArrival, atDeparture, fresh } = handoverLists(
      [pk('A', '2025-01-01'), pk('B', '2025-01-01', '2025-06-01'), pk('C', '2026-03-01'), pk('D', '2026-04-01', '2026-05-01')],
      new Date('2025-03-01'),
      new Date('2026-11-01'),
    );
    expect(atArrival.map((p) => p.reference)).toEqual(['A', 'B']);
    expect(atDeparture.map((p) => p.reference)).toEqual(['A', 'C']);
    expect(fresh.map((p) => p.reference)).toEqual(['C']);
  });
});
