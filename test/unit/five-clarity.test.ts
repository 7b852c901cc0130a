import { CLARITY_HINTS, CLARITY_KEYS, CLARITY_LABELS, ClarityPetition, fiveClarity } from '../../src/case-flow/five-clarity';

const COMPLETE: ClarityPetition = {
  parties: [{ name: '张三', idNumber: '110101199003074514', phone: null, address: '某县某镇某村3组' }],
  demands: '要求返还土地承包经营权',
  history: '2023年起多次到镇、县反映',
  handlingNotes: '镇综治中心已组织一次调解',
  state: 'accepted',
  unit: 5,
};

describe('five clarities', () => {
  test('every item has a Chinese label and a hint', () => {
    expect(CLARITY_KEYS).toEqual(['petitioner', 'demands', 'history', 'handling', 'unit']);
    for (const k of CLARITY_KEYS) {
      expect(CLARITY_LABELS[k]).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(CLARITY_HINTS[k]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('a complete record scores 5 with nothing missing', () => {
    expect(fiveClarity(COMPLETE)).toEqual({ score: 5, present: [...CLARITY_KEYS], missing: [] });
  });

  test('an empty record scores 0 and lists all five as missing', () => {
    expect(fiveClarity({})).toEqual({ score: 0, present: [], missing: [...CLARITY_KEYS] });
  });

  test('a freshly registered record with no notes lacks the handling so far', () => {
    const r = fiveClarity({ ...COMPLETE, state: 'registered', handlingNotes: '' });
    expect(r.score).toBe(4);
    expect(r.missing).toEqual(['handling']);
  });

  describe('petitioner basic information', () => {
    const only = (parties: ClarityPetition['parties']) => fiveClarity({ parties }).present.includes('petitioner');

    test('a party with a name, a phone number and an address is enough', () => {
      expect(only([{ name: '李四', phone: '13800138000', address: '某街道' }])).toBe(true);
    });

    test('a party with a name, an ID number and an address is enough, even masked', () => {
      expect(only([{ name: '李四', idNumber: '110101********4514', address: '某街道' }])).toBe(true);
    });

    test('a party without an address is not enough', () => {
      expect(only([{ name: '李四', phone: '13800138000' }])).toBe(false);
    });

    test('a party without ID number or phone is not enough', () => {
      expect(only([{ name: '李四', address: '某街道', idNumber: ' ', phone: '' }])).toBe(false);
    });

    test('a party without a name is not enough', () => {
      expect(only([{ name: '  ', phone: '13800138000', address: '某街道' }])).toBe(false);
    });

    test('one complete party among incomplete ones is enough', () => {
      expect(only([{ name: '甲' }, { name: '乙', phone: '13800138000', address: '某村' }])).toBe(true);
    });

    test('the pieces spread over different parties are not enough', () => {
      expect(
        only([
          { name: '甲', phone: '13800138000' },
          { name: '乙', address: '某村' },
        ]),
      ).toBe(false);
    });
  });

  test('demands must be non-empty text or a list with a non-empty item', () => {
    const has = (demands: ClarityPetition['demands']) => fiveClarity({ demands }).present.includes('demands');
    expect(has('补偿')).toBe(true);
    expect(has('   ')).toBe(false);
    expect(has(['', '补偿'])).toBe(true);
    expect(has(['', ' '])).toBe(false);
    expect(has(null)).toBe(false);
  });

  test('the petition history is clear from a history text or from a recorded visit', () => {
    const has = (p: ClarityPetition) => fiveClarity(p).present.includes('history');
    expect(has({ history: '多次来访' })).toBe(true);
    expect(has({ visits: [{ date: '2024-03-01' }] })).toBe(true);
    expect(has({ visits: 2 })).toBe(true);
    expect(has({ history: '', visits: [] })).toBe(false);
    expect(has({ visits: 0 })).toBe(false);
  });

  test('the handling so far is clear from notes or from any move past registration', () => {
    const has = (p: ClarityPetition) => fiveClarity(p).present.includes('handling');
    expect(has({ handlingNotes: '已约谈' })).toBe(true);
    expect(has({ state: 'in_mediation' })).toBe(true);
    expect(has({ state: 'not_accepted' })).toBe(true);
    expect(has({ state: 'registered', moves: [{ action: 'accept' }] })).toBe(true);
    expect(has({ state: 'registered', moves: [] })).toBe(false);
    expect(has({ state: 'registered', handlingNotes: ' ' })).toBe(false);
  });

  test('the responsible unit is clear once an organisation is set', () => {
    const has = (p: ClarityPetition) => fiveClarity(p).present.includes('unit');
    expect(has({ unit: 5 })).toBe(true);
    expect(has({ unit: 'doc-abc' })).toBe(true);
    expect(has({ responsibleUnit: { id: 5, name: '某镇政府' } })).toBe(true);
    expect(has({ unit: null })).toBe(false);
    expect(has({ unit: '' })).toBe(false);
    expect(has({ responsibleUnit: {} })).toBe(false);
  });
});
