/**
 * A clerk's proposal of a credit flag: its shape (planProposal) and what makes a well-formed
 * one unlawful (proposalRefusal). Pure; the service checks the references in the jurisdiction.
 */
import {
  ID_NUMBER_MESSAGES,
  idNumberProblem,
  isBlank,
  problemsRefusal,
  refusal as refuse,
  toDate,
  type DateInput,
  type Refusal,
} from '@fangtiao/kernel/pure';
import type { EvidenceRef } from '../../../shared/contracts/credit';

export type { EvidenceRef } from '../../../shared/contracts/credit';

export interface ProposalRequest {
  role: string;
  input?: Record<string, unknown> | null;
  now: DateInput;
}

export type ProposalPlan = {
  ok: true;
  set: {
    state: 'proposed';
    proposedAt: string;
    personName: string;
    idNumber: string;
    facts: string;
    ground: string;
    petition: string;
    basisDocument: string;
    evidence: EvidenceRef[];
  };
};

const refText = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * A clerk's proposal: who (name and a valid ID number), on which ground, for which case,
 * resting on which agreement or pledge, with which evidence and facts. Only the shape is
 * checked here; the service checks that each reference exists inside the jurisdiction.
 */
export function planProposal(req: ProposalRequest): ProposalPlan | Refusal {
  if (req.role !== 'clerk') return refuse(403, '只有信访干部可以提请信用记录');
  const input = req.input ?? {};
  const problems: { field: string; message: string }[] = [];
  const need = (key: string, label: string) => {
    const v = refText(input[key]);
    if (!v) problems.push({ field: key, message: `请填写${label}` });
    return v ?? '';
  };
  const personName = need('personName', '当事人姓名');
  let idNumber = '';
  if (isBlank(input.idNumber) || typeof input.idNumber !== 'string') {
    problems.push({ field: 'idNumber', message: '请填写当事人身份证号码' });
  } else {
    const p = idNumberProblem(input.idNumber);
    if (p) problems.push({ field: 'idNumber', message: ID_NUMBER_MESSAGES[p] });
    idNumber = input.idNumber.trim().toUpperCase();
  }
  const ground = need('ground', '失信情形');
  const petition = need('petition', '所涉信访事项');
  const basisDocument = need('basisDocument', '所依据的调解协议书或息访承诺书');
  const facts = need('facts', '失信事实');
  const evidence: EvidenceRef[] = [];
  if (!Array.isArray(input.evidence) || input.evidence.length === 0) {
    problems.push({ field: 'evidence', message: '请至少提供一项证据（文书或来访记录）' });
  } else {
    input.evidence.forEach((e: any, i: number) => {
      if (!e || (e.type !== 'document' && e.type !== 'visit') || !refText(e.id)) {
        problems.push({ field: `evidence.${i}`, message: '证据应为 { type: document | visit, id }' });
      } else if (!evidence.some((x) => x.type === e.type && x.id === e.id.trim())) {
        evidence.push({ type: e.type, id: e.id.trim() });
      }
    });
  }
  if (problems.length) return problemsRefusal(problems);
  return {
    ok: true,
    set: {
      state: 'proposed',
      proposedAt: toDate(req.now).toISOString(),
      personName,
      idNumber,
      facts,
      ground,
      petition,
      basisDocument,
      evidence,
    },
  };
}

/** The party named by a proposal, as the case records it. */
export interface ProposedParty {
  kind?: string | null;
  name?: string | null;
  idNumber?: string | null;
  headcount?: number | null;
}

/** The document a proposal rests on: its kind and whether the signed version is on record. */
export interface BasisFacts {
  kind?: string | null;
  title?: string | null;
  version?: number | null;
  signedAt?: DateInput | null;
  signedScan?: unknown;
}

/**
 * What makes a well-formed proposal unlawful (409), or null. A flag names exactly one natural
 * person identified individually with their own ID number — never a group or an organisation,
 * never "张建国等12户村民" under one ID. And it rests on what the person signed: an agreement
 * or pledge that was only issued binds no one, so the signed scan of that version (or a
 * recorded signature) must be on file.
 */
export function proposalRefusal(party: ProposedParty, basis: BasisFacts): string | null {
  if (party.kind === 'group' || party.kind === 'organisation' || (party.headcount ?? 1) > 1) {
    const what = party.kind === 'organisation' ? '单位' : '群体';
    return `“${party.name ?? ''}”为${what}当事人：失信记录只能针对以本人身份证号码逐一确认的自然人，不能针对${what}`;
  }
  if (!party.idNumber) return `案件未登记“${party.name ?? ''}”本人的身份证号码：须先核实并登记本人身份，才能提请失信记录`;
  if (!basis.signedAt && !basis.signedScan) {
    const what = basis.kind === 'no-further-petition-pledge' ? '息访承诺书' : '调解协议书';
    return `所依据的${what}（第${basis.version ?? '?'}版）没有当事人签署件：须先上传该版本的签署件，才能以其为依据提请失信记录`;
  }
  return null;
}
