// Chinese labels of the codes the API returns. STATES and ACTIONS mirror
// src/case-flow/flow.ts (test/browser/desk.test.ts checks that they still agree).

export const STATES = {
  registered: '已登记',
  accepted: '已受理',
  not_accepted: '不予受理',
  in_mediation: '调解中',
  unit_handling: '责任单位办理中',
  referred_legal: '已导入法定途径',
  leader_handling: '领导包案处理中',
  concluded: '已办结',
  review_requested: '已申请复查',
  reviewed: '已复查',
  re_review_requested: '已申请复核',
  final: '复核终结',
  closed: '已结案',
};

export const ACTIONS = {
  accept: '受理',
  not_accept: '不予受理',
  divert: '分流至人民调解',
  assign_unit: '交责任单位办理',
  refer_legal: '导入法定途径',
  mediation_success: '调解成功',
  mediation_failure: '调解不成',
  escalate_leader: '提交领导包案',
  conclude: '办结',
  request_review: '申请复查',
  review_opinion: '出具复查意见',
  request_re_review: '申请复核',
  re_review_opinion: '出具复核意见',
  close: '结案',
  extend: '延长办理期限',
};

export const CHANNELS = {
  letter: '来信',
  visit: '来访',
  online: '网上',
  phone: '电话',
  hotline: '12345热线',
};

export const LEVELS = {
  village: '村（社区）',
  township: '乡镇（街道）',
  county: '县（区）',
  city: '市',
  province: '省',
  national: '国家',
};

export const ROLES = {
  admin: '系统管理员',
  clerk: '信访干部',
  mediator: '人民调解员',
  expert: '专家 / 法律顾问',
  leader: '包案领导',
  reviewer: '信用审核员',
  supervisor: '督查 / 联席办',
};

export const CLARITIES = [
  ['petitioner', '信访人基本情况', '至少登记一名信访人的姓名、身份证号码或联系电话、住址'],
  ['demands', '信访诉求', '填写信访人的具体诉求'],
  ['history', '信访历史', '填写信访经过，或登记至少一次来信来访记录'],
  ['handling', '办理情况', '填写已办理情况，或推进案件流程（受理、分流等）'],
  ['unit', '责任主体', '确定责任单位'],
];

export const DEADLINE_KINDS = {
  acceptance: '受理告知期限',
  conclusion: '办结期限',
  'review-answer': '复查意见期限',
  're-review-answer': '复核意见期限',
};

export const RETURN_VISIT_RESULTS = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  not_satisfied: '不满意',
};

export const LEGAL_CHANNELS = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative_review: '行政复议',
};

export const PARTY_KINDS = {
  person: '个人',
  group: '集体',
  organisation: '单位',
};

export const PARTY_ROLES = {
  petitioner: '信访人',
  respondent: '对方当事人',
  other: '其他',
};

export const ORG_LEVELS = {
  city: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  village: '村（社区）',
};
