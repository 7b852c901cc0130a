/** Mainland mobile numbers (1[3-9]x, 11 digits) and landlines with area code (0xx-xxxxxxx). */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function normalisePhone(value: string): string {
  return value.replace(/[\s()]/g, '').replace(/^\+?86/, '');
}

export function isValidPhone(value: string): boolean {
  const v = normalisePhone(value);
  return MOBILE.test(v) || LANDLINE.test(v);
}

export const PHONE_MESSAGE = '电话号码格式不正确（手机11位，或带区号的固定电话）';
