import { ID_NUMBER_MESSAGES, idNumberProblem } from '../../../../personal-data/id-number';
import { isValidPhone, PHONE_MESSAGE, normalisePhone } from '../../../../personal-data/phone';

export type FieldError = { path: (string | number)[]; message: string };

export type PartyInput = {
  kind?: 'person' | 'group' | 'organisation';
  role?: string;
  name?: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  headcount?: number | null;
};

/** Checks the parties of a petition; returns every problem with its path (parties.0.idNumber …). */
export function checkParties(parties: unknown, required: boolean): FieldError[] {
  if (parties === undefined) return required ? [{ path: ['parties'], message: '至少需要一名信访人' }] : [];
  if (!Array.isArray(parties) || (required && parties.length === 0)) {
    return [{ path: ['parties'], message: '至少需要一名信访人' }];
  }
  const errors: FieldError[] = [];
  parties.forEach((p: PartyInput, i: number) => {
    if (!p || typeof p !== 'object') {
      errors.push({ path: ['parties', i], message: '当事人格式不正确' });
      return;
    }
    if (!p.name || !String(p.name).trim()) errors.push({ path: ['parties', i, 'name'], message: '姓名（名称）必填' });
    if (p.idNumber) {
      const problem = idNumberProblem(String(p.idNumber));
      if (problem) errors.push({ path: ['parties', i, 'idNumber'], message: ID_NUMBER_MESSAGES[problem] });
    }
    if (p.phone && !isValidPhone(String(p.phone))) errors.push({ path: ['parties', i, 'phone'], message: PHONE_MESSAGE });
    if (p.kind === 'group' && !(Number.isInteger(p.headcount) && Number(p.headcount) >= 2)) {
      errors.push({ path: ['parties', i, 'headcount'], message: '集体访须填写人数（至少2人）' });
    }
  });
  return errors;
}

/** Normalised copies: upper-case X in ID numbers, bare digits in phone numbers. */
export function normaliseParties(parties: PartyInput[]): PartyInput[] {
  return parties.map((p) => ({
    ...p,
    idNumber: p.idNumber ? String(p.idNumber).trim().toUpperCase() : p.idNumber,
    phone: p.phone ? normalisePhone(String(p.phone)) : p.phone,
  }));
}
