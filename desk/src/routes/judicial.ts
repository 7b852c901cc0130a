// 司法确认 on the case page (人民调解法 art. 33): the 30-day window, the joint application (PDF),
// the court's filing and ruling.
import * as api from '../lib/api';
import { h, append, clear, fmtDate, setBusy as busy } from '../lib/ui';
import { say, type Reload } from '../lib/shell';
import { input, textarea, select, recordForm } from '../lib/fields';
import type { Judicial } from '@fangtiao/contracts';
import type { Petition } from '../lib/types';

type Build = (close: () => void) => HTMLElement;

/** Today in Asia/Shanghai as YYYY-MM-DD, the date inputs' default. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const dateInput = () => input({ type: 'date', value: today() });

/** 登记立案: the court's filing date, the court and the case number. */
function filingForm(j: Judicial.Status, path: string, close: () => void, reload: Reload) {
  return recordForm(
    '登记立案',
    [
      { key: 'filedAt', label: '立案日期', required: true, control: dateInput() },
      { key: 'court', label: '受理法院', required: true, control: input({ value: j.court || '' }) },
      { key: 'caseNumber', label: '案号', required: true, control: input({ placeholder: '（2026）浙1102民特1号' }) },
    ],
    { submitText: '保存立案', path: `${path}/filing`, close, reload, done: '已登记立案' },
  );
}

/** 登记裁定: the ruling's date and outcome. */
function rulingForm(path: string, close: () => void, reload: Reload) {
  return recordForm(
    '登记裁定',
    [
      { key: 'ruledAt', label: '裁定日期', required: true, control: dateInput() },
      {
        key: 'outcome',
        label: '裁定结果',
        required: true,
        control: select([
          ['confirmed', '裁定确认调解协议有效'],
          ['rejected', '裁定驳回申请'],
        ]),
      },
      { key: 'note', label: '说明', control: textarea({ rows: 2 }), wide: true },
    ],
    { submitText: '保存裁定', path: `${path}/ruling`, close, reload, done: '已登记裁定' },
  );
}

/** Issues the joint application (a new version each time) and downloads it. */
async function generate(p: Petition, path: string, button: HTMLButtonElement) {
  busy(button, true, '正在出具…');
  try {
    const doc = (await api.post<Judicial.IssueApplication.Response>(`${path}/application`, {})).data;
    const file = await api.download(
      `/api/documents/${encodeURIComponent(doc.documentId)}/download`,
      `司法确认申请书-${p.referenceNo || p.documentId}.pdf`,
    );
    say('success', `已出具并下载${file.name}`);
  } catch (err) {
    say('error', `司法确认申请书未能出具：${err.message}`);
  } finally {
    busy(button, false);
  }
}

/**
 * 司法确认 (人民调解法 art. 33): the 30-day window, the joint application (PDF), the court's
 * filing and ruling. Shown to the case's mediator and handling clerk (the API answers 403 to others).
 */
export function judicialBox(p: Petition, reload: Reload) {
  const box = h('div', { class: 'judicial', dataset: { section: 'judicial' } });
  const panel = h('div', { class: 'action-panel' });
  const enc = encodeURIComponent(p.documentId);
  const path = `petitions/${enc}/judicial-confirmation`;
  const toggle = (build: Build) =>
    panel.firstChild ? panel.replaceChildren() : panel.replaceChildren(build(() => panel.replaceChildren()));

  function render(j: Judicial.Status) {
    const lines = [
      `调解协议生效：${fmtDate(j.effectiveAt)}；申请期限至${fmtDate(j.deadline)}（北京时间）${j.windowOpen ? '' : '，已届满'}`,
      j.filedAt ? `立案：${j.filedAt} · ${j.court} · 案号${j.caseNumber}` : '尚未登记法院立案',
      j.ruledAt ? `裁定：${j.ruledAt} · ${j.outcomeLabel}` : null,
    ].filter(Boolean);
    const buttons = [
      j.windowOpen
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              dataset: { action: 'judicial-application' },
              onclick: (e: MouseEvent) => generate(p, path, e.currentTarget as HTMLButtonElement),
            },
            '生成司法确认申请书',
          )
        : null,
      !j.ruledAt
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              dataset: { action: 'judicial-filing' },
              onclick: () => toggle((close) => filingForm(j, path, close, reload)),
            },
            '登记立案',
          )
        : null,
      j.filedAt && !j.ruledAt
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small',
              dataset: { action: 'judicial-ruling' },
              onclick: () => toggle((close) => rulingForm(path, close, reload)),
            },
            '登记裁定',
          )
        : null,
    ].filter(Boolean);
    append(
      clear(box),
      h('h3', { class: 'sub' }, '司法确认'),
      ...lines.map((t) => h('p', { class: 'muted' }, t)),
      buttons.length ? h('div', { class: 'button-row' }, buttons) : null,
      panel,
    );
  }

  api.get<Judicial.GetStatus.Response>(path).then(
    (res) => render(res.data),
    () => box.remove(),
  );
  return box;
}
