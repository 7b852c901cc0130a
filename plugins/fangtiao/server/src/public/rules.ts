/**
 * The petitioner's own channel (/p/), pure: one-time codes, query codes, limits, and the case
 * said in plain language. No Strapi import (tested in test/unit/public-rules.test.ts).
 */
import crypto from 'crypto';
import { STATES, formatDate, formatDateTime, shanghaiDate, type DateInput } from '@fangtiao/kernel/pure';
import { sniff } from '../attachments/rules';

/** A one-time code: 6 digits, valid 5 minutes, used once, at most 5 wrong tries. */
export const OTP = { digits: 6, ttlMs: 5 * 60_000, maxAttempts: 5 } as const;
/** A session after login: 30 minutes, bound to the phone (or to one case, after number + query code). */
export const SESSION_TTL_MS = 30 * 60_000;

/**
 * Limits that hold across instances: counters in the database, the login throttle's table and
 * mechanism (kernel `throttledAttempt`: counted before trying, so parallel guesses cannot pass).
 * Per phone ("account") and per IP, in one window. Codes sent count every time; wrong codes and
 * wrong number + query code pairs count when they fail. Generous per IP: many phones share a
 * carrier's NAT address.
 */
export const LIMITS = {
  send: { accountFailures: 5, ipFailures: 30, windowMs: 60 * 60_000 },
  verify: { accountFailures: 10, ipFailures: 30, windowMs: 60 * 60_000 },
  lookup: { accountFailures: 5, ipFailures: 20, windowMs: 60 * 60_000 },
} as const;

/** A uniformly random 6-digit code (no modulo bias: crypto.randomInt). */
export function newOtp(): string {
  return String(crypto.randomInt(0, 10 ** OTP.digits)).padStart(OTP.digits, '0');
}

/** Query codes avoid look-alike characters (0/O, 1/I/L): 8 of 31 symbols, about 40 bits. */
const QUERY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newQueryCode(): string {
  return Array.from({ length: 8 }, () => QUERY_ALPHABET[crypto.randomInt(0, QUERY_ALPHABET.length)]).join('');
}
export const normaliseQueryCode = (v: unknown) =>
  String(v ?? '')
    .replace(/[\s-]/g, '')
    .toUpperCase();

/** A salted hash for short secrets (codes); the salt is stored beside it. */
export function saltedHash(secret: string, salt = crypto.randomBytes(16).toString('base64url')): { salt: string; hash: string } {
  return { salt, hash: crypto.createHash('sha256').update(`${salt}:${secret}`).digest('base64url') };
}
/** Constant-time comparison of a secret against its stored salted hash. */
export function matchesHash(secret: string, salt: string, hash: string): boolean {
  const a = Buffer.from(saltedHash(secret, salt).hash);
  const b = Buffer.from(hash);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
/** Session tokens are long random values: an unsalted SHA-256 finds the row. */
export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');
export const newToken = () => crypto.randomBytes(32).toString('base64url');

export type OtpRow = { codeSalt: string; codeHash: string; expiresAt: number; attempts: number; usedAt: number | null };
export type OtpCheck = { ok: true } | { ok: false; reason: 'expired' | 'used' | 'exhausted' | 'wrong'; attemptsLeft: number };

/** Whether `code` opens `row` at `now`. A wrong try counts even when the code is right later. */
export function checkOtp(row: OtpRow | null, code: string, now: number): OtpCheck {
  if (!row) return { ok: false, reason: 'expired', attemptsLeft: 0 };
  if (row.usedAt) return { ok: false, reason: 'used', attemptsLeft: 0 };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired', attemptsLeft: 0 };
  if (row.attempts >= OTP.maxAttempts) return { ok: false, reason: 'exhausted', attemptsLeft: 0 };
  if (!/^\d{6}$/.test(code) || !matchesHash(code, row.codeSalt, row.codeHash)) {
    return { ok: false, reason: 'wrong', attemptsLeft: Math.max(0, OTP.maxAttempts - row.attempts - 1) };
  }
  return { ok: true };
}

export const OTP_MESSAGES: Record<Exclude<OtpCheck, { ok: true }>['reason'], string> = {
  expired: '验证码已过期或不存在，请重新获取',
  used: '验证码已使用，请重新获取',
  exhausted: '验证码错误次数过多，请重新获取',
  wrong: '验证码不正确',
};

/** Mainland mobile numbers only: the code goes by SMS. */
export const isMobile = (v: unknown): v is string =>
  typeof v === 'string' && /^1[3-9]\d{9}$/.test(v.replace(/[\s-]/g, '').replace(/^\+?86/, ''));
export const normaliseMobile = (v: string) => v.replace(/[\s-]/g, '').replace(/^\+?86/, '');
export const maskMobile = (v: string) => `${v.slice(0, 3)}****${v.slice(-4)}`;

/** An e-mail address, the alternative to SMS for the one-time code: one @, a dotted domain, ≤ 254 characters. */
export const isEmail = (v: unknown): v is string =>
  typeof v === 'string' && v.trim().length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v.trim());
export const normaliseEmail = (v: string) => v.trim().toLowerCase();
/** How the audit log and the page name an address: its first character and the domain (z***@example.com). */
export const maskEmail = (v: string) => `${v.slice(0, 1)}***${v.slice(v.indexOf('@'))}`;
/** The one-time code by e-mail: what the message says (the same code, validity and single use as by SMS). */
export function otpEmail(code: string) {
  const lines = [
    `您的验证码为 ${code}，${OTP.ttlMs / 60_000}分钟内有效，仅可使用一次。`,
    '如非本人操作，请忽略本邮件；请勿把验证码告诉他人。',
    '——信访事项查询（访调）',
  ];
  return { subject: `[访调] 登录验证码 ${code}`, text: lines.join('\n'), html: lines.map((l) => `<p>${l}</p>`).join('') };
}

/** What the state means for the person, in plain words. */
const PLAIN: Record<string, string> = {
  registered: '已收到您的信访事项，正在审查是否受理（15日内答复）',
  accepted: '已受理，正在办理',
  not_accepted: '不予受理，理由见告知书',
  in_mediation: '已转人民调解委员会调解',
  unit_handling: '责任单位正在办理',
  referred_legal: '已引导您通过诉讼、仲裁、行政复议等法定途径解决',
  leader_handling: '由领导包案办理',
  concluded: '已办结；如不服，可在30日内申请复查',
  review_requested: '已收到您的复查申请，正在复查',
  reviewed: '已复查；如不服，可在30日内申请复核',
  re_review_requested: '已收到您的复核申请，正在复核',
  final: '复核已终结',
  closed: '已结案',
};

/** Which deadline the current state runs against. */
const DEADLINE_OF: Record<string, string> = {
  registered: '受理答复期限',
  accepted: '办结期限',
  in_mediation: '办结期限',
  unit_handling: '办结期限',
  leader_handling: '办结期限',
  review_requested: '复查答复期限',
  re_review_requested: '复核答复期限',
};

export type StatusFacts = {
  referenceNo: string;
  state: string;
  subject: string;
  registeredAt?: DateInput | null;
  dueAt?: DateInput | null;
  organisation?: string | null;
  concludedAt?: DateInput | null;
  returnVisit?: any;
};

/** The case as the person reads it: state, what it means, who is responsible, the next deadline. */
export function plainStatus(p: StatusFacts) {
  const deadline = DEADLINE_OF[p.state] && p.dueAt ? { label: DEADLINE_OF[p.state], date: formatDate(p.dueAt) } : null;
  return {
    referenceNo: p.referenceNo,
    subject: p.subject,
    state: p.state,
    stateLabel: (STATES as Record<string, string>)[p.state] ?? p.state,
    meaning: PLAIN[p.state] ?? '',
    office: p.organisation ?? null,
    registeredAt: p.registeredAt ? formatDateTime(p.registeredAt) : null,
    nextDeadline: deadline,
    returnVisitOpen: canAnswerReturnVisit(p),
    returnVisitDone: !!p.returnVisit,
  };
}

/** The questionnaire opens after conclusion, once, and not after the case is closed. */
export function canAnswerReturnVisit(p: { state: string; returnVisit?: any }): boolean {
  return !p.returnVisit && ['concluded', 'reviewed', 'final'].includes(p.state);
}

export const RESOLVED = { yes: '已解决', partly: '部分解决', no: '未解决' } as const;
export const SATISFACTION = { satisfied: '满意', basically_satisfied: '基本满意', not_satisfied: '不满意' } as const;

/** The questionnaire's answers, or the fields at fault. */
export function checkReturnVisit(
  input: any,
):
  | { ok: true; value: { resolved: string; result: string; comment: string } }
  | { ok: false; errors: { path: string[]; message: string }[] } {
  const errors: { path: string[]; message: string }[] = [];
  if (!Object.prototype.hasOwnProperty.call(RESOLVED, input?.resolved))
    errors.push({ path: ['resolved'], message: '请选择问题是否解决（已解决、部分解决、未解决）' });
  if (!Object.prototype.hasOwnProperty.call(SATISFACTION, input?.result))
    errors.push({ path: ['result'], message: '请选择满意程度（满意、基本满意、不满意）' });
  const comment = input?.comment == null ? '' : String(input.comment).trim();
  if (comment.length > 500) errors.push({ path: ['comment'], message: '意见不超过500字' });
  return errors.length ? { ok: false, errors } : { ok: true, value: { resolved: input.resolved, result: input.result, comment } };
}

type Problem = { path: string[]; message: string };

/** A request for more information (补充材料/信息): a message and a reply-by day, today or later (Beijing). */
export function checkInfoRequest(
  input: any,
  now: DateInput,
): { ok: true; value: { message: string; replyBy: string } } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const message = typeof input?.message === 'string' ? input.message.trim() : '';
  if (!message) errors.push({ path: ['message'], message: '请写明需要当事人补充的材料或信息' });
  else if (message.length > 1000) errors.push({ path: ['message'], message: '说明不超过1000字' });
  const replyBy = typeof input?.replyBy === 'string' ? input.replyBy.trim() : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(replyBy) || Number.isNaN(Date.parse(`${replyBy}T00:00:00+08:00`)))
    errors.push({ path: ['replyBy'], message: '请填写答复期限（日期）' });
  else if (replyBy < shanghaiDate(now)) errors.push({ path: ['replyBy'], message: '答复期限不能早于今天' });
  return errors.length ? { ok: false, errors } : { ok: true, value: { message, replyBy } };
}

/** The attachment of a reply: PDF, JPEG or PNG (by its first bytes, not its name), at most this size. */
export const REPLY_FILE_MAX_BYTES = 10 * 1024 * 1024;
export function sniffReplyFile(head: Buffer): { mime: string; ext: string } | null {
  // The attachments module's sniffer, without WebP (the reply form offers PDF, JPG and PNG).
  const k = sniff(head);
  return k && k.mime !== 'image/webp' ? { mime: k.mime, ext: k.ext } : null;
}

/** The person's reply: text (required, ≤ 2000 characters). */
export function checkInfoReply(input: any): { ok: true; value: { text: string } } | { ok: false; errors: Problem[] } {
  const text = typeof input?.text === 'string' ? input.text.trim() : '';
  if (!text) return { ok: false, errors: [{ path: ['text'], message: '请填写答复内容' }] };
  if (text.length > 2000) return { ok: false, errors: [{ path: ['text'], message: '答复不超过2000字' }] };
  return { ok: true, value: { text } };
}
