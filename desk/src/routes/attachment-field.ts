// The 附件 fields of a case type's form: the files uploaded to the field (tiles and a picker), or,
// at registration, the files staged to go with it.
import * as api from '../lib/api';
import { h, append, clear, spinner } from '../lib/ui';
import type { Attachments } from '@fangtiao/contracts';
import type { FormField } from '../lib/rules';
import { ACCEPT, LIMIT_TEXT, picker, sizeText, tile, tiles } from './attachments';

type Attachment = Attachments.Attachment;
const enc = encodeURIComponent;

/** An attachment field on the register page: its key, and the files staged to go with the registration. */
export type StagingField = HTMLElement & { pendingFiles?: File[] };

/**
 * Registration: the files go with the registration itself (multipart, `files.<key>`), read from
 * `el.pendingFiles` by the register page; `onStaged(count)` lets placeholders stand for them in
 * the form's checks.
 */
function stagedPicker(f: FormField, el: StagingField, onStaged: (count: number) => void) {
  el.dataset.field = f.key;
  el.pendingFiles = [];
  const chosen = h('ul', { class: 'att-list' });
  const input = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'att-input', 'aria-label': `${f.label}：选择文件` });
  const row = (file: File, i: number) =>
    h(
      'li',
      { class: 'att-tile' },
      h(
        'div',
        { class: 'att-row' },
        h('span', { class: 'att-name' }, file.name),
        h('small', { class: 'muted' }, sizeText(file.size)),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-ghost btn-small',
            onclick: () => (el.pendingFiles?.splice(i, 1), input.dispatchEvent(new Event('change'))),
          },
          '移除',
        ),
      ),
    );
  input.addEventListener('change', () => {
    el.pendingFiles = [...(el.pendingFiles || []), ...(input.files || [])];
    input.value = '';
    append(clear(chosen), el.pendingFiles.map(row));
    onStaged(el.pendingFiles.length);
  });
  el.append(
    chosen,
    h(
      'div',
      { class: 'att-picker' },
      h('label', { class: 'btn btn-small att-pick' }, '选择文件', input),
      h('small', { class: 'muted' }, `（${LIMIT_TEXT}，随登记一并上传）`),
    ),
  );
}

/**
 * The attachment field of the case type's form: the files uploaded to it, shown as tiles, and
 * a picker; the value is the list of their ids (the server accepts only this field's files).
 * Without a case yet (registration), the files are staged and sent with the registration.
 */
export function fieldInput(f: FormField, id: string, onChange: () => void, petition: string | null) {
  let ids: string[] = [];
  const list = h('ul', { class: 'att-list' });
  const known = new Map<string, Attachment>();
  const render = () => {
    append(
      clear(list),
      ids.map((x) => {
        const a = known.get(x);
        return a ? tile(a) : h('li', { class: 'att-tile muted' }, `附件 ${x}`);
      }),
    );
  };
  const el = h('div', { class: 'att-field', id, tabindex: '-1' }, list);
  if (petition) {
    el.append(
      picker({
        ownerKind: 'form-field',
        owner: petition,
        field: f.key,
        label: '添加文件',
        onDone: (rows) => {
          for (const r of rows) known.set(r.documentId, r);
          ids = [...ids, ...rows.map((r) => r.documentId)];
          render();
          onChange();
        },
      }),
    );
    api
      .get<Attachments.ListForOwner.Response>(`attachments?ownerKind=form-field&owner=${enc(petition)}&field=${enc(f.key)}`)
      .then((res) => {
        for (const r of res.data || []) known.set(r.documentId, r);
        render();
      })
      .catch(() => {});
  } else {
    stagedPicker(f, el, (n) => {
      ids = Array.from({ length: n }, (_, i) => `pending-${i + 1}`);
      onChange();
    });
  }
  return {
    el,
    focus: el,
    get: () => (ids.length ? ids : ''),
    set: (v: unknown) => {
      ids = (Array.isArray(v) ? v : v ? [v] : []).map(String);
      render();
    },
  };
}

/** Read-only: the field's files as tiles (ids the user may not see are left out by the server). */
export function fieldValue(v: unknown, petition: string, f: FormField) {
  const ids = (Array.isArray(v) ? v : [v]).map(String);
  const box = h('div', { class: 'att-field' }, spinner());
  api
    .get<Attachments.ListForOwner.Response>(`attachments?ownerKind=form-field&owner=${enc(petition)}&field=${enc(f.key)}`)
    .then((res) => {
      const rows = (res.data || []).filter((r) => ids.includes(r.documentId));
      clear(box).append(rows.length ? tiles(rows) : h('span', { class: 'muted' }, '无'));
    })
    .catch((err) => clear(box).append(h('span', { class: 'muted' }, `无法读取附件：${err.message}`)));
  return box;
}
