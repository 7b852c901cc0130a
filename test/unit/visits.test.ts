import { isLeapfrog, visitMeaning } from '../../src/case-flow/visits';

describe('越级: beyond the responsible organ and the one directly above it', () => {
  test('a township case: the county is lawful, the city and above are 越级', () => {
    expect(isLeapfrog('township', 'township')).toBe(false);
    expect(isLeapfrog('county', 'township')).toBe(false);
    expect(isLeapfrog('city', 'township')).toBe(true);
    expect(isLeapfrog('national', 'township')).toBe(true);
  });
  test('a county case: the city is lawful, the province is 越级; a visit below is never 越级', () => {
    expect(isLeapfrog('city', 'county')).toBe(false);
    expect(isLeapfrog('province', 'county')).toBe(true);
    expect(isLeapfrog('village', 'county')).toBe(false);
  });
  test('an unknown level is never 越级', () => {
    expect(isLeapfrog('moon', 'township')).toBe(false);
    expect(isLeapfrog('national', 'nowhere')).toBe(false);
  });
});

describe('a visit about performing the agreement', () => {
  const base = { visitLevel: 'city', responsibleLevel: 'township', concluded: true, performanceDueDay: 100 };
  test('before or on the agreed day: a performance follow-up — not a repeat, not backlog, not 越级', () => {
    for (const visitDay of [90, 100]) {
      expect(visitMeaning({ ...base, purpose: 'performance', visitDay })).toEqual({
        kind: 'performance-follow-up',
        isRepeat: false,
        isLeapfrog: false,
        makesBacklog: false,
        isNonPerformance: false,
      });
    }
  });
  test('after it: non-performance, a fact the clerk may cite — still not a repeat', () => {
    expect(visitMeaning({ ...base, purpose: 'performance', visitDay: 101 })).toEqual({
      kind: 'non-performance',
      isRepeat: false,
      isLeapfrog: false,
      makesBacklog: false,
      isNonPerformance: true,
    });
  });
  test('any other visit on a concluded case repeats it, and is 越级 by the one rule', () => {
    expect(visitMeaning({ ...base, visitDay: 90 })).toEqual({
      kind: 'repeat',
      isRepeat: true,
      isLeapfrog: true,
      makesBacklog: true,
      isNonPerformance: false,
    });
    expect(visitMeaning({ ...base, concluded: false, visitLevel: 'county', visitDay: 90 })).toMatchObject({
      kind: 'petition',
      isRepeat: false,
      isLeapfrog: false,
    });
  });
});
