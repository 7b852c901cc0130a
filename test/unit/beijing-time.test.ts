/**
 * Every printed or sent date and time is Beijing time (Asia/Shanghai), whatever the server's
 * TZ: the one formatting module, the agreement number's 〔year〕 and the PDFs that print times.
 * Each case also runs with the process switched to zones far from Shanghai (Node reads a
 * changed process.env.TZ at once), and CI runs this file under several TZ values.
 */
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  formatDate,
  formatDateTime,
  shanghaiDate,
  shanghaiDayNumber,
  shanghaiInstant,
  shanghaiIso,
  shanghaiParts,
  shanghaiStamp,
  shanghaiTime,
  shanghaiYear,
  startOfShanghaiDay,
  toInstant,
} from '../../src/time/shanghai';
import { renderDocument } from '../../plugins/fangtiao/server/src/documents';
import { agreementNumber } from '../../plugins/fangtiao/server/src/documents/strapi/petition-inputs';

const ZONES = [process.env.TZ ?? '', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'];
const serverTz = process.env.TZ;
afterAll(() => {
  if (serverTz === undefined) delete process.env.TZ;
  else process.env.TZ = serverTz;
});

/** Runs the assertions once per server zone. */
const inEveryZone = (fn: () => void) => {
  for (const tz of ZONES) {
    process.env.TZ = tz;
    fn();
  }
  process.env.TZ = serverTz ?? '';
};

describe('the Beijing-time module', () => {
  // 23:30 and 00:30 Beijing time are 15:30 and 16:30 UTC: the day differs in most zones.
  const lateEvening = new Date('2026-12-03T15:30:00Z'); // Thursday 3 Dec 23:30 Beijing
  const pastMidnight = new Date('2026-12-03T16:30:00Z'); // Friday 4 Dec 00:30 Beijing

  test('23:30 Beijing time is still that day; 00:30 is the next day, in every server zone', () => {
    inEveryZone(() => {
      expect(formatDateTime(lateEvening)).toBe('2026年12月3日 23:30');
      expect(formatDate(lateEvening)).toBe('2026年12月3日');
      expect(shanghaiDate(lateEvening)).toBe('2026-12-03');
      expect(shanghaiParts(lateEvening)).toEqual({ year: 2026, month: 12, day: 3, hour: 23, minute: 30, second: 0, weekday: 4 });
      expect(formatDateTime(pastMidnight)).toBe('2026年12月4日 00:30');
      expect(shanghaiDate(pastMidnight)).toBe('2026-12-04');
      expect(shanghaiTime(pastMidnight)).toBe('00:30');
      expect(shanghaiStamp(pastMidnight)).toBe('2026-12-04 00:30');
      expect(shanghaiIso(pastMidnight)).toBe('2026-12-04T00:30:00+08:00');
      expect(shanghaiParts(pastMidnight).weekday).toBe(5);
      expect(shanghaiDayNumber(pastMidnight) - shanghaiDayNumber(lateEvening)).toBe(1);
      expect(startOfShanghaiDay(pastMidnight).toISOString()).toBe('2026-12-03T16:00:00.000Z');
    });
  });

  test('New Year’s Eve: 31 Dec 23:30 Beijing is still the old year, 1 Jan 00:30 is the new one', () => {
    const eve = new Date('2026-12-31T15:30:00Z');
    const newYear = new Date('2026-12-31T16:30:00Z'); // still 31 December in UTC and in the Americas
    inEveryZone(() => {
      expect(formatDateTime(eve)).toBe('2026年12月31日 23:30');
      expect(shanghaiYear(eve)).toBe(2026);
      expect(formatDateTime(newYear)).toBe('2027年1月1日 00:30');
      expect(shanghaiYear(newYear)).toBe(2027);
      expect(shanghaiDate(newYear)).toBe('2027-01-01');
    });
  });

  test('a bare YYYY-MM-DD (or a zoneless date-time) is Beijing wall time; a zoned timestamp is an instant', () => {
    inEveryZone(() => {
      expect(toInstant('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
      expect(formatDate('2027-01-01')).toBe('2027年1月1日');
      expect(toInstant('2026-12-09T14:00').toISOString()).toBe('2026-12-09T06:00:00.000Z');
      expect(formatDateTime('2026-12-09T14:00:00')).toBe('2026年12月9日 14:00');
      expect(formatDateTime('2026-12-09T06:00:00Z')).toBe('2026年12月9日 14:00');
      expect(formatDateTime('2026-12-09T08:30:00+08:00')).toBe('2026年12月9日 08:30');
      expect(shanghaiInstant(2027, 1, 1).toISOString()).toBe('2026-12-31T16:00:00.000Z');
      expect(formatDateTime(Date.parse('2026-12-09T00:30:00Z'))).toBe('2026年12月9日 08:30');
    });
    expect(() => toInstant('not a date')).toThrow(RangeError);
    expect(() => toInstant(new Date(NaN))).toThrow(RangeError);
  });

  test('the agreement number carries the Beijing year: 〔2027〕 from 16:00 UTC on New Year’s Eve', () => {
    inEveryZone(() => {
      expect(agreementNumber({ referenceNo: '990102-2026-000003' }, new Date('2026-12-31T15:59:59Z'))).toBe('〔2026〕调字第000003号');
      expect(agreementNumber({ referenceNo: '990102-2026-000003' }, new Date('2026-12-31T16:00:00Z'))).toBe('〔2027〕调字第000003号');
    });
  });
});

const pdfText = (pdf: Buffer) => {
  const file = path.join(os.tmpdir(), `ft-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, '');
  } finally {
    fs.rmSync(file);
  }
};

describe('documents print Beijing time', () => {
  test('a 14:00 hearing prints 14:00 on its notice, dated the Beijing day it was issued', async () => {
    const pdf = await renderDocument('hearing-notice', {
      noticeNumber: '990102-2026-000003-会1-1',
      recipient: { name: '张三', role: '信访人' },
      caseReference: '990102-2026-000003',
      matter: '邻居砌墙占用共用通道问题',
      hearingType: '三方会审',
      startsAt: new Date('2026-12-09T06:00:00Z'), // 14:00 Beijing
      place: '东湖区信访局第一会议室',
      issuer: '东湖区信访局',
      issuedAt: new Date('2026-12-03T16:30:00Z'), // 4 Dec 00:30 Beijing, still 3 Dec in UTC
    });
    const text = pdfText(pdf);
    expect(text).toContain('2026年12月9日14:00');
    expect(text).toContain('2026年12月4日');
    expect(text).not.toContain('2026年12月3日');
  });

  test('an 08:30 consultation prints 08:30 on its record, and 00:30 on New Year’s Day is the new year', async () => {
    const input = {
      recordNumber: '990102-2026-000003-咨1',
      caseReference: '990102-2026-000003',
      matter: '相邻通道纠纷',
      question: '通道是否属于双方共有',
      level: 'county' as const,
      mode: '视频',
      place: '湖滨镇人民调解委员会',
      requestedBy: '湖滨镇人民调解委员会',
      experts: [{ name: '王律师', field: '法律' }],
      opinions: [{ expert: '王律师', opinion: '应以证书为准' }],
      recorder: '赵敏',
    };
    const morning = pdfText(await renderDocument('consultation-record', { ...input, consultedAt: new Date('2026-12-09T00:30:00Z') }));
    expect(morning).toContain('2026年12月9日08:30');
    const newYear = pdfText(await renderDocument('consultation-record', { ...input, consultedAt: new Date('2026-12-31T16:30:00Z') }));
    expect(newYear).toContain('2027年1月1日00:30');
    expect(newYear).not.toContain('2026年12月31日');
  });
});
