/**
 * The printable documents: every kind renders with the items the law or the form
 * requires, fonts are embedded as subsets, long documents paginate, and no line starts
 * with closing punctuation. Text is read back with poppler's pdftotext, as a person
 * would read the printout; page one of each is saved as PNG in test/artifacts/.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import {
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  DocumentInputs,
  DocumentKind,
  DocumentOptions,
  makeVerificationCode,
  renderDocument,
  sha256,
} from '../../plugins/fangtiao/server/src/documents';
import { breakParagraph, CLOSING, OPENING } from '../../plugins/fangtiao/server/src/documents/linebreak';

jest.setTimeout(60000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

const options: DocumentOptions = {
  organisationName: '丽水市莲都区信访局',
  committeeName: '莲都区紫金街道人民调解委员会',
  verificationCode: 'K7Q3W9ZD2M',
  verifyUrl: 'https://fangtiao.example.org/v/K7Q3W9ZD2M',
  createdAt: '2026-03-02',
};

const agreement: DocumentInputs['mediation-agreement'] = {
  agreementNumber: '（2026）莲紫调字第12号',
  parties: [
    {
      name: '张建国',
      sex: '男',
      ethnicity: '汉族',
      idNumber: '33110219700101123X',
      address: '浙江省丽水市莲都区紫金街道白云村12号',
      phone: '13800000001',
    },
    {
      name: '李秀英',
      sex: '女',
      idNumber: '331102197502024567',
      address: '浙江省丽水市莲都区紫金街道白云村14号',
      phone: '13900000002',
    },
  ],
  facts:
    '双方系相邻住户。2025年10月，乙方在自家宅基地东侧砌筑围墙，占用双方共用通道约一点五米，致使甲方车辆无法通行，双方多次发生争执，甲方遂向街道信访办反映。',
  disputedMatters: '乙方所砌围墙是否占用共用通道，以及由此造成甲方损失的赔偿问题',
  responsibilities: [
    { party: '乙方', responsibility: '未经协商擅自在共用通道砌墙，对纠纷的发生负主要责任' },
    { party: '甲方', responsibility: '在协商过程中言语过激，对矛盾激化负次要责任' },
  ],
  terms: [
    { obligor: '乙方', what: '拆除占用共用通道部分的围墙，恢复通道原状', where: '白云村12号与14号之间的共用通道', byWhen: '2026-03-31' },
    { obligor: '乙方', what: '向甲方支付通行受阻期间的损失补偿人民币2000元', how: '银行转账', byWhen: '本协议生效之日起十日内' },
    { obligor: '甲方', what: '收到补偿后不再就本纠纷向乙方主张其他权利' },
  ],
  mediators: ['王明'],
  date: '2026-03-02',
};

const samples: { [K in DocumentKind]: DocumentInputs[K] } = {
  'mediation-agreement': agreement,
  'no-further-petition-pledge': {
    petitioner: { name: '张建国', sex: '男', idNumber: '33110219700101123X', address: '浙江省丽水市莲都区紫金街道白云村12号' },
    matter: '反映邻居砌墙占用共用通道问题',
    petitionReference: 'LD-2025-0387',
    agreement: { number: '（2026）莲紫调字第12号', date: '2026-03-02' },
    statement: '我反映的通道被占问题，经街道人民调解委员会调解，对方已同意拆除围墙并给予补偿，我对调解结果表示满意。',
    date: '2026-03-02',
    witness: '王明',
  },
  'handover-sheet': {
    unit: '丽水市莲都区紫金街道',
    date: '2026-03-10',
    departingLeader: '陈志远',
    post: '街道党工委书记',
    successor: '刘海燕',
    arrivalDate: '2023-04-01',
    backlogAtArrival: [
      { reference: 'LD-2022-0112', subject: '征地补偿款分配纠纷', responsibleUnit: '紫金街道', status: '已化解' },
      { reference: 'LD-2022-0230', subject: '企业拖欠工资', responsibleUnit: '区人社局', status: '化解中' },
    ],
    departureDate: '2026-03-10',
    backlogAtDeparture: [
      { reference: 'LD-2022-0230', subject: '企业拖欠工资', responsibleUnit: '区人社局', status: '化解中' },
      { reference: 'LD-2025-0387', subject: '相邻通道纠纷', responsibleUnit: '紫金街道', status: '化解中' },
    ],
    remarks: '积案LD-2022-0112已于2024年6月化解并经回访满意。',
  },
  'warning-notice': {
    noticeNumber: '莲信预〔2026〕7号',
    colour: 'red',
    caseReference: 'LD-2025-0387',
    caseSubject: '反映邻居砌墙占用共用通道问题',
    reasons: ['首次信访后到县级以上来访2次', '信访人表示将赴市集体上访'],
    addressees: ['紫金街道办事处', '区住建局'],
    actions: [
      { who: '紫金街道办事处主任 周强', action: '当面约见信访人，核实诉求，制定化解方案', deadline: '2026-03-05' },
      { who: '区住建局', action: '派员现场勘查通道权属', deadline: '2026-03-06' },
    ],
    feedbackBy: '2026-03-08',
    copyTo: ['区委政法委', '区联席办'],
    issuedAt: '2026-03-03',
    contact: { person: '赵敏', phone: '0578-2000000' },
  },
  'hearing-notice': {
    noticeNumber: '莲信听〔2026〕3号',
    recipient: { name: '张建国', role: '信访人' },
    caseReference: 'LD-2025-0387',
    matter: '邻居砌墙占用共用通道问题',
    hearingType: '信访听证',
    startsAt: '2026-03-20T09:30:00',
    place: '紫金街道办事处三楼会议室',
    host: '刘海燕',
    panel: ['区人大代表 孙立', '区政协委员 吴芳', '村民代表 郑勇'],
    isPublic: true,
    bring: ['相关证据材料'],
    contact: { person: '赵敏', phone: '0578-2000000' },
    issuedAt: '2026-03-12',
  },
  'hearing-minutes': {
    recordNumber: 'LD-2025-0387-会12',
    hearingType: '信访听证',
    caseReference: 'LD-2025-0387',
    matter: '邻居砌墙占用共用通道问题',
    startsAt: '2026-03-20T09:30:00',
    place: '紫金街道办事处三楼会议室',
    host: '刘海燕',
    attendance: [
      { name: '刘海燕', role: '主持人', present: true },
      { name: '张建国', role: '信访人', present: true },
      { name: '孙立', role: '评议员', present: true },
      { name: '吴芳', role: '评议员', present: false, note: '请假' },
    ],
    opinions: [{ name: '孙立', role: '评议员', vote: '支持', opinion: '通道属双方共用，原处理意见正确' }],
    tally: { support: 1, oppose: 0, abstain: 0 },
    conclusion: '维持原处理意见，由街道督促乙方恢复通道',
    outcome: '信访人接受结论',
    caseMove: '办结：领导包案处理中 → 已办结',
    recorder: '赵敏',
    recordedAt: '2026-03-20T11:30:00',
  },
  'consultation-record': {
    recordNumber: '莲专咨〔2026〕5号',
    caseReference: 'LD-2025-0387',
    matter: '相邻通道纠纷',
    question: '乙方宅基地东侧通道是否属于双方共有，乙方砌墙行为应如何定性及补偿标准如何确定',
    level: 'county',
    mode: '现场',
    consultedAt: '2026-02-20T14:00:00',
    place: '紫金街道人民调解委员会',
    requestedBy: '紫金街道人民调解委员会',
    experts: [
      { name: '林律', field: '法律', organisation: '浙江丽正律师事务所' },
      { name: '何静', field: '心理', organisation: '莲都区心理咨询中心' },
    ],
    opinions: [
      { expert: '林律', opinion: '根据宅基地审批图，通道属双方共用，乙方单方砌墙构成侵权，应恢复原状并赔偿合理损失' },
      { expert: '何静', opinion: '甲方情绪积压较久，建议调解时先疏导情绪，再谈具体补偿' },
    ],
    conclusion: '建议以恢复通道为前提，辅以适当补偿，由街道人民调解委员会组织调解',
    recorder: '赵敏',
  },
  'credit-notice': {
    noticeNumber: 'LD-2025-0387-信1',
    person: { name: '李秀英', idNumber: '331102197502024567' },
    matter: '反映邻居砌墙占用共用通道问题',
    caseReference: 'LD-2025-0387',
    ground: '拒不履行人民调解协议',
    legalBasis: '《中华人民共和国人民调解法》第三十一条：经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行',
    facts: '调解协议约定乙方于2026年3月31日前拆除占用共用通道部分的围墙，经人民调解委员会两次督促，至今未拆除',
    basis: '人民调解协议书（第1版，2026-03-02出具，核验码K7Q3W9ZD2M）',
    evidence: ['人民调解协议书（第1版，2026-03-02出具）', '2026-04-10来访记录：到达县级，1人'],
    objectionDeadline: '2026-04-30',
    retentionYears: 5,
    issuedAt: '2026-04-15',
  },
  'credit-objection-decision': {
    decisionNumber: 'LD-2025-0387-信1-异1',
    person: { name: '李秀英', idNumber: '331102197502024567' },
    matter: '反映邻居砌墙占用共用通道问题',
    caseReference: 'LD-2025-0387',
    ground: '拒不履行人民调解协议',
    objection: {
      lodgedAt: '2026-04-20',
      by: '李秀英的代理律师王律师',
      channel: '到丽水市莲都区信访局当面',
      text: '围墙已于4月18日拆除，附村委会证明',
    },
    decision: 'dismissed',
    reasons: '经现场核实，围墙仍占用通道约一米，所附证明与现场不符',
    decidedBy: '周审核',
    decidedByUnit: '丽水市莲都区信访局',
    issuer: '丽水市莲都区信访局',
    decidedAt: '2026-04-24',
  },
  'credit-repair-decision': {
    decisionNumber: 'LD-2025-0387-信1-修1',
    person: { name: '李秀英', idNumber: '331102197502024567' },
    matter: '反映邻居砌墙占用共用通道问题',
    caseReference: 'LD-2025-0387',
    ground: '拒不履行人民调解协议',
    application: {
      appliedAt: '2026-06-02',
      applicant: '当事人本人李秀英',
      channel: '到丽水市莲都区信访局当面',
      text: '围墙已全部拆除，协议已履行',
    },
    decision: 'granted',
    outcome: 'annotate',
    reasons: '村委会证明围墙已于5月拆除，协议已履行',
    decidedBy: '吴审核',
    issuer: '丽水市莲都区信访局',
    decidedAt: '2026-06-05',
  },
  'judicial-confirmation-application': {
    court: '丽水市莲都区人民法院',
    committeeName: '莲都区紫金街道人民调解委员会',
    agreementNumber: '〔2026〕调字第000123号',
    effectiveAt: '2026-05-10',
    parties: [
      { name: '张三', idNumber: '331102198001011234', address: '紫金街道新桥村1组' },
      {
        kind: 'organisation',
        name: '丽水市新桥建材有限公司',
        creditCode: '91331102MA2H0001A',
        representative: { title: '法定代表人', name: '王五' },
      },
    ],
    disputedMatters: '建材堆放损坏围墙',
    terms: ['乙方赔偿甲方围墙修复费用人民币五千元', '甲方不再就此事主张其他权利'],
    date: '2026-05-20',
  },
};

/** What each printout must show (whitespace removed before matching). */
const required: { [K in DocumentKind]: string[] } = {
  'mediation-agreement': [
    '人民调解协议书',
    '莲都区紫金街道人民调解委员会',
    '（2026）莲紫调字第12号',
    '张建国',
    '男',
    '汉族',
    '33110219700101123X',
    '白云村12号',
    '13800000001',
    '李秀英',
    '女',
    '331102197502024567',
    '13900000002',
    '纠纷主要事实',
    '占用双方共用通道约一点五米',
    '争议事项',
    '各方当事人的责任',
    '负主要责任',
    '负次要责任',
    '人民调解员：王明',
    '具有法律约束力',
    '人民调解委员会印章之日起生效',
    '拆除占用共用通道部分的围墙',
    '履行方式：银行转账',
    '履行地点：白云村12号与14号之间的共用通道',
    '履行期限：2026年3月31日',
    '履行期限：本协议生效之日起十日内',
    '本协议一式三份，当事人各执一份，人民调解委员会留存一份',
    '自调解协议生效之日起三十日内共同向人民法院申请司法确认',
    '甲方（签名）',
    '乙方（签名）',
    '按指印',
    '人民调解员（签名）',
    '盖章',
    '2026年3月2日',
  ],
  'no-further-petition-pledge': [
    '息访承诺书',
    '张建国',
    '反映邻居砌墙占用共用通道问题',
    'LD-2025-0387',
    '（2026）莲紫调字第12号',
    '2026年3月2日',
    '对调解结果表示满意',
    '承诺人（签名）',
    '按指印',
    '不影响本人依法通过诉讼、仲裁、行政复议等法定途径维护自身合法权益的权利',
  ],
  'handover-sheet': [
    '主要负责人离任信访积案交接表',
    '单位（盖章）：丽水市莲都区紫金街道',
    '时间：2026年3月10日',
    '离任人姓名',
    '陈志远',
    '到任时间',
    '2023年4月1日',
    '到任时信访积案数量',
    '2件',
    '信访积案具体列表',
    'LD-2022-0112',
    '征地补偿款分配纠纷',
    '离任时间',
    '离任时信访积案数量',
    'LD-2025-0387',
    '其中新增积案数量',
    '1件',
    '备注',
    '回访满意',
    '离任人（签字）',
    '接任人刘海燕（签字）',
    '一式四份',
    '市信访联席会议办公室和离任单位各存一份',
    '抄送市纪委市监委和市委组织部各一份',
  ],
  'warning-notice': [
    '信访预警单',
    '莲信预〔2026〕7号',
    'LD-2025-0387',
    '红色预警',
    '首次信访后到县级以上来访2次',
    '紫金街道办事处',
    '周强',
    '当面约见信访人',
    '2026年3月5日',
    '区住建局',
    '2026年3月6日',
    '2026年3月8日前将处置情况书面反馈',
    '丽水市莲都区信访局',
    '抄送：区委政法委、区联席办',
  ],
  'hearing-notice': [
    '听证通知书',
    '莲信听〔2026〕3号',
    '张建国：',
    '信访听证',
    '2026年3月20日 09:30',
    '紫金街道办事处三楼会议室',
    '参加身份',
    '信访人',
    '主持人',
    '刘海燕',
    '区人大代表孙立',
    '申请回避',
    '丽水市莲都区信访局',
    '2026年3月12日',
  ],
  'hearing-minutes': [
    '信访听证笔录',
    'LD-2025-0387-会12',
    '紫金街道办事处三楼会议室',
    '刘海燕',
    '到场',
    '缺席（请假）',
    '孙立（评议员，支持）',
    '原处理意见正确',
    '支持1票，不支持0票，弃权0票',
    '维持原处理意见',
    '信访人意见：信访人接受结论',
    '案件办理：办结：领导包案处理中→已办结',
    '张建国（签名）',
    '记录人（签名）',
    '2026年3月20日',
  ],
  'consultation-record': [
    '专家咨询记录',
    '莲专咨〔2026〕5号',
    'LD-2025-0387',
    '咨询问题',
    '乙方砌墙行为应如何定性',
    '县级专家库',
    '林律',
    '法律',
    '浙江丽正律师事务所',
    '何静',
    '专家意见',
    '应恢复原状并赔偿合理损失',
    '综合意见',
    '专家林律（签名）',
    '记录人（签名）',
    '赵敏',
    '2026年2月20日',
  ],
  'credit-notice': [
    '拟纳入失信记录告知书',
    'LD-2025-0387-信1',
    '李秀英',
    '331102197502024567',
    '拒不履行人民调解协议',
    '至今未拆除',
    '人民调解法》第三十一条',
    '2026-04-10来访记录',
    '2026年4月30日前（含当日）向丽水市莲都区信访局提出书面异议',
    '异议期限届满前以及异议审查期间，该记录不生效',
    '保存5年',
    '信用修复',
    '行政复议',
    '受送达人（签名）',
    '2026年4月15日',
  ],
  'credit-objection-decision': [
    '异议处理决定书',
    'LD-2025-0387-信1-异1',
    '李秀英',
    '331102197502024567',
    '李秀英的代理律师王律师',
    '2026年4月20日',
    '围墙已于4月18日拆除',
    '异议不成立',
    '该记录在本决定书送达且异议期限届满后方可生效',
    '所附证明与现场不符',
    '决定人：周审核（丽水市莲都区信访局信用审核员）',
    '决定日期：2026年4月24日',
    '行政复议',
    '行政诉讼',
    '受送达人（签名）',
  ],
  'credit-repair-decision': [
    '信用修复决定书',
    'LD-2025-0387-信1-修1',
    '当事人本人李秀英',
    '2026年6月2日',
    '协议已履行',
    '准予信用修复',
    '标注“已信用修复”',
    '围墙已于5月拆除',
    '吴审核（信用审核员）',
    '2026年6月5日',
    '行政复议',
    '受送达人（签名）',
  ],
  'judicial-confirmation-application': [
    '司法确认申请书',
    '申请人一',
    '张三',
    '申请人二',
    '丽水市新桥建材有限公司',
    '法定代表人',
    '王五',
    '请求事项',
    '2026年5月10日',
    '莲都区紫金街道人民调解委员会',
    '〔2026〕调字第000123号',
    '赔偿甲方围墙修复费用人民币五千元',
    '没有恶意串通、规避法律的行为',
    '人民调解法',
    '第三十三条',
    '此致',
    '丽水市莲都区人民法院',
    '2026年5月20日',
  ],
};

function toolExists(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!toolExists('pdftotext')) {
  throw new Error('poppler-utils missing: apt-get install -y poppler-utils');
}

function save(name: string, pdf: Buffer): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const squash = (s: string) => s.replace(/\s+/g, '');

function linesStartingWithClosing(extracted: string): string[] {
  return extracted
    .split('\n')
    .flatMap((l) => l.trim().split(/\s{2,}/)) // -layout puts side-by-side blocks on one line
    .filter((l) => l && CLOSING.has(l[0]));
}

describe.each(DOCUMENT_KINDS)('the %s document', (kind) => {
  let file: string;
  let extracted: string;

  beforeAll(async () => {
    const pdf = await renderDocument(kind, samples[kind] as never, options);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    file = save(kind, pdf);
    extracted = text(file);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(ARTIFACTS, kind)]);
  });

  it('shows its Chinese title and every required item', () => {
    const flat = squash(extracted);
    expect(flat).toContain(DOCUMENT_TITLES[kind]);
    const missing = required[kind].filter((item) => !flat.includes(squash(item)));
    expect(missing).toEqual([]);
  });

  it('embeds its fonts as subsets only', () => {
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+/);
      expect(row).toMatch(/\byes\s+yes\s+yes\b/); // emb, sub, uni
    }
  });

  it('never starts a line with closing punctuation', () => {
    expect(linesStartingWithClosing(extracted)).toEqual([]);
  });

  it('carries the verification code in the footer', () => {
    expect(extracted).toContain(`核验码：${options.verificationCode}`);
  });
});

describe('a long mediation agreement', () => {
  it('flows onto further pages with page numbers, each line clear of closing punctuation', async () => {
    const long = {
      ...agreement,
      facts: Array.from(
        { length: 14 },
        (_, i) =>
          `第${i + 1}次协商时，双方就通道宽度、围墙高度（含基础部分）、排水沟走向等问题各执一词，“谁先动工”的说法也不一致；村委会、街道司法所先后介入，未能达成一致。`,
      ).join(''),
    };
    const pdf = await renderDocument('mediation-agreement', long, options);
    const file = save('mediation-agreement-long', pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(1);
    const extracted = text(file);
    // pdftotext drops the narrow spaces of "第 1 页 共 N 页".
    expect(squash(extracted)).toContain(`第1页共${pages}页`);
    expect(squash(extracted)).toContain(`第${pages}页共${pages}页`);
    expect(linesStartingWithClosing(extracted)).toEqual([]);
    expect(squash(extracted)).toContain('本协议一式三份');
  });

  it('with four parties is made out in five copies', async () => {
    const parties = [...agreement.parties, { name: '王五' }, { name: '赵六' }];
    const pdf = await renderDocument('mediation-agreement', { ...agreement, parties }, options);
    expect(squash(text(save('mediation-agreement-4', pdf)))).toContain('本协议一式五份');
  });
});

describe('a handover with a long backlog', () => {
  it('attaches the lists after the form and repeats the list header on every page', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      reference: `LD-2024-${String(i + 1).padStart(4, '0')}`,
      subject: `第${i + 1}件积案：土地承包经营权流转纠纷，涉及多户村民`,
      responsibleUnit: '紫金街道',
      status: '化解中',
    }));
    const input = { ...samples['handover-sheet'], backlogAtDeparture: many };
    const file = save('handover-sheet-long', await renderDocument('handover-sheet', input, options));
    const pages = text(file)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    expect(squash(pages[0])).toContain('详见附表2（共40件）');
    const withList = pages.filter((p) => p.includes('LD-2024-'));
    expect(withList.length).toBeGreaterThan(1);
    for (const p of withList) expect(squash(p)).toContain('序号案件编号信访事项责任单位状态新增');
  });
});

describe('rendering', () => {
  it('is deterministic for the same input and creation date', async () => {
    const a = await renderDocument('no-further-petition-pledge', samples['no-further-petition-pledge'], options);
    const b = await renderDocument('no-further-petition-pledge', samples['no-further-petition-pledge'], options);
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same bytes when documents are rendered concurrently (fonts are shared)', async () => {
    const one = async (k: DocumentKind) => sha256(await renderDocument(k, samples[k] as never, options));
    const sequential: string[] = [];
    for (const k of DOCUMENT_KINDS) sequential.push(await one(k));
    expect(await Promise.all(DOCUMENT_KINDS.map(one))).toEqual(sequential);
  });

  it('refuses an unknown kind', async () => {
    await expect(renderDocument('summons' as DocumentKind, {} as never)).rejects.toThrow(/Unknown document kind/);
  });
});

describe('verification codes', () => {
  it('are 10 unambiguous Crockford base32 characters, different every time', () => {
    const codes = Array.from({ length: 200 }, () => makeVerificationCode());
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('the line breaker', () => {
  const measure = (u: string) => Array.from(u).length; // one unit per character
  it('keeps closing punctuation off the start and opening punctuation off the end of a line', () => {
    const text = '甲乙双方经协商，同意（一）拆除围墙。“通道”恢复原状！双方《协议》生效后履行，不得反悔。';
    for (let width = 3; width <= 12; width++) {
      const lines = breakParagraph(text, width, measure);
      expect(lines.join('')).toBe(text);
      for (const [i, line] of lines.entries()) {
        if (i > 0) expect(CLOSING.has(line[0])).toBe(false);
        if (i < lines.length - 1) expect(OPENING.has(line[line.length - 1])).toBe(false);
      }
    }
  });

  it('keeps numbers whole and the two halves of a dash together', () => {
    const lines = breakParagraph('身份证号33110219700101123X——已核实', 22, measure);
    expect(lines.some((l) => l.includes('33110219700101123X'))).toBe(true);
    expect(lines.every((l) => !l.startsWith('—') || l.startsWith('——'))).toBe(true);
  });
});
