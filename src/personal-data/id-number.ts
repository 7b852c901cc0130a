/**
 * Chinese resident identity numbers (公民身份号码, GB 11643-1999): 17 digits and a
 * check character computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'format' | 'birth-date' | 'checksum';

export function checkCharOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Returns why the number is invalid, or null when it is a valid 18-character number. */
export function idNumberProblem(value: string): IdNumberProblem | null {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return 'birth-date';
  }
  return checkCharOf(v) === v[17] ? null : 'checksum';
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号码应为18位，前17位为数字，末位为数字或X',
  'birth-date': '身份证号码中的出生日期无效',
  checksum: '身份证号码校验位不正确',
};

export function isValidIdNumber(value: string): boolean {
  return idNumberProblem(value) === null;
}
