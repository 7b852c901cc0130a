// Attachments and evidence (附件与证据) on the desk: files on a form field, a session, a visit,
// a hearing or the case — thumbnails for images, a PDF badge with an inline preview (a frame
// on the fetched file), download. Every file comes through the API with the user's token
// (private storage, the case's jurisdiction); server: plugin attachments module.
import * as api from '../lib/api';
import { h, append, clear, fmtDateTime, spinner, banner } from '../lib/ui';
import type { Attachments } from '@fangtiao/contracts';
import type { FormField } from '../lib/rules';
import type { WorkCtx } from '../lib/shell';
import type { CaseForm, Petition } from '../lib/types';

type Attachment = Attachments.Attachment;
const problemsOf = (err: api.ApiError) => ((err.fieldErrors || []) as api.FieldError[]).map((e) => e.message).join('；');

/** What the server takes (it checks the first bytes again). */
export const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';
export const LIMIT_TEXT = 'PDF、JPG、PNG或WebP，每个不超过10MB';
/** Who may attach (the server checks again: a mediator only on their own case). */
export const UPLOADERS = ['clerk', 'mediator', 'leader'];

const enc = encodeURIComponent;
export const sizeText = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** An object URL of a file the API serves (revoked after a while: the page may keep the element). */
async function objectUrl(path: string) {
  const res = await api.raw('GET', path);
  const url = URL.createObjectURL(await res.blob());
  setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
  return url;
}

/** The preview below a tile: the image at full width, or the PDF in a frame. */
async function togglePreview(a: Attachment, slot: HTMLElement, button: HTMLElement) {
  if (slot.firstChild) {
    clear(slot);
    button.textContent = '预览';
    return;
  }
  append(slot, spinner('正在打开…'));
  try {
    const url = await objectUrl(`/api/attachments/${enc(a.documentId)}/download?inline=1`);
    clear(slot).append(
      a.mime === 'application/pdf'
        ? h('iframe', { class: 'att-frame', src: url, title: `预览：${a.name}` })
        : h('img', { class: 'att-full', src: url, alt: a.name }),
    );
    button.textContent = '收起';
  } catch (err) {
    clear(slot).append(banner('error', `无法预览：${err.message}`));
  }
}

/**
 * A text asked in place before a change (the withdrawal's reason, a mark's note): required, as
 * the server requires it; `post(text)` sends it. Returns the form and the button that opens it.
 */
function askInPlace({
  label,
  placeholder,
  confirmText,
  openText,
  action,
  post,
}: {
  label: string;
  placeholder: string;
  confirmText: string;
  openText: string;
  action: string;
  post: (text: string) => Promise<unknown>;
}) {
  const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const text = h('textarea', { rows: 2, maxlength: 500, 'aria-label': label, placeholder });
  const confirm = h('button', { type: 'button', class: 'btn btn-small btn-danger' }, confirmText);
  const form = h(
    'div',
    { class: 'att-withdraw', hidden: true },
    text,
    h(
      'div',
      { class: 'att-actions' },
      confirm,
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => (form.hidden = true) }, '取消'),
    ),
    error,
  );
  text.addEventListener('input', () => (error.textContent = ''));
  confirm.addEventListener('click', async () => {
    if (!text.value.trim()) {
      error.textContent = `请填写${placeholder.replace(/（.*$/, '')}`;
      text.focus();
      return;
    }
    confirm.disabled = true;
    try {
      await post(text.value.trim());
    } catch (err) {
      error.textContent = problemsOf(err) || err.message;
      confirm.disabled = false;
    }
  });
  const open = h(
    'button',
    { type: 'button', class: 'btn btn-small', dataset: { action }, onclick: () => ((form.hidden = false), text.focus()) },
    openText,
  );
  return { form, open, error };
}

/**
 * The changes a case's handler makes on a tile, while the case is open: 替换 and 撤回 (with its
 * reason) on desk files; on the person's own material (/p/) only 标注. `onChanged` reloads.
 */
function changeControls(a: Attachment, slot: HTMLElement, onChanged: () => unknown) {
  const path = (verb: string) => `attachments/${enc(a.documentId)}/${verb}`;
  if (a.source === 'public') {
    const mark = askInPlace({
      label: `标注“${a.name}”`,
      placeholder: '标注内容（如：与本案无关）',
      confirmText: '保存标注',
      openText: '标注',
      action: 'mark-attachment',
      post: (note) => api.post(path('mark'), { data: { note } }).then(onChanged),
    });
    slot.before(mark.form);
    return [mark.open];
  }
  const withdraw = askInPlace({
    label: `撤回“${a.name}”的原因`,
    placeholder: '撤回原因（必填，记入审计日志）',
    confirmText: '确认撤回',
    openText: '撤回',
    action: 'withdraw-attachment',
    post: (reason) => api.post(path('withdraw'), { data: { reason } }).then(onChanged),
  });
  const file = h('input', { type: 'file', accept: ACCEPT, class: 'att-input', 'aria-label': `替换“${a.name}”（上传新版本）` });
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    const fd = new FormData();
    fd.append('files', f, f.name);
    try {
      await api.postForm(path('replace'), fd);
      onChanged();
    } catch (err) {
      withdraw.error.textContent = problemsOf(err) || err.message;
      withdraw.form.hidden = false;
    }
  });
  slot.before(withdraw.form);
  return [h('label', { class: 'btn btn-small att-pick' }, '替换', file), withdraw.open];
}

/** 版本: every version of a replaced file, withdrawn ones with who and why, shown in the tile. */
async function toggleVersions(a: Attachment, slot: HTMLElement, button: HTMLElement) {
  if (slot.firstChild) {
    clear(slot);
    button.textContent = '版本';
    return;
  }
  append(slot, spinner());
  try {
    const rows = (await api.get<Attachments.AttachmentVersions.Response>(`attachments/${enc(a.documentId)}/versions`)).data || [];
    const line = (v: Attachment) =>
      [
        `第${v.version || 1}版`,
        v.name,
        fmtDateTime(v.createdAt),
        v.supersededBy ? '已替换' : v.withdrawnAt ? `已撤回：${v.withdrawalReason}` : '现行',
      ].join(' · ');
    clear(slot).append(
      h(
        'ol',
        { class: 'att-versions' },
        rows.map((v) => h('li', {}, line(v))),
      ),
    );
    button.textContent = '收起版本';
  } catch (err) {
    clear(slot).append(banner('error', `无法读取版本：${err.message}`));
  }
}

/**
 * One attachment: thumbnail or PDF badge, name, size and time, preview and download; with
 * `onChanged`, also 替换 and 撤回, or 标注 on the person's material (for the case's handlers, while
 * the case is open); a replaced file's versions.
 */
export function tile(a: Attachment, onChanged: (() => unknown) | null = null) {
  const thumb = h('span', { class: 'att-thumb' }, a.hasThumbnail ? '' : h('span', { class: 'att-pdf', 'aria-hidden': 'true' }, 'PDF'));
  if (a.hasThumbnail) {
    objectUrl(`/api/attachments/${enc(a.documentId)}/thumbnail`)
      .then((url) => thumb.replaceChildren(h('img', { src: url, alt: `${a.name}（缩略图）`, loading: 'lazy' })))
      .catch(() => thumb.replaceChildren(h('span', { class: 'att-pdf' }, '图')));
  }
  const slot = h('div', { class: 'att-preview' });
  const previewBtn = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost btn-small',
      onclick: (e: MouseEvent) => togglePreview(a, slot, e.currentTarget as HTMLElement),
    },
    '预览',
  );
  const who = a.source === 'public' ? a.publicActor || '信访人' : a.uploadedBy ? a.uploadedBy.fullName || a.uploadedBy.username : '';
  const el = h(
    'li',
    { class: 'att-tile', dataset: { attachment: a.documentId } },
    h(
      'div',
      { class: 'att-row' },
      thumb,
      h(
        'div',
        { class: 'att-info' },
        h('span', { class: 'att-name' }, a.name),
        h(
          'small',
          { class: 'muted' },
          [(a.version ?? 0) > 1 ? `第${a.version}版` : '', sizeText(a.size), fmtDateTime(a.createdAt), who].filter(Boolean).join(' · '),
        ),
        a.markNote ? h('small', { class: 'att-mark' }, `标注：${a.markNote}`) : null,
      ),
      h(
        'div',
        { class: 'att-actions' },
        previewBtn,
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small',
            onclick: () => api.download(`/api/attachments/${enc(a.documentId)}/download`, a.name).catch((err) => alert(err.message)),
          },
          '下载',
        ),
      ),
    ),
    slot,
  );
  // The tile's own actions row, rendered just above.
  const actionsRow = el.querySelector('.att-actions')!;
  if ((a.version ?? 0) > 1)
    actionsRow.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          onclick: (e: MouseEvent) => toggleVersions(a, slot, e.currentTarget as HTMLElement),
        },
        '版本',
      ),
    );
  if (onChanged) actionsRow.append(...changeControls(a, slot, onChanged));
  return el;
}

export const tiles = (rows: Attachment[], onChanged: (() => unknown) | null = null) =>
  h(
    'ul',
    { class: 'att-list' },
    rows.map((a) => tile(a, onChanged)),
  );

/**
 * A file picker that uploads at once to /api/attachments; `onDone(rows)` gets the new
 * attachments. `capture` offers the phone's camera. A refusal is shown under the picker.
 */
export interface PickerOptions {
  ownerKind: string;
  owner: string;
  /** The form field the files are for (an attachment field); none for the case's own files. */
  field?: string;
  label?: string;
  capture?: boolean;
  onDone: (rows: Attachment[]) => unknown;
}

export function picker({ ownerKind, owner, field, label = '上传附件', capture = false, onDone }: PickerOptions) {
  const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const status = h('small', { class: 'muted' });
  const input = h('input', {
    type: 'file',
    multiple: true,
    accept: ACCEPT,
    class: 'att-input',
    capture: capture ? 'environment' : null,
    'aria-label': label,
  });
  input.addEventListener('change', async () => {
    const files = [...(input.files || [])];
    if (!files.length) return;
    error.textContent = '';
    status.textContent = '正在上传…';
    input.disabled = true;
    const fd = new FormData();
    fd.append('ownerKind', ownerKind);
    fd.append('owner', owner);
    if (field) fd.append('field', field);
    for (const f of files) fd.append('files', f, f.name);
    try {
      const res = await api.postForm<Attachments.Upload.Response>('attachments', fd);
      status.textContent = `已上传${res.data.length}个文件`;
      onDone(res.data || []);
    } catch (err) {
      status.textContent = '';
      const list: api.FieldError[] = err.fieldErrors || [];
      error.textContent = list.length ? list.map((e) => e.message).join('；') : err.message;
    } finally {
      input.disabled = false;
      input.value = '';
    }
  });
  return h(
    'div',
    { class: 'att-picker' },
    h('label', { class: 'btn btn-small att-pick' }, label, input),
    h('small', { class: 'muted' }, `（${LIMIT_TEXT}）`),
    status,
    error,
  );
}

/** The case page's card: every file of the case by what it belongs to, and attaching more. */
export function caseCard(p: Petition, ctx: WorkCtx, form: CaseForm | null) {
  const fields = (form && form.schema && Array.isArray(form.schema.fields) ? form.schema.fields : []) as FormField[];
  const fieldLabel = (key: string | null) => fields.find((f) => f.key === key)?.label || key;
  const body = h('div', {}, spinner());
  const slot = h('div', {});
  const box = h('section', { class: 'card att-card', id: 'attachments' }, h('h2', { class: 'card-title' }, '附件与证据'), slot, body);
  const canUpload = UPLOADERS.includes(ctx.me.role);
  // Withdrawing and replacing: the case's handlers, while the case is open (the server checks again).
  const handles = Object.values(p.handlers || {}).some((u: { id?: number } | null) => u && u.id === ctx.me.id);
  const onChanged = handles && p.state !== 'closed' ? () => load() : null;

  async function load() {
    let res: Attachments.ListForCase.Response;
    try {
      res = await api.get<Attachments.ListForCase.Response>(`petitions/${enc(p.documentId)}/attachments`);
    } catch (err) {
      clear(body).append(banner('error', `无法读取附件：${err.message}`));
      return;
    }
    const rows = res.data || [];
    const owners = (res.meta && res.meta.owners) || [];
    const labelOf = (a: Attachment) => {
      if (a.ownerKind === 'form-field') return `表单：${fieldLabel(a.field)}`;
      if (a.source === 'public') return '信访人提交的材料';
      const o = owners.find((x) => x.kind === a.ownerKind && x.documentId === a.ownerDocumentId);
      return o ? o.label : '案件材料';
    };
    const groups = new Map<string, Attachment[]>();
    for (const a of rows) {
      const k = labelOf(a);
      const list = groups.get(k) || [];
      list.push(a);
      groups.set(k, list);
    }
    append(
      clear(body),
      rows.length
        ? [...groups].map(([label, list]) => h('div', { class: 'att-group' }, h('h3', { class: 'sub' }, label), tiles(list, onChanged)))
        : h('p', { class: 'muted' }, '暂无附件'),
    );
    if (canUpload) renderUpload(owners);
  }

  function renderUpload(owners: Attachments.Owner[]) {
    const choice = h(
      'select',
      { class: 'att-owner', 'aria-label': '附加到' },
      owners.map((o, i) => h('option', { value: String(i) }, o.label)),
    );
    const pickerSlot = h('div', {});
    const place = () => {
      const o = owners[Number(choice.value) || 0];
      clear(pickerSlot).append(
        picker({ ownerKind: o.kind, owner: o.documentId, label: '选择文件或拍照', capture: false, onDone: () => load() }),
      );
    };
    choice.addEventListener('change', place);
    clear(slot).append(h('div', { class: 'att-upload' }, h('label', { class: 'label' }, '附加到 ', choice), pickerSlot));
    place();
  }

  load();
  return box;
}
