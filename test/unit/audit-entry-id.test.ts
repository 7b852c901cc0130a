import { entryDocumentId } from '../../src/api/audit-entry/services/entry-insert';

/** Audit entries' document ids: Strapi's shape, and in time order (new index keys go to the end of the index, not to random pages). */
test('an entry id is 24 lower-case letters and digits starting with a letter, unique, and sorts by time', () => {
  const t = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
  const ids = Array.from({ length: 10_000 }, (_, i) => entryDocumentId(t + Math.floor(i / 100)));
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
  expect(new Set(ids).size).toBe(ids.length);
  const byTime = (a: string) => a.slice(0, 10);
  expect(ids.map(byTime)).toEqual([...ids.map(byTime)].sort());
  // Later milliseconds sort after earlier ones whatever the counter and the random part.
  expect(entryDocumentId(t + 1) > entryDocumentId(t)).toBe(true);
  expect(entryDocumentId(Date.UTC(2100, 0, 1)) > entryDocumentId(t)).toBe(true);
});
