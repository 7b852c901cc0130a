// Batch exports built on the server (POST /api/document-exports, README "Private files" and
// "一案一档"): start one for a petition filter, poll its progress row, download the zip when done.
import * as api from './api';
import { h, setBusy } from './ui';
import type { Documents } from '@fangtiao/contracts';

/** What each export kind is called on the desk: the zip's name and the unit its progress counts. */
const KINDS = {
  documents: { zip: '文书批量导出.zip', unit: '份文书', verb: '打包', button: '批量导出文书', none: '当前筛选的案件还没有出具的文书' },
  'case-files': {
    zip: '一案一档批量导出.zip',
    unit: '件案件的一案一档',
    verb: '生成',
    button: '批量导出一案一档',
    none: '当前筛选没有案件',
  },
};
export type ExportKind = keyof typeof KINDS;

/** The progress bar and its text, hidden until an export runs. */
export function exportProgress(label: string) {
  const bar = h('progress', { class: 'export-progress', max: 100, value: 0, hidden: true, 'aria-label': label });
  const text = h('span', { class: 'muted export-progress-text', 'aria-live': 'polite' });
  return { bar, text };
}

/** Polls until the export is no longer running; a server restart mid-way is survived (the build resumes once its lease expires). */
async function awaitExport(job: Documents.ExportJob, kind: ExportKind, { bar, text }: ReturnType<typeof exportProgress>) {
  const k = KINDS[kind];
  let lostSince: number | null = null;
  while (job.status === 'running' || job.status === undefined) {
    await new Promise((r) => setTimeout(r, lostSince ? 2000 : 500));
    try {
      job = (await api.get<Documents.GetExport.Job>(`document-exports/${encodeURIComponent(job.documentId)}`)).data;
      lostSince = null;
    } catch (err) {
      if (err.status && err.status < 500) throw err;
      lostSince ??= Date.now();
      if (Date.now() - lostSince > 120000) throw new Error('服务器长时间无响应，请稍后重新导出', { cause: err });
      text.textContent = '与服务器的连接中断，正在重试…';
      continue;
    }
    bar.value = job.progress ?? 0;
    const done = `已${k.verb} ${job.done ?? 0} / ${job.total ?? 0} ${k.unit}`;
    text.textContent = job.resumed ? `${k.verb}曾中断，已自动恢复（第${job.attempts}次）：${done}` : done;
  }
  return job;
}

/**
 * Starts a `kind` export of the petitions `filters` selects (the server narrows them to the
 * caller's jurisdiction), shows its progress and downloads the zip. `say` reports the outcome.
 */
export async function runExport(
  kind: ExportKind,
  filters: unknown,
  button: HTMLButtonElement,
  progress: ReturnType<typeof exportProgress>,
  say: (kind: string, text: string) => void,
) {
  const k = KINDS[kind];
  setBusy(button, true, `正在${k.verb}…`);
  progress.bar.hidden = false;
  progress.bar.value = 0;
  try {
    const started = (await api.post<Documents.StartExport.Response>('document-exports', { data: { kind, filters } })).data;
    const job = await awaitExport(started, kind, progress);
    if (job.status !== 'done') throw new Error(`${job.error || `${k.verb}失败`}（可再次点击“${k.button}”重新发起）`);
    if (!job.total) {
      say('info', k.none);
      return;
    }
    const file = await api.download(`/api/document-exports/${encodeURIComponent(job.documentId)}/download`, k.zip);
    say('success', `已导出 ${file.name}（${job.total} ${k.unit}）`);
  } catch (err) {
    say('error', `导出失败：${err.message}`);
  } finally {
    setBusy(button, false);
    setTimeout(() => ((progress.bar.hidden = true), (progress.text.textContent = '')), 3000);
  }
}

/** The button that starts a `kind` export of what `filters()` selects at the time of the click. */
export function exportButton(
  kind: ExportKind,
  filters: () => unknown,
  progress: ReturnType<typeof exportProgress>,
  say: (kind: string, text: string) => void,
) {
  return h(
    'button',
    {
      class: 'btn btn-small',
      type: 'button',
      dataset: { export: kind },
      onclick: (e: MouseEvent) => runExport(kind, filters(), e.currentTarget as HTMLButtonElement, progress, say),
    },
    KINDS[kind].button,
  );
}
