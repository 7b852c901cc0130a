import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { findInScope, forbidden, refuse, type Caller } from '@fangtiao/kernel';
import { shanghaiDate } from '@fangtiao/kernel/pure';
import { UID } from '../../constants';
import { getService } from '../../utils/get-service';
import {
  canRecord,
  fallsDue,
  isNonPerformance,
  plannedChecks,
  PERFORMANCE_RESULTS,
  type PerformanceResult,
  type PerformanceState,
} from '../rules';
import { dbNames } from '../../utils/db-names';

export const PERFORMANCE_UID = 'plugin::fangtiao.performance-check';
const U = PERFORMANCE_UID;
const FIELDS = ['documentId', 'termIndex', 'what', 'obligor', 'dueDate', 'state', 'askedAt', 'recordedAt', 'note'];

/** 履行回访: planned at the agreement, asked when due (daily job), recorded by the case's mediator. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The daily job reads pending terms by due day. */
  async indexes() {
    const { table, column } = dbNames(strapi, U);
    await strapi.db.connection.raw(
      `CREATE INDEX IF NOT EXISTS "ix_fangtiao_performance_checks_due" ON "${table}" ("${column('state')}", "${column('dueDate')}")`,
    );
  },

  /** At mediation success, in its transaction: one follow-up per agreed term with a date. */
  async plan(petitionDocumentId: string, terms: any[], agreedAt: Date) {
    const year = Number(shanghaiDate(agreedAt).slice(0, 4));
    const planned = plannedChecks(terms, year);
    for (const c of planned) {
      await strapi.documents(U).create({ data: { petition: petitionDocumentId, ...c, state: 'pending' } });
    }
    return planned.length;
  },

  /** The daily job: terms that fell due are asked of the mediator (履行回访), once each. */
  async askDue(now: Date = new Date()): Promise<number> {
    const today = shanghaiDate(now);
    const due = await strapi.db.query(U).findMany({
      where: { state: 'pending', dueDate: { $lte: today } },
      select: ['id', 'documentId', 'what', 'obligor', 'dueDate'],
      populate: {
        petition: {
          select: ['documentId', 'referenceNo', 'subject'],
          populate: { mediator: { select: ['id'] }, assignedClerk: { select: ['id'] } },
        },
      },
      limit: 5000,
    });
    let asked = 0;
    for (const c of due) {
      if (!fallsDue(String(c.dueDate), now)) continue;
      // Claimed by the state change first: a second instance finds nothing pending.
      const claimed = await strapi.db.query(U).updateMany({ where: { id: c.id, state: 'pending' }, data: { state: 'due', askedAt: now } });
      if (!Number(claimed?.count ?? 0)) continue;
      const p = c.petition ?? {};
      await getService(strapi, 'notification').notify(
        [p.mediator?.id ?? p.assignedClerk?.id],
        {
          kind: 'performance-check',
          title: `履行回访：${p.referenceNo ?? ''}`,
          body: `${p.subject ?? ''}：调解协议约定${c.obligor ? `由${c.obligor}` : ''}${c.what}，履行期限${c.dueDate}（北京时间）已到，请回访当事人并确认履行情况。`,
          link: `/desk/#/case/${p.documentId}`,
        },
        true,
        { dedupKey: `performance:${c.documentId}` },
      );
      asked += 1;
    }
    return asked;
  },

  async list(petitionDocumentId: string) {
    await findInScope(strapi, UID.petition, petitionDocumentId, {}, '信访事项不存在');
    return strapi
      .documents(U)
      .findMany({ filters: { petition: { documentId: petitionDocumentId } }, fields: FIELDS, sort: ['termIndex:asc'] });
  },

  /** The mediator records what the follow-up found; non-performance is told to the handling clerk for the credit module. */
  async record(documentId: string, input: { result?: unknown; note?: unknown }, caller: Caller) {
    const result = await strapi.db.transaction(async () => {
      const check = await strapi.documents(U).findOne({
        documentId,
        populate: {
          petition: {
            fields: ['documentId', 'referenceNo', 'subject'],
            populate: { mediator: { fields: ['id'] }, assignedClerk: { fields: ['id'] } },
          },
        },
      });
      if (!check) throw new errors.NotFoundError('履行事项不存在');
      const p = check.petition ?? {};
      if (caller.role !== 'mediator' || p.mediator?.id !== caller.id) throw forbidden('只有承办本案的调解员可以确认履行情况');
      const refused = canRecord(check.state as PerformanceState, input.result);
      if (refused) refuse(refused);
      if (input.note !== undefined && typeof input.note !== 'string')
        throw new errors.ValidationError('备注应为文字', { errors: [{ path: ['note'], message: '备注应为文字' }] });
      const updated: any = await strapi.documents(U).update({
        documentId,
        data: {
          state: input.result,
          recordedAt: new Date(),
          recordedBy: caller.id,
          note: (input.note as string | undefined)?.slice(0, 2000) ?? null,
        } as any,
        fields: FIELDS,
      });
      return { updated, p };
    });
    if (isNonPerformance(result.updated.state)) {
      // After the commit: the credit module's performance follow-up (失信 hints) now cites this record; a clerk decides on any proposal.
      await getService(strapi, 'notification').notify([result.p.assignedClerk?.id], {
        kind: 'performance-check',
        title: `协议${PERFORMANCE_RESULTS[result.updated.state as PerformanceResult]}：${result.p.referenceNo ?? ''}`,
        body: `调解员回访确认：${result.updated.what}${PERFORMANCE_RESULTS[result.updated.state as PerformanceResult]}。如属有能力履行而拒不履行，可在失信记录中据此提出（须经审核）。`,
        link: `/desk/#/case/${result.p.documentId}`,
      });
    }
    return result.updated;
  },

  /** Recorded results of a case, for the credit hints. */
  async recorded(petitionDocumentId: string) {
    return strapi.db.query(U).findMany({
      where: { petition: { documentId: petitionDocumentId }, state: { $in: Object.keys(PERFORMANCE_RESULTS) } },
      select: ['documentId', 'termIndex', 'what', 'state', 'recordedAt'],
    });
  },
});
