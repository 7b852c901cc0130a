// #/case/<documentId>: the case page (summary, five clarities, outcome, timeline, the case type's form).
import * as api from '../lib/api';
import {
  h,
  append,
  clear,
  fmtDate,
  fmtDateTime,
  deadlineChip,
  stateChip,
  badge,
  clarityChip,
  spinner,
  banner,
  setBusy as busy,
} from '../lib/ui';
import * as L from '../lib/labels';
import { createForm, renderFormValues } from '../lib/form';
import { stageOfState } from '../lib/rules';
import * as consult from './consult';
import * as credit from './credit';
import { READERS as HEARING_READERS } from './hearings/labels';
import { caseCard as hearingsCard } from './hearings/schedule-form';
import * as infoRequests from './info-requests';
import * as parties from './parties';
import * as casework from './casework';
import * as backlog from './backlog';
import * as handover from './handover';
import * as attachments from './attachments';
import { app, flash, workCtx, shell, card, route, currentUser } from '../lib/shell';
import { problemSummary } from '../lib/fields';
import { actionsCard } from './case-actions';
import { who, outcomeCard, returnVisitCard, timelineList } from './case-history';
import type { CaseForm, List, MoveOption, One, Petition, TimelineItem } from '../lib/types';
import type { Reload } from '../lib/shell';

// ---------------------------------------------------------------------------------------
// Case page

export { who };

const POPULATE: [string, string][] = [
  ['populate[parties]', 'true'],
  ['populate[organisation][fields][0]', 'name'],
  ['populate[committee][fields][0]', 'name'],
  ['populate[caseType][fields][0]', 'name'],
  ['populate[mediator][fields][0]', 'username'],
  ['populate[mediator][fields][1]', 'fullName'],
];

/** The case and what the page shows beside it; only the case itself must be readable. */
async function loadCase(enc: string) {
  // A part that cannot be read is shown as such; only the case itself must be there.
  const soft = <T>(promise: Promise<T>) => promise.catch((): null => null);
  const [pr, mv, tl, fm] = await Promise.all([
    api.get<One<Petition>>(`petitions/${enc}${api.query(POPULATE)}`),
    soft(api.get<List<MoveOption>>(`petitions/${enc}/moves`)),
    soft(api.get<List<TimelineItem>>(`petitions/${enc}/timeline`)),
    soft(api.get<One<CaseForm>>(`petitions/${enc}/form`)),
  ]);
  return { p: pr.data, moves: mv ? mv.data || [] : [], timeline: tl ? tl.data || [] : null, form: fm ? fm.data : null };
}

export async function renderCase(id: string, ticket: number) {
  const main = shell('case', '案件详情');
  main.append(h('a', { class: 'back', href: '#/cases' }, '‹ 我的案件'));
  const body = h('div', { class: 'case-page' }, spinner());
  main.append(body);

  const enc = encodeURIComponent(id);
  let p: Petition;
  let moves: MoveOption[];
  let timeline: TimelineItem[] | null;
  let form: CaseForm | null;
  try {
    ({ p, moves, timeline, form } = await loadCase(enc));
  } catch (err) {
    if (ticket !== app.ticket) return;
    body.replaceChildren(
      banner(
        'error',
        err.status === 404 ? '案件不存在或不在您的管辖范围内' : `无法读取案件：${err.message}`,
        h('a', { class: 'btn btn-small', href: '#/cases' }, '返回'),
      ),
    );
    return;
  }
  if (ticket !== app.ticket) return;
  document.title = `${p.referenceNo || '案件'} · 访调工作台`;

  const me = currentUser();
  // The moves reserved to the assigned mediator are offered to that mediator only, so they
  // tell us too (the mediator relation may not be readable by every role).
  const isAssignedMediator =
    me.role === 'mediator' &&
    ((p.mediator && (p.mediator.id === me.id || p.mediator.username === me.username)) ||
      moves.some((m) => m.action === 'mediation_success' || m.action === 'mediation_failure'));
  const reload: Reload = (kind, text) => {
    if (text) flash(kind || 'info', text);
    route();
  };

  const header = caseHeader(p);

  const actions = actionsCard(p, moves, isAssignedMediator, reload);
  const clarity = clarityCard(p);
  const partiesCard = parties.partiesCard(p, workCtx(), reload, card);
  const details = detailsCard(p);
  const formCard = form && form.caseType ? caseFormCard(p, form, me.role === 'clerk' || isAssignedMediator, reload) : null;
  const outcome = p.outcome ? outcomeCard(p.outcome) : null;
  const rv = p.returnVisit ? returnVisitCard(p.returnVisit) : null;
  const tl = card('办理经过', timeline ? timelineList(timeline) : h('p', { class: 'muted' }, '无法读取办理经过'));

  // Phone: header, actions, five clarities, the record, the timeline. Desktop: two columns.
  header.classList.add('o-1');
  actions.classList.add('o-2');
  clarity.classList.add('o-3');
  tl.classList.add('o-9');
  body.replaceChildren(
    h(
      'div',
      { class: 'col-main' },
      header,
      actions,
      handover.extensionCard(p, workCtx()),
      backlog.caseCard(p, workCtx()),
      ['mediator', 'leader'].includes(me.role) ? consult.caseCard(p, workCtx()) : null,
      HEARING_READERS.includes(me.role) ? hearingsCard(p, workCtx()) : null,
      ['clerk', 'reviewer'].includes(me.role) ? credit.caseCard(p, workCtx()) : null,
      infoRequests.READERS.includes(me.role) ? infoRequests.caseCard(p, workCtx()) : null,
      partiesCard,
      details,
      formCard,
      attachments.caseCard(p, workCtx(), form),
      outcome,
      rv,
      p.outcome && p.outcome.result === 'success' && casework.READERS.includes(me.role) ? casework.performanceCard(p, workCtx()) : null,
      casework.READERS.includes(me.role) ? casework.caseFileCard(p) : null,
    ),
    h('div', { class: 'col-side' }, clarity, tl),
  );
}

function caseHeader(p: Petition) {
  return h(
    'section',
    { class: 'card case-header' },
    h('div', { class: 'case-top' }, h('span', { class: 'ref mono' }, p.referenceNo || ''), deadlineChip(p.deadline, { withKind: true })),
    h('h1', { class: 'case-title' }, p.subject),
    h(
      'div',
      { class: 'chips' },
      stateChip(p.stateLabel || L.STATES[p.state], p.state),
      p.isBacklog ? badge('积案', 'backlog') : null,
      p.isRepeat ? badge('重复', 'repeat') : null,
      clarityChip(p.fiveClarityScore),
    ),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '信访渠道'),
      h('dd', {}, L.CHANNELS[p.channel ?? ''] || p.channel || ''),
      h('dt', {}, '责任单位'),
      h('dd', {}, (p.organisation && p.organisation.name) || h('span', { class: 'muted' }, '未确定')),
      h('dt', {}, '登记时间'),
      h('dd', {}, fmtDateTime(p.registeredAt)),
      p.dueAt ? [h('dt', {}, '办理期限'), h('dd', {}, fmtDate(p.dueAt))] : null,
      h('dt', {}, '来访次数'),
      h('dd', {}, String(p.visitCount || 0)),
    ),
  );
}

const text = (v: string | null | undefined) =>
  v && String(v).trim() ? h('p', { class: 'prose' }, v) : h('p', { class: 'prose muted' }, '未填写');

function detailsCard(p: Petition) {
  return card(
    '事项情况',
    h('h3', { class: 'sub' }, '信访诉求'),
    text(p.demands),
    h('h3', { class: 'sub' }, '信访历史'),
    text(p.history),
    h('h3', { class: 'sub' }, '办理情况'),
    text(p.handlingNotes),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '案件类型'),
      h('dd', {}, (p.caseType && p.caseType.name) || h('span', { class: 'muted' }, '未指定')),
      p.committee ? [h('dt', {}, '调解委员会'), h('dd', {}, p.committee.name)] : null,
      p.mediator ? [h('dt', {}, '调解员'), h('dd', {}, who(p.mediator))] : null,
    ),
  );
}

export function clarityCard(p: Petition) {
  const missing = new Set(p.fiveClarityMissing || []);
  return card(
    `五个清楚 ${Number(p.fiveClarityScore) || 0}/5`,
    h(
      'ul',
      { class: 'clarity-list' },
      L.CLARITIES.map(([key, label, hint]) =>
        h(
          'li',
          { class: missing.has(key) ? 'missing' : 'present', dataset: { key } },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, missing.has(key) ? '✗' : '✓'),
          h(
            'span',
            {},
            label,
            h('span', { class: 'sr-only' }, missing.has(key) ? '（不清楚）' : '（清楚）'),
            missing.has(key) ? h('small', { class: 'hint' }, hint) : null,
          ),
        ),
      ),
    ),
  );
}

export function caseFormCard(p: Petition, form: CaseForm, canEdit: boolean, reload: Reload) {
  const title = `${form.caseType?.name || '案件类型'}表单${form.version ? `（第${form.version}版）` : ''}`;
  const body = h('div', {});
  const c = card(title, body);
  const showValues = () => {
    append(
      clear(body),
      renderFormValues(form.schema, form.data, { petition: p.documentId }),
      canEdit
        ? h(
            'div',
            { class: 'form-actions' },
            h('button', { type: 'button', class: 'btn', onclick: edit, dataset: { action: 'edit-form' } }, '填写 / 修改'),
          )
        : null,
    );
  };
  function edit() {
    const generated = createForm(form.schema, {
      values: form.data || {},
      idPrefix: 'caseform',
      petition: p.documentId,
      stage: stageOfState(p.state),
    });
    const summary = h('div', { class: 'summary', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存表单');
    const f = h(
      'form',
      { novalidate: true },
      summary,
      generated.el,
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: showValues }, '取消'), save),
    );
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const { errors, clean } = generated.check({ all: true });
      problemSummary(
        summary,
        errors.map((er) => ({ label: generated.labelOf(er.field), message: er.message, focus: () => generated.focus(er.field) })),
      );
      if (errors.length) return generated.focus(errors[0].field);
      busy(save, true, '正在保存…');
      try {
        await api.put(`petitions/${encodeURIComponent(p.documentId)}/form`, { data: clean });
        reload('success', '表单已保存');
      } catch (err) {
        busy(save, false);
        if (err.status === 400 && err.fieldErrors.length) {
          const list = (err.fieldErrors as api.FieldError[]).map((fe) => ({
            field: fe.path[0] === 'formData' ? fe.path[1] : fe.path[0],
            message: fe.message,
          }));
          generated.showServerErrors(list.filter((x) => generated.has(x.field)));
          problemSummary(
            summary,
            list.map((x) => ({
              label: generated.labelOf(x.field),
              message: x.message,
              focus: generated.has(x.field) ? () => generated.focus(x.field) : undefined,
            })),
            '服务器未接受表单，请修正以下问题：',
          );
        } else {
          problemSummary(summary, [{ label: '', message: err.message }], '保存未成功：');
        }
      }
    });
    body.replaceChildren(f);
  }
  showValues();
  return c;
}
