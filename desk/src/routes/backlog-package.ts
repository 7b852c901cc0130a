// 包案: one backlog package's page (#/backlog/<documentId>) — the five ones filled by a clerk or
// leader (the case file picked from the documents issued on the case), progress, and resolving
// it by its own leader. Supervisors read it. The list and the 红黑榜 are in backlog.js.
import * as api from '../lib/api';
import { h, append, clear, fmtDate, fmtDateTime, spinner, banner, fieldBox, type FieldBox, setBusy, clearErrorsOnChange } from '../lib/ui';
import { EDITORS, P_STATES, onesChips, person } from './backlog';
import type { Backlog, Documents } from '@fangtiao/contracts';
import type { WorkCtx } from '../lib/shell';
import type { StaffUser } from '../lib/types';

type Package = Backlog.BacklogPackage;
type Doc = Documents.GeneratedDocument;
type Title = (d: Doc) => string;
type Say = (text?: string) => void;

const enc = encodeURIComponent;

function packageHead(k: Package, { filed, title, canEdit, onEdit }: { filed: Doc[]; title: Title; canEdit: boolean; onEdit: () => void }) {
  const p: Partial<NonNullable<Package['petition']>> = k.petition || {};
  return h(
    'section',
    { class: 'card bl-head' },
    h('div', { class: 'chips' }, h('span', { class: `chip state bl-s-${k.state}` }, P_STATES[k.state ?? ''] || k.state)),
    h(
      'h1',
      { class: 'case-title' },
      h('a', { href: `#/case/${enc(p.documentId || '')}` }, h('span', { class: 'mono' }, p.referenceNo || ''), ' ', p.subject || ''),
    ),
    h('h2', { class: 'sub' }, '五个一'),
    onesChips(k.fiveOnes),
    k.fiveOnes && k.fiveOnes.missing.length ? h('p', { class: 'muted' }, `尚未落实：${k.fiveOnes.missing.join('、')}`) : null,
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, '包案领导'),
      h('dd', { dataset: { field: 'leader' } }, person(k.leader) || h('span', { class: 'muted' }, '未确定')),
      h('dt', {}, '工作专班'),
      h('dd', { class: 'prose', dataset: { field: 'workTeam' } }, k.workTeam || h('span', { class: 'muted' }, '未组建')),
      h('dt', {}, '化解方案'),
      h('dd', { class: 'prose', dataset: { field: 'plan' } }, k.plan || h('span', { class: 'muted' }, '未制定')),
      h('dt', {}, '化解时限'),
      h('dd', {}, k.targetDate ? fmtDate(k.targetDate) : h('span', { class: 'muted' }, '未定')),
      h('dt', {}, '案件卷宗'),
      h(
        'dd',
        { dataset: { field: 'caseFile' } },
        filed.length || (k.caseFile || []).length
          ? [...filed.map(title), ...(k.caseFile || []).map((f) => f.name)].join('、')
          : h('span', { class: 'muted' }, '未归档'),
      ),
      h('dt', {}, '建立时间'),
      h('dd', {}, fmtDateTime(k.openedAt)),
      k.resolvedAt ? [h('dt', {}, '化解时间'), h('dd', {}, fmtDateTime(k.resolvedAt))] : null,
      k.resolution ? [h('dt', {}, '化解情况'), h('dd', { class: 'prose' }, k.resolution)] : null,
    ),
    canEdit
      ? h(
          'div',
          { class: 'button-row' },
          h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'edit' }, onclick: onEdit }, '落实五个一'),
        )
      : null,
  );
}

/** The five ones' fields: leader, time limit, work team, plan, and the case file's documents. */
function packageFields(k: Package, docs: Doc[], title: Title) {
  const leader = h('select', {}, h('option', { value: '' }, '正在读取…'));
  api.get<{ data: StaffUser[] }>('desk/users?role=leader').then((r) => {
    leader.replaceChildren(
      h('option', { value: '' }, '（不变）'),
      ...(r.data || []).map((u) =>
        h('option', { value: String(u.id) }, `${person(u)}${u.organisation ? `（${u.organisation.name}）` : ''}`),
      ),
    );
    if (k.leader) leader.value = String(k.leader.id);
  });
  const f: Record<string, FieldBox> = {
    leader: fieldBox('包案领导', leader),
    targetDate: fieldBox('化解时限', h('input', { type: 'date', value: k.targetDate || '' })),
    workTeam: fieldBox('工作专班', h('textarea', { rows: 2, placeholder: '如：镇信访办、司法所、村调委会' }, k.workTeam || ''), {
      wide: true,
    }),
    plan: fieldBox('化解方案', h('textarea', { rows: 4 }, k.plan || ''), { wide: true }),
  };
  f.workTeam.control.value = k.workTeam || '';
  f.plan.control.value = k.plan || '';
  const chosen = new Set(k.caseFileDocuments || []);
  const checks = docs.map((d) => {
    const c = h('input', { type: 'checkbox', value: d.documentId, checked: chosen.has(d.documentId) });
    return h('label', { class: 'check' }, c, h('span', {}, title(d)));
  });
  const fileBox = h(
    'fieldset',
    { class: 'field field-wide bl-file' },
    h('legend', { class: 'label' }, '案件卷宗（本案已出具的文书）'),
    checks.length ? checks : h('p', { class: 'muted' }, '本案尚未出具文书'),
  );
  return { leader, f, fileBox };
}

function editForm(k: Package, docs: Doc[], editSlot: HTMLElement, { title, reload }: { title: Title; reload: Say }) {
  if (editSlot.firstChild) return;
  const { leader, f, fileBox } = packageFields(k, docs, title);
  const error = h('div', { class: 'panel-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const form = h(
    'form',
    { class: 'card panel-form bl-form', novalidate: true },
    h('h3', { class: 'panel-title' }, '落实五个一'),
    error,
    h(
      'div',
      { class: 'grid' },
      Object.values(f).map((x) => x.wrap),
      fileBox,
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => clear(editSlot) }, '取消'), submit),
  );
  clearErrorsOnChange(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const data: Omit<Backlog.PackageInput, 'leader' | 'targetDate'> & { targetDate: string | null; leader?: number } = {
      workTeam: f.workTeam.control.value.trim(),
      plan: f.plan.control.value.trim(),
      targetDate: f.targetDate.control.value || null,
      caseFileDocuments: [...fileBox.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value),
    };
    if (leader.value && (!k.leader || String(k.leader.id) !== leader.value)) data.leader = Number(leader.value);
    setBusy(submit, true, '正在保存…');
    try {
      await api.put(`backlog-packages/${enc(k.documentId)}`, { data });
      reload('已保存五个一');
    } catch (err) {
      const fe: api.FieldError[] = err.fieldErrors || [];
      for (const x of fe) if (f[x.path[0]]) f[x.path[0]].setError(x.message);
      error.textContent = fe.length ? fe.map((x) => x.message).join('；') : `未能保存：${err.message}`;
      error.hidden = false;
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  editSlot.append(form);
  f.workTeam.control.focus();
}

function progressCard(k: Package, canEdit: boolean, reload: Say) {
  return h(
    'section',
    { class: 'card bl-progress' },
    h('h2', { class: 'card-title' }, '工作进展'),
    (k.progress || []).length
      ? h(
          'ol',
          { class: 'timeline' },
          [...(k.progress || [])]
            .reverse()
            .map((x) =>
              h(
                'li',
                { class: 'tl' },
                h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
                h(
                  'div',
                  { class: 'tl-body' },
                  h(
                    'div',
                    { class: 'tl-head' },
                    h('strong', {}, x.byName || ''),
                    h('time', { class: 'muted', datetime: x.at }, fmtDateTime(x.at)),
                  ),
                  h('p', { class: 'tl-line' }, x.text),
                ),
              ),
            ),
        )
      : h('p', { class: 'muted' }, '暂无进展记录'),
    canEdit
      ? textForm(
          '记录进展',
          '工作进展',
          'text',
          '记录',
          async (text) => (await api.post(`backlog-packages/${enc(k.documentId)}/progress`, { data: { text } }), reload('已记录工作进展')),
        )
      : null,
  );
}

function resolveCard(k: Package, reload: Say) {
  return h(
    'section',
    { class: 'card bl-resolve' },
    h('h2', { class: 'card-title' }, '确认化解'),
    textForm(
      '化解情况',
      '化解情况',
      'resolution',
      '确认化解',
      async (resolution) => (
        await api.post(`backlog-packages/${enc(k.documentId)}/resolve`, { data: { resolution } }),
        reload('包案已化解')
      ),
    ),
  );
}

export async function renderPackage(main: HTMLElement, ctx: WorkCtx, id: string) {
  main.append(h('a', { class: 'back', href: '#/backlog' }, '‹ 包案台账'));
  const body = h('div', { class: 'bl-page' }, spinner());
  main.append(body);
  let k: Package;
  let docs: Doc[] = [];
  try {
    k = (await api.get<Backlog.GetPackage.Response>(`backlog-packages/${enc(id)}`)).data;
    if (k.petition)
      docs =
        (
          await api
            .get<Documents.ListDocuments.Response>(`petitions/${enc(k.petition.documentId)}/documents`)
            .catch((): Documents.ListDocuments.Response => ({ data: [] }))
        ).data || [];
  } catch (err) {
    append(clear(body), banner('error', err.status === 404 ? '包案不存在或不在您的管辖范围内' : `无法读取包案：${err.message}`));
    return;
  }
  const me = ctx.me;
  const open = k.state === 'open';
  const canEdit = open && EDITORS.includes(me.role);
  const canResolve = open && me.role === 'leader' && k.leader && k.leader.id === me.id;
  const title: Title = (d) => `${d.title}${d.version ? `（第${d.version}版）` : ''}`;
  const filed = (k.caseFileDocuments || []).map((x) => docs.find((d) => d.documentId === x)).filter((d): d is Doc => !!d);
  const reload: Say = (text) => {
    if (text) ctx.flash('success', text);
    ctx.route();
  };

  const editSlot = h('div', {});
  const head = packageHead(k, { filed, title, canEdit, onEdit: () => editForm(k, docs, editSlot, { title, reload }) });

  const progress = progressCard(k, canEdit, reload);
  const resolve = canResolve ? resolveCard(k, reload) : null;
  append(clear(body), head, editSlot, progress, resolve);
}

/** A one-textarea form: `send(text)` posts it; a 400/409 shows under the field. */
function textForm(label: string, name: string, key: string, submitText: string, send: (text: string) => Promise<unknown>) {
  const box = fieldBox(label, h('textarea', { rows: 3, name: key }), { required: true, wide: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, submitText);
  const form = h(
    'form',
    { class: 'panel-form', novalidate: true, dataset: { form: key } },
    box.wrap,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = box.control.value.trim();
    if (!text) return box.setError(`请填写${name}`);
    setBusy(submit, true, '正在提交…');
    try {
      await send(text);
    } catch (err) {
      box.setError(err.message);
      if (submit.isConnected) setBusy(submit, false);
    }
  });
  return form;
}
