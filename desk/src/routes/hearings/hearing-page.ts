// 听证与会商: the hearing page #/hearings/<id> — when and where, the participants and their
// notices, the actions (reschedule, cancel, minutes: hearing-forms.js), the recorded minutes
// and the history.
import * as api from '../../lib/api';
import { h, fmtDateTime, spinner, banner } from '../../lib/ui';
import { downloadButton } from '../../lib/download';
import * as L from '../../lib/labels';
import { ROLES, OUTCOMES, VOTES, SCHEDULERS, ms, span, chip, stateChip, downloadNotice, downloadMinutes, placeText } from './labels';
import { cancelForm, rescheduleForm, minutesForm } from './hearing-forms';
import type { Hearings } from '@fangtiao/contracts';
import type { Reload, WorkCtx } from '../../lib/shell';
import type { Me } from '../../lib/types';

type HearingView = Hearings.HearingView;
type Participant = Hearings.ParticipantView;

/** main: the shell's <main>; ctx: { me, say, go, flash, route } */
function hearingHeader(x: HearingView, me: Me) {
  return h(
    'section',
    { class: 'card hg-header' },
    h(
      'div',
      { class: 'chips' },
      chip(x.kindLabel, `hg-k-${x.kind}`),
      stateChip(x.state),
      x.isPublic ? chip('公开', 'hg-public') : null,
      x.urgent ? chip('紧急', 'cx-u-critical') : null,
    ),
    h('h1', { class: 'case-title hg-title' }, x.title),
    h(
      'dl',
      { class: 'kv kv-compact' },
      h('dt', {}, '时间'),
      h('dd', { class: 'hg-time' }, span(x.start, x.end)),
      h('dt', {}, '地点'),
      h('dd', {}, x.room ? placeText(x) : x.videoLink ? '视频会议' : '另行通知'),
      x.videoLink
        ? [
            h('dt', {}, '视频会议'),
            h('dd', {}, h('a', { href: x.videoLink, target: '_blank', rel: 'noopener noreferrer', class: 'hg-link' }, x.videoLink)),
          ]
        : null,
      x.petition
        ? [
            h('dt', {}, '案件'),
            h(
              'dd',
              {},
              me.role === 'expert'
                ? x.petition.referenceNo
                : h(
                    'a',
                    { href: `#/case/${encodeURIComponent(x.petition.documentId)}` },
                    `${x.petition.referenceNo} ${x.petition.subject || ''}`,
                  ),
            ),
          ]
        : null,
      x.organisation ? [h('dt', {}, '组织单位'), h('dd', {}, x.organisation.name)] : null,
      x.outcome ? [h('dt', {}, '结果'), h('dd', {}, OUTCOMES[x.outcome] || x.outcome)] : null,
    ),
  );
}

/** Who takes part, each with their notice to download (staff: everyone's; experts: their own). */
function peopleCard(x: HearingView, ctx: WorkCtx, isMine: (pt: Participant) => boolean) {
  const me = ctx.me;
  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, `参加人员（${x.participants.length}人）`),
    h(
      'ul',
      { class: 'hg-people' },
      x.participants.map((pt) => {
        // Staff download every participant's notice (to post or hand over); experts their own.
        const may = pt.notice && (me.role !== 'expert' || isMine(pt));
        return h(
          'li',
          { class: 'hg-person', dataset: { role: pt.role, index: String(pt.index) } },
          h('span', { class: `chip hg-role hg-r-${pt.role}` }, pt.roleLabel || ROLES[pt.role]),
          h(
            'span',
            { class: 'hg-person-name' },
            h('strong', {}, pt.name),
            pt.categoryLabel ? h('small', { class: 'muted' }, ` ${pt.categoryLabel}`) : null,
            pt.organisation ? h('small', { class: 'muted' }, ` ${pt.organisation}`) : null,
            isMine(pt) ? h('small', { class: 'muted' }, '（我）') : null,
          ),
          may && pt.notice
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small hg-notice',
                  title: `${pt.name}的听证通知书`,
                  onclick: (e: MouseEvent) => downloadNotice(x.documentId, pt, e.currentTarget as HTMLButtonElement, ctx.say),
                },
                `通知书 第${pt.notice.version}版`,
              )
            : h('span', {}),
        );
      }),
    ),
  );
}

function actionsCard(x: HearingView, ctx: WorkCtx, { isChair, started, reload }: { isChair: boolean; started: boolean; reload: Reload }) {
  const me = ctx.me;
  const panel = h('div', { class: 'action-panel' });
  const buttons: HTMLButtonElement[] = [];
  let openKey: string | null = null;
  const add = (key: string, text: string, build: (close: () => void) => HTMLElement, cls = '') => {
    const b = h('button', { type: 'button', class: `btn ${cls}`.trim(), dataset: { action: key } }, text);
    b.addEventListener('click', () => {
      buttons.forEach((o) => o.classList.remove('active'));
      if (openKey === key) {
        openKey = null;
        return panel.replaceChildren();
      }
      openKey = key;
      b.classList.add('active');
      const close = () => ((openKey = null), b.classList.remove('active'), panel.replaceChildren());
      panel.replaceChildren(build(close));
      const first = panel.querySelector<HTMLElement>('input, select, textarea');
      if (first) first.focus();
    });
    buttons.push(b);
  };
  const mayRecord = me.role === 'clerk' || isChair;
  if (started && mayRecord) add('minutes', '记录笔录和结论', (close) => minutesForm(x, ctx, close, reload), 'btn-accent');
  add('reschedule', '改期', (close) => rescheduleForm(x, ctx, close, reload), started ? '' : 'btn-accent');
  add('cancel', '取消会议', (close) => cancelForm(x, close, reload));
  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'card-title' }, '办理'),
    h('div', { class: 'button-row' }, buttons),
    !started
      ? h('p', { class: 'muted hg-note' }, `会议开始后（${fmtDateTime(x.start)}起）可记录笔录和结论。`)
      : !mayRecord
        ? h('p', { class: 'muted hg-note' }, '笔录和结论由主持人或信访干部记录。')
        : null,
    panel,
  );
}

export async function renderHearing(main: HTMLElement, id: string, ctx: WorkCtx) {
  const enc = encodeURIComponent(id);
  const back = h('a', { class: 'back', href: '#/schedule' }, '‹ 日程');
  const body = h('div', { class: 'hg-page' }, spinner());
  main.append(back, body);
  let x: HearingView;
  let myExpert: string | null = null;
  try {
    x = (await api.get<Hearings.GetHearing.Response>(`hearings/${enc}`)).data;
    if (ctx.me.role === 'expert')
      myExpert = await api.get<{ data: { documentId: string } | null }>('experts/me').then(
        (r) => r.data && r.data.documentId,
        (): null => null,
      );
  } catch (err) {
    body.replaceChildren(banner('error', err.status === 404 ? '会议不存在或不在您的管辖范围内' : `无法读取会议：${err.message}`));
    return;
  }
  document.title = `${x.kindLabel} · 访调工作台`;
  if (x.petition && ctx.me.role !== 'expert') {
    back.href = `#/case/${encodeURIComponent(x.petition.documentId)}`;
    back.textContent = `‹ 案件 ${x.petition.referenceNo || ''}`;
  }
  const me = ctx.me;
  const isMine = (pt: Participant) => !!((pt.user && pt.user === me.documentId) || (pt.expert && pt.expert === myExpert));
  const isChair = x.participants.some((pt) => pt.role === 'chair' && pt.user === me.documentId);
  const started = ms(x.start) <= Date.now();
  const reload: Reload = (kind, text) => {
    if (kind && text) ctx.flash(kind, text);
    ctx.route();
  };

  const header = hearingHeader(x, me);

  const people = peopleCard(x, ctx, isMine);

  // Actions: leaders and clerks move a scheduled hearing; the chair or a clerk records the minutes.
  const actions = SCHEDULERS.includes(me.role) && x.state === 'scheduled' ? actionsCard(x, ctx, { isChair, started, reload }) : null;

  const minutes = x.minutes ? minutesCard(x, x.minutes, ctx) : null;
  const hist = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, '经过'), historyList(x.history || []));
  body.replaceChildren(h('div', { class: 'hg-main' }, header, actions, minutes, people), h('div', { class: 'hg-side' }, hist));
}

function historyList(items: Hearings.HistoryEntry[]) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  const texts: Record<string, (e: Hearings.HistoryEntry) => (string | null)[]> = {
    schedule: (e) => ['安排', e.start ? `时间：${span(e.start, e.end || e.start)}` : null],
    reschedule: (e) => ['改期', `${fmtDateTime(e.from)} → ${fmtDateTime(e.to)}`, e.reason ? `原因：${e.reason}` : null],
    cancel: (e) => ['取消', e.reason ? `原因：${e.reason}` : null],
    minutes: (e) => ['记录笔录和结论', e.outcome ? OUTCOMES[e.outcome] || e.outcome : null],
  };
  return h(
    'ol',
    { class: 'timeline' },
    items.map((e) => {
      const [title, ...lines] = (texts[e.action] || (() => [e.action]))(e);
      return h(
        'li',
        { class: `tl tl-${e.action === 'cancel' ? 'visit' : e.action === 'minutes' ? 'session' : 'move'}`, dataset: { kind: e.action } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h('div', { class: 'tl-head' }, h('strong', {}, title), h('time', { class: 'muted', datetime: e.at || '' }, fmtDateTime(e.at))),
          lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l)),
          e.role
            ? h(
                'p',
                { class: 'tl-line muted' },
                `经办：${e.byName ? `${e.byName}（${L.ROLES[e.role] || e.role}）` : L.ROLES[e.role] || (e.role === 'system' ? '系统' : e.role)}`,
              )
            : null,
        ),
      );
    }),
  );
}

/** The recorded minutes: attendance, opinions and the vote tally, conclusion, outcome, the case move. */
function minutesCard(x: HearingView, m: Hearings.RecordedMinutes, ctx: WorkCtx) {
  const name = (i: number) => (x.participants[i] ? `${x.participants[i].name}（${x.participants[i].roleLabel}）` : `第${i + 1}位`);
  const absent = (m.attendance || []).filter((a) => !a.present);
  const t = m.tally || { support: 0, oppose: 0, abstain: 0 };
  const hasVotes = (m.opinions || []).some((o) => o.vote) || x.participants.some((pt) => pt.role === 'panel');
  const move = x.caseMove;
  return h(
    'section',
    { class: 'card hg-minutes', id: 'minutes' },
    h('h2', { class: 'card-title' }, '笔录和结论'),
    h('h3', { class: 'sub' }, '到场情况'),
    h(
      'p',
      {},
      `到场${(m.attendance || []).length - absent.length}人${absent.length ? `，缺席：${absent.map((a) => name(a.participant)).join('、')}` : '，全部到场'}`,
    ),
    (m.opinions || []).length
      ? [
          h('h3', { class: 'sub' }, '发表意见'),
          h(
            'ul',
            { class: 'hg-opinions' },
            (m.opinions || []).map((o) =>
              h(
                'li',
                {},
                h('strong', {}, name(o.participant)),
                o.vote ? chip(VOTES[o.vote] || o.vote, `hg-v-${o.vote}`) : null,
                h('p', { class: 'prose' }, o.opinion),
              ),
            ),
          ),
        ]
      : null,
    hasVotes
      ? [
          h('h3', { class: 'sub' }, '表决结果'),
          h('p', { class: 'hg-tally' }, `支持 ${t.support} 票 · 不支持 ${t.oppose} 票 · 弃权 ${t.abstain} 票`),
        ]
      : null,
    h('h3', { class: 'sub' }, '结论'),
    h('p', { class: 'prose' }, m.conclusion),
    h('h3', { class: 'sub' }, '信访人意见'),
    h('p', {}, chip(OUTCOMES[m.outcome] || m.outcome, `hg-o-${m.outcome}`)),
    move
      ? [
          h('h3', { class: 'sub' }, '案件办理'),
          h(
            'p',
            { class: 'hg-move' },
            `${L.ACTIONS[move.action] || move.action}：${L.STATES[move.from] || move.from} → `,
            h('strong', {}, L.STATES[move.to] || move.to),
          ),
        ]
      : null,
    h('p', { class: 'muted hg-note' }, `记录于 ${fmtDateTime(m.at)}`),
    m.document
      ? downloadButton(
          `下载笔录（第${m.document.version}版）`,
          (button) => downloadMinutes(x.documentId, button, ctx.say),
          'btn btn-small hg-minutes-pdf',
        )
      : null,
  );
}
