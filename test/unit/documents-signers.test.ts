/**
 * Documents as the people who sign them see them: a short agreement is one page with its
 * signatures under the text, terms read as written, and downloaded files are named by case.
 */
import { renderDocument, type DocumentInputs } from '../../plugins/fangtiao/server/src/documents';
import { Layout } from '../../plugins/fangtiao/server/src/documents/layout';
import { contentDisposition, documentFileName, uniqueNames } from '../../plugins/fangtiao/server/src/documents/file-names';
import { termSubject } from '../../plugins/fangtiao/server/src/documents/templates/mediation-agreement';
import { pdfPages } from '../helpers/pdf';
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

jest.setTimeout(60000);

const pdfLines = (bytes: Buffer) => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file);
  }
};
const squash = (s: string) => s.replace(/\s+/g, '');

const options = { verificationCode: 'K7Q3W9ZD2M', verifyUrl: 'http://localhost:1337/api/verify/K7Q3W9ZD2M', createdAt: '2026-12-04' };

/** What the desk sends for a typical case: two parties, one term that names its obligor. */
const shortAgreement: DocumentInputs['mediation-agreement'] = {
  agreementNumber: '〔2026〕调字第000003号',
  committeeName: '湖滨镇人民调解委员会',
  parties: [
    { name: '张三', idNumber: '990102198001011234', address: '湖滨镇新桥村1组', phone: '13800138000', role: '甲方' },
    { name: '李四', address: '新桥村1组', role: '乙方' },
  ],
  facts: '双方因排水沟堵塞发生纠纷',
  disputedMatters: '排水沟疏通责任',
  responsibilities: '经调解，各方当事人对各自应承担的责任予以确认。',
  terms: [{ obligor: '乙方', what: '乙方疏通排水沟', how: '雇工清理', where: '新桥村1组', byWhen: '2026-12-01' }],
  mediators: ['王调解'],
  date: '2026-12-04',
};

describe('an agreement with two parties and one term', () => {
  let pdf: Buffer;
  let text: string;
  beforeAll(async () => {
    pdf = await renderDocument('mediation-agreement', shortAgreement, options);
    text = pdfLines(pdf);
  });

  it('is one page, signatures and seal under the text, no signature page', () => {
    expect(pdfPages(pdf)).toBe(1);
    expect(text).not.toContain('此页无正文');
    const flat = squash(text);
    for (const s of ['甲方（签名）', '乙方（签名）', '人民调解员（签名）', '湖滨镇人民调解委员会（盖章）']) expect(flat).toContain(s);
    // The signatures follow the last clause on that page.
    expect(flat.indexOf('甲方（签名）')).toBeGreaterThan(flat.indexOf('人民调解委员会留存一份'));
  });

  it('prints a term that starts with its obligor once: 乙方疏通排水沟, never 乙方乙方', () => {
    expect(squash(text)).toContain('（一）乙方疏通排水沟。');
    expect(squash(text)).not.toContain('乙方乙方');
  });
});

describe('signatures that do not fit under the text', () => {
  it('go whole onto a page that says which document it belongs to', async () => {
    const l = new Layout({ title: '人民调解协议书' });
    l.title('人民调解协议书');
    for (let i = 0; i < 19; i += 1) l.paragraph(`第${i + 1}行正文。`);
    l.signatures(
      [{ label: '甲方（签名）', fingerprint: true }, { label: '乙方（签名）', fingerprint: true }, { label: '人民调解员（签名）' }],
      { name: '湖滨镇人民调解委员会', date: '2026年12月4日', stamp: '盖章' },
    );
    expect(l.signaturePage).toBe(true);
    const pages = pdfLines(await l.finish())
      .split('\f')
      .filter((p) => p.trim());
    expect(pages).toHaveLength(2);
    expect(squash(pages[0])).not.toContain('（签名）');
    const last = squash(pages[1]);
    expect(last).toContain('此页无正文，为《人民调解协议书》签署页');
    for (const x of ['甲方（签名）', '乙方（签名）', '人民调解员（签名）', '湖滨镇人民调解委员会（盖章）']) expect(last).toContain(x);
  });
});

describe('terms', () => {
  it.each([
    [{ obligor: '乙方', what: '疏通排水沟' }, '乙方疏通排水沟'],
    [{ obligor: '乙方', what: '乙方疏通排水沟' }, '乙方疏通排水沟'],
    [{ obligor: ' 李四 ', what: '李四支付人民币2000元' }, '李四支付人民币2000元'],
    [{ what: '双方互不追究' }, '双方互不追究'],
  ])('%j reads %s', (term, expected) => {
    expect(termSubject(term)).toBe(expected);
  });
});

describe('download names', () => {
  it('lead with the case number, then title, addressee and version', () => {
    expect(
      documentFileName({ referenceNo: '990102-2026-000003', title: '人民调解协议书', kind: 'mediation-agreement', version: 1 }),
    ).toEqual({
      name: '990102-2026-000003-人民调解协议书-v1.pdf',
      ascii: '990102-2026-000003-mediation-agreement-v1.pdf',
    });
    expect(
      documentFileName({ referenceNo: '990102-2026-000003', title: '听证通知书', kind: 'hearing-notice', version: 2, addressee: '张/三' })
        .name,
    ).toBe('990102-2026-000003-听证通知书-张_三-v2.pdf');
    expect(documentFileName({ title: '离任交接表', kind: 'handover-sheet', version: 1 }).name).toBe('离任交接表-v1.pdf');
  });

  it('go in Content-Disposition with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('990102-2026-000003-人民调解协议书-v1.pdf', '990102-2026-000003-mediation-agreement-v1.pdf')).toBe(
      `attachment; filename="990102-2026-000003-mediation-agreement-v1.pdf"; filename*=UTF-8''990102-2026-000003-${encodeURIComponent('人民调解协议书')}-v1.pdf`,
    );
  });

  it('are made unique in a zip, case-insensitively, with a counter', () => {
    expect(uniqueNames(['a/x.pdf', 'a/x.pdf', 'a/X.pdf', 'a/y.pdf', 'a/x-2.pdf'])).toEqual([
      'a/x.pdf',
      'a/x-2.pdf',
      'a/X-3.pdf',
      'a/y.pdf',
      'a/x-2-2.pdf',
    ]);
  });
});
