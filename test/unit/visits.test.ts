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
