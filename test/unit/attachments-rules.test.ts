import {
  changeRefusal,
  checkFiles,
  cleanName,
  isCurrent,
  LIMITS,
  reasonOf,
  signedScanRefusal,
  sniff,
} from '../../plugins/fangtiao/server/src/attachments/rules';

const bytes = (...b: number[]) => Uint8Array.from(b);
const head = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('a file is known by its first bytes, not its name', () => {
  test('PDF, JPEG, PNG and WebP are recognised', () => {
    expect(sniff(head('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(sniff(bytes(0xff, 0xd8, 0xff, 0xe1))?.mime).toBe('image/jpeg');
    expect(sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.mime).toBe('image/png');
    expect(sniff(head('RIFF\x10\x00\x00\x00WEBPVP8 '))?.mime).toBe('image/webp');
  });

  test('a program, a ZIP, a RIFF audio file, HTML and a bare "%PDF" without the dash are not', () => {
    for (const h of ['MZ\x90\x00', 'PK\x03\x04', 'RIFF\x10\x00\x00\x00WAVEfmt ', '<html><body>', '%PDF', ''])
      expect(sniff(head(h))).toBeNull();
  });
});

describe('an upload is checked whole before anything is stored', () => {
  const pdf = { name: '笔录.pdf', size: 1000, head: head('%PDF-1.4') };
  test('every bad file is named under the field, with its index', () => {
    const r = checkFiles(
      [
        pdf,
        { name: '证据.pdf', size: 500, head: head('MZ\x90\x00') },
        { name: '大.pdf', size: LIMITS.maxBytes + 1, head: head('%PDF-1.4') },
        { name: '空.png', size: 0, head: bytes() },
      ],
      0,
      'sitePhotos',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e.path.join('.'), e.message])).toEqual([
      ['sitePhotos.1', '文件“证据.pdf”不是PDF、JPG、PNG或WebP文件'],
      ['sitePhotos.2', '文件“大.pdf”超过10MB'],
      ['sitePhotos.3', '文件“空.png”是空文件'],
      ['sitePhotos.3', '文件“空.png”不是PDF、JPG、PNG或WebP文件'],
    ]);
  });

  test('the count per field or record and per request is bounded; nothing chosen is a problem too', () => {
    const r = checkFiles([pdf, pdf], LIMITS.perOwner - 1, 'files');
    expect(!r.ok && r.errors[0]).toEqual({ path: ['files'], message: `附件最多${LIMITS.perOwner}个（已有${LIMITS.perOwner - 1}个）` });
    expect(checkFiles(Array(LIMITS.perUpload + 1).fill(pdf), 0, 'files').ok).toBe(false);
    expect(checkFiles([], 0, 'files').ok).toBe(false);
    expect(checkFiles([pdf], 0, 'files')).toEqual({ ok: true, kinds: [{ mime: 'application/pdf', ext: '.pdf', image: false }] });
  });
});

test('a file name loses its path and control characters, and takes the extension of what it really is', () => {
  expect(cleanName('../../etc/passwd', '.pdf')).toBe('passwd.pdf');
  expect(cleanName('C:\\Users\\王\\照片.JPG', '.jpg')).toBe('照片.JPG');
  expect(cleanName('scan.pdf', '.png')).toBe('scan.pdf.png');
  expect(cleanName('a"b\r\n.pdf', '.pdf')).toBe('a_b__.pdf');
  expect(cleanName('..', '.pdf')).toBe('附件.pdf');
  expect(cleanName(undefined, '.webp')).toBe('附件.webp');
});

describe('withdrawing and replacing keep the record', () => {
  const open = { caseState: 'in_mediation', source: 'desk' };
  test("a desk file of an open case may be withdrawn or replaced; a closed case, the person's material, a withdrawn or replaced file may not", () => {
    expect(changeRefusal(open, 'withdraw')).toBeNull();
    expect(changeRefusal(open, 'replace')).toBeNull();
    expect(changeRefusal({ ...open, caseState: 'closed' }, 'withdraw')).toContain('归档');
    expect(changeRefusal({ ...open, source: 'public' }, 'replace')).toContain('只能标注');
    expect(changeRefusal({ ...open, withdrawnAt: '2026-12-01' }, 'withdraw')).toBe('该附件已撤回');
    expect(changeRefusal({ ...open, supersededBy: 'x' }, 'withdraw')).toContain('最新版本');
    expect([isCurrent({}), isCurrent({ withdrawnAt: 'x' }), isCurrent({ supersededBy: 'y' })]).toEqual([true, false, false]);
  });

  test('a reason is required, trimmed, at most 500 characters, reported under its field', () => {
    expect(reasonOf('  上传错了 ')).toEqual({ ok: true, text: '上传错了' });
    expect(reasonOf('   ')).toEqual({ ok: false, error: { path: ['reason'], message: '请填写撤回原因' } });
    expect(reasonOf(undefined, 'note', '标注内容')).toEqual({ ok: false, error: { path: ['note'], message: '请填写标注内容' } });
    expect(reasonOf('因'.repeat(501)).ok).toBe(false);
  });

  test('only the scan of a superseded version may be withdrawn, and not once the case is closed', () => {
    expect(signedScanRefusal({ caseState: 'concluded', hasScan: true, superseded: false })).toContain('现行版本');
    expect(signedScanRefusal({ caseState: 'concluded', hasScan: true, superseded: true })).toBeNull();
    expect(signedScanRefusal({ caseState: 'closed', hasScan: true, superseded: true })).toContain('归档');
    expect(signedScanRefusal({ caseState: 'concluded', hasScan: false, superseded: true })).toContain('尚未上传');
  });
});
