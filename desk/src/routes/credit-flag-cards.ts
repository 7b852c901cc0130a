// The sections of a credit flag's page (#/credit/<documentId>): the flag, its dates and deadlines,
// facts and basis, the written documents, the objection and the repair. Read-only; the moves are
// credit-flag-moves.ts.
import { h, fmtDate, fmtDateTime } from '../lib/ui';
import * as L from '../lib/labels';
import { STATES, chip, windowOpen, repairPending } from './credit';
import type { Credit } from '@fangtiao/contracts';
import type { Child } from '../lib/ui';
import type { Say } from '../lib/shell';
import { downloadButton, saveFile } from '../lib/download';

type Flag = Credit.CreditFlag;

const DAY = 86400000;
const CST = 8 * 3600000;
const dayNo = (v: string | number) => Math.floor((new Date(v).getTime() + CST) / DAY);
/** Days left in a window that ends on the Shanghai day of `due`: 剩3天, 今日届满. */
export const leftText = (due: string, now = Date.now()) => (dayNo(due) > dayNo(now) ? `剩${dayNo(due) - dayNo(now)}天` : '今日届满');
export const who = (u: Credit.Actor | null | undefined) => (u ? u.fullName || u.username || '' : '');
export const ROLE_NAMES: Record<string, string> = {
  ...L.ROLES,
  clerk: '信访干部',
  reviewer: '信用审核员',
  person: '当事人（网上）',
  system: '系统',
};

const DELIVERABLE_NAMES: Record<string, string> = {
  notice: '告知书',
  'objection-decision': '异议处理决定',
  'repair-decision': '信用修复决定',
};
const DELIVERY_METHOD_NAMES: Record<string, string> = {
  'in-person': '直接送达',
  post: '邮寄送达',
  electronic: '电子送达',
  announcement: '公告送达',
};
const fileKind = (mime: string | undefined) =>
  mime === 'application/pdf' ? 'PDF 文件' : /^image\//.test(mime || '') ? '图片' : mime || '文件';
export const DECISIONS: Record<string, string> = { upheld: '异议成立', dismissed: '异议不成立', granted: '准予修复', refused: '不予修复' };
const OUTCOMES: Record<string, string> = { delete: '删除失信记录', annotate: '标注已信用修复' };
const APPLICANTS: Record<string, string> = { person: '当事人本人', lawyer: '代理律师', clerk: '信访干部（依职权）' };
const CHANNELS: Record<string, string> = { 'in-person': '现场提出', online: '网上提出' };
/** The written documents of a flag, in the order they are issued. */
const WRITINGS: ['noticeDocument' | 'objectionDecisionDocument' | 'repairDecisionDocument', string, string][] = [
  ['noticeDocument', 'credit-notice', '告知书'],
  ['objectionDecisionDocument', 'credit-objection-decision', '异议处理决定书'],
  ['repairDecisionDocument', 'credit-repair-decision', '信用修复决定书'],
];

const dt = (label: string, value: Child, cls?: string) => (value ? [h('dt', {}, label), h('dd', cls ? { class: cls } : {}, value)] : null);
/** A time and who acted: the name stays whole when the line wraps. */
const at = (time: string, u: Credit.Actor | null | undefined, extra = ''): Child => [
  time,
  u ? [' ', h('span', { class: 'muted cr-by' }, `${who(u)}${extra}`)] : extra ? h('span', { class: 'muted cr-by' }, extra) : null,
];

export function headerCard(f: Flag) {
  return h(
    'section',
    { class: 'card cr-header', dataset: { state: f.state } },
    h(
      'div',
      { class: 'chips' },
      chip(f.state, f.stateLabel),
      f.ground ? h('span', { class: 'chip cx-chip' }, f.ground.name) : null,
      repairPending(f) ? h('span', { class: 'chip cr-state cr-pending' }, '修复待决') : null,
    ),
    h('h1', { class: 'case-title' }, `失信记录：${f.personName || ''}`),
    h(
      'dl',
      { class: 'kv kv-compact cr-facts' },
      dt('当事人', f.personName),
      dt('身份证号码', f.idNumber, 'mono'),
      dt('失信情形', f.ground && f.ground.name),
      dt(
        '所涉案件',
        f.petition
          ? h(
              'a',
              { href: `#/case/${encodeURIComponent(f.petition.documentId)}` },
              `${f.petition.referenceNo || ''} ${f.petition.subject || ''}`.trim(),
            )
          : null,
      ),
      dt('认定单位', f.organisation && f.organisation.name),
      dt('当前状态', f.stateLabel || STATES[f.state] || f.state),
    ),
  );
}

/** The procedure's dates and time limits. */
export function datesCard(f: Flag, now: number) {
  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, '程序与期限'),
    h(
      'dl',
      { class: 'kv cr-dates' },
      dt('提请', at(fmtDateTime(f.proposedAt), f.proposedBy)),
      dt('审核', f.reviewedAt ? at(fmtDateTime(f.reviewedAt), f.reviewedBy) : null),
      dt('告知', f.notifiedAt ? fmtDateTime(f.notifiedAt) : null),
      dt(
        '告知书送达',
        f.notifiedAt
          ? f.noticeDeliveredAt
            ? fmtDate(f.noticeDeliveredAt)
            : h(
                'span',
                { class: f.deliveryOverdue ? 'cr-overdue' : 'muted' },
                f.deliveryOverdue ? '逾期未送达' : '待送达（异议期自送达之日起计算）',
              )
          : null,
      ),
      dt(
        '异议期届满',
        f.objectionDeadline
          ? h(
              'span',
              { class: 'cr-deadline', dataset: { open: String(windowOpen(f, now)) } },
              `${fmtDate(f.objectionDeadline)}（含当日）`,
              h(
                'small',
                { class: windowOpen(f, now) ? 'cr-left' : 'muted' },
                windowOpen(f, now) ? ` ${leftText(f.objectionDeadline, now)}` : ' 已届满',
              ),
            )
          : null,
      ),
      dt('提出异议', f.objectionLodgedAt ? at(fmtDateTime(f.objectionLodgedAt), f.objectionLodgedBy) : null),
      dt(
        '异议审查期限',
        f.objectionReviewDueAt && !f.objectionDecidedAt
          ? `${fmtDate(f.objectionReviewDueAt)}${f.objectionReviewExtendedAt ? `（已延长：${f.objectionReviewExtensionReason || ''}）` : ''}`
          : null,
      ),
      dt(
        '异议决定',
        f.objectionDecidedAt
          ? at(fmtDateTime(f.objectionDecidedAt), f.objectionDecidedBy, f.objectionDecidedLate ? '（逾期作出）' : '')
          : null,
      ),
      dt(
        '异议决定送达',
        f.objectionDecidedAt ? (f.objectionDecisionDeliveredAt ? fmtDate(f.objectionDecisionDeliveredAt) : '待送达') : null,
      ),
      ...(f.deliveryWarnings || []).map((w) => dt('送达提醒', h('span', { class: 'cr-overdue' }, w.reason))),
      ...(f.deliveries || []).map((d) =>
        dt(
          `送达：${DELIVERABLE_NAMES[d.of] || d.of}`,
          `${fmtDate(d.deliveredAt)} ${DELIVERY_METHOD_NAMES[d.method] || d.method}（${d.proof}）${d.deliveredBy ? ` · ${d.deliveredBy.username}` : ''}`,
        ),
      ),
      dt('生效', f.activeFrom ? at(fmtDate(f.activeFrom), f.activatedBy) : null),
      dt('保存期限至', f.expiresAt ? fmtDate(f.expiresAt) : null),
      dt('申请修复', f.repairAppliedAt ? fmtDateTime(f.repairAppliedAt) : null),
      dt('修复审核', f.repairDecidedAt ? at(fmtDateTime(f.repairDecidedAt), f.repairDecidedBy) : null),
      dt('撤销', f.withdrawnAt ? fmtDate(f.withdrawnAt) : null),
      dt('期满', f.expiredAt ? fmtDate(f.expiredAt) : null),
      dt('移除', f.removedAt ? fmtDate(f.removedAt) : null),
    ),
  );
}

export function basisCard(f: Flag) {
  const evidence = (f.evidence || []).map((e) =>
    e.type === 'document' && f.basisDocument && f.basisDocument.documentId === e.id
      ? `${f.basisDocument.title} 第${f.basisDocument.version}版`
      : e.type === 'visit'
        ? '来访记录'
        : '文书',
  );
  return h(
    'section',
    { class: 'card cr-basis-card' },
    h('h2', { class: 'card-title' }, '事实与依据'),
    h('h3', { class: 'sub' }, '失信事实'),
    h('p', { class: 'prose' }, f.facts || ''),
    h('h3', { class: 'sub' }, '法律依据'),
    h('p', { class: 'prose cr-legal' }, (f.ground && f.ground.legalBasis) || '—'),
    h(
      'dl',
      { class: 'kv kv-compact' },
      dt(
        '所依据的文书',
        f.basisDocument
          ? `${f.basisDocument.title} 第${f.basisDocument.version}版（${fmtDate(f.basisDocument.issuedAt)}出具，核验码 ${f.basisDocument.verificationCode || ''}）`
          : null,
      ),
      dt('证据', evidence.length ? evidence.join('；') : null),
      dt('审核意见', f.reviewNote),
    ),
  );
}

export function writingsCard(f: Flag, say: Say) {
  const writings = WRITINGS.filter(([field]) => f[field]);
  return writings.length
    ? h(
        'section',
        { class: 'card', id: 'credit-notice' },
        h('h2', { class: 'card-title' }, '告知书与决定书'),
        h(
          'ul',
          { class: 'doc-list' },
          writings.map(([field, kind, short]) => {
            const n = f[field];
            if (!n) return null;
            return h(
              'li',
              { dataset: { doc: kind } },
              h(
                'div',
                { class: 'doc-info' },
                h('strong', {}, n.title || short),
                h(
                  'small',
                  { class: 'muted' },
                  `第${n.version || 1}版 · ${fmtDateTime(n.issuedAt)}${n.verificationCode ? ` · 核验码 ${n.verificationCode}` : ''}`,
                ),
              ),
              downloadButton(`下载${short}`, (button) =>
                saveFile(
                  button,
                  `/api/documents/${encodeURIComponent(n.documentId)}/download`,
                  `${n.title || short}-${f.personName || ''}.pdf`,
                  say,
                ),
              ),
            );
          }),
        ),
      )
    : null;
}

export function objectionCard(f: Flag, enc: string, say: Say) {
  return f.objectionText
    ? h(
        'section',
        { class: 'card', id: 'objection' },
        h('h2', { class: 'card-title' }, '异议'),
        h('p', { class: 'prose' }, f.objectionText),
        f.objectionLodgedAt
          ? h(
              'p',
              { class: 'muted cr-meta' },
              f.objectionChannel === 'online'
                ? `${fmtDateTime(f.objectionLodgedAt)} 当事人网上提出`
                : `${fmtDateTime(f.objectionLodgedAt)} ${f.objectionBy ? `${f.objectionBy}当面提出，` : ''}由${who(f.objectionLodgedBy) || '接待人员'}登记`,
            )
          : null,
        attachmentList(f.objectionAttachments, 'objection', '异议附件', enc, say),
        f.objectionDecision
          ? h(
              'div',
              { class: 'cr-decision', dataset: { decision: f.objectionDecision } },
              h('strong', {}, DECISIONS[f.objectionDecision] || f.objectionDecision),
              f.objectionReasons ? h('p', { class: 'prose' }, f.objectionReasons) : null,
            )
          : null,
      )
    : null;
}

/** The files lodged with an objection or a repair application, each with its download button. */
function attachmentList(
  list: { id: number | string; mime?: string; size?: number | null }[] | null | undefined,
  kind: 'objection' | 'repair',
  label: string,
  enc: string,
  say: Say,
) {
  if (!list?.length) return null;
  return h(
    'ul',
    { class: 'doc-list' },
    list.map((a) =>
      h(
        'li',
        { dataset: { doc: `${kind}-attachment` } },
        h(
          'div',
          { class: 'doc-info' },
          h('strong', {}, label),
          h('small', { class: 'muted' }, `${fileKind(a.mime)}${a.size ? ` · ${Math.max(1, Math.round(a.size))} KB` : ''}`),
        ),
        downloadButton('下载附件', (button) =>
          saveFile(button, `/api/credit-flags/${enc}/${kind}/attachments/${a.id}`, `${label}-${a.id}`, say),
        ),
      ),
    ),
  );
}

export function repairCard(f: Flag, enc: string, say: Say) {
  return f.repairApplication
    ? h(
        'section',
        { class: 'card', id: 'repair' },
        h('h2', { class: 'card-title' }, '信用修复'),
        h('p', { class: 'prose' }, f.repairApplication),
        f.repairAppliedAt
          ? h(
              'p',
              { class: 'muted cr-meta' },
              `${fmtDateTime(f.repairAppliedAt)} ${APPLICANTS[f.repairApplicant ?? ''] || '申请人'}${f.repairApplicantName ? ` ${f.repairApplicantName}` : ''}${CHANNELS[f.repairChannel ?? ''] || '提出申请'}${f.repairReceivedBy ? `，由${who(f.repairReceivedBy)}登记` : ''}`,
            )
          : null,
        attachmentList(f.repairAttachments, 'repair', '修复申请附件', enc, say),
        f.repairDecision
          ? h(
              'div',
              { class: 'cr-decision', dataset: { decision: f.repairDecision } },
              h(
                'strong',
                {},
                `${DECISIONS[f.repairDecision] || f.repairDecision}${f.repairOutcome ? `（${OUTCOMES[f.repairOutcome] || f.repairOutcome}）` : ''}`,
              ),
              f.repairReasons ? h('p', { class: 'prose' }, f.repairReasons) : null,
            )
          : h('p', { class: 'muted' }, '待信用审核员审核'),
      )
    : null;
}
