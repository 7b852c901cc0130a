/**
 * The steps of one move of a credit flag and of a delivery's record, named so that the service's
 * `move`, `deliver` and `deliverOnline` read as the procedure: take the row, plan, add what the
 * channel or the decision brings, write the flag and its history. All run inside the caller's
 * transaction.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { throwIfInvalid, hashOf, type Caller } from '@fangtiao/kernel';
import { objectionDeadline, type CreditChannel, type CreditPlan, type CreditSettings } from '../rules';
import type { DeliveryPlan } from '../delivery';
import { FLAG, MOVE, type Input, type Upload } from './common';
import { issueDecision, issueNotice, storeAttachments } from './documents';

/** How a move came in: the channel, and for the online channel the person it identified. */
export type MoveVia = { channel?: CreditChannel; person?: { idNumber: string } };

/**
 * Takes the flag's row (an update) before reading its state, so two reviewers cannot both
 * decide and two deliveries cannot both append; then reads it with `populate`.
 */
export async function lockFlag(strapi: Core.Strapi, id: number, populate?: Input) {
  await strapi.db.query(FLAG).updateMany({ where: { id }, data: { updatedAt: new Date() } });
  const flag: any = await strapi.db.query(FLAG).findOne(populate ? { where: { id }, populate } : { where: { id } });
  return flag;
}

/** Online, the identified person must be the flagged one: someone else's flag is not theirs to see (404). */
export function checkOnlinePerson(flag: any, via: MoveVia) {
  if (via.channel !== 'online') return;
  const idNumber = String(via.person?.idNumber ?? '')
    .trim()
    .toUpperCase();
  if (hashOf('id-number', idNumber) !== flag.idNumberHash) throw new errors.NotFoundError('失信记录不存在');
}

/**
 * What an objection or a repair application adds to the flag: its channel, who received it and
 * the stored signed writing — the person's own writing is the record of their voice, so nothing
 * is lodged in person without it, unless a clerk applies for repair on the office's own initiative.
 */
export async function channelFields(
  strapi: Core.Strapi,
  documentId: string,
  plan: CreditPlan,
  input: Input,
  caller: Caller,
  files: Upload[],
  via: MoveVia,
): Promise<Input> {
  const online = via.channel === 'online';
  const objection = plan.action === 'lodge_objection';
  if (input.attachments !== undefined) {
    throwIfInvalid([{ path: ['attachments'], message: '附件请以 multipart 文件上传（字段 files.attachments）' }]);
  }
  const ownInitiative = plan.action === 'apply_repair' && input.applicant === 'clerk';
  if (ownInitiative && caller.role !== 'clerk') {
    throwIfInvalid([
      { path: ['applicant'], message: online ? '网上申请的申请人应为当事人本人或代理律师' : '依职权申请信用修复须由信访干部提出' },
    ]);
  }
  if (!online && !ownInitiative && !files.length) {
    throwIfInvalid([
      {
        path: ['attachments'],
        message: objection ? '请附当事人（或其代理律师）签名的书面异议扫描件' : '请附当事人（或其代理律师）签名的信用修复申请书扫描件',
      },
    ]);
  }
  const stored = files.length ? await storeAttachments(strapi, documentId, files, objection ? 'objection' : 'repair') : [];
  const channel = online ? 'online' : 'in-person';
  if (objection) return { objectionAttachments: stored, objectionChannel: channel };
  return { repairAttachments: stored, repairChannel: channel, repairReceivedBy: online ? null : caller.id };
}

/**
 * The writing a move issues with itself: the notice (告知书) on `notify`, the decision
 * (异议处理决定书, 信用修复决定书) on a decision. Returns the fields naming it on the flag.
 */
export async function issuedWriting(
  strapi: Core.Strapi,
  documentId: string,
  plan: CreditPlan,
  flag: Input,
  settings: CreditSettings,
  caller: Caller,
  now: Date,
): Promise<Input> {
  if (plan.action === 'notify') {
    const notice = await issueNotice(strapi, documentId, settings, caller, now);
    return { noticeDocument: notice.documentId };
  }
  if (plan.action === 'decide_objection') {
    const doc = await issueDecision(strapi, documentId, 'credit-objection-decision', flag, caller, now);
    return { objectionDecisionDocument: doc.documentId };
  }
  if (plan.action === 'decide_repair') {
    const doc = await issueDecision(strapi, documentId, 'credit-repair-decision', flag, caller, now);
    return { repairDecisionDocument: doc.documentId };
  }
  return {};
}

/** The reason a move's history shows: whichever text the move took. */
export const moveReason = (input: Input) =>
  (input.reasons ?? input.reason ?? input.text ?? input.application ?? input.note ?? null) as string | null;

/** One entry of the flag's history (its moves, deliveries included). */
export async function recordMove(
  strapi: Core.Strapi,
  flag: string,
  action: string,
  from: string | null,
  to: string,
  reason: string | null,
  input: Input | null,
  caller: Caller | null,
  at = new Date(),
  role?: string,
) {
  return strapi.documents(MOVE).create({
    data: {
      flag,
      action,
      fromState: from,
      toState: to,
      reason,
      input,
      actor: caller?.id ?? null,
      actorRole: role ?? caller?.role ?? 'system',
      at,
    },
  });
}

/**
 * Appends a planned delivery to the flag (the notice's delivery opens the objection window)
 * and records it in the history; `deliveredBy` and `receipt` complete the entry.
 */
export async function recordDelivery(
  strapi: Core.Strapi,
  flag: any,
  plan: DeliveryPlan,
  more: { deliveredBy: { id: number | null; username: string }; receipt?: number | null; receipts?: number[] },
  settings: CreditSettings,
  caller: Caller,
  now: Date,
) {
  const { receipts, ...extra } = more;
  const entry = { ...plan.entry, ...extra };
  const data: Input = {
    deliveries: [...(Array.isArray(flag.deliveries) ? flag.deliveries : []), entry],
    [plan.deliveredField]: plan.entry.deliveredAt,
  };
  if (more.receipt) data.deliveryReceipts = [...(receipts ?? []), more.receipt];
  if (plan.entry.of === 'notice') data.objectionDeadline = objectionDeadline(plan.entry.deliveredAt, settings).toISOString();
  await strapi.documents(FLAG).update({ documentId: flag.documentId, data });
  const recorded = { ...entry, objectionDeadline: data.objectionDeadline ?? undefined };
  await recordMove(strapi, flag.documentId, 'deliver', flag.state, flag.state, null, recorded, caller, now);
}
