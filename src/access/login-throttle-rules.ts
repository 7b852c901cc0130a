/**
 * The rules of login throttling, without Strapi (README "Sessions and sign-in").
 *
 * Failed attempts are counted per account and per client IP in fixed windows: a window opens at
 * the first failure and lasts `windowMs`; when it has passed, the next failure opens a new one.
 * While a key has `limit` failures in its open window, attempts on it are refused until the
 * window closes. Successful logins are not counted, and one clears the account's count.
 */
export interface ThrottleLimits {
  accountFailures: number;
  ipFailures: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { accountFailures: 5, ipFailures: 50, windowMs: 15 * 60_000 };

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

/** The limits from the environment, read at each attempt (so a test or an operator can change them). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ThrottleLimits {
  return {
    accountFailures: positive(env.FANGTIAO_LOGIN_ACCOUNT_FAILURES, DEFAULT_LIMITS.accountFailures),
    ipFailures: positive(env.FANGTIAO_LOGIN_IP_FAILURES, DEFAULT_LIMITS.ipFailures),
    windowMs: positive(env.FANGTIAO_LOGIN_WINDOW_MINUTES, DEFAULT_LIMITS.windowMs / 60_000) * 60_000,
  };
}

export interface Counter {
  failures: number;
  windowStart: number;
}

/**
 * Seconds until a key may try again, or 0 when it may now. `failures` counts this attempt
 * when it was reserved before trying (see the service), hence the strict comparison.
 */
export function retryAfterSeconds(counter: Counter | null, limit: number, windowMs: number, now: number, reserved = false): number {
  if (!counter) return 0;
  const closesAt = counter.windowStart + windowMs;
  if (closesAt <= now) return 0;
  const over = reserved ? counter.failures > limit : counter.failures >= limit;
  return over ? Math.max(1, Math.ceil((closesAt - now) / 1000)) : 0;
}

/** The refusal shown to the person at the login form. */
export function lockedMessage(kind: 'account' | 'ip', seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return kind === 'account'
    ? `该账号登录失败次数过多，已暂时锁定，请 ${minutes} 分钟后再试`
    : `本机登录失败次数过多，请 ${minutes} 分钟后再试`;
}
