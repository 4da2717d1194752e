/**
 * Failed sign-ins per account and per client address, in a sliding window held in memory:
 * one process serves the portal, and after a restart an attacker gains at most one more window.
 */
export function createLoginThrottle({ max = 10, windowMs = 15 * 60_000 } = {}) {
  const failures = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((t) => now - t < windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };

  return {
    /** Seconds to wait when any of `keys` has `max` failures in the window, else 0. */
    retryAfter(keys: string[], now: number): number {
      let wait = 0;
      for (const key of keys) {
        const list = recent(key, now);
        if (list.length >= max) wait = Math.max(wait, list[list.length - max]! + windowMs - now);
      }
      return Math.ceil(wait / 1000);
    },
    fail(keys: string[], now: number): void {
      // Addresses spraying many accounts must not grow the map without bound.
      if (failures.size > 100_000) for (const key of [...failures.keys()]) recent(key, now);
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
    },
    clear(key: string): void {
      failures.delete(key);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
