/** Module input-limits/: the limits every write is held to (rules.ts pure, the document middleware). Imports: nothing (rules.ts); the middleware: Strapi. */
/**
 * Limits on what a client may write (the README's "Input limits" lists them). One source
 * for the three places that apply them: the request-body guard every content-API write
 * passes (src/middlewares/input-limits.ts), the document-service guard that knows each
 * model's attribute types (./document-middleware.ts) and the case-type form rules
 * (case-types/form-schema.ts).
 *
 * Browser-safe, like form-schema.ts which imports it: no imports at all.
 */

export const LIMITS = {
  /** Characters in a one-line field (a name, a place, a subject), unless its schema says fewer. */
  shortText: 200,
  /** Characters in a long text (demands, history, notes, a session's summary, a textarea). */
  longText: 20_000,
  /** Items in a repeatable component (the parties of a petition: a group party counts once). */
  repeatable: 50,
  /** People in one group party or one visit. */
  headcount: 100_000,
  /** Absolute value of any number a client sends. */
  number: 1_000_000_000,
  /** Items in any list a client sends. */
  listItems: 1_000,
  /** Nesting of objects and lists in a request body. */
  depth: 12,
  /** Problems reported per request: enough to fix a form, not a megabyte of errors. */
  reported: 20,
} as const;

export type Problem = { path: (string | number)[]; message: string };

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with the characters of `s`, or null. Refused everywhere: NUL and the other
 * control characters (a long text may hold line feeds and tabs), the bidi overrides and
 * isolates that make text read differently from what is stored (U+202A–U+202E,
 * U+2066–U+2069), and lone surrogates, which are not Unicode text at all.
 */
export function characterProblem(s: string, multiline: boolean): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return '含有不成对的代理字符（不是有效的 Unicode 文字）';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return '含有不成对的代理字符（不是有效的 Unicode 文字）';
    if (c === 0x0a || c === 0x09) {
      if (multiline) continue;
      return '不能含换行符或制表符';
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `含有不允许的控制字符（${hex(c)}）`;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return `含有双向文字控制字符（${hex(c)}），可能使显示的文字与保存的不同`;
  }
  return null;
}

/** Characters as a reader counts them (code points, so an emoji or a rare hanzi counts once). */
export const charCount = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  return n;
};

/** A one-line (`short`) or long text: its characters and its length. */
export function textProblem(s: string, kind: 'short' | 'long', max?: number): string | null {
  const limit = max ?? (kind === 'short' ? LIMITS.shortText : LIMITS.longText);
  // Length first: a 900 KB text is refused without scanning it twice.
  if (s.length > limit * 2 || charCount(s) > limit) return `最多${limit}个字（现为${charCount(s)}个）`;
  return characterProblem(s, kind === 'long');
}

/** A number a client sends: finite, within ±LIMITS.number and the field's own min/max. */
export function numberProblem(n: number, bounds: { min?: number; max?: number; integer?: boolean } = {}): string | null {
  if (!Number.isFinite(n)) return '应为有限的数字';
  if (bounds.integer && !Number.isInteger(n)) return '应为整数';
  const min = Math.max(bounds.min ?? -LIMITS.number, -LIMITS.number);
  const max = Math.min(bounds.max ?? LIMITS.number, LIMITS.number);
  if (n < min || n > max) return `超出允许范围（${min}～${max}）`;
  return null;
}

/**
 * Every problem in a JSON value whose schema is not known (a request body, a JSON
 * attribute): each string is at most a long text with clean characters, each number within
 * range, each list at most LIMITS.listItems long, the nesting at most LIMITS.depth deep.
 */
export function jsonProblems(value: unknown, path: (string | number)[] = [], out: Problem[] = []): Problem[] {
  if (out.length >= LIMITS.reported) return out;
  if (typeof value === 'string') {
    const p = textProblem(value, 'long');
    if (p) out.push({ path, message: p });
  } else if (typeof value === 'number') {
    const p = numberProblem(value);
    if (p) out.push({ path, message: p });
  } else if (value && typeof value === 'object') {
    if (path.length >= LIMITS.depth) {
      out.push({ path, message: `嵌套不能超过${LIMITS.depth}层` });
      return out;
    }
    if (Array.isArray(value)) {
      if (value.length > LIMITS.listItems) out.push({ path, message: `最多${LIMITS.listItems}项（现为${value.length}项）` });
      else value.forEach((v, i) => jsonProblems(v, [...path, i], out));
    } else {
      for (const [k, v] of Object.entries(value)) {
        const p = textProblem(k, 'short');
        if (p) out.push({ path: [...path, k], message: `字段名${p}` });
        else jsonProblems(v, [...path, k], out);
      }
    }
  }
  return out;
}

/** The part of a content-type or component schema the limits read. */
export type Attribute = {
  type: string;
  maxLength?: number;
  min?: number | string;
  max?: number | string;
  repeatable?: boolean;
  component?: string;
};
export type Attributes = Record<string, Attribute>;

const SHORT = new Set(['string', 'email', 'uid', 'password', 'enumeration']);
const LONG = new Set(['text', 'richtext']);
const NUMERIC = new Set(['integer', 'biginteger', 'float', 'decimal']);
const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/**
 * Every problem in `data` written to a model with these attributes: one-line strings at most
 * LIMITS.shortText (or the schema's maxLength) on one line, texts at most LIMITS.longText,
 * numbers within the schema's min/max and ±LIMITS.number, repeatable components at most
 * LIMITS.repeatable items (or the schema's max), JSON as in jsonProblems. Values of the wrong
 * type are left to the model's own validation.
 */
export function attributeProblems(
  attributes: Attributes,
  data: Record<string, unknown>,
  componentAttributes: (uid: string) => Attributes | undefined,
  path: (string | number)[] = [],
  out: Problem[] = [],
): Problem[] {
  for (const [key, value] of Object.entries(data)) {
    if (out.length >= LIMITS.reported) break;
    const attr = attributes[key];
    if (!attr || value === null || value === undefined) continue;
    const at = [...path, key];
    if (SHORT.has(attr.type) || LONG.has(attr.type)) {
      if (typeof value !== 'string') continue;
      const p = textProblem(value, LONG.has(attr.type) ? 'long' : 'short', attr.maxLength);
      if (p) out.push({ path: at, message: p });
    } else if (NUMERIC.has(attr.type)) {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
      if (n === undefined) continue;
      const p = numberProblem(n, {
        min: num(attr.min),
        max: num(attr.max),
        integer: attr.type === 'integer' || attr.type === 'biginteger',
      });
      if (p) out.push({ path: at, message: p });
    } else if (attr.type === 'json') {
      jsonProblems(value, at, out);
    } else if (attr.type === 'component' && attr.component) {
      const inner = componentAttributes(attr.component);
      if (!inner) continue;
      const items = attr.repeatable ? value : [value];
      if (!Array.isArray(items)) continue;
      const max = Math.min(num(attr.max) ?? LIMITS.repeatable, LIMITS.repeatable);
      if (attr.repeatable && items.length > max) {
        out.push({ path: at, message: `最多${max}项（现为${items.length}项）` });
        continue;
      }
      items.forEach((item, i) => {
        if (item && typeof item === 'object')
          attributeProblems(inner, item as Record<string, unknown>, componentAttributes, attr.repeatable ? [...at, i] : at, out);
      });
    }
  }
  return out;
}

/** The part of a schema the type check reads, beyond the limits' part. */
export type TypedAttribute = Attribute & { enum?: readonly string[]; required?: boolean };

const STRINGS = new Set([...SHORT, ...LONG]);
const isDateLike = (v: unknown) =>
  (v instanceof Date && !Number.isNaN(v.getTime())) || (typeof v === 'string' && v !== '' && !Number.isNaN(Date.parse(v)));

/**
 * Every value in `data` of the wrong type for its attribute — what Strapi's entity validator
 * refuses before a document-service write, for writes made below it (jurisdiction/create-in-scope):
 * text that is not a string, an enumeration outside its list, a boolean that is not one, an
 * integer that is not whole, a date that does not parse, a component that is not an object (or a
 * list of them), and, when `creating`, a required attribute left empty. Limits are attributeProblems'.
 */
export function typeProblems(
  attributes: Record<string, TypedAttribute>,
  data: Record<string, unknown>,
  componentAttributes: (uid: string) => Record<string, TypedAttribute> | undefined,
  creating: boolean,
  path: (string | number)[] = [],
  out: Problem[] = [],
): Problem[] {
  if (creating) {
    for (const [key, attr] of Object.entries(attributes))
      if (attr.required && (data[key] === undefined || data[key] === null || data[key] === ''))
        out.push({ path: [...path, key], message: '必填' });
  }
  for (const [key, value] of Object.entries(data)) {
    if (out.length >= LIMITS.reported) break;
    const attr = attributes[key];
    if (!attr || value === null || value === undefined) continue;
    const at = [...path, key];
    const wrong = (message: string) => out.push({ path: at, message });
    if (STRINGS.has(attr.type)) {
      if (typeof value !== 'string') wrong('应为文字');
      else if (attr.type === 'enumeration' && attr.enum && !attr.enum.includes(value)) wrong(`应为以下之一：${attr.enum.join('、')}`);
    } else if (attr.type === 'boolean') {
      if (typeof value !== 'boolean') wrong('应为 true 或 false');
    } else if (NUMERIC.has(attr.type)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('应为数字');
      else if ((attr.type === 'integer' || attr.type === 'biginteger') && !Number.isInteger(value)) wrong('应为整数');
    } else if (attr.type === 'datetime' || attr.type === 'date' || attr.type === 'time') {
      if (attr.type !== 'time' && !isDateLike(value)) wrong('应为有效的日期时间');
    } else if (attr.type === 'component' && attr.component) {
      const inner = componentAttributes(attr.component);
      const items = attr.repeatable ? value : [value];
      if (!inner) continue;
      if (!Array.isArray(items)) {
        wrong('应为列表');
        continue;
      }
      items.forEach((item, i) => {
        const itemPath = attr.repeatable ? [...at, i] : at;
        if (!item || typeof item !== 'object' || Array.isArray(item)) out.push({ path: itemPath, message: '格式不正确' });
        else typeProblems(inner, item as Record<string, unknown>, componentAttributes, creating, itemPath, out);
      });
    }
  }
  return out;
}
