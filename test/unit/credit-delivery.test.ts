import { awaitingDelivery, overdueDeliveries, planDelivery } from '../../plugins/fangtiao/server/src/credit/delivery';

const NOW = '2026-03-10T02:00:00.000Z';
const issued = { notifiedAt: '2026-03-02T01:00:00Z' };

describe('recording a delivery (送达)', () => {
  test('each method needs its proof: receipt signer, tracking number, confirmation, failed attempts before announcement', () => {
    for (const [method, key] of [
      ['in-person', 'recipient'],
      ['post', 'trackingNumber'],
      ['electronic', 'confirmation'],
      ['announcement', 'failedAttempts'],
    ]) {
      expect(planDelivery({ of: 'notice', method, deliveredAt: NOW }, issued, NOW)).toMatchObject({
        ok: false,
        status: 400,
        fields: [key],
      });
      expect(planDelivery({ of: 'notice', method, deliveredAt: NOW, [key]: '有' }, issued, NOW)).toMatchObject({
        ok: true,
        deliveredField: 'noticeDeliveredAt',
        entry: { method, proof: '有' },
      });
    }
  });
  test('every bad field at once: what, how, when', () => {
    expect(planDelivery({ of: 'letter', method: 'pigeon' }, issued, NOW)).toMatchObject({
      status: 400,
      fields: ['of', 'method', 'deliveredAt'],
    });
    expect(
      planDelivery({ of: 'notice', method: 'post', trackingNumber: 'E1', deliveredAt: '2026-03-11T00:00:00Z' }, issued, NOW),
    ).toMatchObject({ status: 400, fields: ['deliveredAt'] });
    expect(
      planDelivery({ of: 'notice', method: 'post', trackingNumber: 'E1', deliveredAt: '2026-03-01T00:00:00Z' }, issued, NOW),
    ).toMatchObject({ status: 400, reason: expect.stringContaining('不能早于') });
  });
  test('nothing to deliver before issue, nor twice (409); a repair decided again is delivered again', () => {
    expect(planDelivery({ of: 'objection-decision', method: 'post', trackingNumber: 'E1', deliveredAt: NOW }, issued, NOW)).toMatchObject({
      status: 409,
    });
    expect(
      planDelivery({ of: 'notice', method: 'post', trackingNumber: 'E1', deliveredAt: NOW }, { ...issued, noticeDeliveredAt: NOW }, NOW),
    ).toMatchObject({ status: 409 });
    const again = { repairDecidedAt: '2026-03-09T00:00:00Z', repairDecisionDeliveredAt: '2026-03-01T00:00:00Z' };
    expect(planDelivery({ of: 'repair-decision', method: 'post', trackingNumber: 'E1', deliveredAt: NOW }, again, NOW).ok).toBe(true);
  });
});

describe('a delivery dated the day of issue', () => {
  test('a notice issued at 10:00 and delivered that day (recorded by its date, 00:00) is delivered, not awaiting a second delivery', () => {
    const f = { notifiedAt: '2026-03-10T02:00:00Z', noticeDeliveredAt: '2026-03-09T16:00:00.000Z' }; // 2026-03-10 in Shanghai
    expect(awaitingDelivery('notice', f)).toBe(false);
    expect(planDelivery({ of: 'notice', method: 'post', trackingNumber: 'E1', deliveredAt: '2026-03-10' }, f, NOW)).toMatchObject({
      status: 409,
    });
  });
});

describe('overdue delivery', () => {
  const dueBy = (at: string | Date) => new Date(new Date(at).getTime() + 7 * 86_400_000);
  test('undelivered past the working days allowed: overdue; delivered or still in time: not', () => {
    expect(overdueDeliveries(issued, '2026-03-08T00:00:00Z', dueBy)).toEqual([]);
    expect(overdueDeliveries(issued, NOW, dueBy)).toEqual([
      expect.objectContaining({ of: 'notice', reason: expect.stringContaining('超过5个工作日') }),
    ]);
    expect(overdueDeliveries({ ...issued, noticeDeliveredAt: '2026-03-03T00:00:00Z' }, NOW, dueBy)).toEqual([]);
  });
});
