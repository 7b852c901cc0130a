/**
 * Notification preferences and the deadline reminder, pure: the kinds a user may choose e-mail
 * for, how a notification of a kind is e-mailed (at once, in the daily digest, or not), the
 * reminder window (Shanghai days) and the digest's text.
 */
import { DAY_MS } from '@fangtiao/kernel/pure';
import { shanghaiStart } from '../jobs/slots';

/** The kinds shown on the preferences screen; a kind not listed is e-mailed at once. */
export const NOTIFICATION_KINDS: Record<string, string> = {
  'case-assigned': '案件分流、指派调解',
  'consultation-request': '专家咨询申请',
  'consultation-answer': '专家咨询意见',
  'consultation-booking': '专家咨询预约变动',
  'consultation-reminder': '专家咨询提醒',
  hearing: '听证、会商安排与改期',
  deadline: '办理期限临近（3日内）',
  warning: '预警',
  'warning-notice': '预警通知书',
  credit: '失信记录',
  handover: '包案交接',
  'handover-sheet': '包案交接单',
  'petitioner-action': '信访人网上答复、补充材料、申请复查',
  'performance-check': '调解协议履行回访',
};

export type Preferences = { email: Record<string, boolean>; digest: boolean };
export type EmailMode = 'now' | 'digest' | 'none';

/** No stored row: every kind by e-mail, one message per notification. */
export const DEFAULT_PREFERENCES: Preferences = { email: {}, digest: false };

/** A kind absent from `email` is on (new kinds reach people until they turn them off). */
export function emailMode(p: Preferences | null | undefined, kind: string | null | undefined): EmailMode {
  const prefs = p ?? DEFAULT_PREFERENCES;
  if (kind && prefs.email?.[kind] === false) return 'none';
  return prefs.digest ? 'digest' : 'now';
}

/** The full view the screen shows: every listed kind with its label and whether it is e-mailed. */
export function preferencesView(p: Preferences | null | undefined) {
  const prefs = p ?? DEFAULT_PREFERENCES;
  return {
    digest: !!prefs.digest,
    kinds: Object.entries(NOTIFICATION_KINDS).map(([kind, label]) => ({ kind, label, email: prefs.email?.[kind] !== false })),
  };
}

type FieldError = { path: string[]; message: string };

/** Checks a PUT body: `{ digest?: boolean, email?: { kind: boolean } }`; unknown kinds are refused. */
export function checkPreferences(input: any, current: Preferences | null | undefined): { value?: Preferences; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const base = current ?? DEFAULT_PREFERENCES;
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { errors: [{ path: ['data'], message: '请求内容应为对象' }] };
  if ('digest' in input && typeof input.digest !== 'boolean') errors.push({ path: ['digest'], message: '每日汇总应为是或否' });
  const email: Record<string, boolean> = { ...(base.email ?? {}) };
  if ('email' in input) {
    if (!input.email || typeof input.email !== 'object' || Array.isArray(input.email))
      errors.push({ path: ['email'], message: '邮件设置应为按类型的是否选择' });
    else {
      for (const [k, v] of Object.entries(input.email)) {
        if (!(k in NOTIFICATION_KINDS)) errors.push({ path: ['email', k], message: '没有这种通知类型' });
        else if (typeof v !== 'boolean') errors.push({ path: ['email', k], message: '应为是或否' });
        else email[k] = v;
      }
    }
  }
  if (errors.length) return { errors };
  return { value: { email, digest: 'digest' in input ? input.digest : !!base.digest }, errors };
}

/** Deadlines reminded on `now`'s run: after now and before the end of the third Shanghai day ahead. */
export function deadlineWindow(now: Date): { from: Date; to: Date } {
  return { from: now, to: new Date(shanghaiStart(now, 'day').getTime() + 4 * DAY_MS) };
}

/** One reminder per user, petition and deadline: a later (extended) deadline is reminded again. */
export const deadlineKey = (petitionId: number, dueAt: Date | string) => `deadline|${petitionId}|${new Date(dueAt).toISOString()}`;

/** The digest's text: one line per notification, newest last. */
export function digestText(
  rows: { title: string; body?: string | null; link?: string | null; createdAt: Date | string }[],
  base: string,
  stamp: (d: Date) => string,
) {
  const lines = rows.map(
    (r, i) =>
      `${i + 1}. [${stamp(new Date(r.createdAt))}] ${r.title}${r.body ? `\n   ${r.body}` : ''}${r.link ? `\n   ${base}${r.link}` : ''}`,
  );
  return `您有 ${rows.length} 条新通知（时间为北京时间）：\n\n${lines.join('\n\n')}`;
}
