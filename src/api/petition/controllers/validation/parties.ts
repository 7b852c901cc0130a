import { ID_NUMBER_MESSAGES, idNumberProblem } from '../../../../personal-data/id-number';
import { isValidPhone, PHONE_MESSAGE, normalisePhone } from '../../../../personal-data/phone';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../../../../parties/credit-code';
import {
  AGENT_AUTHORITIES,
  CONSENT_WAYS,
  ETHNIC_GROUPS,
  MAX_REPRESENTATIVES,
  ORGANISATION_TYPES,
  PARTY_KINDS,
  REPRESENTATIVE_TITLES,
  type OrganisationType,
  type PartyKind,
} from '../../../../parties/kinds';

export type FieldError = { path: (string | number)[]; message: string };

export type PartyInput = {
  kind?: PartyKind | null;
  role?: string;
  name?: string;
  idNumber?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
  address?: string | null;
  headcount?: number | null;
  isRepresentative?: boolean | null;
  organisationType?: OrganisationType | null;
  creditCode?: string | null;
  representativeName?: string | null;
  agentFor?: number | null;
  agentAuthority?: string | null;
  agentAuthorityScope?: string | null;
  mediationConsent?: boolean | null;
  consentWay?: string | null;
  consentAt?: Date | string | null;
};

/** The fields each kind carries; the others are cleared when a party is saved. */
const KIND_FIELDS: Record<PartyKind, (keyof PartyInput)[]> = {
  person: ['idNumber', 'phone', 'ethnicity', 'address', 'isRepresentative'],
  organisation: ['phone', 'address', 'organisationType', 'creditCode', 'representativeName'],
  agent: ['idNumber', 'phone', 'ethnicity', 'address', 'agentFor', 'agentAuthority', 'agentAuthorityScope'],
  group: ['address', 'headcount'],
};
const KIND_ONLY: (keyof PartyInput)[] = [...new Set(Object.values(KIND_FIELDS).flat())];
const kindOf = (p: PartyInput): PartyKind => (p.kind ?? 'person') as PartyKind;
const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Checks the parties of a petition; returns every problem with its path (parties.0.idNumber …). */
export function checkParties(parties: unknown, required: boolean): FieldError[] {
  if (parties === undefined) return required ? [{ path: ['parties'], message: '至少需要一名信访人' }] : [];
  if (!Array.isArray(parties) || (required && parties.length === 0)) {
    return [{ path: ['parties'], message: '至少需要一名信访人' }];
  }
  const errors: FieldError[] = [];
  const at = (i: number, field: string, message: string) => errors.push({ path: ['parties', i, field], message });
  const list = parties as PartyInput[];
  const hasGroup = list.some((p) => p && p.kind === 'group');
  list.forEach((p, i) => {
    if (!p || typeof p !== 'object') {
      errors.push({ path: ['parties', i], message: '当事人格式不正确' });
      return;
    }
    const kind = kindOf(p);
    if (!PARTY_KINDS.includes(kind)) return at(i, 'kind', '当事人类型应为自然人、法人或其他组织、委托代理人或集体');
    if (!p.name || !String(p.name).trim()) at(i, 'name', '姓名（名称）必填');
    if (given(p.idNumber) && KIND_FIELDS[kind].includes('idNumber')) {
      const problem = idNumberProblem(String(p.idNumber));
      if (problem) at(i, 'idNumber', ID_NUMBER_MESSAGES[problem]);
    }
    if (given(p.idNumber) && !KIND_FIELDS[kind].includes('idNumber')) at(i, 'idNumber', '只有自然人和委托代理人填写身份证号码');
    if (given(p.phone) && !isValidPhone(String(p.phone))) at(i, 'phone', PHONE_MESSAGE);
    if (given(p.ethnicity) && !(ETHNIC_GROUPS as readonly string[]).includes(String(p.ethnicity)))
      at(i, 'ethnicity', '民族应为56个民族之一（如“汉族”）');
    if (kind === 'group' && !(Number.isInteger(p.headcount) && Number(p.headcount) >= 2)) at(i, 'headcount', '集体访须填写人数（至少2人）');
    if (kind === 'organisation') {
      const type = p.organisationType as OrganisationType;
      if (!ORGANISATION_TYPES.includes(type)) at(i, 'organisationType', '请选择法人或非法人组织');
      if (given(p.creditCode)) {
        const problem = creditCodeProblem(String(p.creditCode));
        if (problem) at(i, 'creditCode', CREDIT_CODE_MESSAGES[problem]);
      } else if (type === 'legal_person') at(i, 'creditCode', '法人须填写统一社会信用代码');
      if (!given(p.representativeName)) at(i, 'representativeName', `${REPRESENTATIVE_TITLES[type] ?? '法定代表人或负责人'}必填`);
    }
    if (kind === 'agent') {
      const principal = Number.isInteger(p.agentFor) ? list[Number(p.agentFor)] : undefined;
      if (!principal || p.agentFor === i || kindOf(principal) === 'agent')
        at(i, 'agentFor', '请指明被代理的当事人（不能是代理人本人或另一代理人）');
      if (!AGENT_AUTHORITIES.includes(p.agentAuthority as any)) at(i, 'agentAuthority', '代理权限应为一般授权或特别授权');
      if (p.agentAuthority === 'special' && !given(p.agentAuthorityScope))
        at(i, 'agentAuthorityScope', '特别授权须写明授权事项（如代为达成调解协议）');
    }
    if (p.isRepresentative && (kind !== 'person' || !hasGroup || p.role === 'respondent'))
      at(i, 'isRepresentative', '只有集体访中的信访人（自然人）可以推选为代表');
    if (p.mediationConsent !== undefined && p.mediationConsent !== null && typeof p.mediationConsent !== 'boolean')
      at(i, 'mediationConsent', '应为 true 或 false');
    if (p.mediationConsent === true && kind === 'agent') at(i, 'mediationConsent', '自愿调解由当事人本人表示，记在被代理的当事人名下');
    if (p.mediationConsent === true && !CONSENT_WAYS.includes(p.consentWay as any)) at(i, 'consentWay', '请选择书面或口头同意');
  });
  const representatives = list.filter((p) => p && p.isRepresentative).length;
  if (representatives > MAX_REPRESENTATIVES)
    errors.push({ path: ['parties'], message: `集体访推选的代表不超过${MAX_REPRESENTATIVES}人（信访工作条例第十八条）` });
  if (hasGroup) {
    const members = list.filter((p) => p && kindOf(p) === 'person' && p.role !== 'respondent').length;
    list.forEach((p, i) => {
      if (p && p.kind === 'group' && Number.isInteger(p.headcount) && Number(p.headcount) < members)
        at(i, 'headcount', `人数不能少于列出的信访人（${members}人）`);
    });
  }
  return errors;
}

/** The consent stamp kept across an edit: the same party (same place, same name) keeps when it consented. */
function consentStamp(
  p: PartyInput,
  before: PartyInput | undefined,
  now: Date,
): Pick<PartyInput, 'mediationConsent' | 'consentWay' | 'consentAt'> {
  if (!p.mediationConsent || kindOf(p) === 'agent') return { mediationConsent: false, consentWay: null, consentAt: null };
  const same = before && before.name === p.name && before.mediationConsent && before.consentWay === p.consentWay;
  return { mediationConsent: true, consentWay: p.consentWay, consentAt: same ? before!.consentAt : now };
}

/**
 * Normalised copies: upper-case X in ID numbers and credit codes, bare digits in phone
 * numbers, only the fields of each party's kind, and when each consented to mediation.
 */
export function normaliseParties(parties: PartyInput[], before: PartyInput[] = [], now = new Date()): PartyInput[] {
  return parties.map((p, i) => {
    const kind = kindOf(p);
    const out: PartyInput = { ...p, kind };
    for (const f of KIND_ONLY) if (!KIND_FIELDS[kind].includes(f)) (out as any)[f] = null;
    out.isRepresentative = !!out.isRepresentative;
    if (out.idNumber) out.idNumber = String(out.idNumber).trim().toUpperCase();
    if (out.phone) out.phone = normalisePhone(String(out.phone));
    if (out.creditCode) out.creditCode = String(out.creditCode).trim().toUpperCase();
    return { ...out, ...consentStamp(p, before[i], now) };
  });
}

/** The parties whose own consent a diversion needs: all but agents and the group's members who are not its representatives (the group consents through them). */
export function partiesWithoutConsent(parties: PartyInput[]): PartyInput[] {
  const hasGroup = parties.some((p) => p.kind === 'group');
  return parties.filter((p) => {
    const kind = kindOf(p);
    if (kind === 'agent') return false;
    if (hasGroup && kind === 'person' && p.role !== 'respondent' && !p.isRepresentative) return false;
    return !p.mediationConsent;
  });
}
