import { isPg, type AnyDb } from '../db/engine.js';
import { createPgAttemptThrottle, type ThrottleWindow } from './auth-throttle.sql.js';

/** A throttle of either kind: in memory (SQLite, one node) or in the database (PostgreSQL, any number of nodes). */
export type AttemptThrottle = {
  max: number;
  /** Counts one attempt on each of `keys` and answers 0, or, when any key is full, counts nothing and answers the seconds to wait. */
  take(keys: string[], now: number): Promise<number>;
  /** Takes back the attempt counted at `at` on each of `keys`. */
  giveBack(keys: string[], at: number): Promise<void>;
  clear(key: string): Promise<void>;
};

/**
 * The throttle `name` on this connection's engine: on PostgreSQL in the database (auth-throttle.sql.ts), so every
 * node counts one window; on SQLite, where one process serves the portal, in memory.
 */
export const createEngineThrottle = (db: AnyDb | undefined, name: string, window: ThrottleWindow): AttemptThrottle =>
  db && isPg(db) ? createPgAttemptThrottle(db, name, window) : createAttemptThrottle(window);

/**
 * Attempts per key (an account, a client address) in a sliding window held in memory: one process serves
 * the portal, and after a restart an attacker gains at most one more window.
 *
 * An attempt is counted when it is *taken*, before the slow work it guards (a password hash) starts, and
 * in the same synchronous step as the check: requests that arrive together cannot all see room in the
 * window, so at most `max` attempts run per window and key however many arrive at once. An attempt that
 * turns out not to count (a sign-in that succeeded) is given back.
 */
export function createAttemptThrottle({ max, windowMs }: ThrottleWindow): AttemptThrottle & { retryAfter(keys: string[], now: number): number } {
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
    // No await before the attempt is counted: the check and the count stay one synchronous step.
    async take(keys: string[], now: number): Promise<number> {
      const wait = retryAfter(keys, now);
      if (wait) return wait;
      // Addresses spraying many accounts must not grow the map without bound.
      if (attempts.size > 100_000) for (const key of [...attempts.keys()]) recent(key, now);
      for (const key of keys) attempts.set(key, [...recent(key, now), now]);
      return 0;
    },
    async giveBack(keys: string[], at: number): Promise<void> {
      for (const key of keys) {
        const list = attempts.get(key);
        const i = list?.indexOf(at) ?? -1;
        if (i >= 0) list!.splice(i, 1);
      }
    },
    async clear(key: string): Promise<void> {
      attempts.delete(key);
    },
  };
}

/** Failed sign-ins: 10 per 15 minutes per account and per client address. */
export const createLoginThrottle = (db?: AnyDb) => createEngineThrottle(db, 'login', { max: 10, windowMs: 15 * 60_000 });

/** Registrations: 5 per hour per client address. */
export const createRegistrationThrottle = (db?: AnyDb) => createEngineThrottle(db, 'registration', { max: 5, windowMs: 60 * 60_000 });
