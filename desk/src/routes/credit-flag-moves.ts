// The moves on a credit flag's page: the buttons the server offers (`available`; a move it would
// still refuse is shown disabled with why) and each move's form. Every move is the server's
// decision: its 400s go to their fields, a 409 or 403 is said in words with a way to reload.
import * as api from '../lib/api';
import { h, fmtDate, clearErrorsOnChange } from '../lib/ui';
import { fieldBox, windowOpen, repairPending } from './credit';
import { DECISIONS } from './credit-flag-cards';
import type { Credit } from '@fangtiao/contracts';
import type { FieldBox } from '../lib/ui';
import type { ApiError } from '../lib/api';
import type { WorkCtx } from '../lib/shell';

type Flag = Credit.CreditFlag;
type Move = Credit.AvailableMove;
/** A move's field: the box, and how its value is read. */
type MoveBox = FieldBox<HTMLElement> & { read?: () => string };

/** Where each move is posted (routes.ts). */
const PATHS: Record<string, string> = {
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
export const ACTIONS: Record<string, string> = {
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
const SUBMIT: Record<string, string> = {
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
/** What happens next when the caller has nothing to do, in one line. */
function waiting(f: Flag, role: string) {
  switch (f.state) {
    case 'proposed':
      return role === 'reviewer' ? '提请人不能审核自己提请的记录，请由其他信用审核员审核。' : '等待信用审核员审核（提请人以外的审核员）。';
    case 'notified':
      return role === 'reviewer' && windowOpen(f)
        ? '异议期内，当事人（或代理律师）可到管辖范围内任一单位当面提出异议，由接待人员登记。'
        : null;
    case 'objected':
      return role === 'reviewer'
        ? null
        : `等待信用审核员作出异议审查决定${f.objectionReviewDueAt ? `（审查期限 ${fmtDate(f.objectionReviewDueAt)}）` : ''}。`;
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

export function actionsCard(f: Flag, ctx: WorkCtx) {
  // Deciding a repair with no application pending is not a move to offer at all (the note says when).
  const moves = (f.available || []).filter((m) => m.action !== 'decide_repair' || repairPending(f));
  const note = waiting(f, ctx.me.role);
  if (!moves.length && !note) return null;
  const panel = h('div', { class: 'action-panel' });
  const notes: HTMLElement[] = [];
  let openKey: string | null = null;
  const buttons = moves.map((m) => {
    // Why the server would still refuse it now (the objection window, a pending repair, the retention): its own words.
    const why = m.blocked;
    const b = h(
      'button',
      { type: 'button', class: `btn${why ? '' : ' btn-accent'}`, disabled: !!why, dataset: { action: m.action } },
      ACTIONS[m.action] || m.label,
    );
    if (why)
      notes.push(h('p', { class: 'cr-why', dataset: { action: m.action } }, h('strong', {}, `${ACTIONS[m.action] || m.label}：`), why));
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
      const first = panel.querySelector<HTMLElement>('textarea, input:not([type=radio]), input[type=radio]');
      if (first) first.focus();
      else panel.querySelector<HTMLElement>('button[type=submit]')?.focus();
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
function explain(action: string, f: Flag) {
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

/** The move's fields (the server's list), plus the files a move takes (signed objection, application, receipt). */
function moveControls(m: Move) {
  const boxes: Record<string, MoveBox> = {};
  const controls: HTMLElement[] = [];
  for (const fd of m.fields || []) {
    if (fd.kind === 'choice') {
      const group = h(
        'div',
        { class: 'checks', role: 'radiogroup' },
        Object.entries((fd.options || {}) as Record<string, string>).map(([v, t]) =>
          h('label', { class: 'check' }, h('input', { type: 'radio', name: `cr-${fd.key}`, value: v }), h('span', {}, t)),
        ),
      );
      const box: MoveBox = fieldBox(fd.label, group, { required: fd.required, wide: true });
      group.setAttribute('aria-label', fd.label);
      box.read = () => group.querySelector<HTMLInputElement>('input:checked')?.value || '';
      boxes[fd.key] = box;
    } else {
      const box = fieldBox(fd.required ? fd.label : `${fd.label}（可选）`, h('textarea', { rows: 3 }), {
        required: fd.required,
        wide: true,
      });
      boxes[fd.key] = { ...box, read: () => box.control.value.trim() };
    }
    controls.push(boxes[fd.key].wrap);
  }
  let files: FieldBox<HTMLInputElement> | null = null;
  if (m.action === 'lodge_objection') {
    files = fieldBox('当事人签名的书面异议及附件（可多选）', h('input', { type: 'file', multiple: true, accept: '.pdf,image/*' }), {
      required: true,
      wide: true,
      help: 'PDF 或图片：本人或代理律师签名的异议书，以及履行凭证等',
    });
    boxes.attachments = files;
    controls.push(files.wrap);
  }
  if (m.action === 'apply_repair') {
    files = fieldBox('当事人签名的修复申请书及附件（可多选）', h('input', { type: 'file', multiple: true, accept: '.pdf,image/*' }), {
      wide: true,
      help: 'PDF 或图片：本人或代理律师签名的申请书、履行凭证；信访干部依职权申请的可不附',
    });
    boxes.attachments = files;
    controls.push(files.wrap);
  }
  if (m.action === 'deliver') {
    files = fieldBox('送达回证扫描件（可选）', h('input', { type: 'file', accept: '.pdf,image/*' }), {
      wide: true,
      help: '签收回执、邮件回执或公告截图',
    });
    boxes.receipt = files;
    controls.push(files.wrap);
  }
  return { boxes, controls, files };
}

/** A refused move: the 400's messages at their fields, anything else said in words (409: with a reload). */
function showRefusal(
  err: ApiError,
  {
    m,
    ctx,
    boxes,
    error,
    submit,
  }: { m: Move; ctx: WorkCtx; boxes: Record<string, MoveBox>; error: HTMLElement; submit: HTMLButtonElement },
) {
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
      h(
        'span',
        {},
        err.status === 409 ? `未能办理：${err.message}` : err.status === 403 ? `没有权限：${err.message}` : `未能办理：${err.message}`,
      ),
      // Only a conflict offers a reload (replaceChildren would print a null as text).
      ...(err.status === 409
        ? [h('button', { type: 'button', class: 'btn btn-small cr-reload', onclick: () => ctx.route() }, '刷新')]
        : []),
    );
  }
  error.hidden = false;
}

function moveForm(f: Flag, m: Move, ctx: WorkCtx, close: () => void) {
  const { boxes, controls, files } = moveControls(m);
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
    const data: Record<string, string> = {};
    for (const fd of m.fields || []) {
      const v = boxes[fd.key].read?.();
      if (v) data[fd.key] = v;
    }
    const url = `credit-flags/${encodeURIComponent(f.documentId)}/${PATHS[m.action]}`;
    submit.disabled = true;
    try {
      const picked: File[] = files ? [...(files.control.files as FileList)] : [];
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
      showRefusal(err, { m, ctx, boxes, error, submit });
    }
  });
  return form;
}
