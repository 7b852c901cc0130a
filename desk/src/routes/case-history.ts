// The case page's record of what happened: the mediation's outcome, the return visit and the
// timeline (办理经过).
import { h, fmtDate, fmtDateTime, badge } from '../lib/ui';
import * as L from '../lib/labels';
import { card } from '../lib/shell';
import type { Outcome, Petition, Term, TimelineItem, UserRef } from '../lib/types';

export const who = (u: Pick<UserRef, 'username' | 'fullName'> | null | undefined) => (u ? u.fullName || u.username : '');

const text = (v: string | null | undefined) =>
  v && String(v).trim() ? h('p', { class: 'prose' }, v) : h('p', { class: 'prose muted' }, '未填写');

/** 回访: the result, when, and the person's words. */
export function returnVisitCard(rv: NonNullable<Petition['returnVisit']>) {
  return card(
    '回访',
    h(
      'p',
      {},
      h('strong', {}, L.RETURN_VISIT_RESULTS[rv.result ?? ''] || rv.result),
      rv.at ? h('span', { class: 'muted' }, `（${fmtDate(rv.at)}）`) : null,
    ),
    rv.comment ? text(rv.comment) : null,
  );
}

export function outcomeCard(o: Outcome) {
  if (o.result === 'success') {
    const terms = Array.isArray(o.terms) ? o.terms.filter((t): t is Term => !!t && !!(t.what || t.how || t.where || t.byWhen)) : [];
    return card(
      '调解结果',
      h('p', {}, badge('调解成功', 'success')),
      h('h3', { class: 'sub' }, '协议内容'),
      h('p', { class: 'prose' }, o.agreedTerms || ''),
      o.facts ? [h('h3', { class: 'sub' }, '主要事实'), h('p', { class: 'prose' }, o.facts)] : null,
      o.disputes ? [h('h3', { class: 'sub' }, '争议事项'), h('p', { class: 'prose' }, o.disputes)] : null,
      o.responsibilities ? [h('h3', { class: 'sub' }, '各方责任'), h('p', { class: 'prose' }, o.responsibilities)] : null,
      terms.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'terms' },
              h(
                'thead',
                {},
                h('tr', {}, h('th', {}, '履行事项'), h('th', {}, '义务人'), h('th', {}, '方式'), h('th', {}, '地点'), h('th', {}, '期限')),
              ),
              h(
                'tbody',
                {},
                terms.map((t) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, t.what || ''),
                    h('td', {}, t.obligor || ''),
                    h('td', {}, t.how || ''),
                    h('td', {}, t.where || ''),
                    h('td', {}, t.byWhen ? fmtDate(t.byWhen) : ''),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }
  return card(
    '调解结果',
    h('p', {}, badge('调解不成', 'failure')),
    o.reason ? [h('h3', { class: 'sub' }, '原因'), h('p', { class: 'prose' }, o.reason)] : null,
    o.next
      ? h('p', {}, `后续处理：${L.STATES[o.next] || o.next}${o.channel ? `（${L.LEGAL_CHANNELS[o.channel] || o.channel}）` : ''}`)
      : null,
  );
}

export function timelineList(items: TimelineItem[]) {
  if (!items.length) return h('p', { class: 'muted' }, '暂无记录');
  const roleOf = (r: string | undefined) => (r ? L.ROLES[r] || r : '');
  return h(
    'ol',
    { class: 'timeline' },
    items.map((it) => {
      const d: NonNullable<TimelineItem['detail']> = it.detail || {};
      let title = it.label;
      const lines: string[] = [];
      const tags: HTMLElement[] = [];
      switch (it.kind) {
        case 'registered':
          title = '登记';
          if (d.referenceNo) lines.push(`编号 ${d.referenceNo}`);
          break;
        case 'move':
          title = L.ACTIONS[d.action ?? ''] || it.label;
          if (d.from || d.to) lines.push(`${L.STATES[d.from ?? ''] || d.from || ''} → ${L.STATES[d.to ?? ''] || d.to || ''}`);
          if (d.reason) lines.push(d.reason);
          if (d.by) lines.push(`经办：${who(d.by)}${d.role ? `（${roleOf(d.role)}）` : ''}`);
          // The person's own request for review from their page (/p/) has no desk user.
          else if (d.role === 'petitioner') lines.push('信访人网上申请');
          break;
        case 'visit':
          title = d.channel === 'letter' ? '来信' : '来访';
          lines.push(
            [L.CHANNELS[d.channel ?? ''], d.level && `到${L.LEVELS[d.level] || d.level}`, d.headcount && `${d.headcount}人`]
              .filter(Boolean)
              .join(' · '),
          );
          if (d.note) lines.push(d.note);
          if (d.isRepeat) tags.push(badge('重复', 'repeat'));
          if (d.isLeapfrog) tags.push(badge('越级', 'backlog'));
          break;
        case 'session':
          title = '调解';
          if (d.place) lines.push(`地点：${d.place}`);
          if (d.participants) lines.push(`参加人员：${d.participants}`);
          if (d.summary) lines.push(d.summary);
          if (d.by) lines.push(`调解员：${who(d.by)}`);
          break;
        case 'return-visit':
          title = '回访';
          lines.push(L.RETURN_VISIT_RESULTS[d.result ?? ''] || d.result || '');
          if (d.comment) lines.push(d.comment);
          break;
        default:
          break;
      }
      return h(
        'li',
        { class: `tl tl-${it.kind}`, dataset: { kind: it.kind } },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h(
            'div',
            { class: 'tl-head' },
            h('strong', {}, title),
            ...tags,
            h('time', { class: 'muted', datetime: it.at || '' }, fmtDateTime(it.at)),
          ),
          lines.filter(Boolean).map((l) => h('p', { class: 'tl-line' }, l)),
        ),
      );
    }),
  );
}

// The case type's form on the case page: shown read-only, edited by the clerk or the assigned mediator.
