// The case page's 一案一档 (complete case file) and 履行回访 (performance follow-up) cards.
// Server: plugin casefile/ and performance/ modules (README "一案一档", "履行回访").
import * as api from '../lib/api';
import { h, append, clear, fmtDate, fmtDateTime, spinner, banner } from '../lib/ui';
import { PERFORMANCE_RESULTS as RESULTS, PERFORMANCE_STATE_LABELS } from '../lib/rules';
import type { CaseFile, Performance } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import type { Petition } from '../lib/types';

const STATES: Record<string, string> = PERFORMANCE_STATE_LABELS;

/** Who reads the case and so may build its file (the server checks it again). */
export const READERS = ['clerk', 'leader', 'mediator', 'reviewer', 'supervisor'];

/** 一案一档: build (立卷) and download the PDF or the zip; earlier versions stay listed. */
export function caseFileCard(p: Petition) {
  const enc = encodeURIComponent(p.documentId);
  const list = h('div', {}, spinner());
  const status = h('div', { role: 'status' });
  const build = h(
    'button',
    { type: 'button', class: 'btn btn-small', dataset: { action: 'build-case-file' }, onclick: () => run() },
    '生成一案一档',
  );
  const box = h(
    'section',
    { class: 'card', id: 'case-file' },
    h('div', { class: 'cx-head' }, h('h2', { class: 'card-title' }, '一案一档'), build),
    status,
    list,
  );

  const fetchFile = (f: CaseFile.CaseFile, format: 'pdf' | 'zip') =>
    api
      .download(
        `/api/case-files/${encodeURIComponent(f.documentId)}/download?format=${format}`,
        (format === 'pdf' ? f.pdfName : f.zipName) || `一案一档.${format}`,
      )
      .catch((err) => alert(err.message));

  function row(f: CaseFile.CaseFile) {
    return h(
      'p',
      { class: 'case-file-row', dataset: { version: String(f.version) } },
      `第${f.version}版（${fmtDateTime(f.builtAt)}，${f.pages}页）`,
      ' ',
      h(
        'button',
        { type: 'button', class: 'btn btn-small', dataset: { action: 'case-file-pdf' }, onclick: () => fetchFile(f, 'pdf') },
        '下载PDF',
      ),
      ' ',
      h(
        'button',
        { type: 'button', class: 'btn btn-small', dataset: { action: 'case-file-zip' }, onclick: () => fetchFile(f, 'zip') },
        '下载压缩包',
      ),
    );
  }

  async function load() {
    try {
      const rows = (await api.get<CaseFile.ListCaseFiles.Response>(`petitions/${enc}/case-files`)).data || [];
      append(
        clear(list),
        rows.length
          ? rows.map(row)
          : h('p', { class: 'muted' }, '尚未立卷：封面、目录、办理经过、表单、全部文书及签署件合为一份PDF和一个压缩包。'),
      );
    } catch (err) {
      append(clear(list), banner('error', `无法读取案卷：${err.message}`));
    }
  }

  async function run() {
    build.disabled = true;
    append(clear(status), h('p', { class: 'muted' }, '正在立卷…'));
    try {
      const f = (await api.post<CaseFile.BuildCaseFile.Response>(`petitions/${enc}/case-file`)).data;
      append(clear(status), banner('success', `已生成第${f.version}版，共${f.pages}页`));
      await load();
    } catch (err) {
      append(clear(status), banner('error', err.message));
    } finally {
      build.disabled = false;
    }
  }

  load();
  return box;
}

/** 履行回访: each agreed term with its due day; the case's mediator records what was found. */
export function performanceCard(p: Petition, ctx: WorkCtx) {
  const enc = encodeURIComponent(p.documentId);
  const list = h('div', {}, spinner());
  const box = h('section', { class: 'card', id: 'performance' }, h('h2', { class: 'card-title' }, '履行回访'), list);
  const mayRecord = ctx.me.role === 'mediator';

  function item(c: Performance.PerformanceCheck) {
    const open = c.state === 'pending' || c.state === 'due';
    const note = h('input', { type: 'text', maxlength: 500, placeholder: '回访情况（选填）', 'aria-label': '回访情况' });
    const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
    const record = async (result: Performance.PerformanceResult) => {
      error.hidden = true;
      try {
        await api.post(`performance-checks/${encodeURIComponent(c.documentId)}/record`, {
          data: { result, note: note.value || undefined },
        });
        await load();
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
      }
    };
    return h(
      'article',
      { class: 'perf-item', dataset: { check: c.documentId, state: c.state } },
      h(
        'p',
        {},
        h('strong', {}, `${c.obligor ? `${c.obligor}：` : ''}${c.what}`),
        `　履行期限 ${fmtDate(`${c.dueDate}T12:00:00+08:00`)}　`,
        h('span', { class: 'badge' }, STATES[c.state ?? ''] || c.state),
      ),
      c.note ? h('p', { class: 'muted' }, c.note) : null,
      open && mayRecord
        ? h(
            'div',
            { class: 'form-actions' },
            note,
            ...Object.entries(RESULTS).map(([k, label]) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  dataset: { result: k },
                  onclick: () => record(k as Performance.PerformanceResult),
                },
                label,
              ),
            ),
          )
        : null,
      error,
    );
  }

  async function load() {
    try {
      const rows = (await api.get<Performance.ListChecks.Response>(`petitions/${enc}/performance`)).data || [];
      append(clear(list), rows.length ? rows.map(item) : h('p', { class: 'muted' }, '调解协议没有约定履行期限的事项'));
    } catch (err) {
      append(clear(list), banner('error', `无法读取履行回访：${err.message}`));
    }
  }

  load();
  return box;
}
