import { parseWrittenDate } from '../../src/case-flow/written-date';

describe('performance dates as people write them', () => {
  test('ISO dates and their slash and dot forms', () => {
    expect(parseWrittenDate('2026-01-31')).toBe('2026-01-31');
    expect(parseWrittenDate('2026/1/5前')).toBe('2026-01-05');
    expect(parseWrittenDate('2026.12.01')).toBe('2026-12-01');
  });
  test('"2026年1月31日前" and "2026年1月31日"', () => {
    expect(parseWrittenDate('2026年1月31日前')).toBe('2026-01-31');
    expect(parseWrittenDate('于2026年1月31日')).toBe('2026-01-31');
    expect(parseWrittenDate('2026 年 3 月 8 号之前')).toBe('2026-03-08');
  });
  test('"1月31日前" takes the agreement\'s year; without one it gives no date', () => {
    expect(parseWrittenDate('1月31日前', 2026)).toBe('2026-01-31');
    expect(parseWrittenDate('1月31日前')).toBeNull();
  });
  test('full-width digits and Chinese numerals', () => {
    expect(parseWrittenDate('２０２６年１月３１日前')).toBe('2026-01-31');
    expect(parseWrittenDate('２０２６－０２－２８')).toBe('2026-02-28');
    expect(parseWrittenDate('二〇二六年一月三十一日前')).toBe('2026-01-31');
    expect(parseWrittenDate('十二月十日前', 2026)).toBe('2026-12-10');
  });
  test('a range gives its last day; a later date without a year keeps the earlier year', () => {
    expect(parseWrittenDate('2026年1月1日至1月31日')).toBe('2026-01-31');
    expect(parseWrittenDate('2025年12月1日至2026年1月15日')).toBe('2026-01-15');
  });
  test('no date, or an impossible one, gives null', () => {
    expect(parseWrittenDate('协议签订后一个月内')).toBeNull();
    expect(parseWrittenDate('2026年2月30日前')).toBeNull();
    expect(parseWrittenDate('2026-13-01')).toBeNull();
    expect(parseWrittenDate('')).toBeNull();
    expect(parseWrittenDate(null)).toBeNull();
  });
});
