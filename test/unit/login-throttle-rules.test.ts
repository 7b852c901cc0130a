import { DEFAULT_LIMITS, limitsFromEnv, lockedMessage, retryAfterSeconds } from '../../src/access/login-throttle-rules';

const MIN = 60_000;
const now = Date.UTC(2026, 11, 4, 8, 30);

describe('limits', () => {
  test('default to 5 failures per account and 50 per IP in 15 minutes', () => {
    expect(limitsFromEnv({})).toEqual({ accountFailures: 5, ipFailures: 50, windowMs: 15 * MIN });
    expect(DEFAULT_LIMITS).toEqual(limitsFromEnv({}));
  });
  test('come from the environment; nonsense falls back to the default', () => {
    expect(
      limitsFromEnv({ FANGTIAO_LOGIN_ACCOUNT_FAILURES: '3', FANGTIAO_LOGIN_IP_FAILURES: '100', FANGTIAO_LOGIN_WINDOW_MINUTES: '30' }),
    ).toEqual({ accountFailures: 3, ipFailures: 100, windowMs: 30 * MIN });
    expect(
      limitsFromEnv({ FANGTIAO_LOGIN_ACCOUNT_FAILURES: '0', FANGTIAO_LOGIN_IP_FAILURES: 'many', FANGTIAO_LOGIN_WINDOW_MINUTES: '-1' }),
    ).toEqual(DEFAULT_LIMITS);
  });
});

describe('retryAfterSeconds', () => {
  test('an account with fewer failures than the limit may try', () => {
    expect(retryAfterSeconds(null, 5, 15 * MIN, now)).toBe(0);
    expect(retryAfterSeconds({ failures: 4, windowStart: now - MIN }, 5, 15 * MIN, now)).toBe(0);
  });
  test('at the limit it waits until the window that opened at the first failure closes', () => {
    expect(retryAfterSeconds({ failures: 5, windowStart: now - 5 * MIN }, 5, 15 * MIN, now)).toBe(600);
    expect(retryAfterSeconds({ failures: 5, windowStart: now - 15 * MIN }, 5, 15 * MIN, now)).toBe(0);
  });
  test('a reserved attempt (counted before trying) is refused only beyond the limit', () => {
    expect(retryAfterSeconds({ failures: 5, windowStart: now }, 5, 15 * MIN, now, true)).toBe(0);
    expect(retryAfterSeconds({ failures: 6, windowStart: now }, 5, 15 * MIN, now, true)).toBe(900);
  });
  test('never answers 0 while locked, however close the end', () => {
    expect(retryAfterSeconds({ failures: 5, windowStart: now - 15 * MIN + 10 }, 5, 15 * MIN, now)).toBe(1);
  });
});

test('the refusal says which lock and for how many minutes, rounded up', () => {
  expect(lockedMessage('account', 600)).toBe('该账号登录失败次数过多，已暂时锁定，请 10 分钟后再试');
  expect(lockedMessage('ip', 61)).toBe('本机登录失败次数过多，请 2 分钟后再试');
  expect(lockedMessage('ip', 1)).toBe('本机登录失败次数过多，请 1 分钟后再试');
});
