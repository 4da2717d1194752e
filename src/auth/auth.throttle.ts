/**
 * Attempts per key (an account, a client address) in a sliding window held in memory: one process serves
 * the portal, and after a restart an attacker gains at most one more window.
 *
 * An attempt is counted when it is *taken*, before the slow work it guards (a password hash) starts, and
 * in the same synchronous step as the check: requests that arrive together cannot all see room in the
 * window, so at most `max` attempts run per window and key however many arrive at once. An attempt that
 * turns out not to count (a sign-in that succeeded) is given back.
 */
export function createAttemptThrottle({ max, windowMs }: { max: number; windowMs: number }) {
  const attempts = new Map<string, number[]>();

  const recent = (key: string, now: number): number[] => {
    const list = attempts.get(key);
    if (!list) return [];
    const kept = list.filter((t) => now - t < windowMs);
    if (kept.length) attempts.set(key, kept);
    else attempts.delete(key);
    return kept;
  };

  /** Seconds until every one of `keys` has room again; 0 when all have room now. */
  const retryAfter = (keys: string[], now: number): number => {
    let wait = 0;
    for (const key of keys) {
      const list = recent(key, now);
      if (list.length >= max) wait = Math.max(wait, list[list.length - max]! + windowMs - now);
    }
    return Math.ceil(wait / 1000);
  };

  return {
    max,
    retryAfter,
    /** Counts one attempt on each of `keys` and answers 0, or, when any key is full, counts nothing and answers the seconds to wait. */
    take(keys: string[], now: number): number {
      const wait = retryAfter(keys, now);
      if (wait) return wait;
      // Addresses spraying many accounts must not grow the map without bound.
      if (attempts.size > 100_000) for (const key of [...attempts.keys()]) recent(key, now);
      for (const key of keys) attempts.set(key, [...recent(key, now), now]);
      return 0;
    },
    /** Takes back the attempt counted at `at` on each of `keys`. */
    giveBack(keys: string[], at: number): void {
      for (const key of keys) {
        const list = attempts.get(key);
        const i = list?.indexOf(at) ?? -1;
        if (i >= 0) list!.splice(i, 1);
      }
    },
    clear(key: string): void {
      attempts.delete(key);
    },
  };
}

export type AttemptThrottle = ReturnType<typeof createAttemptThrottle>;

/** Failed sign-ins: 10 per 15 minutes per account and per client address. */
export const createLoginThrottle = () => createAttemptThrottle({ max: 10, windowMs: 15 * 60_000 });

/** Registrations: 5 per hour per client address. */
export const createRegistrationThrottle = () => createAttemptThrottle({ max: 5, windowMs: 60 * 60_000 });
