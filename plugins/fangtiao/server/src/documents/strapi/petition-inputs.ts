import type { DocumentInputs } from '../index';
import { shanghaiYear } from '@fangtiao/kernel/pure';

/** Builds the template inputs for the documents issued on a petition from what the case records. */

const ROLE_NAMES = ['甲方', '乙方', '丙方', '丁方', '戊方', '己方', '庚方', '辛方'];

const person = (p: any) => ({ name: p.name, idNumber: p.idNumber ?? undefined, address: p.address ?? undefined, phone: p.phone ?? undefined });

/** 〔year〕 is the Shanghai year of issue: from 16:00 UTC on New Year's Eve it is already next year. */
export function agreementNumber(p: any, issuedAt: Date): string {
  const seq = String(p.referenceNo ?? '').split('-').pop() ?? '';
  return `〔${shanghaiYear(issuedAt)}〕调字第${seq}号`;
}

export function mediationAgreementInput(p: any, issuedAt: Date): DocumentInputs['mediation-agreement'] {
  const o = p.outcome ?? {};
  const terms = Array.isArray(o.terms) && o.terms.length ? o.terms : [{ what: o.agreedTerms }];
  return {
    agreementNumber: agreementNumber(p, issuedAt),
    committeeName: p.committee?.name,
    parties: (p.parties ?? []).map((x: any, i: number) => ({ ...person(x), role: ROLE_NAMES[i] })),
    facts: o.facts || p.history || p.demands || p.subject,
    disputedMatters: o.disputes || p.demands || p.subject,
    responsibilities: o.responsibilities || '经调解，各方当事人对各自应承担的责任予以确认。',
    terms: terms.map((t: any) => ({ what: t.what, how: t.how, where: t.where, byWhen: t.byWhen, obligor: t.obligor })),
    mediators: [p.mediator?.fullName || p.mediator?.username].filter(Boolean),
    date: o.at ?? issuedAt,
  };
}

export function pledgeInput(p: any, agreement: { number: string; date: Date }): DocumentInputs['no-further-petition-pledge'] {
  const petitioner = (p.parties ?? []).find((x: any) => x.role === 'petitioner') ?? p.parties?.[0] ?? { name: '' };
  return {
    petitioner: person(petitioner),
    matter: p.subject,
    petitionReference: p.referenceNo,
    agreement: { number: agreement.number, date: agreement.date, committeeName: p.committee?.name },
    statement: '本人对上述信访事项经人民调解达成的协议内容予以认可，承诺按协议履行，息诉罢访，不再就同一事项重复信访。',
  };
}
