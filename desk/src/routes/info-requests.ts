// Requests for more information (补充材料/信息) on the case page: ask the person (SMS + their
// page /p/), see their replies and download the attached file. Server: plugin public module.
import * as api from '../lib/api';
import { h, append, clear, fmtDate, fmtDateTime, spinner, banner, fieldBox, type FieldBox } from '../lib/ui';
import type { Public } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import type { Petition } from '../lib/types';

/** Who may ask (the server checks it again). */
export const ASKERS = ['clerk', 'leader', 'mediator'];
/** Who reads them (the case readers). */
export const READERS = ['clerk', 'leader', 'mediator', 'reviewer', 'supervisor'];

function item(p: Petition, q: Public.InfoRequest) {
  const enc = encodeURIComponent(p.documentId);
  const attached = q.reply && q.reply.file;
  const file = attached
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          onclick: () => api.download(`/api/petitions/${enc}/info-requests/${q.id}/file`, attached.name).catch((err) => alert(err.message)),
        },
        `附件：${attached.name}`,
      )
    : null;
  return h(
    'article',
    { class: 'ir-item', dataset: { request: String(q.id) } },
    h('p', {}, h('strong', {}, q.message)),
    h('p', { class: 'muted' }, `${q.askedBy || ''} 于 ${fmtDateTime(q.askedAt)} 提出，答复期限 ${fmtDate(`${q.replyBy}T12:00:00+08:00`)}`),
    q.reply
      ? h(
          'div',
          { class: 'ir-reply' },
          h('p', {}, `当事人于 ${fmtDateTime(q.reply.at)} 网上答复：`),
          h('p', { class: 'prose' }, q.reply.text),
          file,
        )
      : h('p', { class: 'muted ir-waiting' }, '等待当事人答复'),
  );
}

export function caseCard(p: Petition, ctx: WorkCtx) {
  const enc = encodeURIComponent(p.documentId);
  const list = h('div', {}, spinner());
  const formSlot = h('div', {});
  const canAsk = ASKERS.includes(ctx.me.role);
  const box = h(
    'section',
    { class: 'card ir-card', id: 'info-requests' },
    h(
      'div',
      { class: 'cx-head' },
      h('h2', { class: 'card-title' }, '补充材料'),
      canAsk ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => openForm() }, '要求补充材料') : null,
    ),
    formSlot,
    list,
  );

  async function load() {
    try {
      const rows = (await api.get<Public.ListInfoRequests.Items>(`petitions/${enc}/info-requests`)).data || [];
      append(clear(list), rows.length ? rows.map((q) => item(p, q)) : h('p', { class: 'muted' }, '未要求当事人补充材料'));
    } catch (err) {
      append(clear(list), banner('error', `无法读取补充材料要求：${err.message}`));
    }
  }

  function openForm() {
    if (formSlot.firstChild) return;
    const message = fieldBox('需要补充的材料或信息', h('textarea', { rows: 3, maxlength: 1000 }), { required: true, wide: true });
    const replyBy = fieldBox('答复期限', h('input', { type: 'date' }), { required: true });
    const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
    const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, '发送');
    const fields: Record<string, FieldBox> = { message, replyBy };
    const form = h(
      'form',
      { class: 'panel-form', novalidate: true },
      h('p', { class: 'help' }, '将以短信通知信访人，并显示在其网上查询页面。'),
      error,
      h('div', { class: 'grid' }, message.wrap, replyBy.wrap),
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => clear(formSlot) }, '取消'), submit),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.hidden = true;
      Object.values(fields).forEach((f) => f.setError(''));
      submit.disabled = true;
      try {
        const r = await api.post<Public.AskInfoRequest.Response>(`petitions/${enc}/info-requests`, {
          data: { message: message.control.value, replyBy: replyBy.control.value },
        });
        clear(formSlot);
        formSlot.append(banner('success', r.meta && r.meta.smsSent ? '已发送，并已短信通知信访人' : '已发送'));
        load();
      } catch (err) {
        for (const fe of (err.fieldErrors || []) as api.FieldError[]) if (fields[fe.path[0]]) fields[fe.path[0]].setError(fe.message);
        if (!(err.fieldErrors || []).length) {
          error.textContent = err.message;
          error.hidden = false;
        }
      } finally {
        submit.disabled = false;
      }
    });
    formSlot.append(form);
    message.control.focus();
  }

  load();
  return box;
}
