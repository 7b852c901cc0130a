import {
  checkPreferences,
  deadlineKey,
  deadlineWindow,
  digestText,
  emailMode,
  preferencesView,
  NOTIFICATION_KINDS,
} from '../../plugins/fangtiao/server/src/notifications/rules';

describe("how a notification is e-mailed, by the user's choice", () => {
  test('without a choice, every kind is e-mailed at once', () => {
    expect(emailMode(null, 'deadline')).toBe('now');
    expect(emailMode({ email: {}, digest: false }, 'some-new-kind')).toBe('now');
  });
  test('a kind turned off is not e-mailed, digest or not; the others wait for the digest when chosen', () => {
    expect(emailMode({ email: { deadline: false }, digest: false }, 'deadline')).toBe('none');
    expect(emailMode({ email: { deadline: false }, digest: true }, 'deadline')).toBe('none');
    expect(emailMode({ email: { deadline: false }, digest: true }, 'hearing')).toBe('digest');
  });
  test('the screen lists every kind with its label, on unless turned off', () => {
    const v = preferencesView({ email: { hearing: false }, digest: true });
    expect(v.digest).toBe(true);
    expect(v.kinds).toHaveLength(Object.keys(NOTIFICATION_KINDS).length);
    expect(v.kinds.find((k) => k.kind === 'hearing')).toEqual({ kind: 'hearing', label: NOTIFICATION_KINDS.hearing, email: false });
    expect(v.kinds.find((k) => k.kind === 'deadline')!.email).toBe(true);
  });
});

describe('saving preferences', () => {
  test('a partial change keeps the rest', () => {
    const r = checkPreferences({ email: { deadline: false } }, { email: { hearing: false }, digest: true });
    expect(r.value).toEqual({ email: { hearing: false, deadline: false }, digest: true });
  });
  test('every bad field is named', () => {
    const r = checkPreferences({ digest: 1, email: { nope: true, hearing: 'no' } }, null);
    expect(r.errors.map((e) => e.path.join('.')).sort()).toEqual(['digest', 'email.hearing', 'email.nope']);
    expect(checkPreferences([], null).errors).toHaveLength(1);
    expect(checkPreferences({ email: [] }, null).errors.map((e) => e.path.join('.'))).toEqual(['email']);
  });
});

describe('the deadline reminder window, in Shanghai days', () => {
  test('from now to the end of the third Shanghai day ahead', () => {
    // 23:30 Shanghai on 10 December is still the 10th: the window ends at the end of the 13th.
    const w = deadlineWindow(new Date('2026-12-10T15:30:00Z'));
    expect(w.to.toISOString()).toBe('2026-12-13T16:00:00.000Z');
    // 00:30 Shanghai on the 11th (16:30 UTC on the 10th): a day later.
    expect(deadlineWindow(new Date('2026-12-10T16:30:00Z')).to.toISOString()).toBe('2026-12-14T16:00:00.000Z');
  });
  test('a deadline is keyed by case and due time, so an extension is reminded again', () => {
    expect(deadlineKey(7, '2026-12-13T15:59:59Z')).not.toBe(deadlineKey(7, '2026-12-14T15:59:59Z'));
    expect(deadlineKey(7, new Date('2026-12-13T15:59:59Z'))).toBe(deadlineKey(7, '2026-12-13T15:59:59.000Z'));
  });
});

test('the digest lists each notification with its time and full link', () => {
  const text = digestText(
    [
      { title: '新分流调解案件：A', body: '排水纠纷', link: '/desk/#/case/x', createdAt: '2026-12-10T01:00:00Z' },
      { title: '办理期限临近', createdAt: '2026-12-10T02:00:00Z' },
    ],
    'https://ft.example.cn',
    (d) => d.toISOString(),
  );
  expect(text).toContain('2 条新通知');
  expect(text).toContain('1. [2026-12-10T01:00:00.000Z] 新分流调解案件：A');
  expect(text).toContain('https://ft.example.cn/desk/#/case/x');
  expect(text).toContain('2. [2026-12-10T02:00:00.000Z] 办理期限临近');
});
