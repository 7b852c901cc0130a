// One credit flag's page #/credit/<documentId>: the flag (ground and its legal basis, the person,
// where it stands and the dates that matter), the notice PDF once issued, the objection and the
// repair, the moves the caller may make now (the server lists them in `available`; a move the
// rules would still refuse — activation inside the objection window… — is shown disabled with
// why and from when) and the flag's history. Every move is the server's decision: its 400s go
// to their fields, a 409 or 403 is said in words with a way to reload.
import * as api from '../lib/api';
import { h, fmtDate, fmtDateTime, spinner, banner, clearErrorsOnChange } from '../lib/ui';
import * as L from '../lib/labels';
import { STATES, DESK_ROLES, chip, fieldBox, windowOpen, repairPending } from './credit';

const DAY = 86400000;
const CST = 8 * 3600000;
const dayNo = (v) => Math.floor((new Date(v).getTime() + CST) / DAY);
/** Days left in a window that ends on the Shanghai day of `due`: 剩3天, 今日届满. */
const leftText = (due, now = Date.now()) => (dayNo(due) > dayNo(now) ? `剩${dayNo(due) - dayNo(now)}天` : '今日届满');
const who = (u) => (u ? u.fullName || u.username || '' : '');
const ROLE_NAMES = { ...L.ROLES, clerk: '信访干部', reviewer: '信用审核员', person: '当事人（网上）', system: '系统' };

/** Where each move is posted (routes.ts). */
const PATHS = {
  approve: 'approve',
  reject: 'reject',
  notify: 'notify',
  lodge_objection: 'objection',
  decide_objection: 'objection/decision',
  extend_objection_review: 'objection/extension',
  activate: 'activate',
  apply_repair: 'repair',
  decide_repair: 'repair/decision',
  expire: 'expire',
  remove: 'remove',
  deliver: 'delivery',
};
export const ACTIONS = {
  propose: '提请',
  approve: '审核通过',
  reject: '审核不通过',
  notify: '出具告知书',
  lodge_objection: '登记异议',
  extend_objection_review: '延长异议审查期限',
  decide_objection: '异议审查决定',
  activate: '确认生效',
  apply_repair: '申请信用修复',
  decide_repair: '信用修复审核',
  expire: '保存期满',
  remove: '移除记录',
  deliver: '登记送达',
};
const SUBMIT = {
  approve: '确认通过',
  reject: '确认不予通过',
  notify: '确认出具',
  lodge_objection: '提交异议',
  extend_objection_review: '确认延长',
  decide_objection: '提交审查决定',
  activate: '确认记录生效',
  apply_repair: '提交修复申请',
  decide_repair: '提交审核结论',
  expire: '确认期满',
  remove: '确认移除',
  deliver: '确认送达',
};
const DELIVERABLE_NAMES = { notice: '告知书', 'objection-decision': '异议处理决定', 'repair-decision': '信用修复决定' };
const DELIVERY_METHOD_NAMES = { 'in-person': '直接送达', post: '邮寄送达', electronic: '电子送达', announcement: '公告送达' };
const fileKind = (mime) => (mime === 'application/pdf' ? 'PDF 文件' : /^image\//.test(mime || '') ? '图片' : mime || '文件');
const DECISIONS = { upheld: '异议成立', dismissed: '异议不成立', granted: '准予修复', refused: '不予修复' };
const OUTCOMES = { delete: '删除失信记录', annotate: '标注已信用修复' };
const APPLICANTS = { person: '当事人本人', lawyer: '代理律师', clerk: '信访干部（依职权）' };
const CHANNELS = { 'in-person': '现场提出', online: '网上提出' };
/** The written documents of a flag, in the order they are issued. */
const WRITINGS = [
  ['noticeDocument', 'credit-notice', '告知书'],
  ['objectionDecisionDocument', 'credit-objection-decision', '异议处理决定书'],
  ['repairDecisionDocument', 'credit-repair-decision', '信用修复决定书'],
];

/** What happens next when the caller has nothing to do, in one line. */
function waiting(f, role) {
  switch (f.state) {
    case 'proposed':
      return role === 'reviewer' ? '提请人不能审核自己提请的记录，请由其他信用审核员审核。' : '等待信用审核员审核（提请人以外的审核员）。';
    case 'notified':
      return role === 'reviewer' && windowOpen(f) ? '异议期内，当事人（或代理律师）可到管辖范围内任一单位当面提出异议，由接待人员登记。' : null;
    case 'objected':
      return role === 'reviewer' ? null : `等待信用审核员作出异议审查决定${f.objectionReviewDueAt ? `（审查期限 ${fmtDate(f.objectionReviewDueAt)}）` : ''}。`;
    case 'dismissed':
      return role === 'reviewer' ? null : '异议不成立，异议期届满后由信用审核员确认生效。';
    case 'active':
      return role === 'reviewer' && !repairPending(f) ? '当事人（或代理律师）可到任一单位当面或网上申请信用修复，申请后在此审核。' : null;
    case 'rejected':
    case 'withdrawn':
    case 'removed':
      return '本记录已结束，不再流转；记录和经过永久保留。';
    default:
      return null;
  }
}

async function download(button, path, name, say) {
  const text = button.textContent;
  button.disabled = true;
  button.textContent = '正在下载…';
  try {
    const file = await api.download(path, name);
    say('success', `已下载${file.name}`);
  } catch (err) {
    say('error', `未能下载：${err.message}`);
  } finally {
    button.disabled = false;
    button.textContent = text;
  }
}

/** main: the shell's <main>; ctx: { me, say, flash, route } */
export async function renderFlag(main, id, ctx) {
  const enc = encodeURIComponent(id);
  const back = h('a', { class: 'back', href: DESK_ROLES.includes(ctx.me.role) ? '#/credit-review' : '#/cases' }, DESK_ROLES.includes(ctx.me.role) ? '‹ 信用审核' : '‹ 我的案件');
  const body = h('div', { class: 'cr-page' }, spinner());
  main.append(back, body);
  let f;
  let history;
  try {
    const [fr, hr] = await Promise.all([api.get(`credit-flags/${enc}`), api.get(`credit-flags/${enc}/history`).catch(() => null)]);
    f = fr.data;
    history = hr ? hr.data || [] : null;
  } catch (err) {
    body.replaceChildren(banner('error', err.status === 404 ? '信用记录不存在或不在您的管辖范围内' : `无法读取信用记录：${err.message}`));
    return;
  }
  document.title = `失信记录 ${f.personName || ''} · 访调工作台`;
  const say = ctx.say;
  const dt = (label, value, cls) => (value ? [h('dt', {}, label), h('dd', cls ? { class: cls } : {}, value)] : null);
  /** A time and who acted: the name stays whole when the line wraps. */
  const at = (time, u, extra = '') => [time, u ? [' ', h('span', { class: 'muted cr-by' }, `${who(u)}${extra}`)] : extra ? h('span', { class: 'muted cr-by' }, extra) : null];
  const now = Date.now();

  const header = h(
    'section',
    { class: 'card cr-header', dataset: { state: f.state } },
    h('div', { class: 'chips' }, chip(f.state, f.stateLabel), f.ground ? h('span', { class: 'chip cx-chip' }, f.ground.name) : null, repairPending(f) ? h('span', { class: 'chip cr-state cr-pending' }, '修复待决') : null),
    h('h1', { class: 'case-title' }, `失信记录：${f.personName || ''}`),
    h(
      'dl',
      { class: 'kv kv-compact cr-facts' },
      dt('当事人', f.personName),
      dt('身份证号码', f.idNumber, 'mono'),
      dt('失信情形', f.ground && f.ground.name),
      dt('所涉案件', f.petition ? h('a', { href: `#/case/${encodeURIComponent(f.petition.documentId)}` }, `${f.petition.referenceNo || ''} ${f.petition.subject || ''}`.trim()) : null),
      dt('认定单位', f.organisation && f.organisation.name),
      dt('当前状态', f.stateLabel || STATES[f.state] || f.state),
    ),
  );

  const dates = h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, '程序与期限'),
    h(
      'dl',
      { class: 'kv cr-dates' },
      dt('提请', at(fmtDateTime(f.proposedAt), f.proposedBy)),
      dt('审核', f.reviewedAt ? at(fmtDateTime(f.reviewedAt), f.reviewedBy) : null),
      dt('告知', f.notifiedAt ? fmtDateTime(f.notifiedAt) : null),
      dt('告知书送达', f.notifiedAt ? (f.noticeDeliveredAt ? fmtDate(f.noticeDeliveredAt) : h('span', { class: f.deliveryOverdue ? 'cr-overdue' : 'muted' }, f.deliveryOverdue ? '逾期未送达' : '待送达（异议期自送达之日起计算）')) : null),
      dt(
        '异议期届满',
        f.objectionDeadline
          ? h('span', { class: 'cr-deadline', dataset: { open: String(windowOpen(f, now)) } }, `${fmtDate(f.objectionDeadline)}（含当日）`, h('small', { class: windowOpen(f, now) ? 'cr-left' : 'muted' }, windowOpen(f, now) ? ` ${leftText(f.objectionDeadline, now)}` : ' 已届满'))
          : null,
      ),
      dt('提出异议', f.objectionLodgedAt ? at(fmtDateTime(f.objectionLodgedAt), f.objectionLodgedBy) : null),
      dt('异议审查期限', f.objectionReviewDueAt && !f.objectionDecidedAt ? `${fmtDate(f.objectionReviewDueAt)}${f.objectionReviewExtendedAt ? `（已延长：${f.objectionReviewExtensionReason || ''}）` : ''}` : null),
      dt('异议决定', f.objectionDecidedAt ? at(fmtDateTime(f.objectionDecidedAt), f.objectionDecidedBy, f.objectionDecidedLate ? '（逾期作出）' : '') : null),
      dt('异议决定送达', f.objectionDecidedAt ? (f.objectionDecisionDeliveredAt ? fmtDate(f.objectionDecisionDeliveredAt) : '待送达') : null),
      ...(f.deliveryWarnings || []).map((w) => dt('送达提醒', h('span', { class: 'cr-overdue' }, w.reason))),
      ...(f.deliveries || []).map((d) => dt(`送达：${DELIVERABLE_NAMES[d.of] || d.of}`, `${fmtDate(d.deliveredAt)} ${DELIVERY_METHOD_NAMES[d.method] || d.method}（${d.proof}）${d.deliveredBy ? ` · ${d.deliveredBy.username}` : ''}`)),
      dt('生效', f.activeFrom ? at(fmtDate(f.activeFrom), f.activatedBy) : null),
      dt('保存期限至', f.expiresAt ? fmtDate(f.expiresAt) : null),
      dt('申请修复', f.repairAppliedAt ? fmtDateTime(f.repairAppliedAt) : null),
      dt('修复审核', f.repairDecidedAt ? at(fmtDateTime(f.repairDecidedAt), f.repairDecidedBy) : null),
      dt('撤销', f.withdrawnAt ? fmtDate(f.withdrawnAt) : null),
      dt('期满', f.expiredAt ? fmtDate(f.expiredAt) : null),
      dt('移除', f.removedAt ? fmtDate(f.removedAt) : null),
    ),
  );

  const evidence = (f.evidence || []).map((e) =>
    e.type === 'document' && f.basisDocument && f.basisDocument.documentId === e.id ? `${f.basisDocument.title} 第${f.basisDocument.version}版` : e.type === 'visit' ? '来访记录' : '文书',
  );
  const basis = h(
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
      dt('所依据的文书', f.basisDocument ? `${f.basisDocument.title} 第${f.basisDocument.version}版（${fmtDate(f.basisDocument.issuedAt)}出具，核验码 ${f.basisDocument.verificationCode || ''}）` : null),
      dt('证据', evidence.length ? evidence.join('；') : null),
      dt('审核意见', f.reviewNote),
    ),
  );

  // Each open step: its deadline and who must act (the server's list, as the rules decide it).
  const deadlines = (f.deadlines || []).length
    ? h(
        'section',
        { class: 'card', id: 'credit-deadlines' },
        h('h2', { class: 'card-title' }, '待办期限'),
        h(
          'ul',
          { class: 'cr-deadlines' },
          f.deadlines.map((d) =>
            h(
              'li',
              { dataset: { key: d.key, of: d.of || '' }, class: d.overdue ? 'cr-overdue' : '' },
              h('strong', {}, d.label),
              ' ',
              d.dueAt ? h('span', { class: 'cr-due' }, `${fmtDate(d.dueAt)}前${d.overdue ? '（已逾期）' : ` · ${leftText(d.dueAt, now)}`}`) : h('span', { class: 'muted' }, '期限待起算'),
              h('p', { class: 'muted cr-who' }, `经办：${d.who}`),
            ),
          ),
        ),
      )
    : null;

  const writings = WRITINGS.filter(([field]) => f[field]);
  const notice = writings.length
    ? h(
        'section',
        { class: 'card', id: 'credit-notice' },
        h('h2', { class: 'card-title' }, '告知书与决定书'),
        h(
          'ul',
          { class: 'doc-list' },
          writings.map(([field, kind, short]) => {
            const n = f[field];
            return h(
              'li',
              { dataset: { doc: kind } },
              h('div', { class: 'doc-info' }, h('strong', {}, n.title || short), h('small', { class: 'muted' }, `第${n.version || 1}版 · ${fmtDateTime(n.issuedAt)}${n.verificationCode ? ` · 核验码 ${n.verificationCode}` : ''}`)),
              h('div', { class: 'doc-actions' }, h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => download(e.currentTarget, `/api/documents/${encodeURIComponent(n.documentId)}/download`, `${n.title || short}-${f.personName || ''}.pdf`, say) }, `下载${short}`)),
            );
          }),
        ),
      )
    : null;

  const objection = f.objectionText
    ? h(
        'section',
        { class: 'card', id: 'objection' },
        h('h2', { class: 'card-title' }, '异议'),
        h('p', { class: 'prose' }, f.objectionText),
        f.objectionLodgedAt
          ? h('p', { class: 'muted cr-meta' }, f.objectionChannel === 'online' ? `${fmtDateTime(f.objectionLodgedAt)} 当事人网上提出` : `${fmtDateTime(f.objectionLodgedAt)} ${f.objectionBy ? `${f.objectionBy}当面提出，` : ''}由${who(f.objectionLodgedBy) || '接待人员'}登记`)
          : null,
        (f.objectionAttachments || []).length
          ? h(
              'ul',
              { class: 'doc-list' },
              f.objectionAttachments.map((a) =>
                h(
                  'li',
                  { dataset: { doc: 'objection-attachment' } },
                  h('div', { class: 'doc-info' }, h('strong', {}, '异议附件'), h('small', { class: 'muted' }, `${fileKind(a.mime)}${a.size ? ` · ${Math.max(1, Math.round(a.size))} KB` : ''}`)),
                  h('div', { class: 'doc-actions' }, h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => download(e.currentTarget, `/api/credit-flags/${enc}/objection/attachments/${a.id}`, `异议附件-${a.id}`, say) }, '下载附件')),
                ),
              ),
            )
          : null,
        f.objectionDecision
          ? h('div', { class: 'cr-decision', dataset: { decision: f.objectionDecision } }, h('strong', {}, DECISIONS[f.objectionDecision] || f.objectionDecision), f.objectionReasons ? h('p', { class: 'prose' }, f.objectionReasons) : null)
          : null,
      )
    : null;

  const repair = f.repairApplication
    ? h(
        'section',
        { class: 'card', id: 'repair' },
        h('h2', { class: 'card-title' }, '信用修复'),
        h('p', { class: 'prose' }, f.repairApplication),
        f.repairAppliedAt
          ? h(
              'p',
              { class: 'muted cr-meta' },
              `${fmtDateTime(f.repairAppliedAt)} ${APPLICANTS[f.repairApplicant] || '申请人'}${f.repairApplicantName ? ` ${f.repairApplicantName}` : ''}${CHANNELS[f.repairChannel] || '提出申请'}${f.repairReceivedBy ? `，由${who(f.repairReceivedBy)}登记` : ''}`,
            )
          : null,
        (f.repairAttachments || []).length
          ? h(
              'ul',
              { class: 'doc-list' },
              f.repairAttachments.map((a) =>
                h(
                  'li',
                  { dataset: { doc: 'repair-attachment' } },
                  h('div', { class: 'doc-info' }, h('strong', {}, '修复申请附件'), h('small', { class: 'muted' }, fileKind(a.mime))),
                  h('div', { class: 'doc-actions' }, h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => download(e.currentTarget, `/api/credit-flags/${enc}/repair/attachments/${a.id}`, `修复申请附件-${a.id}`, say) }, '下载附件')),
                ),
              ),
            )
          : null,
        f.repairDecision
          ? h(
              'div',
              { class: 'cr-decision', dataset: { decision: f.repairDecision } },
              h('strong', {}, `${DECISIONS[f.repairDecision] || f.repairDecision}${f.repairOutcome ? `（${OUTCOMES[f.repairOutcome] || f.repairOutcome}）` : ''}`),
              f.repairReasons ? h('p', { class: 'prose' }, f.repairReasons) : null,
            )
          : h('p', { class: 'muted' }, '待信用审核员审核'),
      )
    : null;

  const actions = actionsCard(f, ctx);
  const hist = h('section', { class: 'card', id: 'history' }, h('h2', { class: 'card-title' }, '经过'), history ? historyList(history) : h('p', { class: 'muted' }, '无法读取经过'));
  body.replaceChildren(h('div', { class: 'cr-main' }, header, actions, deadlines, notice, objection, repair, dates, basis), h('div', { class: 'cr-side' }, hist));
}

function actionsCard(f, ctx) {
  // Deciding a repair with no application pending is not a move to offer at all (the note says when).
  const moves = (f.available || []).filter((m) => m.action !== 'decide_repair' || repairPending(f));
  const note = waiting(f, ctx.me.role);
  if (!moves.length && !note) return null;
  const panel = h('div', { class: 'action-panel' });
  const notes = [];
  let openKey = null;
  const buttons = moves.map((m) => {
    // Why the server would still refuse it now (the objection window, a pending repair, the retention): its own words.
    const why = m.blocked;
    const b = h('button', { type: 'button', class: `btn${why ? '' : ' btn-accent'}`, disabled: !!why, dataset: { action: m.action } }, ACTIONS[m.action] || m.label);
    if (why) notes.push(h('p', { class: 'cr-why', dataset: { action: m.action } }, h('strong', {}, `${ACTIONS[m.action] || m.label}：`), why));
    b.addEventListener('click', () => {
      buttons.forEach((o) => o.classList.remove('active'));
      if (openKey === m.action) {
        openKey = null;
        return panel.replaceChildren();
      }
      openKey = m.action;
      b.classList.add('active');
      const close = () => ((openKey = null), b.classList.remove('active'), panel.replaceChildren());
      panel.replaceChildren(moveForm(f, m, ctx, close));
      const first = panel.querySelector('textarea, input:not([type=radio]), input[type=radio]');
      if (first) first.focus();
      else panel.querySelector('button[type=submit]').focus();
    });
    return b;
  });
  return h(
    'section',
    { class: 'card cr-actions', id: 'credit-actions' },
    h('h2', { class: 'card-title' }, '办理'),
    buttons.length ? h('div', { class: 'button-row' }, buttons) : null,
    notes,
    note ? h('p', { class: 'muted cr-waiting' }, note) : null,
    panel,
  );
}

/** What the move does, said before it is confirmed. */
function explain(action, f) {
  switch (action) {
    case 'notify':
      return '出具《拟纳入失信记录告知书》：写明事实、依据、异议方式和期限（自送达之日起15日）。出具后下载、送达当事人，并登记送达。';
    case 'deliver':
      return '登记告知书或决定已送达当事人：送达方式及凭证、日期、送达人；异议期自告知书送达之日起计算。';
    case 'activate':
      return '确认后记录生效，自生效日起保存，可向公共信用平台报送。';
    case 'expire':
      return `保存期限已于 ${fmtDate(f.expiresAt)} 届满，记录转为保存期满。`;
    case 'remove':
      return '移除后记录不再使用，但记录和经过永久保留。';
    case 'apply_repair':
      return '登记当事人（或代理律师）当面提出的信用修复申请，须附本人签名的申请书扫描件；信访干部依职权申请的除外。';
    case 'decide_repair':
      return '作出《信用修复决定书》：准予修复的，按《浙江省公共信用信息管理条例》第三十二条删除或标注该记录。决定书须送达当事人。';
    case 'decide_objection':
      return '作出《异议处理决定书》（决定人、结论、理由、日期、救济途径）。决定书送达当事人前，记录不能生效。';
    case 'lodge_objection':
      return `登记当事人当面提出的异议${f.objectionDeadline ? `（异议期至 ${fmtDate(f.objectionDeadline)}）` : '（告知书尚未登记送达，异议期尚未起算）'}。须附本人或代理律师签名的书面异议扫描件；登记后记录即为“异议中”，审查期限为5个工作日。`;
    default:
      return null;
  }
}

function moveForm(f, m, ctx, close) {
  const boxes = {};
  const controls = [];
  for (const fd of m.fields || []) {
    if (fd.kind === 'choice') {
      const group = h('div', { class: 'checks', role: 'radiogroup' }, Object.entries(fd.options || {}).map(([v, t]) => h('label', { class: 'check' }, h('input', { type: 'radio', name: `cr-${fd.key}`, value: v }), h('span', {}, t))));
      const box = fieldBox(fd.label, group, { required: fd.required, wide: true });
      group.setAttribute('aria-label', fd.label);
      box.read = () => (group.querySelector('input:checked') || {}).value || '';
      boxes[fd.key] = box;
    } else {
      const box = fieldBox(fd.required ? fd.label : `${fd.label}（可选）`, h('textarea', { rows: 3 }), { required: fd.required, wide: true });
      box.read = () => box.control.value.trim();
      boxes[fd.key] = box;
    }
    controls.push(boxes[fd.key].wrap);
  }
  let files = null;
  if (m.action === 'lodge_objection') {
    files = fieldBox('当事人签名的书面异议及附件（可多选）', h('input', { type: 'file', multiple: true, accept: '.pdf,image/*' }), { required: true, wide: true, help: 'PDF 或图片：本人或代理律师签名的异议书，以及履行凭证等' });
    boxes.attachments = files;
    controls.push(files.wrap);
  }
  if (m.action === 'apply_repair') {
    files = fieldBox('当事人签名的修复申请书及附件（可多选）', h('input', { type: 'file', multiple: true, accept: '.pdf,image/*' }), { wide: true, help: 'PDF 或图片：本人或代理律师签名的申请书、履行凭证；信访干部依职权申请的可不附' });
    boxes.attachments = files;
    controls.push(files.wrap);
  }
  if (m.action === 'deliver') {
    files = fieldBox('送达回证扫描件（可选）', h('input', { type: 'file', accept: '.pdf,image/*' }), { wide: true, help: '签收回执、邮件回执或公告截图' });
    boxes.receipt = files;
    controls.push(files.wrap);
  }
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, SUBMIT[m.action] || '确认');
  const text = explain(m.action, f);
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true, dataset: { action: m.action } },
    h('h3', { class: 'panel-title' }, ACTIONS[m.action] || m.label),
    text ? h('p', { class: 'help cr-explain' }, text) : null,
    error,
    controls.length ? h('div', { class: 'grid' }, controls) : null,
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    Object.values(boxes).forEach((b) => b.setError(''));
    error.hidden = true;
    const data = {};
    for (const fd of m.fields || []) {
      const v = boxes[fd.key].read();
      if (v) data[fd.key] = v;
    }
    const url = `credit-flags/${encodeURIComponent(f.documentId)}/${PATHS[m.action]}`;
    submit.disabled = true;
    try {
      const picked = files ? [...files.control.files] : [];
      if (picked.length) {
        const fdata = new FormData();
        fdata.append('data', JSON.stringify(data));
        for (const file of picked) fdata.append(m.action === 'deliver' ? 'files.receipt' : 'files.attachments', file, file.name);
        await api.postForm(url, fdata);
      } else {
        await api.post(url, { data });
      }
      const decided = DECISIONS[data.decision];
      const written = m.action === 'decide_objection' ? '异议处理决定书' : m.action === 'decide_repair' ? '信用修复决定书' : null;
      ctx.flash(
        'success',
        m.action === 'notify'
          ? '已出具告知书，请下载后送达当事人并登记送达'
          : `已办理：${ACTIONS[m.action] || m.label}${decided ? `（${decided}）` : ''}${written ? `，已出具${written}，请下载后送达当事人并登记送达` : ''}`,
      );
      ctx.route();
    } catch (err) {
      submit.disabled = false;
      const fe = err.status === 400 ? err.fieldErrors : [];
      let placed = 0;
      for (const x of fe) {
        const box = boxes[x.path[0]];
        if (!box) continue;
        const label = (m.fields || []).find((fd) => fd.key === x.path[0]);
        // One joined message may come on every path: each field shows its own part.
        const own = x.message.split('；').find((part) => label && part.includes(label.label)) || x.message;
        box.setError(own);
        placed += 1;
      }
      if (placed) {
        error.textContent = '未能办理，请修正标出的问题';
      } else {
        error.replaceChildren(
          h('span', {}, err.status === 409 ? `未能办理：${err.message}` : err.status === 403 ? `没有权限：${err.message}` : `未能办理：${err.message}`),
          err.status === 409 ? h('button', { type: 'button', class: 'btn btn-small cr-reload', onclick: () => ctx.route() }, '刷新') : null,
        );
      }
      error.hidden = false;
    }
  });
  return form;
}

function historyList(items) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  return h(
    'ol',
    { class: 'timeline cr-history' },
    items.map((mv) => {
      const i = mv.input || {};
      const lines = [];
      if (!mv.fromState) lines.push(mv.toLabel || STATES[mv.toState] || '');
      else if (mv.fromState !== mv.toState) lines.push(`${mv.fromLabel || STATES[mv.fromState] || mv.fromState} → ${mv.toLabel || STATES[mv.toState] || mv.toState}`);
      if (mv.action === 'apply_repair') lines.push('修复申请待审核');
      const decision = i.objectionDecision || i.repairDecision;
      if (decision && DECISIONS[decision]) lines.push(`结论：${DECISIONS[decision]}`);
      if ((mv.action === 'notify' || mv.action === 'deliver') && i.objectionDeadline) lines.push(`异议期至 ${fmtDate(i.objectionDeadline)}`);
      if (mv.action === 'activate' && i.expiresAt) lines.push(`保存期限至 ${fmtDate(i.expiresAt)}`);
      if (mv.reason && mv.action !== 'propose') lines.push(mv.reason);
      const actor = mv.actor ? `${who(mv.actor)}（${ROLE_NAMES[mv.actorRole] || mv.actorRole}）` : ROLE_NAMES[mv.actorRole] || mv.actorRole || '';
      return h(
        'li',
        { class: `tl ${mv.action === 'propose' ? 'tl-registered' : 'tl-move'}`, dataset: { action: mv.action, to: mv.toState } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h('div', { class: 'tl-head' }, h('strong', {}, ACTIONS[mv.action] || mv.action), h('time', { class: 'muted', datetime: mv.at || '' }, fmtDateTime(mv.at))),
          lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l)),
          actor ? h('p', { class: 'tl-line muted' }, `经办：${actor}`) : null,
        ),
      );
    }),
  );
}
