// One credit flag's page #/credit/<documentId>: the flag (ground and its legal basis, the person,
// where it stands and the dates that matter), the notice PDF once issued, the objection and the
// repair, the moves the caller may make now (the server lists them in `available`; a move the
// rules would still refuse — activation inside the objection window… — is shown disabled with
// why and from when) and the flag's history. Every move is the server's decision: its 400s go
// to their fields, a 409 or 403 is said in words with a way to reload.
import * as api from '../lib/api';
import { h, fmtDate, fmtDateTime, spinner, banner } from '../lib/ui';
import { STATES, DESK_ROLES } from './credit';
import {
  who,
  ROLE_NAMES,
  DECISIONS,
  headerCard,
  datesCard,
  basisCard,
  leftText,
  writingsCard,
  objectionCard,
  repairCard,
} from './credit-flag-cards';
import { ACTIONS, actionsCard } from './credit-flag-moves';
import type { Credit } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';

export { ACTIONS };

/** main: the shell's <main>; ctx: { me, say, flash, route } */
export async function renderFlag(main: HTMLElement, id: string, ctx: WorkCtx) {
  const enc = encodeURIComponent(id);
  const back = h(
    'a',
    { class: 'back', href: DESK_ROLES.includes(ctx.me.role) ? '#/credit-review' : '#/cases' },
    DESK_ROLES.includes(ctx.me.role) ? '‹ 信用审核' : '‹ 我的案件',
  );
  const body = h('div', { class: 'cr-page' }, spinner());
  main.append(back, body);
  let f: Credit.CreditFlag;
  let history: Credit.FlagMove[] | null;
  try {
    const [fr, hr] = await Promise.all([
      api.get<Credit.GetFlag.Response>(`credit-flags/${enc}`),
      api.get<{ data: Credit.FlagMove[] }>(`credit-flags/${enc}/history`).catch((): null => null),
    ]);
    f = fr.data;
    history = hr ? hr.data || [] : null;
  } catch (err) {
    body.replaceChildren(banner('error', err.status === 404 ? '信用记录不存在或不在您的管辖范围内' : `无法读取信用记录：${err.message}`));
    return;
  }
  document.title = `失信记录 ${f.personName || ''} · 访调工作台`;
  const now = Date.now();

  const say = ctx.say;
  const hist = h(
    'section',
    { class: 'card', id: 'history' },
    h('h2', { class: 'card-title' }, '经过'),
    history ? historyList(history) : h('p', { class: 'muted' }, '无法读取经过'),
  );
  body.replaceChildren(
    h(
      'div',
      { class: 'cr-main' },
      headerCard(f),
      actionsCard(f, ctx),
      deadlinesCard(f, now),
      writingsCard(f, say),
      objectionCard(f, enc, say),
      repairCard(f, enc, say),
      datesCard(f, now),
      basisCard(f),
    ),
    h('div', { class: 'cr-side' }, hist),
  );
}

function historyList(items: Credit.FlagMove[]) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  return h(
    'ol',
    { class: 'timeline cr-history' },
    items.map((mv) => {
      const i: NonNullable<Credit.FlagMove['input']> = mv.input || {};
      const lines: string[] = [];
      if (!mv.fromState) lines.push(mv.toLabel || STATES[mv.toState] || '');
      else if (mv.fromState !== mv.toState)
        lines.push(`${mv.fromLabel || STATES[mv.fromState] || mv.fromState} → ${mv.toLabel || STATES[mv.toState] || mv.toState}`);
      if (mv.action === 'apply_repair') lines.push('修复申请待审核');
      const decision = i.objectionDecision || i.repairDecision;
      if (decision && DECISIONS[decision]) lines.push(`结论：${DECISIONS[decision]}`);
      if ((mv.action === 'notify' || mv.action === 'deliver') && i.objectionDeadline)
        lines.push(`异议期至 ${fmtDate(i.objectionDeadline)}`);
      if (mv.action === 'activate' && i.expiresAt) lines.push(`保存期限至 ${fmtDate(i.expiresAt)}`);
      if (mv.reason && mv.action !== 'propose') lines.push(mv.reason);
      const actor = mv.actor
        ? `${who(mv.actor)}（${ROLE_NAMES[mv.actorRole ?? ''] || mv.actorRole}）`
        : ROLE_NAMES[mv.actorRole ?? ''] || mv.actorRole || '';
      return h(
        'li',
        { class: `tl ${mv.action === 'propose' ? 'tl-registered' : 'tl-move'}`, dataset: { action: mv.action, to: mv.toState } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h(
            'div',
            { class: 'tl-head' },
            h('strong', {}, ACTIONS[mv.action] || mv.action),
            h('time', { class: 'muted', datetime: mv.at || '' }, fmtDateTime(mv.at)),
          ),
          lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l)),
          actor ? h('p', { class: 'tl-line muted' }, `经办：${actor}`) : null,
        ),
      );
    }),
  );
}

/** Each open step: its deadline and who must act (the server's list, as the rules decide it). */
function deadlinesCard(f: Credit.CreditFlag, now: number) {
  return (f.deadlines || []).length
    ? h(
        'section',
        { class: 'card', id: 'credit-deadlines' },
        h('h2', { class: 'card-title' }, '待办期限'),
        h(
          'ul',
          { class: 'cr-deadlines' },
          (f.deadlines || []).map((d) =>
            h(
              'li',
              { dataset: { key: d.key, of: d.of || '' }, class: d.overdue ? 'cr-overdue' : '' },
              h('strong', {}, d.label),
              ' ',
              d.dueAt
                ? h('span', { class: 'cr-due' }, `${fmtDate(d.dueAt)}前${d.overdue ? '（已逾期）' : ` · ${leftText(d.dueAt, now)}`}`)
                : h('span', { class: 'muted' }, '期限待起算'),
              h('p', { class: 'muted cr-who' }, `经办：${d.who}`),
            ),
          ),
        ),
      )
    : null;
}
