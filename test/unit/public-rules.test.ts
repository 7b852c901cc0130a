import {
  OTP,
  isEmail,
  maskEmail,
  normaliseEmail,
  otpEmail,
  checkInfoReply,
  checkInfoRequest,
  checkOtp,
  checkReturnVisit,
  sniffReplyFile,
  newOtp,
  newQueryCode,
  normaliseQueryCode,
  plainStatus,
  saltedHash,
} from '../../plugins/fangtiao/server/src/public/rules';

const NOW = Date.parse('2026-03-10T02:00:00Z');
const row = (code: string, over: Record<string, unknown> = {}) => {
  const { salt, hash } = saltedHash(code);
  return { codeSalt: salt, codeHash: hash, expiresAt: NOW + OTP.ttlMs, attempts: 0, usedAt: null, ...over } as any;
};

describe('one-time codes for the petitioner’s page', () => {
  test('a code is six digits, and the stored hash does not contain it', () => {
    for (let i = 0; i < 50; i += 1) expect(newOtp()).toMatch(/^\d{6}$/);
    const r = row('123456');
    expect(r.codeHash).not.toContain('123456');
  });
  test('the right code opens once; a wrong one says how many tries are left', () => {
    expect(checkOtp(row('123456'), '123456', NOW)).toEqual({ ok: true });
    expect(checkOtp(row('123456'), '654321', NOW)).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
  });
  test('after five tries, even the right code is refused', () => {
    expect(checkOtp(row('123456', { attempts: 5 }), '123456', NOW)).toMatchObject({ ok: false, reason: 'exhausted' });
  });
  test('a code older than five minutes, or already used, is refused', () => {
    expect(checkOtp(row('123456', { expiresAt: NOW }), '123456', NOW)).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkOtp(row('123456', { usedAt: NOW - 1 }), '123456', NOW)).toMatchObject({ ok: false, reason: 'used' });
    expect(checkOtp(null, '123456', NOW)).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe('query codes', () => {
  test('eight characters without look-alikes, read back whatever the case and spacing', () => {
    const code = newQueryCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(normaliseQueryCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(code);
  });
});

describe('the case in plain language', () => {
  test('a registered case says it is being examined and when the answer is due (Beijing date)', () => {
    const s = plainStatus({
      referenceNo: '990102-2026-000001',
      subject: '排水',
      state: 'registered',
      dueAt: '2026-03-25T15:59:59.999Z',
      organisation: '湖滨镇',
    });
    expect(s).toMatchObject({ stateLabel: '已登记', office: '湖滨镇', nextDeadline: { label: '受理答复期限' }, returnVisitOpen: false });
    expect(s.nextDeadline!.date).toContain('2026年3月25日');
  });
  test('the questionnaire opens after conclusion, once', () => {
    expect(plainStatus({ referenceNo: 'x', subject: 's', state: 'concluded' }).returnVisitOpen).toBe(true);
    expect(plainStatus({ referenceNo: 'x', subject: 's', state: 'concluded', returnVisit: { result: 'satisfied' } }).returnVisitOpen).toBe(
      false,
    );
    expect(plainStatus({ referenceNo: 'x', subject: 's', state: 'closed' }).returnVisitOpen).toBe(false);
  });
  test('the questionnaire names every missing answer', () => {
    expect(checkReturnVisit({})).toMatchObject({ ok: false, errors: [{ path: ['resolved'] }, { path: ['result'] }] });
    expect(checkReturnVisit({ resolved: 'partly', result: 'basically_satisfied', comment: ' 好 ' })).toEqual({
      ok: true,
      value: { resolved: 'partly', result: 'basically_satisfied', comment: '好' },
    });
  });
});

describe('requests for more information and their replies', () => {
  test('the reply-by day may be today in Beijing (already tomorrow in UTC terms) but not yesterday', () => {
    // 2026-03-10 02:00 UTC is 10:00 on 10 March in Beijing.
    expect(checkInfoRequest({ message: '请补充证明', replyBy: '2026-03-10' }, NOW)).toEqual({
      ok: true,
      value: { message: '请补充证明', replyBy: '2026-03-10' },
    });
    expect(checkInfoRequest({ message: '请补充证明', replyBy: '2026-03-09' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ path: ['replyBy'], message: '答复期限不能早于今天' }],
    });
    expect(checkInfoRequest({ message: '', replyBy: '10/03/2026' }, NOW)).toMatchObject({
      ok: false,
      errors: [{ path: ['message'] }, { path: ['replyBy'] }],
    });
  });

  test('a reply needs text; a file is known by its first bytes, not its name', () => {
    expect(checkInfoReply({ text: '  ' })).toMatchObject({ ok: false, errors: [{ path: ['text'] }] });
    expect(sniffReplyFile(Buffer.from('%PDF-1.7'))).toEqual({ mime: 'application/pdf', ext: '.pdf' });
    expect(sniffReplyFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ mime: 'image/jpeg', ext: '.jpg' });
    expect(sniffReplyFile(Buffer.from('89504e470d0a1a0a', 'hex'))).toEqual({ mime: 'image/png', ext: '.png' });
    expect(sniffReplyFile(Buffer.from('<svg xmlns'))).toBeNull();
  });
});

describe('the e-mail way to the one-time code', () => {
  test('an address needs one @ and a dotted domain; it is compared case-folded and shown masked', () => {
    expect(['wang@example.com', ' Wang.Xm+p@Mail.Example.cn '].every(isEmail)).toBe(true);
    expect(
      [
        '',
        'wang',
        'wang@',
        '@example.com',
        'wang@example',
        'a b@example.com',
        'a@b@example.com',
        `${'x'.repeat(250)}@example.com`,
        42,
      ].some(isEmail),
    ).toBe(false);
    expect(normaliseEmail(' Wang.Xm@Example.COM ')).toBe('wang.xm@example.com');
    expect(maskEmail('wang.xm@example.com')).toBe('w***@example.com');
  });

  test('the message carries the code, its five minutes and single use, in subject and text', () => {
    const m = otpEmail('042917');
    expect(m.subject).toContain('042917');
    expect(m.text).toMatch(/验证码为 042917，5分钟内有效，仅可使用一次/);
    expect(m.html).toContain('042917');
  });
});
