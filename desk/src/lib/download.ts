// A file from the API, saved from a button: the one download flow of the case page's documents,
// the hearings, consultations, handovers and credit flags.
import * as api from './api';
import { h, setBusy } from './ui';
import type { Say } from './shell';

/** Saves the file at `url` while `button` shows it is busy; says what was saved, or why not (`what` names it in the failure). */
export async function saveFile(button: HTMLButtonElement, url: string, fallbackName: string, say: Say, what = '') {
  setBusy(button, true, '正在准备…');
  try {
    const file = await api.download(url, fallbackName);
    say('success', `已下载${file.name}`);
  } catch (err) {
    say('error', `${what}未能下载：${err.message}`);
  } finally {
    setBusy(button, false);
  }
}

/** A download button in the row's action box; `run` gets the button (to show it busy). */
export function downloadButton(label: string, run: (button: HTMLButtonElement) => unknown, cls = 'btn btn-small') {
  return h(
    'div',
    { class: 'doc-actions' },
    h('button', { type: 'button', class: cls, onclick: (e: MouseEvent) => run(e.currentTarget as HTMLButtonElement) }, label),
  );
}
