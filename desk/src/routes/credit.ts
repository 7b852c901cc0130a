// 信用记录: the case page's credit flags (clerks propose one: ground, basis document, evidence,
// facts) and the 信用审核 tab #/credit-review?tab= (reviewers and clerks: flags grouped by where
// they stand in the due process; reviewers approve or reject proposals in place). Each flag
// opens its own page #/credit/<id> (credit-flag.js).
import * as api from '../lib/api';
import { h, type Child, append, clear, uid, fmtDate, fmtDateTime, spinner, banner, clearErrorsOnChange, fieldBox } from '../lib/ui';
import { CREDIT_STATES } from '../lib/rules';
import type { Credit, Documents } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import type { Petition } from '../lib/types';

type Flag = Credit.CreditFlag;

/** The server's states (credit/rules.ts CREDIT_STATES). */
export const STATES: Record<string, string> = CREDIT_STATES;
export { fieldBox };
/** Who reads flags; who has the 信用审核 tab. */
export const READERS = ['clerk', 'reviewer', 'leader', 'supervisor'];
export const DESK_ROLES = ['clerk', 'reviewer'];
const DOC_KINDS: Record<string, string> = { 'mediation-agreement': '调解协议书', 'no-further-petition-pledge': '息访承诺书' };

/** The state chip; a repaired or removed flag says how it was repaired (the server's `stateLabel`: deleted or annotated). */
export const chip = (state: string, label?: string) => h('span', { class: `chip cr-state cr-${state}` }, label || STATES[state] || state);

const ms = (v: string) => new Date(v).getTime();
/** The objection window is still open (the server decides; this only sorts and explains). */
export const windowOpen = (f: Flag, now = Date.now()) => !!f.objectionDeadline && now <= ms(f.objectionDeadline);
/** A repair application awaits its decision. */
export const repairPending = (f: Flag) => f.state === 'active' && !!f.repairAppliedAt && !f.repairDecidedAt;
export const flagHref = (f: Flag) => `#/credit/${encodeURIComponent(f.documentId)}`;

/** Where a flag stands, in one line: the date that matters next. */
function standing(f: Flag) {
  if (f.state === 'notified' && !f.objectionDeadline) return '告知书待送达';
  if (f.state === 'notified' && f.objectionDeadline)
    return windowOpen(f) ? `异议期至 ${fmtDate(f.objectionDeadline)}` : `异议期已于 ${fmtDate(f.objectionDeadline)} 届满`;
  if (f.state === 'objected' && f.objectionReviewDueAt) return `异议审查期限 ${fmtDate(f.objectionReviewDueAt)}`;
  if (f.state === 'dismissed' && !f.objectionDecisionDeliveredAt) return '异议处理决定书待送达';
  if (f.state === 'active' && f.expiresAt) return `保存至 ${fmtDate(f.expiresAt)}`;
  return '';
}

export function flagItem(f: Flag, extra?: Child) {
  const next = standing(f);
  return h(
    'article',
    { class: 'cr-item', dataset: { flag: f.documentId, state: f.state } },
    h(
      'div',
      { class: 'chips cr-item-head' },
      chip(f.state, f.stateLabel),
      f.ground ? h('span', { class: 'chip cx-chip' }, f.ground.name) : null,
      repairPending(f) ? h('span', { class: 'chip cr-state cr-pending' }, '修复待决') : null,
      h('a', { class: 'cr-open', href: flagHref(f) }, '查看详情 ›'),
    ),
    next ? h('p', { class: 'cr-next' }, next) : null,
    h(
      'p',
      { class: 'cr-person' },
      h('strong', {}, f.personName || ''),
      f.idNumber ? h('span', { class: 'mono muted' }, ` ${f.idNumber}`) : null,
    ),
    f.facts ? h('p', { class: 'prose' }, f.facts) : null,
    h(
      'div',
      { class: 'muted cr-meta' },
      `${f.petition && f.petition.referenceNo ? `案件 ${f.petition.referenceNo} · ` : ''}提请于 ${fmtDateTime(f.proposedAt)}${f.proposedBy ? `（${f.proposedBy.fullName || f.proposedBy.username || ''}）` : ''}`,
    ),
    f.reviewNote ? h('div', { class: 'muted cr-meta' }, `审核意见：${f.reviewNote}`) : null,
    extra || null,
  );
}

// ---------------------------------------------------------------------------------------
// The case page: 信用记录 card (clerks and reviewers)

/** ctx: { me, say } */
export function caseCard(p: Petition, ctx: WorkCtx) {
  const canPropose = ctx.me.role === 'clerk';
  const list = h('div', {}, spinner());
  const formSlot = h('div', {});
  const box = h(
    'section',
    { class: 'card cr-card', id: 'credit' },
    h(
      'div',
      { class: 'cx-head' },
      h('h2', { class: 'card-title' }, '信用记录'),
      canPropose
        ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => openForm(p, ctx, formSlot, load) }, '提请信用记录')
        : null,
    ),
    formSlot,
    list,
  );

  async function load() {
    try {
      const rows =
        (
          await api.get<Credit.GetFlags.Response>(
            `credit-flags${api.query([
              ['petition', p.documentId],
              ['pagination[pageSize]', 50],
            ])}`,
          )
        ).data || [];
      append(clear(list), rows.length ? rows.map((f) => flagItem(f)) : h('p', { class: 'muted' }, '本案无信用记录'));
    } catch (err) {
      append(clear(list), banner('error', `无法读取信用记录：${err.message}`));
    }
  }

  load();
  return box;
}

/** What proposing a flag needs: the grounds, the case's documents and the server's hints. */
async function loadProposal(enc: string) {
  const noHints: Credit.Hints = { hints: [] };
  return Promise.all([
    api.get<{ data: Credit.Ground[] }>('credit-grounds').then((r) => r.data || []),
    api.get<Documents.ListDocuments.Response>(`petitions/${enc}/documents`).then(
      (r) => r.data || [],
      (): Documents.GeneratedDocument[] => [],
    ),
    api.get<{ data: Credit.Hints }>(`petitions/${enc}/credit-hints`).then(
      (r) => r.data || noHints,
      () => noHints,
    ),
  ]);
}

/** What may serve as evidence: the case's documents, and the visits the server's hints name. */
function evidenceChoices(docs: Documents.GeneratedDocument[], hints: Credit.Hints) {
  const hintVisits = new Map<string, Credit.Hints['hints'][number]>();
  for (const hint of hints.hints || []) for (const e of hint.evidence || []) if (e.type === 'visit') hintVisits.set(e.id, hint);

  return [
    ...docs.map((d) => ({
      type: 'document',
      id: d.documentId,
      text: `${DOC_KINDS[d.kind ?? ''] || d.title || d.kind} 第${d.version || 1}版（${fmtDate(d.issuedAt)}）`,
    })),
    ...[...hintVisits.keys()].map((id) => ({ type: 'visit', id, text: '来访记录（越级来访）' })),
  ];
}

/** The proposal's fields: the person (a party), the ground, the basis document, the evidence, the facts. */
function proposalFields(p: Petition, grounds: Credit.Ground[], docs: Documents.GeneratedDocument[], hints: Credit.Hints) {
  const parties = (p.parties || []).filter((x) => x.name);
  const person = fieldBox(
    '当事人',
    h(
      'select',
      {},
      h('option', { value: '' }, '请选择'),
      parties.map((x, i) => h('option', { value: String(i) }, `${x.name}${x.idNumber ? `（${x.idNumber}）` : ''}`)),
    ),
    { required: true },
  );
  const groundSel = h(
    'select',
    {},
    h('option', { value: '' }, '请选择'),
    grounds.map((g) => h('option', { value: g.code }, g.name)),
  );
  const ground = fieldBox('失信情形', groundSel, { required: true, wide: true });
  const basisHelp = h('p', { class: 'help cr-basis' });
  ground.wrap.append(basisHelp);
  const basisSel = h('select', {});
  const basis = fieldBox('所依据的文书', basisSel, { required: true });
  const evidenceBox = h('div', { class: 'checks', role: 'group', id: uid('cr') });
  const evidenceErr = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const evidenceWrap = h(
    'fieldset',
    { class: 'field field-wide cr-evidence' },
    h('legend', { class: 'label' }, '证据', h('span', { class: 'req' }, ' *')),
    evidenceBox,
    evidenceErr,
  );
  const facts = fieldBox('失信事实', h('textarea', { rows: 4 }), { required: true, wide: true });
  const evidence = evidenceChoices(docs, hints);
  append(
    evidenceBox,
    evidence.length
      ? evidence.map((e) =>
          h('label', { class: 'check' }, h('input', { type: 'checkbox', value: `${e.type}:${e.id}` }), h('span', {}, e.text)),
        )
      : h('p', { class: 'muted' }, '本案尚无可作为证据的文书或来访记录'),
  );

  function fillBasis() {
    const g = grounds.find((x) => x.code === groundSel.value);
    basisHelp.textContent = g ? `依据：${g.legalBasis || ''}` : '';
    const options = docs.filter((d) => !g || d.kind === g.basisKind);
    append(
      clear(basisSel),
      h('option', { value: '' }, options.length ? '请选择' : '本案尚未出具相应文书'),
      options.map((d) => h('option', { value: d.documentId }, `${DOC_KINDS[d.kind ?? ''] || d.title} 第${d.version || 1}版`)),
    );
    if (options.length === 1) basisSel.value = options[0].documentId;
  }
  groundSel.addEventListener('change', fillBasis);
  fillBasis();

  const hintBox = (hints.hints || []).length
    ? h(
        'div',
        { class: 'banner banner-info cr-hints' },
        h(
          'div',
          { class: 'banner-text' },
          h('p', {}, hints.notice || '以下情形可能存在，是否提请由您判断：'),
          h(
            'ul',
            {},
            hints.hints.map((x) => h('li', {}, x.message || x.groundName)),
          ),
        ),
      )
    : null;
  return { parties, person, groundSel, ground, basisSel, basis, evidenceBox, evidenceErr, evidenceWrap, facts, hintBox };
}

async function openForm(p: Petition, ctx: WorkCtx, formSlot: HTMLElement, load: () => void) {
  if (formSlot.firstChild) return;
  formSlot.append(spinner());
  let grounds: Credit.Ground[];
  let docs: Documents.GeneratedDocument[];
  let hints: Credit.Hints;
  try {
    [grounds, docs, hints] = await loadProposal(encodeURIComponent(p.documentId));
  } catch (err) {
    append(clear(formSlot), banner('error', `无法读取失信情形：${err.message}`));
    return;
  }
  const fl = proposalFields(p, grounds, docs, hints);
  const { person, ground, basis, evidenceWrap, facts, hintBox } = fl;
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, '提请审核');
  const close = () => clear(formSlot);
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true },
    h('h3', { class: 'panel-title' }, '提请信用记录'),
    hintBox,
    error,
    h('div', { class: 'grid' }, person.wrap, ground.wrap, basis.wrap, evidenceWrap, facts.wrap),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: close }, '取消'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', (e) => submitProposal(e, { p, ctx, fl, error, submit, close, load }));
  append(clear(formSlot), form);
}

async function submitProposal(
  e: Event,
  {
    p,
    ctx,
    fl,
    error,
    submit,
    close,
    load,
  }: {
    p: Petition;
    ctx: WorkCtx;
    fl: ReturnType<typeof proposalFields>;
    error: HTMLElement;
    submit: HTMLButtonElement;
    close: () => void;
    load: () => void;
  },
) {
  const { parties, person, groundSel, ground, basisSel, basis, evidenceBox, evidenceErr, facts } = fl;
  const byPath: Record<string, { setError: (m: string) => unknown }> = {
    personName: person,
    idNumber: person,
    ground,
    basisDocument: basis,
    facts,
  };
  e.preventDefault();
  [person, ground, basis, facts].forEach((x) => x.setError(''));
  evidenceErr.textContent = '';
  error.hidden = true;
  const party = parties[Number(person.control.value)];
  const data: Credit.ProposalInput = {
    personName: party ? party.name : '',
    idNumber: party ? party.idNumber || '' : '',
    ground: groundSel.value,
    petition: p.documentId,
    basisDocument: basisSel.value,
    facts: facts.control.value.trim(),
    evidence: [...evidenceBox.querySelectorAll('input:checked')].map((x) => {
      const [type, ...id] = (x as HTMLInputElement).value.split(':');
      return { type: type as Credit.EvidenceRef['type'], id: id.join(':') };
    }),
  };
  submit.disabled = true;
  try {
    await api.post('credit-flags', { data });
    close();
    ctx.say('success', '已提请信用记录，等待审核');
    load();
  } catch (err) {
    const fe: api.FieldError[] = err.fieldErrors || [];
    // The server may repeat one joined message on every path: each field shows its own part.
    const KEYS: Record<string, string> = {
      personName: '姓名',
      idNumber: '身份证',
      ground: '失信情形',
      basisDocument: '文书',
      facts: '失信事实',
      evidence: '证据',
    };
    const own = (x: api.FieldError) => x.message.split('；').find((m) => m.includes(KEYS[x.path[0]] || '\u0000')) || x.message;
    for (const x of fe) {
      if (x.path[0] === 'evidence') evidenceErr.textContent = own(x);
      else if (byPath[x.path[0]]) byPath[x.path[0]].setError(own(x));
    }
    error.textContent = fe.length ? '提请未成功，请修正标出的问题' : `提请未成功：${err.message}`;
    error.hidden = false;
    submit.disabled = false;
  }
}
