import type { DocumentInputs } from '../index';
import { shanghaiYear, personFromIdNumber, REPRESENTATIVE_TITLES, AGENT_AUTHORITY_LABELS, CONSENT_WAY_LABELS } from '@fangtiao/kernel/pure';
import type { Person } from '../templates/common';

/** Builds the template inputs for the documents issued on a petition from what the case records. */

const ROLE_NAMES = ['甲方', '乙方', '丙方', '丁方', '戊方', '己方', '庚方', '辛方'];

const kindOf = (p: any) => p.kind ?? 'person';

/** One party's own line: a person with sex and birth date read from the ID number, an organisation with its code and signatory. */
function person(p: any): Person {
  if (kindOf(p) === 'organisation') {
    const title = (REPRESENTATIVE_TITLES as Record<string, string>)[p.organisationType] ?? '法定代表人';
    return {
      kind: 'organisation',
      name: p.name,
      creditCode: p.creditCode ?? undefined,
      address: p.address ?? undefined,
      phone: p.phone ?? undefined,
      representative: p.representativeName ? { title, name: p.representativeName } : undefined,
    };
  }
  if (kindOf(p) === 'group') return { kind: 'group', name: p.name, headcount: p.headcount ?? undefined, address: p.address ?? undefined };
  const derived = personFromIdNumber(p.idNumber);
  return {
    name: p.name,
    sex: derived?.sex,
    ethnicity: p.ethnicity ?? undefined,
    birthDate: derived?.birthDate,
    idNumber: p.idNumber ?? undefined,
    address: p.address ?? undefined,
    phone: p.phone ?? undefined,
  };
}

/**
 * The parties as the documents print them: each principal party (a person, an organisation,
 * a group) with its agents, and a group with its representatives and other members — who
 * are listed under it, not as parties of their own.
 */
export function principalParties(parties: any[]): Person[] {
  const hasGroup = parties.some((x) => kindOf(x) === 'group');
  const member = (x: any) => hasGroup && kindOf(x) === 'person' && x.role !== 'respondent';
  const out: Array<{ index: number; party: Person }> = [];
  parties.forEach((x, index) => {
    if (kindOf(x) === 'agent' || member(x)) return;
    const party = person(x);
    if (x.mediationConsent && x.consentAt)
      party.consent = { way: (CONSENT_WAY_LABELS as Record<string, string>)[x.consentWay] ?? '', at: x.consentAt };
    if (kindOf(x) === 'group') {
      party.representatives = parties.filter((m) => member(m) && m.isRepresentative).map(person);
      party.members = parties.filter((m) => member(m) && !m.isRepresentative).map((m) => m.name);
    }
    out.push({ index, party });
  });
  parties.forEach((x) => {
    if (kindOf(x) !== 'agent') return;
    const principal =
      out.find((o) => o.index === x.agentFor) ?? (member(parties[x.agentFor]) ? out.find((o) => o.party.kind === 'group') : undefined);
    if (!principal) return;
    const authority = (AGENT_AUTHORITY_LABELS as Record<string, string>)[x.agentAuthority] ?? '';
    (principal.party.agents ??= []).push({
      ...person(x),
      authority: x.agentAuthorityScope ? `${authority}（${x.agentAuthorityScope}）` : authority,
    });
  });
  return out.map((o) => o.party);
}

/** 〔year〕 is the Shanghai year of issue: from 16:00 UTC on New Year's Eve it is already next year. */
export function agreementNumber(p: any, issuedAt: Date): string {
  const seq =
    String(p.referenceNo ?? '')
      .split('-')
      .pop() ?? '';
  return `〔${shanghaiYear(issuedAt)}〕调字第${seq}号`;
}

export function mediationAgreementInput(p: any, issuedAt: Date): DocumentInputs['mediation-agreement'] {
  const o = p.outcome ?? {};
  const terms = Array.isArray(o.terms) && o.terms.length ? o.terms : [{ what: o.agreedTerms }];
  return {
    agreementNumber: agreementNumber(p, issuedAt),
    committeeName: p.committee?.name,
    parties: principalParties(p.parties ?? []).map((x, i) => ({ ...x, role: ROLE_NAMES[i] })),
    facts: o.facts || p.history || p.demands || p.subject,
    disputedMatters: o.disputes || p.demands || p.subject,
    responsibilities: o.responsibilities || '经调解，各方当事人对各自应承担的责任予以确认。',
    terms: terms.map((t: any) => ({ what: t.what, how: t.how, where: t.where, byWhen: t.byWhen, obligor: t.obligor })),
    mediators: [p.mediator?.fullName || p.mediator?.username].filter(Boolean),
    date: o.at ?? issuedAt,
  };
}

export function pledgeInput(p: any, agreement: { number: string; date: Date }): DocumentInputs['no-further-petition-pledge'] {
  const raw = p.parties ?? [];
  const principals = principalParties(raw);
  const petitionerAt = raw
    .filter((x: any) => x.role === 'petitioner' && principals.some((q) => q.name === x.name))
    .map((x: any) => x.name)[0];
  const petitioner = principals.find((q) => q.name === petitionerAt) ?? principals[0] ?? { name: '' };
  return {
    petitioner,
    matter: p.subject,
    petitionReference: p.referenceNo,
    agreement: { number: agreement.number, date: agreement.date, committeeName: p.committee?.name },
    statement: '本人对上述信访事项经人民调解达成的协议内容予以认可，承诺按协议履行，息诉罢访，不再就同一事项重复信访。',
  };
}
