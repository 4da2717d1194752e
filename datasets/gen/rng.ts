import { xoroshiro128plus } from 'pure-rand';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [a, b], both ends included. */
  int(a: number, b: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn from cumulative weights (last entry = total). */
  weighted(cumulative: readonly number[]): number;
  /** Standard normal deviate. */
  normal(): number;
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seedText: string): Rng {
  const g = xoroshiro128plus(hash32(seedText) | 0);
  const next = () => (g.unsafeNext() >>> 0) / 4294967296;
  const int = (a: number, b: number) => a + Math.floor(next() * (b - a + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    weighted(cumulative) {
      const x = next() * cumulative[cumulative.length - 1]!;
      let i = 0;
      while (x >= cumulative[i]!) i++;
      return i;
    },
    normal() {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}

export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
