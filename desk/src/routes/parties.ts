// Parties as the law sees them, on the case page: each party by its kind (a person with sex and
// birth date read from the ID number, an organisation with its credit code and 法定代表人 or
// 负责人, an agent with its authority, a group with its headcount and representatives), and
// consent to mediation (自愿调解) recorded per party by the clerk before a diversion.
import * as api from '../lib/api';
import { h, type Child, fmtDate } from '../lib/ui';
import * as L from '../lib/labels';
import {
  PARTY_KIND_LABELS,
  ORGANISATION_TYPE_LABELS,
  REPRESENTATIVE_TITLES,
  AGENT_AUTHORITY_LABELS,
  CONSENT_WAY_LABELS,
  ETHNIC_GROUPS,
  personFromIdNumber,
  creditCodeProblem,
  CREDIT_CODE_MESSAGES,
} from '../lib/rules';
import type { field as fieldFn, input as inputFn, select as selectFn, Field } from '../lib/fields';
import type { Reload, WorkCtx, card as cardFn } from '../lib/shell';
import type { Party, Petition } from '../lib/types';

// The server's label tables, read by any code the API returns.
const REP_TITLES: Record<string, string> = REPRESENTATIVE_TITLES;
const AUTHORITY_LABELS: Record<string, string> = AGENT_AUTHORITY_LABELS;
const CONSENT_WAYS: Record<string, string> = CONSENT_WAY_LABELS;
const KIND_LABELS: Record<string, string> = PARTY_KIND_LABELS;

const kv = (label: string, value: Child, cls?: string) => (value ? [h('dt', {}, label), h('dd', cls ? { class: cls } : {}, value)] : null);

function partyDetails(pt: Party, all: Party[]) {
  const derived = personFromIdNumber(pt.idNumber); // null when the number is masked
  const principal = pt.kind === 'agent' && typeof pt.agentFor === 'number' && Number.isInteger(pt.agentFor) ? all[pt.agentFor] : null;
  return h(
    'dl',
    { class: 'kv kv-compact' },
    kv('身份证号码', pt.idNumber, 'mono'),
    derived ? kv('性别、出生日期', `${derived.sex}，${derived.birthDate}`) : null,
    kv('民族', pt.ethnicity),
    kv('统一社会信用代码', pt.creditCode, 'mono'),
    pt.kind === 'organisation' ? kv(REP_TITLES[pt.organisationType ?? ''] || '法定代表人', pt.representativeName) : null,
    principal ? kv('被代理人', principal.name) : null,
    pt.kind === 'agent'
      ? kv('代理权限', [AUTHORITY_LABELS[pt.agentAuthority ?? ''], pt.agentAuthorityScope].filter(Boolean).join('：'))
      : null,
    kv('联系电话', pt.phone, 'mono'),
    kv(pt.kind === 'organisation' ? '住所' : '住址', pt.address),
  );
}

function consentLine(pt: Party, index: number, p: Petition, ctx: WorkCtx, reload: Reload) {
  if (pt.kind === 'agent') return null;
  if (pt.mediationConsent) {
    return h(
      'p',
      { class: 'consent consent-given' },
      `已${CONSENT_WAYS[pt.consentWay ?? ''] || ''}同意自愿调解${pt.consentAt ? `（${fmtDate(pt.consentAt)}）` : ''}`,
    );
  }
  const group = (p.parties || []).some((x) => x.kind === 'group');
  if (group && pt.kind === 'person' && pt.role !== 'respondent' && !pt.isRepresentative) return null; // the group consents through its representatives
  if (ctx.me.role !== 'clerk') return h('p', { class: 'consent muted' }, '尚未表示自愿调解');
  const way = h(
    'select',
    { 'aria-label': `${pt.name}同意方式` },
    Object.entries(CONSENT_WAY_LABELS).map(([v, t]) => h('option', { value: v }, t)),
  );
  const button = h('button', { type: 'button', class: 'btn btn-small' }, '记录自愿调解');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.post(`petitions/${encodeURIComponent(p.documentId)}/consent`, { data: { party: index, way: way.value } });
      reload('success', `已记录${pt.name}自愿调解`);
    } catch (err) {
      button.disabled = false;
      ctx.say('error', err.message);
    }
  });
  return h('p', { class: 'consent' }, h('span', { class: 'muted' }, '尚未表示自愿调解 '), way, ' ', button);
}

/** The 当事人 card of the case page. */
export function partiesCard(p: Petition, ctx: WorkCtx, reload: Reload, card: typeof cardFn) {
  const all = p.parties || [];
  if (!all.length) return card('当事人', h('p', { class: 'muted' }, '未登记当事人'));
  return card(
    '当事人',
    h(
      'ul',
      { class: 'party-list' },
      all.map((pt, i) =>
        h(
          'li',
          { dataset: { index: String(i) } },
          h('strong', {}, pt.name || ''),
          h(
            'span',
            { class: 'muted' },
            ` ${L.PARTY_ROLES[pt.role ?? ''] || ''} · ${KIND_LABELS[pt.kind || 'person'] || pt.kind}${pt.kind === 'group' && pt.headcount ? ` ${pt.headcount}人` : ''}${pt.isRepresentative ? ' · 代表' : ''}`,
          ),
          partyDetails(pt, all),
          consentLine(pt, i, p, ctx, reload),
        ),
      ),
    ),
  );
}

/**
 * The kind-specific fields of a party in the register form (app.js partyEditor holds name, ID,
 * phone, address, headcount): 民族 and 代表 for a person, type, credit code and signatory for an
 * organisation, the principal and authority for an agent, and consent to mediation.
 */
/** A party as the register form sends it. */
export type PartyInput = Partial<Party>;

export function kindFields(field: typeof fieldFn, input: typeof inputFn, select: typeof selectFn) {
  const f: Record<string, Field> = {
    ethnicity: field({
      label: '民族',
      control: select(
        ETHNIC_GROUPS.map((e) => [e, e]),
        { placeholder: '（未填）' },
      ),
    }),
    organisationType: field({
      label: '单位性质',
      required: true,
      control: select(Object.entries(ORGANISATION_TYPE_LABELS), { placeholder: null, value: 'legal_person' }),
    }),
    creditCode: field({
      label: '统一社会信用代码',
      control: input({ autocomplete: 'off', maxlength: 18, spellcheck: 'false', class: 'mono' }),
    }),
    representativeName: field({ label: '法定代表人', required: true, control: input({ autocomplete: 'off' }) }),
    agentFor: field({
      label: '被代理的当事人（序号）',
      required: true,
      control: input({ type: 'number', inputmode: 'numeric', min: 1, step: 1 }),
    }),
    agentAuthority: field({
      label: '代理权限',
      required: true,
      control: select(Object.entries(AGENT_AUTHORITY_LABELS), { placeholder: null, value: 'general' }),
    }),
    agentAuthorityScope: field({
      label: '特别授权事项',
      control: input({ autocomplete: 'off', placeholder: '如：代为达成调解协议' }),
      wide: true,
    }),
  };
  const representative = h('input', { type: 'checkbox' });
  const consent = h('input', { type: 'checkbox' });
  const consentWay = h(
    'select',
    { 'aria-label': '同意方式' },
    Object.entries(CONSENT_WAY_LABELS).map(([v, t]) => h('option', { value: v }, t)),
  );
  const repLabel = h('label', { class: 'check' }, representative, ' 集体访推选的代表');
  const consentLabel = h('label', { class: 'check' }, consent, ' 本人表示自愿调解 ', consentWay);
  const el = h(
    'div',
    { class: 'party-kind-fields' },
    h(
      'div',
      { class: 'grid' },
      Object.values(f).map((x) => x.wrap),
    ),
    repLabel,
    consentLabel,
  );
  const SHOWN: Record<string, string[]> = {
    person: ['ethnicity'],
    organisation: ['organisationType', 'creditCode', 'representativeName'],
    agent: ['ethnicity', 'agentFor', 'agentAuthority', 'agentAuthorityScope'],
    group: [],
  };
  return {
    el,
    fields: f,
    update(kind: string) {
      for (const [k, x] of Object.entries(f)) x.wrap.hidden = !SHOWN[kind].includes(k);
      f.representativeName.labelText.textContent = REP_TITLES[f.organisationType.control.value] || '法定代表人';
      repLabel.hidden = kind !== 'person';
      consentLabel.hidden = kind === 'agent';
    },
    value(kind: string): PartyInput {
      const v: Record<string, unknown> = {};
      for (const k of SHOWN[kind]) {
        const raw = f[k].control.value.trim();
        if (raw) v[k] = k === 'agentFor' ? Number(raw) - 1 : k === 'creditCode' ? raw.toUpperCase() : raw;
      }
      if (kind === 'person' && representative.checked) v.isRepresentative = true;
      if (kind !== 'agent' && consent.checked) Object.assign(v, { mediationConsent: true, consentWay: consentWay.value });
      return v;
    },
    problems(v: PartyInput) {
      const out: Record<string, string> = {};
      if (v.kind === 'organisation') {
        if (v.creditCode) {
          const problem = creditCodeProblem(v.creditCode);
          if (problem) out.creditCode = CREDIT_CODE_MESSAGES[problem];
        } else if (v.organisationType === 'legal_person') out.creditCode = '法人须填写统一社会信用代码';
        if (!v.representativeName) out.representativeName = `${REP_TITLES[v.organisationType ?? ''] || '法定代表人'}必填`;
      }
      if (v.kind === 'agent') {
        if (typeof v.agentFor !== 'number' || !Number.isInteger(v.agentFor) || v.agentFor < 0) out.agentFor = '请填写被代理当事人的序号';
        if (v.agentAuthority === 'special' && !v.agentAuthorityScope) out.agentAuthorityScope = '特别授权须写明授权事项';
      }
      return out;
    },
  };
}
