/**
 * The state-machine core shared by the procedures that move a record through states (the
 * petition flow in case-flow/, credit flags in the plugin's credit/). One check order, one
 * refusal shape, one way to validate and store a move's inputs; each procedure supplies its
 * table of moves and the rules that are its own (who, windows, what a move records).
 *
 * Pure: no framework import. May import only src/case-flow/refusal.ts.
 *
 * Check order in `planTransition`: unknown action (400) → the role may never make the move
 * (403) → the acting user may not although the role may (403) → unknown state or move not
 * allowed from it (409) → preconditions such as windows (409) → missing or invalid input (400).
 */
import { refusal, type Refusal } from '../case-flow/refusal';

/** An input a move needs. `options` restricts the value to those codes. */
export interface MachineField {
  key: string;
  label: string;
  /** 'text' — a string; 'ref' — an id (non-empty string or positive integer); 'choice' — one of `options`. */
  kind: 'text' | 'ref' | 'choice';
  required: boolean;
  /** Name under which the value is written in `set`; null when it is not stored. */
  store: string | null;
  options?: Record<string, string>;
}

/** What every move of every machine has. */
export interface MachineMove<S extends string = string, R extends string = string> {
  action: string;
  label: string;
  from: readonly S[];
  roles: readonly R[];
  fields: readonly MachineField[];
}

export interface Machine<S extends string, R extends string, M extends MachineMove<S, R>> {
  /** What is moved, as refusals name it: 案件, 信用记录. */
  subject: string;
  states: Readonly<Record<S, string>>;
  roles: Readonly<Record<R, string>>;
  moves: readonly M[];
  /** Roles a refusal does not name as those who may act (a scheduled job). */
  unnamedRoles?: readonly R[];
  /** A blank optional input is left out of `set` ('omit') or written as null ('clear'). */
  blankInputs: 'omit' | 'clear';
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** A move the machine allows, and what to write on the record. */
export type TransitionPlan<S extends string, A extends string, V> = {
  ok: true;
  from: S;
  to: S;
  action: A;
  /** Label of the move, for the move log. */
  label: string;
  set: Record<string, V>;
};

/** The rules of one move once it is allowed from the current state; built by `rules`. */
export interface MoveRules<S extends string, V> {
  /** Why the move cannot be made now (409), or null. */
  precondition?: () => string | null;
  /** Problems with the input beyond each field's own (400). */
  problems?: (input: Record<string, unknown>) => FieldProblem[];
  /** The target state. */
  target: (input: Record<string, unknown>) => S;
  /** Writes what the move records beyond its inputs (timestamps, deadlines). */
  record?: (set: Record<string, V>, to: S) => void;
}

export interface TransitionRequest {
  state: string;
  action: string;
  role: string;
  input?: Record<string, unknown> | null;
}

const has = (o: object, key: unknown) => typeof key === 'string' && Object.prototype.hasOwnProperty.call(o, key);

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function isStateOf<S extends string>(states: Readonly<Record<S, string>>, value: unknown): value is S {
  return has(states, value);
}

/** The move named `action`, or undefined. */
export function moveOf<M extends MachineMove>(moves: readonly M[], action: unknown): M | undefined {
  return moves.find((m) => m.action === action);
}

/** Moves `role` may make from `state`, less those `excluded` says the acting user may not. */
export function movesFromState<M extends MachineMove>(
  moves: readonly M[],
  state: string,
  role: string,
  excluded: (m: M) => boolean = () => false,
): M[] {
  return moves.filter(
    (m) => (m.from as readonly string[]).includes(state) && (m.roles as readonly string[]).includes(role) && !excluded(m),
  );
}

/** Checks one input; returns a Chinese problem or null. */
export function fieldProblem(f: MachineField, v: unknown): string | null {
  if (isBlank(v)) return f.required ? `请填写${f.label}` : null;
  switch (f.kind) {
    case 'text':
      return typeof v === 'string' ? null : `${f.label}应为文字`;
    case 'ref':
      return (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isInteger(v) && v > 0)
        ? null
        : `${f.label}无效`;
    case 'choice': {
      const opts = f.options ?? {};
      return typeof v === 'string' && has(opts, v) ? null : `${f.label}应为${Object.values(opts).join('、')}之一`;
    }
    default:
      return null;
  }
}

/** The 400 for a list of problems: every message, every field. */
export function problemsRefusal(problems: FieldProblem[]): Refusal {
  return refusal(
    400,
    problems.map((p) => p.message).join('；'),
    problems.map((p) => p.field),
  );
}

function storedInputs<V>(
  fields: readonly MachineField[],
  input: Record<string, unknown>,
  blankInputs: 'omit' | 'clear',
): Record<string, V> {
  const set: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.store) continue;
    const v = input[f.key];
    if (isBlank(v)) {
      if (blankInputs === 'clear') set[f.store] = null;
    } else set[f.store] = typeof v === 'string' ? v.trim() : v;
  }
  return set as Record<string, V>;
}

/**
 * Decides whether `role` may make `action` on a record in `state` and, if so, what to write.
 * `actor` refuses the acting user (403); `rules` is called once the move is allowed from the
 * current state. Never throws on bad input.
 */
export function planTransition<S extends string, R extends string, M extends MachineMove<S, R>, V>(
  machine: Machine<S, R, M>,
  req: TransitionRequest,
  actor: (def: M) => string | null,
  rules: (def: M, from: S) => MoveRules<S, V>,
): TransitionPlan<S, M['action'], V> | Refusal {
  const def = moveOf(machine.moves, req.action);
  if (!def) return refusal(400, `未知的操作：${String(req.action)}`);

  if (!(def.roles as readonly string[]).includes(req.role)) {
    const named = def.roles.filter((r) => !machine.unnamedRoles?.includes(r));
    return refusal(403, `只有${named.map((r) => machine.roles[r]).join('或')}可以${def.label}`);
  }
  const notYou = actor(def);
  if (notYou) return refusal(403, notYou);

  if (!isStateOf(machine.states, req.state)) return refusal(409, `未知的${machine.subject}状态：${String(req.state)}`);
  const from = req.state;
  if (!def.from.includes(from)) {
    const allowed = def.from.map((s) => machine.states[s]).join('、');
    return refusal(409, `${machine.subject}当前状态为“${machine.states[from]}”，不能${def.label}（仅限${allowed}状态）`);
  }

  const move = rules(def, from);
  const blocked = move.precondition?.();
  if (blocked) return refusal(409, blocked);

  const input = req.input ?? {};
  const problems: FieldProblem[] = [];
  for (const f of def.fields) {
    const p = fieldProblem(f, input[f.key]);
    if (p) problems.push({ field: f.key, message: p });
  }
  problems.push(...(move.problems?.(input) ?? []));
  if (problems.length) return problemsRefusal(problems);

  const to = move.target(input);
  const set = storedInputs<V>(def.fields, input, machine.blankInputs);
  move.record?.(set, to);
  return { ok: true, from, to, action: def.action, label: def.label, set };
}
