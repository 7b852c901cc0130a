/**
 * A JSON attribute's value as stored: PostgreSQL hands back objects, SQLite may hand back
 * the text. Null, or text that does not parse, gives `fallback`.
 */
export const json = <T>(v: unknown, fallback: T): T => {
  if (v == null) return fallback;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
};
