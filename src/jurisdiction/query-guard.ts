import { errors } from '@strapi/utils';
import { personalKindOf, type PersonalKind } from '../personal-data/fields';
import { hashAttribute, hashOf } from '../personal-data/at-rest';
import { scopeFilter, SCOPE_COLUMNS, type Jurisdiction } from './scope';

/**
 * The read side of the jurisdiction kernel: every query an end user's request makes through
 * the document service passes here before it reaches the database (see document-middleware).
 *
 * - Filters, sort and populate are checked against the schema, at every depth: an unknown
 *   field, an unknown operator or a value of the wrong shape is a 400 naming the parameter,
 *   never a 500 from the database.
 * - A relation to a scoped content type, whether populated or filtered on, gets the caller's
 *   scope, as if its target were read directly: another county's record is not there.
 * - Personal fields (by type: ID and phone numbers, see personal-data/fields) cannot be
 *   sorted on, and only those who may see them in clear may filter on them, by exact value.
 */

type Attr = { type: string; target?: string; component?: string; relation?: string; private?: boolean; pluginOptions?: any };
type Model = { uid?: string; attributes: Record<string, Attr> };
export type ModelOf = (uid: string) => Model | undefined;

export type GuardOptions = {
  /** The caller's scope; null for an unscoped caller (only validation applies). */
  jurisdiction: Pick<Jurisdiction, 'level' | 'code'> | null;
  /** 'none': a masked reader (no filter on personal fields); 'exact': $eq / $in only. */
  personal: 'none' | 'exact';
};

const LOGICAL = new Set(['$and', '$or']);
const SCALAR_OPS = new Set([
  '$eq',
  '$eqi',
  '$ne',
  '$nei',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$contains',
  '$notContains',
  '$containsi',
  '$notContainsi',
  '$startsWith',
  '$startsWithi',
  '$endsWith',
  '$endsWithi',
]);
const LIST_OPS = new Set(['$in', '$notIn']);
const BOOL_OPS = new Set(['$null', '$notNull']);
const EXACT_OPS = new Set(['$eq', '$in']);
const NUMERIC = new Set(['integer', 'biginteger', 'float', 'decimal']);
const DATES = new Set(['date', 'datetime', 'time', 'timestamp']);
const SYSTEM: Record<string, Attr> = { id: { type: 'integer' }, documentId: { type: 'string' } };
const MAX_DEPTH = 6;
const MAX_LIST = 200;

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function bad(param: string, message: string): never {
  throw new errors.ValidationError(`查询参数 ${param} 无效：${message}`, {
    errors: [{ path: param.split('.'), message, name: 'ValidationError' }],
  });
}

/** qs turns long arrays into objects keyed '0', '1', …; read either as a list. */
function asList(value: unknown, param: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Object.keys(value).every((k) => /^\d+$/.test(k))) return Object.values(value);
  return bad(param, '应为列表');
}

/** `{ $eq: v }` / `{ $in: [v…] }` on a personal field → the same on its keyed hashes. */
function hashValues(kind: PersonalKind, ops: Record<string, unknown>): Record<string, unknown> {
  const h = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? hashOf(kind, String(v)) : v);
  return Object.fromEntries(Object.entries(ops).map(([op, v]) => [op, Array.isArray(v) ? v.map(h) : h(v)]));
}

const isScopedModel = (m: Model | undefined) => !!m && SCOPE_COLUMNS.every((c) => c in m.attributes);

/** A look-up by hash inside a component, resolved by the middleware before the query runs. */
export type ComponentLookup = { uid: string; attr: string; hashAttr: string; hashes: string[]; into: { id: { $in: number[] } } };

export class QueryGuard {
  /** Filters on personal fields of a component, answered from the hash index (see personal-data/lookup). */
  readonly lookups: ComponentLookup[] = [];

  constructor(
    private readonly modelOf: ModelOf,
    private readonly opts: GuardOptions,
  ) {}

  private attr(model: Model, key: string, param: string): Attr {
    const a = model.attributes[key] ?? SYSTEM[key];
    if (!a) bad(param, `没有字段 ${key}`);
    return a;
  }

  private scopeOf(target: string | undefined): Record<string, string> | null {
    if (!this.opts.jurisdiction || !target) return null;
    return isScopedModel(this.modelOf(target)) ? scopeFilter(this.opts.jurisdiction) : null;
  }

  // ------------------------------------------------------------------ filters

  /** The filters, checked, with the scope of every relation they cross added. */
  filters(uid: string, value: unknown, param = 'filters', depth = 0): Record<string, any> {
    if (depth > MAX_DEPTH) bad(param, '嵌套过深');
    if (!isObject(value)) bad(param, '应为对象');
    const model = this.modelOf(uid);
    if (!model) bad(param, '未知类型');
    const out: Record<string, any> = {};
    for (const [key, v] of Object.entries(value)) {
      const p = `${param}.${key}`;
      if (LOGICAL.has(key)) out[key] = asList(v, p).map((x, i) => this.filters(uid, x, `${p}.${i}`, depth + 1));
      else if (key === '$not') out[key] = this.filters(uid, v, p, depth + 1);
      else if (key.startsWith('$')) bad(p, `不支持的运算符 ${key}`);
      else {
        const a = this.attr(model, key, p);
        const lookup = a.type === 'component' ? this.componentLookup(uid, key, a, v, p, depth) : null;
        if (lookup) {
          out.$and = [...(out.$and ?? []), lookup];
          continue;
        }
        const kind = personalKindOf(a);
        // Stored encrypted: an exact lookup goes to the keyed hash beside the value.
        if (kind) out[hashAttribute(key)] = hashValues(kind, this.field(model, key, v, p, depth) as Record<string, unknown>);
        else out[key] = this.field(model, key, v, p, depth);
      }
    }
    return out;
  }

  /**
   * `parties: { idNumber: { $eq: x } }` — a component filter on personal fields only — as
   * `id $in (records holding such a row)`, filled in by the middleware from the hash index.
   */
  private componentLookup(uid: string, key: string, a: Attr, v: unknown, p: string, depth: number): Record<string, unknown> | null {
    if (!isObject(v)) return null;
    const component = this.modelOf(a.component!);
    const keys = Object.keys(v);
    if (!component || keys.length !== 1 || !personalKindOf(component.attributes[keys[0]])) return null;
    const checked = this.filters(a.component!, v, p, depth + 1); // validates; gives { <attr>Hash: { $eq | $in } }
    const [hashAttr, ops] = Object.entries(checked)[0] as [string, Record<string, unknown>];
    const hashes = Object.values(ops)
      .flatMap((x) => (Array.isArray(x) ? x : [x]))
      .filter((x): x is string => typeof x === 'string');
    const into = { id: { $in: [] as number[] } };
    this.lookups.push({ uid, attr: key, hashAttr, hashes, into });
    return into;
  }

  private field(model: Model, key: string, v: unknown, p: string, depth: number): unknown {
    const a = this.attr(model, key, p);
    if (a.private) bad(p, '该字段不能用于筛选');
    if (a.type === 'relation') {
      const inner = isObject(v) ? this.filters(a.target!, v, p, depth + 1) : { id: this.operand({ type: 'integer' }, '$eq', v, p) };
      const scope = this.scopeOf(a.target);
      return scope ? { $and: [inner, scope] } : inner;
    }
    if (a.type === 'component') return this.filters(a.component!, v, p, depth + 1);
    if (a.type === 'json' || a.type === 'media' || a.type === 'dynamiczone' || a.type === 'password') bad(p, '该字段不能用于筛选');
    const personal = personalKindOf(a);
    if (!isObject(v)) {
      if (Array.isArray(v)) return this.operators(a, { $in: v }, p, personal);
      return this.operators(a, { $eq: v }, p, personal);
    }
    return this.operators(a, v, p, personal);
  }

  private operators(a: Attr, ops: Record<string, any>, p: string, personal: string | null): Record<string, any> {
    const out: Record<string, any> = {};
    for (const [op, v] of Object.entries(ops)) {
      const q = `${p}.${op}`;
      if (personal && (this.opts.personal === 'none' || !EXACT_OPS.has(op))) {
        bad(p, this.opts.personal === 'none' ? '该字段对您脱敏显示，不能用于筛选' : '该字段只能按完整值精确查找（$eq 或 $in）');
      }
      if (LOGICAL.has(op))
        out[op] = asList(v, q).map((x, i) => (isObject(x) ? this.operators(a, x, `${q}.${i}`, personal) : bad(`${q}.${i}`, '应为对象')));
      else if (op === '$not') out[op] = isObject(v) ? this.operators(a, v, q, personal) : this.operand(a, '$eq', v, q);
      else if (SCALAR_OPS.has(op)) out[op] = this.operand(a, op, v, q);
      else if (LIST_OPS.has(op)) {
        const list = asList(v, q);
        if (list.length > MAX_LIST) bad(q, `最多${MAX_LIST}个值`);
        out[op] = list.map((x, i) => this.operand(a, op, x, `${q}.${i}`));
      } else if (op === '$between') {
        const list = asList(v, q);
        if (list.length !== 2) bad(q, '应为两个值的列表');
        out[op] = list.map((x, i) => this.operand(a, op, x, `${q}.${i}`));
      } else if (BOOL_OPS.has(op)) out[op] = this.bool(v, q);
      else bad(q, `不支持的运算符 ${op}`);
    }
    return out;
  }

  private bool(v: unknown, q: string): boolean {
    if (v === true || v === 'true' || v === '1' || v === 1) return true;
    if (v === false || v === 'false' || v === '0' || v === 0) return false;
    return bad(q, '应为 true 或 false');
  }

  /** One comparison value, checked against the field's type. */
  private operand(a: Attr, op: string, v: unknown, q: string): unknown {
    if (v === null || v instanceof Date) return v;
    if (isObject(v) || Array.isArray(v)) bad(q, '应为单个值');
    if (typeof v === 'string' && v.length > 500) bad(q, '值过长');
    if (op.startsWith('$contains') || op.startsWith('$notContains') || op.startsWith('$startsWith') || op.startsWith('$endsWith')) {
      if (typeof v !== 'string' && typeof v !== 'number') bad(q, '应为文本');
      return v;
    }
    if (NUMERIC.has(a.type)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) bad(q, '应为数字');
      return v;
    }
    if (DATES.has(a.type)) {
      if (a.type !== 'time' && Number.isNaN(Date.parse(String(v)))) bad(q, '应为日期或时间');
      return v;
    }
    if (a.type === 'boolean') return this.bool(v, q);
    return v;
  }

  // ------------------------------------------------------------------ sort

  sort(uid: string, value: unknown, param = 'sort'): unknown {
    const model = this.modelOf(uid)!;
    const one = (s: unknown, p: string): void => {
      if (typeof s === 'string') {
        for (const part of s.split(',')) {
          const [path, dir] = part.trim().split(':');
          if (dir !== undefined && !/^(asc|desc)$/i.test(dir)) bad(p, `排序方向应为 asc 或 desc`);
          this.sortPath(model, path.split('.'), p);
        }
      } else if (isObject(s)) {
        for (const [k, d] of Object.entries(s)) {
          if (isObject(d)) {
            const a = this.attr(model, k, `${p}.${k}`);
            if (a.type !== 'relation' && a.type !== 'component') bad(`${p}.${k}`, '排序方向应为 asc 或 desc');
            if (a.type === 'relation' && this.scopeOf(a.target)) bad(`${p}.${k}`, '不能按关联记录的字段排序');
            this.sort(a.type === 'relation' ? a.target! : a.component!, d, `${p}.${k}`);
          } else {
            if (typeof d !== 'string' || !/^(asc|desc)$/i.test(d)) bad(`${p}.${k}`, '排序方向应为 asc 或 desc');
            this.sortPath(model, [k], `${p}.${k}`);
          }
        }
      } else bad(p, '应为字段名');
    };
    if (Array.isArray(value)) value.forEach((s, i) => one(s, `${param}.${i}`));
    else one(value, param);
    return value;
  }

  private sortPath(model: Model, path: string[], p: string) {
    const [head, ...rest] = path;
    const a = this.attr(model, head, p);
    if (personalKindOf(a)) bad(p, '不能按身份证号码或电话号码排序');
    if (a.private) bad(p, '该字段不能用于排序');
    if (!rest.length) {
      if (a.type === 'relation' || a.type === 'component' || a.type === 'json' || a.type === 'media') bad(p, '不能按该字段排序');
      return;
    }
    if (a.type === 'relation' && this.scopeOf(a.target)) bad(p, '不能按关联记录的字段排序');
    if (a.type !== 'relation' && a.type !== 'component') bad(p, `${head} 没有下级字段`);
    this.sortPath(this.modelOf(a.type === 'relation' ? a.target! : a.component!)!, rest, p);
  }

  // ------------------------------------------------------------------ populate

  /** The populate, checked, in object form, with every scoped relation filtered to the caller's scope. */
  populate(uid: string, value: unknown, param = 'populate', depth = 0): Record<string, any> | undefined {
    if (value === undefined || value === null || value === false || value === 'false') return undefined;
    if (depth > MAX_DEPTH) bad(param, '嵌套过深');
    const model = this.modelOf(uid);
    if (!model) bad(param, '未知类型');
    const entries: Record<string, unknown> = {};
    const add = (path: string[], v: unknown) => {
      let node = entries;
      for (const k of path.slice(0, -1)) {
        const cur = node[k];
        node[k] = isObject(cur) ? cur : { populate: {} };
        const n = node[k] as Record<string, any>;
        n.populate = isObject(n.populate) ? n.populate : {};
        node = n.populate;
      }
      node[path[path.length - 1]] = v;
    };
    const fromString = (s: string) => {
      if (s === '*' || s === 'true') {
        for (const [k, a] of Object.entries(model.attributes)) if (POPULATABLE.has(a.type) && !a.private) entries[k] = true;
      } else for (const part of s.split(',')) if (part.trim()) add(part.trim().split('.'), true);
    };
    if (value === true) fromString('*');
    else if (typeof value === 'string') fromString(value);
    else if (Array.isArray(value) || (isObject(value) && Object.keys(value).length && Object.keys(value).every((k) => /^\d+$/.test(k)))) {
      for (const s of asList(value, param)) typeof s === 'string' ? fromString(s) : bad(param, '应为字段名列表');
    } else if (isObject(value)) Object.assign(entries, value);
    else bad(param, '应为字段名或对象');

    const out: Record<string, any> = {};
    for (const [key, v] of Object.entries(entries)) out[key] = this.populateOne(model, key, v, `${param}.${key}`, depth);
    return out;
  }

  private populateOne(model: Model, key: string, v: unknown, p: string, depth: number): unknown {
    const a = this.attr(model, key, p);
    if (!POPULATABLE.has(a.type)) bad(p, '该字段不是关联或组件');
    const target = a.type === 'relation' ? a.target : a.type === 'component' ? a.component : undefined;
    const scope = a.type === 'relation' ? this.scopeOf(target) : null;
    if (v === false || v === 'false') return false;
    let spec: Record<string, any>;
    if (v === true || v === 'true' || v === '*') spec = v === '*' ? { populate: '*' } : {};
    else if (isObject(v)) spec = { ...v };
    else return bad(p, '应为 true 或对象');
    // Strapi ignores other keys in a nested populate (its sanitizer writes some): so do we.
    for (const k of Object.keys(spec)) if (!POPULATE_KEYS.has(k)) delete spec[k];
    if (!target || a.type === 'dynamiczone' || a.type === 'media') {
      // Media and dynamic zones: nothing of ours is scoped behind them.
      return Object.keys(spec).length ? spec : true;
    }
    if (spec.count !== undefined && scope) bad(`${p}.count`, '不能统计关联记录的数量');
    if (spec.filters !== undefined) spec.filters = this.filters(target, spec.filters, `${p}.filters`, depth + 1);
    if (scope) spec.filters = spec.filters ? { $and: [spec.filters, scope] } : scope;
    if (spec.sort !== undefined) this.sort(target, spec.sort, `${p}.sort`);
    if (spec.fields !== undefined) this.fields(target, spec.fields, `${p}.fields`);
    if (spec.populate !== undefined) {
      const nested = this.populate(target, spec.populate, `${p}.populate`, depth + 1);
      if (nested) spec.populate = nested;
      else delete spec.populate;
    }
    return Object.keys(spec).length ? spec : true;
  }

  fields(uid: string, value: unknown, param = 'fields'): unknown {
    const model = this.modelOf(uid)!;
    const list = typeof value === 'string' ? value.split(',') : asList(value, param);
    list.forEach((f, i) => {
      if (typeof f !== 'string') bad(`${param}.${i}`, '应为字段名');
      const a = this.attr(model, f.trim(), `${param}.${i}`);
      if (POPULATABLE.has(a.type) && a.type !== 'media') bad(`${param}.${i}`, '关联和组件请用 populate');
    });
    return value;
  }
}

const POPULATABLE = new Set(['relation', 'component', 'media', 'dynamiczone']);
const POPULATE_KEYS = new Set(['populate', 'filters', 'fields', 'sort', 'count', 'on', 'ordering', 'page', 'pageSize', 'limit', 'start']);

/** Checks and scopes the read parameters of one document-service call, in place; returns the look-ups left to resolve. */
export function guardReadParams(uid: string, params: Record<string, any>, modelOf: ModelOf, opts: GuardOptions): ComponentLookup[] {
  const guard = new QueryGuard(modelOf, opts);
  if (params.filters !== undefined && params.filters !== null) params.filters = guard.filters(uid, params.filters);
  if (params.sort !== undefined && params.sort !== null) guard.sort(uid, params.sort);
  if (params.fields !== undefined && params.fields !== null) guard.fields(uid, params.fields);
  if (params.populate !== undefined && params.populate !== null) {
    const populate = guard.populate(uid, params.populate);
    if (populate) params.populate = populate;
    else delete params.populate;
  }
  return guard.lookups;
}
