// 访调 desk: login, my cases, register a petition, the case page. Hash routes:
//   #/login  #/cases?state=&q=&page=&backlog=  #/register  #/case/<documentId>
//   #/hearings/<documentId>  #/schedule?resource=&week=  (hearings/)
//   #/credit-review?tab=  (credit.js)  #/credit/<documentId>  (credit-flag.js)
//   #/backlog[/board|/<documentId>] (backlog.js)  #/handover (handover.js)  #/ledgers (ledgers.js)  #/availability (availability.js)
//   #/subsidies?month=&committee= (subsidies.ts)
import * as api from './lib/api';
import type { Me, One } from './lib/types';
import { h, spinner, banner } from './lib/ui';
import * as consult from './routes/consult';
import { renderDesk as consultDesk } from './routes/consult-desk';
import * as inbox from './routes/inbox';
import * as warnings from './routes/warnings';
import * as credit from './routes/credit';
import { renderReview } from './routes/credit-review';
import { CALENDAR_ROLES } from './routes/hearings/labels';
import { renderHearing } from './routes/hearings/hearing-page';
import { renderWeek } from './routes/hearings/week';
import * as creditFlag from './routes/credit-flag';
import * as search from './routes/search';
import * as backlog from './routes/backlog';
import { renderPackage } from './routes/backlog-package';
import * as handover from './routes/handover';
import * as ledgers from './routes/ledgers';
import * as subsidies from './routes/subsidies';
import { renderAvailability } from './routes/availability';
import { root, app, parseHash, go, flash, workCtx, shell, setRouter, currentUser } from './lib/shell';
import { renderLogin } from './routes/login';
import { renderCases } from './routes/cases';
import { renderRegister } from './routes/register';
import { renderCase } from './routes/case-page';

api.auth.onExpired = () => {
  api.auth.token = null;
  app.me = null;
  app.cache.clear();
  flash('warn', '登录已失效，请重新登录');
  go('#/login');
};

/** Reads the signed-in user once; false when the page was left meanwhile or the user cannot be read (shown). */
async function loadMe(ticket: number) {
  root.replaceChildren(spinner('正在读取用户信息…'));
  try {
    app.me = (await api.get<One<Me>>('desk/me')).data;
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      api.auth.token = null;
      flash('error', err.status === 403 ? '当前账号不能使用工作台' : '登录已失效，请重新登录');
      go('#/login');
      return false;
    }
    root.replaceChildren(banner('error', `无法读取用户信息：${err.message}`, h('button', { class: 'btn', onclick: route }, '重试')));
    return false;
  }
  return ticket === app.ticket;
}

async function route() {
  const ticket = (app.ticket += 1);
  const { parts, params } = parseHash();
  if (!api.auth.token) {
    if (parts[0] !== 'login') history.replaceState(null, '', '#/login');
    return renderLogin();
  }
  if (!app.me && !(await loadMe(ticket))) return;
  const me = currentUser();
  switch (parts[0]) {
    case 'login':
      return go('#/cases');
    case 'case':
      return renderCase(parts[1], ticket);
    case 'consult':
      if (me.role === 'expert') return consultDesk(shell('consult', '咨询任务'), workCtx());
      return go('#/cases');
    case 'consultations':
      return consult.open(parts[1], workCtx());
    case 'hearings':
      if (CALENDAR_ROLES.includes(me.role) && parts[1]) return renderHearing(shell('schedule', '会议'), parts[1], workCtx());
      return go('#/cases');
    case 'schedule':
      if (CALENDAR_ROLES.includes(me.role)) return renderWeek(shell('schedule', '日程'), workCtx(), params);
      return go('#/cases');
    case 'inbox':
      return inbox.renderInbox(shell('inbox', '消息'), workCtx(), params);
    case 'inbox-settings':
      return inbox.renderSettings(shell('inbox', '通知设置'), workCtx());
    case 'credit-review':
      if (credit.DESK_ROLES.includes(me.role)) return renderReview(shell('credit-review', '信用审核'), workCtx(), params);
      return go('#/cases');
    case 'credit':
      if (credit.READERS.includes(me.role) && parts[1])
        return creditFlag.renderFlag(
          shell(credit.DESK_ROLES.includes(me.role) ? 'credit-review' : 'cases', '信用记录'),
          parts[1],
          workCtx(),
        );
      return go('#/cases');
    case 'warnings':
      if (warnings.READERS.includes(me.role)) return warnings.renderWarnings(shell('warnings', '预警'), workCtx(), params);
      return go('#/cases');
    case 'search':
      if (search.SEARCHERS.includes(me.role)) return search.renderSearch(shell('search', '查找案件'), workCtx(), params);
      return go('#/cases');
    case 'backlog':
      if (!backlog.READERS.includes(me.role)) return go('#/cases');
      if (parts[1] === 'board') return backlog.renderBoard(shell('backlog', '红黑榜'), workCtx(), params);
      if (parts[1]) return renderPackage(shell('backlog', '包案'), workCtx(), parts[1]);
      return backlog.renderList(shell('backlog', '包案'), workCtx(), params);
    case 'handover':
      if (handover.READERS.includes(me.role)) return handover.renderHandover(shell('handover', '离任交接'), workCtx());
      return go('#/cases');
    case 'ledgers':
      if (ledgers.READERS.includes(me.role)) return ledgers.renderLedgers(shell('ledgers', '初信初访台账'), workCtx(), params);
      return go('#/cases');
    case 'subsidies':
      if (subsidies.READERS.includes(me.role)) return subsidies.renderSubsidies(shell('subsidies', '以案定补台账'), workCtx(), params);
      return go('#/cases');
    case 'availability':
      if (me.role === 'expert') return renderAvailability(shell('availability', '可预约时间'), workCtx());
      return go('#/cases');
    case 'register':
      if (me.role === 'clerk') return renderRegister(ticket);
      flash('warn', '只有信访干部可以登记信访事项');
      return go('#/cases');
    default:
      // Experts read no case lists: their desk is 咨询任务.
      if (me.role === 'expert') return go('#/consult');
      return renderCases(params, ticket);
  }
}

window.addEventListener('hashchange', route);

setRouter(route);
route();
