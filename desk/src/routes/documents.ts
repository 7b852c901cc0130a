// The case page's documents: generate, scan, download the case's notices and agreements.
import * as api from '../lib/api';
import { h, clear, fmtDateTime, setBusy as busy } from '../lib/ui';
import { currentUser, say } from '../lib/shell';
import type { Documents } from '@fangtiao/contracts';
import type { Petition } from '../lib/types';

type Doc = Documents.GeneratedDocument;
/** What every function below shares: the case, its box and the versions issued so far. */
interface Docs {
  p: Petition;
  enc: string;
  box: HTMLElement;
  issued: Doc[];
}

export const DOCUMENTS: [string, string][] = [
  ['mediation-agreement', '调解协议书'],
  ['no-further-petition-pledge', '息访承诺书'],
];

/**
 * 文书: "下载…" downloads the latest issued version, issuing the first one when there is
 * none; "重新出具" issues a new version (after corrections). Versions come from
 * GET /petitions/:id/documents when the document module offers it.
 */
/** Who may upload a signed scan (the server checks again). */
export const SCAN_UPLOADERS = ['clerk', 'mediator'];

export function documentsBox(p: Petition) {
  const docs: Docs = { p, enc: encodeURIComponent(p.documentId), box: h('div', { class: 'documents' }), issued: [] };
  render(docs);
  load(docs);
  return docs.box;
}

async function load(docs: Docs) {
  try {
    docs.issued = (await api.get<Documents.ListDocuments.Response>(`petitions/${docs.enc}/documents`)).data || [];
  } catch {
    docs.issued = [];
  }
  render(docs);
}

const latest = (docs: Docs, kind: string): Doc | undefined =>
  docs.issued.filter((d) => d.kind === kind).sort((a, b) => (b.version || 0) - (a.version || 0))[0];

function render(docs: Docs) {
  clear(docs.box).append(
    h('h3', { class: 'sub' }, '文书'),
    h(
      'ul',
      { class: 'doc-list' },
      DOCUMENTS.map(([kind, title]) => {
        const last = latest(docs, kind);
        return h(
          'li',
          { dataset: { doc: kind } },
          h(
            'div',
            { class: 'doc-info' },
            h('strong', {}, title),
            h(
              'small',
              { class: 'muted' },
              last
                ? `第${last.version}版 · ${fmtDateTime(last.issuedAt)}${last.signedAt || last.signedScan ? ' · 已上传签署件' : ''}`
                : '尚未出具',
            ),
          ),
          h(
            'div',
            { class: 'doc-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small',
                onclick: (e: MouseEvent) => getDocument(docs, kind, title, e.currentTarget as HTMLButtonElement, false),
              },
              `下载${title}`,
            ),
            last
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-ghost btn-small',
                    onclick: (e: MouseEvent) => getDocument(docs, kind, title, e.currentTarget as HTMLButtonElement, true),
                  },
                  '重新出具',
                )
              : null,
          ),
          last ? signedScanRow(docs, last, title) : null,
        );
      }),
    ),
  );
}

/** The signed copy (签署件) of the latest version: view it, or upload a scan or a phone photo of it. */
function signedScanRow(docs: Docs, doc: Doc, title: string) {
  const id = encodeURIComponent(doc.documentId);
  const error = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const input = h('input', {
    type: 'file',
    accept: 'image/*,application/pdf',
    capture: 'environment',
    class: 'att-input',
    'aria-label': `上传第${doc.version}版${title}签署件`,
  });
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    error.textContent = '';
    input.disabled = true;
    const fd = new FormData();
    fd.append('file', file, file.name);
    try {
      await api.postForm(`/api/documents/${id}/signed-scan`, fd);
      say('success', `已上传第${doc.version}版${title}签署件`);
      load(docs);
    } catch (err) {
      error.textContent = ((err.fieldErrors || []) as api.FieldError[]).map((e) => e.message).join('；') || err.message;
    } finally {
      input.disabled = false;
      input.value = '';
    }
  });
  const signed = doc.signedAt || doc.signedScan;
  return h(
    'div',
    { class: 'doc-signed', dataset: { signed: signed ? 'yes' : 'no' } },
    signed
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-ghost btn-small',
            onclick: () => api.download(`/api/documents/${id}/signed-scan`, `${title}-签署件`).catch((err) => say('error', err.message)),
          },
          `查看第${doc.version}版签署件`,
        )
      : null,
    SCAN_UPLOADERS.includes(currentUser().role)
      ? h(
          'label',
          { class: 'btn btn-small att-pick' },
          signed ? `重新上传第${doc.version}版签署件` : `上传第${doc.version}版签署件（可拍照）`,
          input,
        )
      : null,
    error,
  );
}

async function getDocument(docs: Docs, kind: string, title: string, button: HTMLButtonElement, fresh: boolean) {
  const { p, enc } = docs;
  busy(button, true, fresh ? '正在出具…' : '正在准备…');
  const fallback = `${title}-${p.referenceNo || p.documentId}.pdf`;
  try {
    let doc = fresh ? null : latest(docs, kind);
    if (!doc) {
      const res = await api.raw('POST', `/api/petitions/${enc}/documents/${kind}`, {});
      if ((res.headers.get('Content-Type') || '').includes('application/pdf')) {
        api.saveBlob(await res.blob(), fallback);
        say('success', `已出具并下载${title}`);
        return;
      }
      const body = (await res.json()) as Documents.IssueDocument.Response | null;
      doc = body && body.data;
      if (!doc || !(doc.documentId || doc.id)) throw new api.ApiError(500, '服务器未返回文书编号');
      docs.issued.push(doc);
    }
    const file = await api.download(`/api/documents/${encodeURIComponent(String(doc.documentId || doc.id))}/download`, fallback);
    say('success', `已下载${file.name}`);
  } catch (err) {
    if (err.status === 404 || err.status === 405 || err.status === 501)
      say('warn', `${title}功能暂未开通（${err.status}），请稍后再试或联系管理员。`);
    else say('error', `${title}未能出具：${err.message}`);
  } finally {
    busy(button, false);
    load(docs);
  }
}
