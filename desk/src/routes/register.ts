// #/register: a clerk registers a petition (parties, channel, case type, first visit).
import * as api from '../lib/api';
import { h, append, spinner, banner, setBusy as busy } from '../lib/ui';
import * as L from '../lib/labels';
import { createForm } from '../lib/form';
import { partyEditor, type PartyEditor } from './party-editor';
import type { StagingField } from './attachment-field';
import { app, go, flash, shell, card, organisationsList, caseTypesList, route, currentUser } from '../lib/shell';
import { type Field, type Problem, field, input, textarea, select, problemSummary } from '../lib/fields';
import type { ApiError } from '../lib/api';
import type { CaseTypeRef, One, OrganisationRef, Petition } from '../lib/types';

// ---------------------------------------------------------------------------------------
// Register a petition

export async function renderRegister(ticket: number) {
  const main = shell('register', '登记信访事项');
  append(main, h('div', { class: 'page-head' }, h('h1', {}, '登记信访事项')));
  const loading = spinner();
  main.append(loading);
  let orgs: OrganisationRef[];
  let types: CaseTypeRef[];
  try {
    [orgs, types] = await Promise.all([organisationsList(), caseTypesList()]);
  } catch (err) {
    if (ticket !== app.ticket) return;
    loading.replaceWith(
      banner(
        'error',
        `无法读取登记所需的数据：${err.message}`,
        h('button', { class: 'btn btn-small', type: 'button', onclick: route }, '重试'),
      ),
    );
    return;
  }
  if (ticket !== app.ticket) return;
  loading.remove();
  main.append(registerForm(topFields(orgs, types), types));
}

/** The registration's own fields (besides the parties and the case type's form). */
function topFields(orgs: OrganisationRef[], types: CaseTypeRef[]): Record<string, Field> {
  // The caller's own organisation is chosen when it is on the list.
  const mine = currentUser().organisation?.documentId;
  return {
    channel: field({ label: '信访渠道', required: true, control: select(Object.entries(L.CHANNELS), { name: 'channel' }) }),
    subject: field({
      label: '事项摘要',
      required: true,
      control: input({ name: 'subject', maxlength: 200, placeholder: '一句话概括所反映的问题' }),
      wide: true,
    }),
    organisation: field({
      label: '责任单位',
      required: true,
      control: select(
        orgs.map((o) => [
          o.documentId,
          `${'　'.repeat(Math.max(0, ['city', 'county', 'township', 'village'].indexOf(o.level ?? '')))}${o.name}`,
        ]),
        { name: 'organisation', value: mine && orgs.some((o) => o.documentId === mine) ? mine : '' },
      ),
    }),
    caseType: field({
      label: '案件类型',
      control: select(
        types.map((t) => [t.documentId, t.name]),
        { name: 'caseType', placeholder: '（不指定）' },
      ),
    }),
    demands: field({ label: '信访诉求', control: textarea({ name: 'demands', rows: 4, placeholder: '信访人的具体诉求' }), wide: true }),
    history: field({
      label: '信访历史',
      control: textarea({ name: 'history', rows: 3, placeholder: '此前反映的时间、层级、处理经过' }),
      wide: true,
    }),
    handlingNotes: field({
      label: '办理情况',
      control: textarea({ name: 'handlingNotes', rows: 3, placeholder: '已开展的工作（可后补）' }),
      wide: true,
    }),
  };
}

const TOP_CHECKS: Record<string, (v: string) => string | null> = {
  channel: (v) => (v ? null : '信访渠道必选（来信、来访、网上、电话、12345热线）'),
  subject: (v) => (!v.trim() ? '事项摘要必填' : v.trim().length > 200 ? '事项摘要不超过200字' : null),
  organisation: (v) => (v ? null : '请选择责任单位'),
};

/** Checks the top fields on blur and input; `server` holds the server's message per field until it is edited. */
function topChecker(top: Record<string, Field>) {
  const touched = new Set<string>();
  const server: Record<string, string> = {};
  function update(all = false) {
    const problems: Record<string, string> = {};
    for (const [key, fl] of Object.entries(top)) {
      const msg = TOP_CHECKS[key] ? TOP_CHECKS[key](fl.control.value) : null;
      if (msg) problems[key] = msg;
      const msgs: string[] = [];
      if (msg && (all || touched.has(key))) msgs.push(msg);
      if (server[key] && !msgs.includes(server[key])) msgs.push(server[key]);
      fl.setError(msgs);
    }
    return problems;
  }
  for (const [key, fl] of Object.entries(top)) {
    fl.control.addEventListener('blur', () => (touched.add(key), update()));
    fl.control.addEventListener(fl.control.tagName === 'SELECT' ? 'change' : 'input', () => (delete server[key], update()));
  }
  return { update, server };
}

/** The parties' editors: the first is the petitioner, the next ones respondents by default. */
function partyList() {
  const list: PartyEditor[] = [];
  const box = h('div', { class: 'parties' });
  const renumber = () => list.forEach((p, i) => p.setIndex(i, list.length));
  function add() {
    const p = partyEditor(
      (ed) => {
        list.splice(list.indexOf(ed), 1);
        ed.el.remove();
        renumber();
      },
      list.length ? 'respondent' : 'petitioner',
    );
    list.push(p);
    box.append(p.el);
    renumber();
    return p;
  }
  add();
  return { list, box, add };
}

/** The case type's generated form, rebuilt when the type changes or the admin changed its schema. */
function typeFormCard(types: CaseTypeRef[]) {
  const formBox = h('div', { class: 'type-form' });
  const el = card('案件类型表单', formBox);
  el.hidden = true;
  // `types` is refreshed below when the admin changed a form: pick from the fresh list.
  const find = (id: string) => types.find((x) => x.documentId === id);
  const state: {
    el: HTMLElement;
    generated: ReturnType<typeof createForm> | null;
    type: CaseTypeRef | null;
    show: typeof show;
    refresh: typeof refresh;
    find: typeof find;
  } = { el, generated: null, type: null, show, refresh, find };
  function show(t: CaseTypeRef | undefined, values: Record<string, unknown> = {}, note: string | null = null) {
    state.type = t || null;
    state.generated = t ? createForm(t.formSchema || { fields: [] }, { idPrefix: 'formData', values }) : null;
    formBox.replaceChildren(
      ...(state.generated && t
        ? [
            note ? banner('info', note) : h('p', { class: 'muted form-note' }, `「${t.name}」要求填写的信息；标 * 的为必填。`),
            state.generated.el,
          ]
        : []),
    );
    el.hidden = !state.generated;
    // card() rendered the title just above.
    el.querySelector('.card-title')!.textContent = t ? `${t.name}表单` : '案件类型表单';
  }
  /**
   * The server checks the form against the case type's latest version. When it refuses what
   * this page let through, the admin has probably changed the form meanwhile: fetch the case
   * types again and, if the schema changed, rebuild the form with the values kept.
   */
  async function refresh() {
    if (!state.type) return false;
    app.cache.delete('case-types?pagination[pageSize]=100&sort=name');
    try {
      types = await caseTypesList();
    } catch {
      return false;
    }
    const shown = state.type;
    const t = shown && types.find((x) => x.documentId === shown.documentId);
    if (!t || !state.generated || JSON.stringify(t.formSchema) === JSON.stringify(shown.formSchema)) return false;
    show(t, state.generated.values(), `「${t.name}」的表单刚由管理员更新，已按新表单重新核对，请据此修改。`);
    return true;
  }
  return state;
}

/** What the submit steps share. */
interface RegisterCtx {
  top: Record<string, Field>;
  checker: ReturnType<typeof topChecker>;
  parties: PartyEditor[];
  typeForm: ReturnType<typeof typeFormCard>;
  summary: HTMLElement;
  submit: HTMLButtonElement;
}

function registerForm(top: Record<string, Field>, types: CaseTypeRef[]) {
  const checker = topChecker(top);
  const parties = partyList();
  const typeForm = typeFormCard(types);
  top.caseType.control.addEventListener('change', () => typeForm.show(typeForm.find(top.caseType.control.value)));
  const summary = h('div', { class: 'summary', role: 'alert', hidden: true, tabindex: '-1' });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, '登记');
  const ctx: RegisterCtx = { top, checker, parties: parties.list, typeForm, summary, submit };
  return h(
    'form',
    { class: 'register', novalidate: true, onsubmit: (e: Event) => onSubmit(e, ctx) },
    summary,
    card('基本信息', h('div', { class: 'grid' }, top.channel.wrap, top.organisation.wrap, top.subject.wrap, top.caseType.wrap)),
    card(
      '当事人',
      h('p', { class: 'muted form-note' }, '先登记信访人；调解需要对方当事人时一并登记（调解协议书至少需要两方当事人）。'),
      parties.box,
      h('button', { type: 'button', class: 'btn btn-small', onclick: () => parties.add().fields.name.focus() }, '＋ 添加当事人'),
    ),
    card('诉求与经过', h('div', { class: 'grid' }, top.demands.wrap, top.history.wrap, top.handlingNotes.wrap)),
    typeForm.el,
    h('div', { class: 'form-actions sticky' }, h('a', { class: 'btn', href: '#/cases' }, '取消'), submit),
  );
}

function collect(top: Record<string, Field>, parties: PartyEditor[]) {
  return {
    channel: top.channel.control.value || undefined,
    subject: top.subject.control.value.trim(),
    demands: top.demands.control.value.trim() || undefined,
    history: top.history.control.value.trim() || undefined,
    handlingNotes: top.handlingNotes.control.value.trim() || undefined,
    organisation: top.organisation.control.value || undefined,
    caseType: top.caseType.control.value || undefined,
    parties: parties.map((p) => p.value()),
  };
}

/** What this page finds wrong before sending: the top fields, each party, the case type's form. */
function localProblems({ top, checker, parties, typeForm }: RegisterCtx) {
  const generated = typeForm.generated;
  const problems: Problem[] = [];
  const topProblems = checker.update(true);
  for (const [key, message] of Object.entries(topProblems))
    problems.push({ label: top[key].label, message, focus: () => top[key].focus() });
  parties.forEach((p, i) => {
    const pp = p.check();
    for (const [key, message] of Object.entries(pp))
      problems.push({ label: `当事人${i + 1}${p.fields[key].labelText.textContent}`, message, focus: () => p.fields[key].focus() });
  });
  let formData: Record<string, unknown> = {};
  if (generated) {
    const { errors, clean } = generated.check({ all: true });
    for (const er of errors)
      problems.push({ label: generated.labelOf(er.field), message: er.message, focus: () => generated.focus(er.field) });
    formData = clean;
  }
  return { problems, formData };
}

async function onSubmit(e: Event, ctx: RegisterCtx) {
  const { top, checker, parties, typeForm, summary, submit } = ctx;
  e.preventDefault();
  for (const k of Object.keys(checker.server)) delete checker.server[k];
  parties.forEach((p) => p.clearServer());
  if (typeForm.generated) typeForm.generated.showServerErrors([]);

  const { problems, formData } = localProblems(ctx);
  problemSummary(summary, problems);
  if (problems.length) {
    if (problems[0].focus) problems[0].focus();
    return;
  }

  const data: Record<string, unknown> = collect(top, parties);
  if (typeForm.generated) data.formData = formData;
  busy(submit, true, '正在登记…');
  try {
    const res = await sendRegistration(data, typeForm.el);
    const p = res.data;
    app.cache.clear();
    flash('success', `已登记信访事项 ${p.referenceNo}：${p.subject}`);
    go('#/cases');
  } catch (err) {
    busy(submit, false);
    if (err.status === 400 && err.fieldErrors.length) {
      if ((err.fieldErrors as api.FieldError[]).some((fe) => fe.path[0] === 'formData')) await typeForm.refresh();
      showServerProblems(err, ctx);
    } else {
      problemSummary(summary, [{ label: '', message: err.message }], '登记未成功：');
    }
  }
}

/**
 * Sends the registration; the 附件 fields' staged files (`pendingFiles` on `.att-field[data-field]`,
 * see attachments.ts fieldInput) go with it as `files.<field key>` parts: one request, one
 * transaction on the server.
 */
function sendRegistration(data: Record<string, unknown>, formBox: HTMLElement) {
  const staged = [...formBox.querySelectorAll<StagingField>('.att-field[data-field]')].flatMap((el) =>
    (el.pendingFiles || []).map((f) => [`files.${el.dataset.field}`, f] as const),
  );
  if (!staged.length) return api.post<One<Petition>>('petitions', { data });
  const fd = new FormData();
  fd.append('data', JSON.stringify(data));
  for (const [part, f] of staged) fd.append(part, f, f.name);
  return api.postForm<One<Petition>>('petitions', fd);
}

/** Puts each server problem next to its field, and lists them all at the top. */
function showServerProblems(err: ApiError, { top, checker, parties, typeForm, summary }: RegisterCtx) {
  const generated = typeForm.generated;
  const generatedType = typeForm.type;
  const problems: Problem[] = [];
  const formErrors: { field: string; message: string }[] = [];
  for (const { path, message } of err.fieldErrors) {
    // A refused file is reported under its field's key and index: shown at that field.
    const [head, a, b] = generated && generated.has(path[0]) ? ['formData', path[0]] : path;
    if (head === 'formData' && a && generated && generated.has(a)) {
      formErrors.push({ field: a, message });
      problems.push({ label: generated.labelOf(a), message, focus: () => generated.focus(a) });
    } else if (head === 'formData') {
      problems.push({ label: `${generatedType ? generatedType.name : '案件类型'}表单${a ? `（${a}）` : ''}`, message });
    } else if (head === 'parties' && a !== undefined && parties[Number(a)] && b && parties[Number(a)].fields[b]) {
      const p = parties[Number(a)];
      p.setServer(b, message);
      problems.push({ label: `当事人${Number(a) + 1}${p.fields[b].labelText.textContent}`, message, focus: () => p.fields[b].focus() });
    } else if (top[head]) {
      checker.server[head] = message;
      problems.push({ label: top[head].label, message, focus: () => top[head].focus() });
    } else {
      problems.push({ label: head === 'parties' ? '当事人' : '', message });
    }
  }
  checker.update();
  if (generated) generated.showServerErrors(formErrors);
  problemSummary(summary, problems, '服务器未接受登记，请修正以下问题：');
}
