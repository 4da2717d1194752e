/** DESIGN section 6: the same consumer fetching the same version and format again within 30 s counts once. */
export const doubleClickWindowMs = 30_000;

/**
 * Remembers, per consumer + dataset + version + format, until when a repeat is a double click. The window
 * starts at the fetch that counted, so a steady stream of repeats counts once per 30 s at most.
 *
 * Entries are kept in insertion order, which is also expiry order, so expired ones are dropped from the
 * front in O(1) each. The map is bounded: past `maxEntries` (a flood of distinct consumers) the oldest
 * window is forgotten early, which can only ever count a repeat, never lose a first fetch.
 */
export function createDoubleClickFilter(maxEntries = 100_000) {
  const until = new Map<string, number>();

  function prune(nowMs: number): void {
    for (const [key, expires] of until) {
      if (expires > nowMs && until.size < maxEntries) break;
      until.delete(key);
    }
  }

  /** True when this fetch counts; false when it repeats one that counted less than 30 s ago. */
  return function counts(key: string, nowMs: number): boolean {
    const expires = until.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    if (expires !== undefined) until.delete(key);
    prune(nowMs);
    until.set(key, nowMs + doubleClickWindowMs);
    return true;
  };
}

export type DoubleClickFilter = ReturnType<typeof createDoubleClickFilter>;
