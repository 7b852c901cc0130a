import type { Core } from '@strapi/strapi';
import { conflict, findInScope, forbidden, throwIfInvalid, type Caller } from '@fangtiao/kernel';
import { shanghaiDate, DAY_MS } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';
import { agreementNumber, principalParties } from '../../documents/strapi/petition-inputs';
import { termSubject } from '../../documents/templates/mediation-agreement';
import {
  applicationDeadline,
  courtName,
  filingProblems,
  reminderDue,
  rulingProblems,
  windowRefusal,
  RULING_OUTCOME_LABELS,
} from '../rules';
import { JUDICIAL_UID } from './schema';

const J = JUDICIAL_UID;
const FIELDS = ['documentId', 'effectiveAt', 'deadline', 'filedAt', 'court', 'caseNumber', 'ruledAt', 'outcome', 'note', 'remindersSent'];
const idOf = (u: any) => (u && typeof u === 'object' ? u.id : u) as number | undefined;
const effectiveOf = (p: any) => (p.outcome?.result === 'success' && p.outcome.at ? new Date(p.outcome.at) : null);

/**
 * Judicial confirmation of a mediated case: the joint application (PDF, through the documents
 * module), the filing and the ruling. Only the case's mediator and its handling clerk act.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async loadCase(petitionDocumentId: string, caller: Caller) {
    const p = await findInScope(
      strapi,
      UID.petition,
      petitionDocumentId,
      {
        populate: {
          parties: true,
          organisation: { fields: ['name'] },
          committee: { fields: ['name', 'courtName'] },
          mediator: { fields: ['username', 'fullName'] },
          assignedClerk: { fields: ['username'] },
        },
      },
      '信访事项不存在',
    );
    if (caller.id !== idOf(p.mediator) && caller.id !== idOf(p.assignedClerk))
      throw forbidden('只有本案的人民调解员或承办信访干部可以办理司法确认');
    if (!effectiveOf(p)) throw conflict('调解成功、调解协议生效后才能申请司法确认');
    return p;
  },

  async record(p: any) {
    return strapi.db.query(J).findOne({ where: { petition: { id: p.id } }, select: ['id', ...FIELDS] });
  },

  /** The record, created on first use with the agreement's dates. */
  async ensureRecord(p: any) {
    const found = await this.record(p);
    if (found) return found;
    const effectiveAt = effectiveOf(p)!;
    await strapi
      .documents(J)
      .create({ data: { petition: p.documentId, effectiveAt, deadline: applicationDeadline(effectiveAt), remindersSent: [] } });
    return this.record(p);
  },

  view(p: any, r: any, now = new Date()) {
    const effectiveAt = effectiveOf(p)!;
    const deadline = applicationDeadline(effectiveAt);
    const refusal = windowRefusal(effectiveAt, now);
    const { id, ...rest } = r ?? {};
    return {
      ...rest,
      effectiveAt,
      deadline,
      windowOpen: !refusal,
      windowRefusal: refusal,
      court: r?.court ?? courtName(p.committee?.courtName),
      outcomeLabel: r?.outcome ? RULING_OUTCOME_LABELS[r.outcome as keyof typeof RULING_OUTCOME_LABELS] : null,
    };
  },

  async status(petitionDocumentId: string, caller: Caller) {
    const p = await this.loadCase(petitionDocumentId, caller);
    return this.view(p, await this.record(p));
  },

  /** Issues the joint application (a new version each time); 409 outside the 30 days or before the agreement is issued. */
  async issueApplication(petitionDocumentId: string, caller: Caller) {
    const p = await this.loadCase(petitionDocumentId, caller);
    const now = new Date();
    const refusal = windowRefusal(effectiveOf(p), now);
    if (refusal) throw conflict(refusal);
    const agreement = await getService(strapi, 'document').latest(`petition:${p.documentId}`, 'mediation-agreement');
    if (!agreement) throw conflict('请先出具人民调解协议书');
    if ((p.parties ?? []).length < 2) throw conflict('司法确认须由双方当事人共同申请：请先在案件中补充对方当事人');
    const o = p.outcome ?? {};
    const terms: any[] = Array.isArray(o.terms) && o.terms.length ? o.terms : [{ what: o.agreedTerms }];
    const input = {
      court: courtName(p.committee?.courtName),
      committeeName: p.committee?.name ?? '人民调解委员会',
      agreementNumber: agreementNumber(p, new Date(agreement.issuedAt)),
      effectiveAt: effectiveOf(p)!,
      parties: principalParties(p.parties ?? []),
      disputedMatters: o.disputes || p.subject,
      terms: terms.map((t) => termSubject({ obligor: t.obligor, what: String(t.what ?? '') })).filter(Boolean),
    };
    await this.ensureRecord(p);
    return getService(strapi, 'document').issue({
      kind: 'judicial-confirmation-application',
      input,
      subjectKey: `petition:${p.documentId}`,
      petition: p.documentId,
      organisation: p.organisation?.documentId,
      userId: caller.id,
      issuedAt: now,
      options: { committeeName: input.committeeName },
    });
  },

  /** Records the court's filing (立案): date, court, case number. */
  async recordFiling(petitionDocumentId: string, input: Record<string, any>, caller: Caller) {
    const p = await this.loadCase(petitionDocumentId, caller);
    const now = new Date();
    const effectiveAt = effectiveOf(p)!;
    const problems = filingProblems(input, { effectiveAt }, now);
    if (!problems.length && input.filedAt > shanghaiDate(applicationDeadline(effectiveAt)))
      throw conflict(windowRefusal(effectiveAt, now) ?? '立案日期超出三十日申请期限');
    throwIfInvalid(problems);
    return strapi.db.transaction(async () => {
      const r = await this.ensureRecord(p);
      if (r.ruledAt) throw conflict('法院已作出裁定，不能再修改立案信息');
      await strapi.documents(J).update({
        documentId: r.documentId,
        data: { filedAt: input.filedAt, court: input.court.trim(), caseNumber: input.caseNumber.trim() } as any,
      });
      return this.view(p, await this.record(p), now);
    });
  },

  /** Records the ruling (裁定): date and outcome; 409 before a filing. */
  async recordRuling(petitionDocumentId: string, input: Record<string, any>, caller: Caller) {
    const p = await this.loadCase(petitionDocumentId, caller);
    const now = new Date();
    return strapi.db.transaction(async () => {
      const r = await this.record(p);
      if (!r?.filedAt) throw conflict('请先登记法院立案信息，再登记裁定结果');
      throwIfInvalid(rulingProblems(input, { filedAt: String(r.filedAt) }, now));
      await strapi
        .documents(J)
        .update({ documentId: r.documentId, data: { ruledAt: input.ruledAt, outcome: input.outcome, note: input.note ?? null } as any });
      return this.view(p, await this.record(p), now);
    });
  },

  /**
   * Daily: tells the mediator and the handling clerk when 7 and 2 days of the application
   * window are left (Beijing calendar) and nothing is filed yet. Each mark goes out once.
   */
  async sendDueReminders(now: Date = new Date()): Promise<number> {
    // The window is 30 days after the agreement; mediation success concludes the case at the same moment.
    const since = new Date(now.getTime() - 32 * DAY_MS);
    const cases = await strapi.db.query(UID.petition).findMany({
      where: { concludedAt: { $gte: since } },
      select: ['id', 'documentId', 'referenceNo', 'subject', 'outcome'],
      populate: { mediator: { select: ['id'] }, assignedClerk: { select: ['id'] } },
      limit: 5000,
    });
    let sent = 0;
    for (const p of cases) {
      const effectiveAt = effectiveOf(p);
      if (!effectiveAt) continue;
      const r = await this.record(p);
      const mark = reminderDue({ effectiveAt, filedAt: r?.filedAt, sent: r?.remindersSent }, now);
      if (mark == null) continue;
      const due = shanghaiDate(applicationDeadline(effectiveAt));
      await getService(strapi, 'notification').notify(
        [idOf(p.mediator), idOf(p.assignedClerk)].filter((x): x is number => !!x),
        {
          kind: 'judicial-confirmation',
          title: `司法确认申请期限将届满：${p.referenceNo ?? ''}`,
          body: `${p.subject ?? ''}：调解协议自生效之日起三十日内可共同申请司法确认，期限至${due}（北京时间）届满，尚余${mark}天。如当事人需要，请及时出具司法确认申请书。`,
          link: `/desk/#/case/${p.documentId}`,
        },
      );
      const remindersSent = [...(Array.isArray(r?.remindersSent) ? r.remindersSent : []), mark];
      if (r) await strapi.db.query(J).update({ where: { id: r.id }, data: { remindersSent } });
      else
        await strapi
          .documents(J)
          .create({ data: { petition: p.documentId, effectiveAt, deadline: applicationDeadline(effectiveAt), remindersSent } });
      sent += 1;
    }
    return sent;
  },
});
