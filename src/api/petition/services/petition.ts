import { factories, type Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../../constants';
import { requestCtx, type Caller } from '../../../jurisdiction/current';
import { noteRegistered } from '../../../personal-data/disclosure';
import { scopeFilter } from '../../../jurisdiction/scope';
import { nextInSequence } from '../../../database/sequence';
import { acceptanceDue, currentDue, isBacklog, shanghaiDate } from '../../../case-flow/deadlines';
import { fiveClarity } from '../../../case-flow/five-clarity';
import { CHANNELS } from '../../../case-flow/channels';
import { validateFormData } from '../../../case-types/form-schema';
import { checkParties, normaliseParties, type PartyInput } from '../controllers/validation/parties';
import { throwIfInvalid, type FieldError } from '../../../validation';
import { hashOf } from '../../../personal-data/at-rest';
import { latestSameMatter } from './same-matter';
import { CONSENT_WAYS } from '../../../parties/kinds';
import { asSystem } from '../../../jurisdiction/query-scope';
import { createInScope } from '../../../jurisdiction/create-in-scope';
import { listPagination, type ListRead } from './petition-list';
import { countedTotal } from '../../../database/petition-counts';

/** Fields a clerk writes when registering or editing a petition; everything else is derived. */
export const EDITABLE = ['channel', 'subject', 'demands', 'history', 'handlingNotes', 'parties', 'isDifficult'] as const;

type Input = Record<string, any>;

function checkDetails(input: Input, creating: boolean): FieldError[] {
  const problems: FieldError[] = [];
  if (creating || 'channel' in input) {
    if (!(CHANNELS as string[]).includes(input.channel))
      problems.push({ path: ['channel'], message: '信访渠道必选（来信、来访、网上、电话、12345热线）' });
  }
  if (creating || 'subject' in input) {
    if (typeof input.subject !== 'string' || !input.subject.trim()) problems.push({ path: ['subject'], message: '事项摘要必填' });
    else if (input.subject.length > 200) problems.push({ path: ['subject'], message: '事项摘要不超过200字' });
  }
  problems.push(...checkParties(input.parties, creating));
  return problems;
}

/** Derived state kept on the row so lists can filter and sort on it: deadline, backlog, five clarities. */
export function derive(p: Input, now = new Date()) {
  const clarity = fiveClarity({
    parties: p.parties,
    demands: p.demands,
    history: p.history,
    visits: p.visitCount,
    handlingNotes: p.handlingNotes,
    state: p.state,
    unit: p.organisation,
  });
  const dueAt = currentDue(p as any);
  return {
    dueAt,
    isBacklog: isBacklog({ ...(p as any), visitsAfterConclusion: p.visitsAfterConclusion ?? 0 }, now) || !!p.isBacklog,
    fiveClarityScore: clarity.score,
    fiveClarityMissing: clarity.missing,
  };
}

const methods = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * A page of petitions and their total, read in one transaction: the total belongs to the
   * same snapshot as the page, and the document service, which wraps each read in its own
   * transaction unless one is open, opens one instead of two for a list request.
   */
  async find(params: Input = {}): Promise<{ results: any[]; pagination: Record<string, number> }> {
    return strapi.db.transaction(() => super.find(params));
  },

  /**
   * A page of the list's common shape (petition-list.ts) with `select`'s fields, and its total,
   * read by the query engine in one transaction; the jurisdiction hook scopes both statements.
   */
  async findPlain(read: ListRead, select: readonly string[]): Promise<{ results: Input[]; pagination: Record<string, number> }> {
    return strapi.db.transaction(async () => {
      const q = strapi.db.query(UID.petition);
      const populate = read.organisation ? { organisation: { select: ['id', 'documentId', ...read.organisation] } } : undefined;
      const results = await q.findMany({
        select: ['id', 'documentId', ...select],
        where: read.where,
        orderBy: read.orderBy,
        offset: read.start,
        limit: read.limit,
        populate,
      });
      // The total of a list filtered by state alone is read from the counts the database keeps.
      const total = (await countedTotal(strapi, read.where)) ?? (await q.count({ where: read.where }));
      return { results, pagination: listPagination(read, total) };
    });
  },

  /**
   * Registers a petition and issues the person's query code for the petitioner's page (/p/), in
   * one transaction: a petition never exists without its code. The code is returned once, to be
   * handed over with the reference number; only its hash is kept.
   */
  async registerWithQueryCode(input: Input, caller: Caller, opts: { onlyFields?: string[] } = {}) {
    return strapi.db.transaction(async () => {
      const petition = await this.register(input, caller, opts);
      const queryCode: string = await strapi.plugin('fangtiao').service('public-auth').issueQueryCode(petition.id);
      return { petition, queryCode };
    });
  },

  /**
   * Registers a petition (登记): numbered per county and year, with its acceptance deadline.
   * `onlyFields`: the form is checked against these fields of the case type only — the public
   * part a person fills online (the clerk completes the rest at the desk).
   */
  async register(input: Input, caller: Caller, opts: { onlyFields?: string[] } = {}) {
    const data: Input = {};
    for (const k of EDITABLE) if (k in input) data[k] = input[k];
    const problems = checkDetails(data, true);

    const orgRef = input.organisation ?? caller.jurisdiction!.organisationDocumentId;
    const org = await strapi.db.query(UID.organisation).findOne({
      where: { documentId: String(orgRef), ...scopeFilter(caller.jurisdiction!) },
      select: ['id', 'documentId', 'code', 'level', 'name', 'cityCode', 'countyCode'],
    });
    if (!org) problems.push({ path: ['organisation'], message: '责任单位不存在或不在管辖范围内' });

    let caseType: any = null;
    if (input.caseType) {
      caseType = await strapi
        .service(UID.caseType)
        .schemaVersion(String(input.caseType))
        .catch(() => null);
      if (!caseType) problems.push({ path: ['caseType'], message: '案件类型不存在' });
      else {
        const schema = opts.onlyFields
          ? { ...caseType.formSchema, fields: (caseType.formSchema?.fields ?? []).filter((f: any) => opts.onlyFields!.includes(f.key)) }
          : caseType.formSchema;
        const { errors: formErrors, clean } = validateFormData(schema, input.formData ?? {});
        problems.push(...formErrors.map((e: any) => ({ path: ['formData', e.field], message: e.message })));
        data.formData = clean;
      }
    }
    throwIfInvalid(problems);

    data.parties = normaliseParties(data.parties as PartyInput[]);
    const now = new Date();
    return strapi.db.transaction(async () => {
      const prefix = org!.countyCode ?? org!.cityCode ?? org!.code;
      const year = Number(shanghaiDate(now).slice(0, 4));
      const seq = await nextInSequence(strapi, prefix, year);
      const row = {
        ...data,
        referenceNo: `${prefix}-${year}-${String(seq).padStart(6, '0')}`,
        state: 'registered',
        registeredAt: now,
        acceptanceDueAt: acceptanceDue(now, caseType?.type?.deadlines ?? undefined),
        // Numeric ids: the document service then needs no documentId → id look-ups.
        organisation: org!.id,
        caseType: caseType?.type.id ?? null,
        caseTypeVersion: caseType?.version ?? null,
        // The registering clerk handles the case until it is reassigned; who registered it
        // stays in the audit log (the create entry). An online petition has no clerk yet.
        assignedClerk: caller.id ?? null,
        isDifficult: !!data.isDifficult,
        // A 来访 registration is the person's first visit (recorded below, in this transaction).
        visitCount: data.channel === 'visit' ? 1 : 0,
      };
      // A repeat within the office's own county is one (isRepeat); one elsewhere is only
      // linked, for the city that has both in scope: the registering clerk learns nothing of it.
      const matter = [data.parties as PartyInput[], caseType?.type?.id ?? null, String(data.subject)] as const;
      // Repeat detection looks past the caller's scope (the county's, then the city's): the
      // caller learns only isRepeat, within its county.
      const [local, earlier] = await asSystem('repeat detection across the county and the city', async () => {
        const inCounty = org!.countyCode ? await this.sameMatter(...matter, { countyCode: org!.countyCode }) : null;
        return [inCounty, inCounty ?? (await this.sameMatter(...matter))] as const;
      });
      if (earlier) Object.assign(row, { isRepeat: !!local, repeatOf: earlier.id });
      Object.assign(row, derive({ ...row, organisation: org }, now));
      // Below the document service (jurisdiction/create-in-scope): every value is built and checked
      // above, and the kernel's create still checks limits and types, stamps the organisation's
      // scope, audits and emits entry.create. A repeat link may point outside the caller's scope
      // (the city sees both): the link is written as it is, not read.
      const petition = await createInScope(strapi, UID.petition, row);
      // The response to this request is masked knowing whom it made the handler (no read-back).
      noteRegistered(requestCtx(strapi), petition.documentId, caller.id ?? null, caseType?.formSchema);
      if (data.channel === 'visit') await this.recordIntakeVisit(petition, org!.level, now, caller, data.parties as PartyInput[]);
      return petition;
    });
  },

  /**
   * The visit that registered a 来访 petition (no second entry at the desk). It is the first
   * petition itself (初访): never a repeat visit — a repeat matter is already linked through
   * `repeatOf`, and marking this visit too would start the new case's backlog at registration —
   * never 越级 (it reached the office that registers it), and not counted by the visit-count
   * warnings, which count visits after the first petition (`isIntake`).
   */
  async recordIntakeVisit(
    petition: Record<string, any> & { id: number | string; documentId: string },
    level: string,
    at: Date,
    caller: Caller,
    parties: PartyInput[] = [],
  ) {
    // A group visit (集体访) came with its headcount.
    const headcount = Math.max(1, ...parties.map((p: any) => (p.kind === 'group' && Number.isInteger(p.headcount) ? p.headcount : 1)));
    const data = {
      petition: petition.id,
      visitedAt: at,
      channel: 'visit',
      level,
      headcount,
      note: '登记来访',
      isRepeat: false,
      isLeapfrog: false,
      purpose: 'petition',
      isIntake: true,
      recordedBy: caller.id ?? null,
    };
    // Below the document service, in the registration's transaction: every value is the server's
    // own; the visit takes its scope from the petition just created (jurisdiction/create-in-scope).
    return createInScope(strapi, UID.visit, data);
  },

  /**
   * The latest earlier petition on the same matter by the same person (重复信访): a party
   * with the same ID number, and the same case type or the same subject; within `scope`
   * (scope columns) when given.
   */
  async sameMatter(parties: PartyInput[], caseTypeId: number | null, subject: string, scope: { countyCode?: string } = {}) {
    // ID numbers are stored encrypted: the match is on their keyed hash.
    const idNumberHashes = parties
      .map((p) => p.idNumber)
      .filter((v): v is string => !!v)
      .map((v) => hashOf('id-number', v));
    return latestSameMatter(strapi, { idNumberHashes, caseTypeId, subject }, scope.countyCode ?? null);
  },

  /** Who handles the case, by name (users are not readable by case roles, so populate can't show them). */
  async handlers(documentId: string) {
    const who = { select: ['id', 'username', 'fullName'] };
    const p = await strapi.db.query(UID.petition).findOne({
      where: { documentId },
      select: ['id'],
      populate: { assignedClerk: who, mediator: who, leader: who },
    });
    return { assignedClerk: p?.assignedClerk ?? null, mediator: p?.mediator ?? null, leader: p?.leader ?? null };
  },

  /** Edits the record's details (not its state, deadlines or assignments: those move through the flow). */
  async editDetails(documentId: string, input: Input) {
    const data: Input = {};
    for (const k of EDITABLE) if (k in input) data[k] = input[k];
    throwIfInvalid(checkDetails(data, false));
    return strapi.db.transaction(async () => {
      const current = await strapi.documents(UID.petition).findOne({ documentId, populate: ['parties', 'organisation'] as any });
      if (!current) throw new errors.NotFoundError('信访事项不存在');
      // A party who already consented to mediation keeps when it did.
      if (data.parties) data.parties = normaliseParties(data.parties, (current as any).parties ?? []);
      const merged = { ...current, ...data };
      return strapi.documents(UID.petition).update({
        documentId,
        data: { ...data, ...derive(merged) } as any,
        populate: ['parties', 'organisation'] as any,
      });
    });
  },

  /** Records that a party consents to people's mediation (自愿调解), in writing or orally; a diversion needs every party's. */
  async recordConsent(documentId: string, input: Input) {
    const index = Number(input.party);
    const problems: FieldError[] = [];
    if (!(CONSENT_WAYS as readonly string[]).includes(input.way)) problems.push({ path: ['way'], message: '请选择书面或口头同意' });
    return strapi.db.transaction(async () => {
      const current: any = await strapi.documents(UID.petition).findOne({ documentId, populate: ['parties'] as any });
      if (!current) throw new errors.NotFoundError('信访事项不存在');
      const parties: PartyInput[] = current.parties ?? [];
      const party = Number.isInteger(index) ? parties[index] : undefined;
      if (!party) problems.push({ path: ['party'], message: '当事人不存在' });
      else if (party.kind === 'agent') problems.push({ path: ['party'], message: '自愿调解由当事人本人表示，记在被代理的当事人名下' });
      throwIfInvalid(problems);
      const next = parties.map((p, i) =>
        i === index ? { ...p, mediationConsent: true, consentWay: input.way, consentAt: new Date() } : p,
      );
      return strapi.documents(UID.petition).update({ documentId, data: { parties: next } as any, populate: ['parties'] as any });
    });
  },
});

export type PetitionService = ReturnType<typeof methods> & Record<string, any>;

export default factories.createCoreService('api::petition.petition', methods);
