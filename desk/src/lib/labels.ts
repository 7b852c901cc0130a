// Chinese labels of the codes the API returns. The procedure's own labels (states, moves,
// five clarities, deadline kinds) come from the server's rules in src/case-flow, bundled into
// vendor/form-rules.js by scripts/build-desk.js (also channels and legal channels); the rest
// are plain display names.
import {
  STATES as FLOW_STATES,
  MOVES,
  CLARITY_KEYS,
  CLARITY_LABELS,
  CLARITY_HINTS,
  DEADLINE_KIND_LABELS,
  CHANNEL_LABELS,
  LEGAL_CHANNELS as LEGAL,
  ROLES as SERVER_ROLES,
} from './rules';

export const STATES: Record<string, string> = FLOW_STATES;

export const ACTIONS: Record<string, string> = { ...Object.fromEntries(MOVES.map((m) => [m.action, m.label])), extend: '延长办理期限' };

export const CHANNELS: Record<string, string> = CHANNEL_LABELS;

export const LEVELS: Record<string, string> = {
  village: '村（社区）',
  township: '乡镇（街道）',
  county: '县（区）',
  city: '市',
  province: '省',
  national: '国家',
};

// Role names: the server's own table (src/case-flow/moves.ts).
export const ROLES: Record<string, string> = SERVER_ROLES;

export const CLARITIES = CLARITY_KEYS.map((k) => [k, CLARITY_LABELS[k], CLARITY_HINTS[k]]);

export const DEADLINE_KINDS: Record<string, string> = DEADLINE_KIND_LABELS;

export const RETURN_VISIT_RESULTS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  not_satisfied: '不满意',
};

export const LEGAL_CHANNELS: Record<string, string> = LEGAL;

export const PARTY_KINDS: Record<string, string> = {
  person: '个人',
  group: '集体',
  organisation: '单位',
};

export const PARTY_ROLES: Record<string, string> = {
  petitioner: '信访人',
  respondent: '对方当事人',
  other: '其他',
};

export const ORG_LEVELS: Record<string, string> = {
  city: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  village: '村（社区）',
};
