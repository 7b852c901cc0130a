/**
 * How long an instance may keep what it learnt about a caller (role permissions, the user
 * row, its jurisdiction) before reading it again: FANGTIAO_AUTH_CACHE_MS, default 5000,
 * 0 turns every auth cache off. Writes made through this instance clear the caches at once;
 * other instances (and raw SQL) are seen within this time.
 */
export const authCacheMs = (): number => {
  const ms = Number(process.env.FANGTIAO_AUTH_CACHE_MS ?? 5000);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
};

/**
 * Promises kept per key for `ttlMs`. The promise itself is kept, so concurrent requests
 * share one load; a failed load is forgotten. `clear()` drops everything (a write happened).
 */
export class TtlCache<R> {
  private readonly entries = new Map<string, { until: number; value: Promise<R> }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<R>): Promise<R> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    const entry = { until: now + this.ttlMs, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
