// Small DOM and formatting helpers shared by the desk screens.
import { DEADLINE_KINDS } from './labels';

/**
 * h('div', { class: 'x', onclick: fn, dataset: {…} }, child, [children], 'text')
 * Attributes with value null/undefined/false are left out; true sets an empty attribute.
 */
/** What h() and append() take as children: nodes, text, numbers, nested lists; null/false are skipped. */
export type Child = Node | string | number | boolean | null | undefined | Child[];
export type Attrs = Record<string, unknown> | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = v as string;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') (el as unknown as Record<string, boolean>)[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append<T extends Element | DocumentFragment>(el: T, ...children: Child[]): T {
  for (const c of (children as unknown[]).flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear<T extends Element>(el: T): T {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let idSeq = 0;
export const uid = (prefix = 'f') => `${prefix}-${(idSeq += 1)}`;

/** A labelled form field: the control, an optional help line and its own error line. */
/** What fieldBox() returns; screens add their own members (read, key…) to it. */
/** A control whose `.value` the forms read. */
export type ValueControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldBox<C extends HTMLElement = ValueControl> {
  wrap: HTMLElement;
  control: C;
  setError: (m?: string | null) => unknown;
}

export function fieldBox<C extends HTMLElement>(
  label: Child,
  control: C,
  { required = false, wide = false, help }: { required?: boolean; wide?: boolean; help?: string } = {},
): FieldBox<C> {
  control.id = control.id || uid('fb');
  const err = h('p', { class: 'field-error', id: `${control.id}-err`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', err.id);
  const wrap = h(
    'div',
    { class: `field${wide ? ' field-wide' : ''}` },
    h('label', { class: 'label', for: control.id }, label, required ? h('span', { class: 'req', title: '必填' }, ' *') : null),
    help ? h('p', { class: 'help' }, help) : null,
    control,
    err,
  );
  return { wrap, control, setError: (m) => ((err.textContent = m || ''), wrap.classList.toggle('has-error', !!m)) };
}

// ---------------------------------------------------------------------------------------
// Dates: everything is shown in China Standard Time (UTC+8, no daylight saving).

const CST_MS = 8 * 3600 * 1000;

type DateLike = Date | string | number;

function cstParts(value: DateLike) {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const s = new Date(d.getTime() + CST_MS).toISOString(); // 2024-03-01T01:30:00.000Z shifted to +08
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** 2024-03-01 */
export function fmtDate(value: DateLike | null | undefined) {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const p = cstParts(value);
  return p ? p.date : String(value);
}

/** 2024-03-01 09:30 */
export function fmtDateTime(value: DateLike | null | undefined) {
  if (!value) return '';
  const p = cstParts(value);
  return p ? `${p.date} ${p.time}` : String(value);
}

/** Value for <input type=datetime-local> from an ISO string (or now). */
export function toLocalInput(value: Date | string | number = new Date()) {
  const p = cstParts(value);
  return p ? `${p.date}T${p.time}` : '';
}

/** ISO 8601 with +08:00 from an <input type=datetime-local> value ('' → undefined). */
export function fromLocalInput(value: string | null | undefined) {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(value);
  return m ? `${m[1]}T${m[2]}${m[3] || ':00'}+08:00` : value;
}

// ---------------------------------------------------------------------------------------
// Chips and badges

/** The deadline in force as the server reports it on a case. */
export interface DeadlineInfo {
  colour?: string;
  daysLeft?: number | null;
  kind?: string;
  due?: string | null;
}

export function deadlineText(d: DeadlineInfo | null | undefined) {
  if (!d || d.colour === 'none' || typeof d.daysLeft !== 'number') return '无期限';
  if (d.daysLeft > 0) return `剩${d.daysLeft}天`;
  if (d.daysLeft === 0) return '今日到期';
  return `已超期${-d.daysLeft}天`;
}

/** The deadline in force as a coloured chip; nothing when no deadline is pending on the office. */
export function deadlineChip(d: DeadlineInfo | null | undefined, { withKind = false }: { withKind?: boolean } = {}) {
  if (!d) return null;
  const colour = d.colour || 'none';
  const kind = d.kind ? DEADLINE_KINDS[d.kind] : undefined;
  const title = d && d.due ? `${kind || '期限'}：${fmtDate(d.due)}` : '当前无办理期限';
  return h(
    'span',
    { class: `chip deadline deadline-${colour}`, title, dataset: { colour } },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    withKind && kind ? `${kind} ` : '',
    deadlineText(d),
  );
}

export function stateChip(label: string | null | undefined, state: string | null | undefined) {
  return h('span', { class: `chip state state-${state || 'unknown'}` }, label || state || '');
}

export function badge(text: Child, kind: string) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function clarityChip(score: unknown) {
  const s = Number(score) || 0;
  return h(
    'span',
    { class: `chip clarity ${s >= 5 ? 'clarity-full' : s >= 3 ? 'clarity-part' : 'clarity-low'}`, title: '五个清楚得分' },
    `五个清楚 ${s}/5`,
  );
}

export function spinner(text: Child = '加载中…') {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), text);
}

/** A message banner: kind is 'error' | 'success' | 'info' | 'warn'. */
export function banner(kind: 'error' | 'success' | 'info' | 'warn' | string, text: Child, extra?: Child) {
  return h(
    'div',
    { class: `banner banner-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'banner-text' }, text),
    extra || null,
  );
}

/** A field's error goes as soon as the user changes that field. */
export function clearErrorsOnChange(form: HTMLElement) {
  const forget = (e: Event) => {
    const wrap = e.target instanceof Element ? e.target.closest('.field') : null;
    if (wrap && wrap.classList.contains('has-error')) {
      wrap.classList.remove('has-error');
      const err = wrap.querySelector('.field-error');
      if (err) err.textContent = '';
    }
  };
  form.addEventListener('input', forget);
  form.addEventListener('change', forget);
}

/** Marks a button busy (disabled, optional text) while its request runs, and restores it. */
export function setBusy(button: HTMLButtonElement, on: boolean, text?: string) {
  if (on) {
    button.dataset.text = button.textContent;
    button.disabled = true;
    button.classList.add('is-busy');
    if (text) button.textContent = text;
  } else {
    button.disabled = false;
    button.classList.remove('is-busy');
    if (button.dataset.text) button.textContent = button.dataset.text;
  }
}
