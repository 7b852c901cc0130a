/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character set (digits and capitals without I, O, Z, S, V) — registration authority,
 * organisation type, the 6-digit administrative division, the 9-character organisation code —
 * and a check character: 31 − (Σ value × weight mod 31), 31 written as 0. Pure.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const FORMAT = /^[1-9A-HJ-NPQRTUWXY][1-9A-HJ-NPQRTUWXY]\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type CreditCodeProblem = 'format' | 'checksum';

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Why the code is invalid, or null. */
export function creditCodeProblem(value: string): CreditCodeProblem | null {
  const v = value.trim().toUpperCase();
  if (!FORMAT.test(v)) return 'format';
  return creditCodeCheckChar(v.slice(0, 17)) === v[17] ? null : 'checksum';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  format: '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）',
  checksum: '统一社会信用代码校验位不正确',
};
