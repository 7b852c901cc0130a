/**
 * What a proposal rests on, checked against the records in the jurisdiction (resolveProposal),
 * and the hints that grounds MAY exist on a case (hints). The rules are ../proposal.ts, ../hints.ts.
 */
import type { Core } from '@strapi/strapi';
import { findInScope, throwIfInvalid, conflict, type FieldError } from '@fangtiao/kernel';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';
import { HINT_NOTICE, creditHints, proposalRefusal, type EvidenceRef } from '../rules';
import { DOC, GROUND, VISIT, type Input } from './common';

/** Checks that every reference of a proposal exists inside the jurisdiction and fits. */
export async function resolveProposal(strapi: Core.Strapi, set: Input) {
  const problems: FieldError[] = [];
  const ground = await strapi.db.query(GROUND).findOne({
    where: { $or: [{ code: set.ground }, { documentId: set.ground }], active: true },
    select: ['id', 'documentId', 'code', 'name', 'basisKind'],
  });
  if (!ground) problems.push({ path: ['ground'], message: '失信情形不存在或已停用' });
  const petition: any = await strapi.documents(UID.petition).findOne({
    documentId: set.petition,
    populate: { parties: true, organisation: { fields: ['name', 'code'] } },
  });
  if (!petition) {
    problems.push({ path: ['petition'], message: '信访事项不存在或不在管辖范围内' });
    throwIfInvalid(problems);
  }
  // signedAt is set by an attached signed scan (documents module) or a recorded signature.
  const basis: any = await strapi
    .documents(DOC)
    .findOne({ documentId: set.basisDocument, populate: { petition: { fields: ['documentId'] } } });
  if (!basis || basis.petition?.documentId !== petition.documentId) {
    problems.push({ path: ['basisDocument'], message: '所依据的文书不存在，或不属于本信访事项' });
  } else if (ground && basis.kind !== ground.basisKind) {
    problems.push({
      path: ['basisDocument'],
      message: `该失信情形须以${ground.basisKind === 'mediation-agreement' ? '人民调解协议书' : '息访承诺书'}为依据`,
    });
  }
  const ids = (type: EvidenceRef['type']) => (set.evidence as EvidenceRef[]).filter((e) => e.type === type).map((e) => e.id);
  const found = new Set<string>();
  const docIds = ids('document');
  if (docIds.length) {
    const docs = await strapi
      .documents(DOC)
      .findMany({ filters: { documentId: { $in: docIds }, petition: { documentId: petition.documentId } }, fields: ['documentId'] });
    for (const d of docs) found.add(`document:${d.documentId}`);
  }
  const visitIds = ids('visit');
  if (visitIds.length) {
    const visits = await strapi
      .documents(VISIT)
      .findMany({ filters: { documentId: { $in: visitIds }, petition: { documentId: petition.documentId } }, fields: ['documentId'] });
    for (const v of visits) found.add(`visit:${v.documentId}`);
  }
  (set.evidence as EvidenceRef[]).forEach((e, i) => {
    if (!found.has(`${e.type}:${e.id}`)) problems.push({ path: ['evidence', String(i)], message: '证据不存在，或不属于本信访事项' });
  });
  // The person must be a party to the case, with the ID number the case records (compared by value: it decrypts on read).
  const named = (petition.parties ?? []).filter((p: any) => String(p.name ?? '').trim() === set.personName);
  const party = named.find((p: any) => String(p.idNumber ?? '').toUpperCase() === set.idNumber) ?? named[0];
  if (!party) problems.push({ path: ['personName'], message: '当事人须为本信访事项的当事人' });
  else if (party.idNumber && String(party.idNumber).toUpperCase() !== set.idNumber) {
    problems.push({ path: ['idNumber'], message: '与案件登记的该当事人身份证号码不一致' });
  }
  throwIfInvalid(problems);
  const refusal = proposalRefusal(party, basis);
  if (refusal) throw conflict(refusal);
  return { ground, petition, basis };
}

/** Tells a clerk that grounds MAY exist on a case. It never creates a flag. */
export async function hints(strapi: Core.Strapi, petitionDocumentId: string) {
  const p: any = await findInScope(strapi, UID.petition, petitionDocumentId, { fields: ['outcome'] }, '信访事项不存在');
  const latest = (kind: string) =>
    strapi.db.query(DOC).findOne({
      where: { subjectKey: `petition:${petitionDocumentId}`, kind },
      orderBy: { version: 'desc' },
      select: ['documentId', 'issuedAt'],
    });
  const [agreement, pledge, visits, grounds, checks] = await Promise.all([
    latest('mediation-agreement'),
    latest('no-further-petition-pledge'),
    strapi.db.query(VISIT).findMany({
      where: { petition: { documentId: petitionDocumentId } },
      select: ['documentId', 'visitedAt', 'level', 'isLeapfrog', 'isRepeat'],
    }),
    strapi.db.query(GROUND).findMany({ where: { active: true }, select: ['documentId', 'code', 'name'] }),
    // The mediator's performance follow-ups (履行回访, performance module).
    getService(strapi, 'performance').recorded(petitionDocumentId),
  ]);
  const byCode = new Map(grounds.map((g) => [g.code, g]));
  const hints = creditHints({ agreement, pledge, terms: p.outcome?.terms ?? [], visits, checks, now: new Date() })
    .filter((h) => byCode.has(h.groundCode))
    .map((h) => ({ ...h, ground: byCode.get(h.groundCode)!.documentId, groundName: byCode.get(h.groundCode)!.name }));
  return { notice: HINT_NOTICE, hints };
}
