/**
 * The default grounds (失信情形) for a credit flag, seeded once; administrators edit the
 * list and its legal-basis texts in the admin panel. The texts say what the law says and
 * what it does not: a flag also needs a local credit regulation that provides for it.
 */
import { GROUND_CODES, type BasisKind } from './rules';

export interface GroundSeed {
  code: string;
  name: string;
  basisKind: BasisKind;
  legalBasis: string;
}

export const DEFAULT_GROUNDS: GroundSeed[] = [
  {
    code: GROUND_CODES.agreementNotPerformed,
    name: '拒不履行人民调解协议',
    basisKind: 'mediation-agreement',
    legalBasis:
      '《中华人民共和国人民调解法》第三十一条：经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。' +
      '人民调解委员会应当对调解协议的履行情况进行监督，督促当事人履行约定的义务。' +
      '纳入失信记录须以本地社会信用管理法规或者规范性文件的明确规定为依据，并以当事人有能力履行而拒不履行为前提；' +
      '当事人之间就调解协议的履行或者内容发生争议的，一方当事人可以向人民法院提起诉讼（人民调解法第三十二条）。',
  },
  {
    code: GROUND_CODES.leapfrogAfterPledge,
    name: '签署息访承诺书后就同一事项越级重复信访',
    basisKind: 'no-further-petition-pledge',
    legalBasis:
      '《信访工作条例》规定，信访人采用走访形式提出信访事项的，应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出，' +
      '并应当自觉维护社会公共秩序和信访秩序。当事人已签署息访承诺书，承诺不再就同一事项重复信访。' +
      '纳入失信记录须以本地社会信用管理法规或者规范性文件的明确规定为依据；' +
      '依法申请复查、复核，以及通过诉讼、仲裁、行政复议等法定途径主张权利，不属于本情形。',
  },
];
