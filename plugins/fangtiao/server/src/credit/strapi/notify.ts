/**
 * Who is told at each step of a credit flag (站内通知 through the notifications module, which
 * also emails). Officials get inbox notifications; the person has no inbox here, so what must
 * reach them goes through a person channel when the notifications module offers one
 * (`notifyPerson` of the petitioner's page, by SMS), and it is recorded as due for delivery:
 * the officials who must deliver it are told, and the flag lists it until a delivery is recorded.
 */
import type { Core } from '@strapi/strapi';
import { SCOPE_COLUMNS, shanghaiDate } from '@fangtiao/kernel/pure';
import { OBJECTION_DECISIONS, REPAIR_DECISIONS } from '../rules';
import { getService } from '../../utils/get-service';

const USER = 'plugin::users-permissions.user';

type Flag = Record<string, any>;
const link = (f: Flag) => `/desk/#/credit/${f.documentId}`;
const idOf = (u: any) => (u && typeof u === 'object' ? u.id : u) as number | undefined;

/** Reviewers who can see the flag: of its organisation or an organisation above it. */
export async function reviewersOf(strapi: Core.Strapi, flag: Flag, except: (number | undefined)[] = []): Promise<number[]> {
  const codes = SCOPE_COLUMNS.map((k) => flag[k]).filter(Boolean);
  if (!codes.length) return [];
  const rows = await strapi.db.query(USER).findMany({
    where: { blocked: false, role: { type: 'reviewer' }, organisation: { code: { $in: codes } } },
    select: ['id'],
    limit: 200,
  });
  return rows.map((r) => r.id).filter((id) => !except.includes(id));
}

export function creditNotifier(strapi: Core.Strapi) {
  const inbox = () => getService(strapi, 'notification');
  const send = (ids: (number | undefined)[], title: string, body: string, flag: Flag) =>
    inbox().notify(
      ids.filter((x): x is number => Number.isInteger(x)),
      { kind: 'credit', title, body, link: link(flag) },
    );
  const name = (f: Flag) => `${f.personName ?? ''}（${f.ground?.name ?? '失信记录'}）`;

  return {
    /** A proposal: the reviewers who may review it (never the proposer). */
    async proposed(flag: Flag) {
      return send(await reviewersOf(strapi, flag, [idOf(flag.proposedBy)]), `待审核失信记录：${name(flag)}`, `${flag.facts ?? ''}`, flag);
    },

    /** The review's outcome: the proposer. */
    async reviewed(flag: Flag) {
      const ok = flag.state === 'approved';
      return send(
        [idOf(flag.proposedBy)],
        `失信记录${ok ? '审核通过' : '审核不通过'}：${name(flag)}`,
        ok ? '请出具告知书并送达当事人。' : `理由：${flag.reviewNote ?? ''}`,
        flag,
      );
    },

    /** An objection lodged: the reviewers who may decide it (neither proposer nor approver), with the due date. */
    async objectionLodged(flag: Flag) {
      const ids = await reviewersOf(strapi, flag, [idOf(flag.proposedBy), idOf(flag.reviewedBy)]);
      const due = flag.objectionReviewDueAt ? `，应于${shanghaiDate(flag.objectionReviewDueAt)}前作出决定` : '';
      return send(ids, `失信记录异议待审查：${name(flag)}`, `当事人已提出异议（异议中）${due}。提请人和审核通过人不能审查。`, flag);
    },

    /** An objection decision falls due soon: the eligible deciders. */
    async decisionDueSoon(flag: Flag) {
      const ids = await reviewersOf(strapi, flag, [idOf(flag.proposedBy), idOf(flag.reviewedBy)]);
      return send(ids, `异议审查即将到期：${name(flag)}`, `异议审查决定应于${shanghaiDate(flag.objectionReviewDueAt)}前作出。`, flag);
    },

    /** A repair application: the reviewers who may decide it (not the proposer). */
    async repairApplied(flag: Flag) {
      return send(
        await reviewersOf(strapi, flag, [idOf(flag.proposedBy)]),
        `信用修复申请待审核：${name(flag)}`,
        `${flag.repairApplication ?? ''}`,
        flag,
      );
    },

    /**
     * The notice or a decision, for the person: through the person channel when there is one,
     * else recorded as due for delivery (the proposer and whoever decided are told to deliver it).
     * Returns how it went: 'person' or 'due-for-delivery'.
     */
    async forPerson(flag: Flag, what: 'notice' | 'objection-decision' | 'repair-decision', dueAt: Date) {
      const title = what === 'notice' ? '拟纳入失信记录告知书' : what === 'objection-decision' ? '异议处理决定书' : '信用修复决定书';
      const decision =
        what === 'objection-decision'
          ? (OBJECTION_DECISIONS as any)[flag.objectionDecision]
          : what === 'repair-decision'
            ? (REPAIR_DECISIONS as any)[flag.repairDecision]
            : null;
      const sent: boolean = await getService(strapi, 'public-notify').notifyPerson(
        { idNumber: flag.idNumber, name: flag.personName },
        { kind: 'credit', title: `${title}${decision ? `（${decision}）` : ''}`, flag: flag.documentId },
      );
      // Told by SMS or not, the office stays answerable for delivery until it is recorded
      // (opening it on the petitioner's page records it; otherwise deliver it in person or by post).
      const decider =
        what === 'objection-decision' ? idOf(flag.objectionDecidedBy) : what === 'repair-decision' ? idOf(flag.repairDecidedBy) : undefined;
      const how = sent ? '已短信通知当事人在线查收；未在线查收的，' : '';
      await send(
        [idOf(flag.proposedBy), decider],
        `待送达当事人：${title}（${flag.personName ?? ''}）`,
        `${decision ? `${decision}。` : ''}${how}请于${shanghaiDate(dueAt)}前送达当事人并登记送达。`,
        flag,
      );
      return sent ? 'person' : 'due-for-delivery';
    },
  };
}
