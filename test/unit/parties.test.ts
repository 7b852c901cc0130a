/**
 * Parties as the law sees them, without booting anything: the GB 32100 check of unified social
 * credit codes (real codes of registered companies), what each kind of party must carry, the
 * limit of five representatives, who must consent before a diversion, and how the agreement
 * and the pledge print organisations, groups and agents.
 */
import { creditCodeCheckChar, creditCodeProblem } from '../../src/parties/credit-code';
import { personFromIdNumber } from '../../src/parties/kinds';
import { checkParties, normaliseParties, partiesWithoutConsent } from '../../src/api/petition/controllers/validation/parties';
import { mediationAgreementInput, pledgeInput, principalParties } from '../../plugins/fangtiao/server/src/documents/strapi/petition-inputs';
import { renderDocument } from '../../plugins/fangtiao/server/src/documents';
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

jest.setTimeout(60000);

/** Codes as printed on business licences (国家企业信用信息公示系统). */
const REAL_CODES = [
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91110000802100433B', // 北京百度网讯科技有限公司
];

describe('unified social credit code (GB 32100-2015)', () => {
  test.each(REAL_CODES)('the real code %s passes its check character', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  test('a wrong check character, a mistyped digit or swapped neighbours are caught', () => {
    const code = REAL_CODES[1];
    expect(creditCodeProblem(`${code.slice(0, 17)}0`)).toBe('checksum');
    expect(creditCodeProblem(`${code.slice(0, 9)}9${code.slice(10)}`)).toBe('checksum');
    expect(creditCodeProblem(`${code.slice(0, 10)}${code[11]}${code[10]}${code.slice(12)}`)).toBe('checksum');
  });

  test('letters outside the set (I, O, Z, S, V), lower case is read as upper, and the length is 18', () => {
    expect(creditCodeProblem('91440300708461136I')).toBe('format');
    expect(creditCodeProblem('9144030070846113')).toBe('format');
    expect(creditCodeProblem(REAL_CODES[1].toLowerCase())).toBeNull();
  });
});

test('sex and birth date are read from a valid ID number, and from nothing else', () => {
  expect(personFromIdNumber('11010519491231002X')).toEqual({ sex: '女', birthDate: '1949-12-31' });
  expect(personFromIdNumber('110105194912310012')).toBeNull(); // wrong check digit
  expect(personFromIdNumber(null)).toBeNull();
});

const paths = (errors: Array<{ path: (string | number)[] }>) => errors.map((e) => e.path.join('.'));

describe('what each kind of party must carry', () => {
  test('an organisation needs its type, a legal person its credit code, and its 法定代表人 or 负责人', () => {
    expect(paths(checkParties([{ kind: 'organisation', name: '某公司' }], true))).toEqual([
      'parties.0.organisationType',
      'parties.0.representativeName',
    ]);
    expect(
      paths(checkParties([{ kind: 'organisation', name: '某公司', organisationType: 'legal_person', representativeName: '王' }], true)),
    ).toEqual(['parties.0.creditCode']);
    expect(
      paths(
        checkParties(
          [
            {
              kind: 'organisation',
              name: '某公司',
              organisationType: 'legal_person',
              creditCode: '91440300708461136X',
              representativeName: '王',
            },
          ],
          true,
        ),
      ),
    ).toEqual(['parties.0.creditCode']);
    expect(
      checkParties(
        [{ kind: 'organisation', name: '某公司', organisationType: 'legal_person', creditCode: REAL_CODES[0], representativeName: '王' }],
        true,
      ),
    ).toEqual([]);
    expect(
      checkParties(
        [{ kind: 'organisation', name: '新桥村民小组', organisationType: 'other_organisation', representativeName: '组长李' }],
        true,
      ),
    ).toEqual([]);
    expect(
      paths(
        checkParties(
          [
            {
              kind: 'organisation',
              name: '某公司',
              organisationType: 'other_organisation',
              representativeName: '王',
              idNumber: '11010519491231002X',
            },
          ],
          true,
        ),
      ),
    ).toEqual(['parties.0.idNumber']);
  });

  test('an agent acts for another party, not for itself or another agent, with its authority stated', () => {
    const principal = { name: '张三' };
    expect(paths(checkParties([principal, { kind: 'agent', name: '李律师' }], true))).toEqual([
      'parties.1.agentFor',
      'parties.1.agentAuthority',
    ]);
    expect(paths(checkParties([principal, { kind: 'agent', name: '李律师', agentFor: 1, agentAuthority: 'general' }], true))).toEqual([
      'parties.1.agentFor',
    ]);
    expect(paths(checkParties([principal, { kind: 'agent', name: '李律师', agentFor: 0, agentAuthority: 'special' }], true))).toEqual([
      'parties.1.agentAuthorityScope',
    ]);
    expect(
      checkParties(
        [principal, { kind: 'agent', name: '李律师', agentFor: 0, agentAuthority: 'special', agentAuthorityScope: '代为达成调解协议' }],
        true,
      ),
    ).toEqual([]);
  });

  test("a natural person's 民族 is one of the 56", () => {
    expect(checkParties([{ name: '张三', ethnicity: '汉族' }], true)).toEqual([]);
    expect(paths(checkParties([{ name: '张三', ethnicity: '汉' }], true))).toEqual(['parties.0.ethnicity']);
  });

  test('a group petition elects at most 5 representatives among its listed persons, and its headcount covers them', () => {
    const persons = Array.from({ length: 6 }, (_, i) => ({ name: `村民${i + 1}`, isRepresentative: true }));
    const errors = checkParties([{ kind: 'group', name: '新桥村村民', headcount: 30 }, ...persons], true);
    expect(errors.map((e) => e.message)).toEqual(['集体访推选的代表不超过5人（信访工作条例第十八条）']);
    expect(checkParties([{ kind: 'group', name: '新桥村村民', headcount: 30 }, ...persons.slice(0, 5)], true)).toEqual([]);
    expect(paths(checkParties([{ kind: 'group', name: '新桥村村民', headcount: 3 }, ...persons.slice(0, 5)], true))).toEqual([
      'parties.0.headcount',
    ]);
    expect(paths(checkParties([{ name: '张三', isRepresentative: true }], true))).toEqual(['parties.0.isRepresentative']);
  });

  test('consent is given in writing or orally, never by an agent in its own name', () => {
    expect(paths(checkParties([{ name: '张三', mediationConsent: true }], true))).toEqual(['parties.0.consentWay']);
    expect(
      paths(
        checkParties(
          [
            { name: '张三' },
            { kind: 'agent', name: '李', agentFor: 0, agentAuthority: 'general', mediationConsent: true, consentWay: 'oral' },
          ],
          true,
        ),
      ),
    ).toEqual(['parties.1.mediationConsent']);
  });
});

describe('consent before diversion', () => {
  test('every party but agents must consent; a group consents through its representatives, not each member', () => {
    const parties = normaliseParties([
      { kind: 'group', name: '新桥村村民', headcount: 12, mediationConsent: true, consentWay: 'written' },
      { name: '代表甲', isRepresentative: true, mediationConsent: true, consentWay: 'written' },
      { name: '村民乙' },
      { kind: 'agent', name: '李律师', agentFor: 0, agentAuthority: 'general' },
      {
        kind: 'organisation',
        name: '某公司',
        role: 'respondent',
        organisationType: 'legal_person',
        creditCode: REAL_CODES[0],
        representativeName: '王',
      },
    ]);
    expect(partiesWithoutConsent(parties).map((p) => p.name)).toEqual(['某公司']);
  });

  test('an edit keeps when a party consented; a new or withdrawn consent is stamped or cleared', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    const before = normaliseParties([{ name: '张三', mediationConsent: true, consentWay: 'oral' }], [], at);
    expect(before[0].consentAt).toEqual(at);
    const later = new Date('2026-12-03T02:00:00Z');
    expect(normaliseParties([{ name: '张三', mediationConsent: true, consentWay: 'oral' }], before, later)[0].consentAt).toEqual(at);
    expect(normaliseParties([{ name: '李四', mediationConsent: true, consentWay: 'oral' }], before, later)[0].consentAt).toEqual(later);
    expect(normaliseParties([{ name: '张三', mediationConsent: false }], before, later)[0]).toMatchObject({
      mediationConsent: false,
      consentAt: null,
    });
  });

  test('fields of another kind are cleared when a party is saved', () => {
    const [org] = normaliseParties([
      {
        kind: 'organisation',
        name: '某公司',
        organisationType: 'legal_person',
        creditCode: REAL_CODES[0].toLowerCase(),
        representativeName: '王',
        headcount: 3,
      },
    ]);
    expect(org).toMatchObject({ kind: 'organisation', creditCode: REAL_CODES[0], headcount: null, agentFor: null });
  });
});

const pdfText = (bytes: Buffer) => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    fs.rmSync(file, { force: true });
  }
};

describe('the agreement and the pledge print each party as its kind requires', () => {
  const consent = { mediationConsent: true, consentWay: 'written', consentAt: '2026-12-01T01:00:00Z' };
  const petition = {
    referenceNo: '990102-2026-000123',
    subject: '新桥村排水沟堵塞纠纷',
    committee: { name: '湖滨镇人民调解委员会' },
    mediator: { fullName: '周调解' },
    outcome: { result: 'success', agreedTerms: '乙方于十日内疏通排水沟', at: '2026-12-04T02:00:00Z' },
    parties: [
      { kind: 'group', role: 'petitioner', name: '新桥村1组村民', headcount: 12, ...consent },
      { kind: 'person', role: 'petitioner', name: '王代表', idNumber: '11010519491231002X', ethnicity: '汉族', isRepresentative: true },
      { kind: 'person', role: 'petitioner', name: '赵代表', isRepresentative: true },
      { kind: 'person', role: 'petitioner', name: '钱村民' },
      {
        kind: 'organisation',
        role: 'respondent',
        name: '某物业有限公司',
        organisationType: 'legal_person',
        creditCode: REAL_CODES[0],
        representativeName: '孙经理',
        ...consent,
        consentWay: 'oral',
      },
      { kind: 'agent', role: 'other', name: '李律师', agentFor: 4, agentAuthority: 'special', agentAuthorityScope: '代为达成调解协议' },
    ],
  };

  test('principals are the group and the organisation; representatives, members and the agent hang under them', () => {
    const [group, org] = principalParties(petition.parties);
    expect(principalParties(petition.parties)).toHaveLength(2);
    expect(group.representatives!.map((r) => r.name)).toEqual(['王代表', '赵代表']);
    expect(group.representatives![0]).toMatchObject({ sex: '女', birthDate: '1949-12-31', ethnicity: '汉族' });
    expect(group.members).toEqual(['钱村民']);
    expect(org.representative).toEqual({ title: '法定代表人', name: '孙经理' });
    expect(org.agents).toEqual([expect.objectContaining({ name: '李律师', authority: '特别授权（代为达成调解协议）' })]);
  });

  test("the agreement has a 法定代表人 line, a signature line per representative, and each party's consent", async () => {
    const input = mediationAgreementInput(petition, new Date('2026-12-04T02:00:00Z'));
    const text = pdfText(await renderDocument('mediation-agreement', input, {}));
    expect(text).toContain('统一社会信用代码：914403001922038216');
    expect(text).toContain('法定代表人：孙经理');
    expect(text).toContain('新桥村1组村民（共12人）');
    expect(text).toContain('甲方代表人王代表（签名）');
    expect(text).toContain('甲方代表人赵代表（签名）');
    expect(text).toContain('乙方（盖章）');
    expect(text).toContain('法定代表人（签名）');
    expect(text).toContain('乙方委托代理人李律师（签名）');
    expect(text).toContain('甲方新桥村1组村民于2026年12月1日书面、乙方某物业有限公司于2026年12月1日口头同意调解');
    expect(text).not.toContain('甲方（签名）');
  });

  test('when every party consented the same way on the same day, one sentence says so', async () => {
    const same = { ...petition, parties: petition.parties.map((x) => (x.kind === 'organisation' ? { ...x, consentWay: 'written' } : x)) };
    const text = pdfText(await renderDocument('mediation-agreement', mediationAgreementInput(same, new Date('2026-12-04T02:00:00Z')), {}));
    expect(text).toContain('各方当事人均于2026年12月1日书面同意调解');
  });

  test("a group's pledge is signed by each of its representatives", async () => {
    const input = pledgeInput(petition, { number: '〔2026〕调字第000123号', date: new Date('2026-12-04T02:00:00Z') });
    const text = pdfText(await renderDocument('no-further-petition-pledge', input, {}));
    expect(text).toContain('承诺人代表人王代表（签名）');
    expect(text).toContain('承诺人代表人赵代表（签名）');
    expect(text).toContain('我们确认');
  });
});
