/** Module parties/: party kinds and the unified social credit code (pure, used by the desk and documents). Imports: personal-data/ pure helpers only. */
import { idNumberProblem } from '../personal-data/id-number';

/**
 * Parties as the law sees them (pure; the desk and the documents use it too):
 * - a natural person (自然人): name, ID number — sex and birth date are read from it, never
 *   stored beside the encrypted number —, ethnicity (民族), address, phone;
 * - a legal person or other organisation (法人、非法人组织): name, unified social credit
 *   code, and its 法定代表人 (legal person) or 负责人 (other organisation);
 * - an agent (委托代理人) acting for another party, with the authority given;
 * - a group (集体访): the people as one party with its headcount; its persons are listed as
 *   natural persons, up to 5 of them its elected representatives (信访工作条例 art. 18).
 */
export const PARTY_KINDS = ['person', 'organisation', 'agent', 'group'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const PARTY_KIND_LABELS: Record<PartyKind, string> = {
  person: '自然人',
  organisation: '法人或其他组织',
  agent: '委托代理人',
  group: '集体（多人）',
};

export const ORGANISATION_TYPES = ['legal_person', 'other_organisation'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = { legal_person: '法人', other_organisation: '非法人组织' };
/** Who signs for an organisation: a legal person's 法定代表人, another organisation's 负责人. */
export const REPRESENTATIVE_TITLES: Record<OrganisationType, string> = { legal_person: '法定代表人', other_organisation: '负责人' };

export const AGENT_AUTHORITIES = ['general', 'special'] as const;
export type AgentAuthority = (typeof AGENT_AUTHORITIES)[number];
export const AGENT_AUTHORITY_LABELS: Record<AgentAuthority, string> = { general: '一般授权', special: '特别授权' };

export const CONSENT_WAYS = ['written', 'oral'] as const;
export const CONSENT_WAY_LABELS: Record<(typeof CONSENT_WAYS)[number], string> = { written: '书面', oral: '口头' };

/** 信访工作条例 art. 18: a group visit elects representatives, no more than five. */
export const MAX_REPRESENTATIVES = 5;

/** The 56 ethnic groups (GB 3304), as printed on documents (…族). */
export const ETHNIC_GROUPS = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

/** Sex and birth date as a valid ID number states them (GB 11643: digits 7–14 the birth date, the 17th odd for men); null otherwise. */
export function personFromIdNumber(idNumber: string | null | undefined): { sex: '男' | '女'; birthDate: string } | null {
  const v = String(idNumber ?? '')
    .trim()
    .toUpperCase();
  if (!v || idNumberProblem(v)) return null;
  return { sex: Number(v[16]) % 2 === 1 ? '男' : '女', birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}` };
}
