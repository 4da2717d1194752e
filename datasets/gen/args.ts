import type { DatasetManifest, FieldSpec, Row, Value } from '../schema.js';
import type { Rng } from './rng.js';

export interface Ctx {
  i: number;
  row: Row;
  r: Rng;
  /** Epoch day of the latest date a value may carry ('now'). */
  asOf: number;
}
export type ValueFn = (c: Ctx) => Value;
export type Factory = (args: string[], field: FieldSpec, m: DatasetManifest) => ValueFn;

/** Rounds to `dec` decimals; a negative `dec` rounds to tens, hundreds... */
export const round = (x: number, dec: number) => {
  if (dec < 0) {
    const q = 10 ** -dec;
    return Math.round(x / q) * q;
  }
  const p = 10 ** dec;
  return Math.round(x * p) / p;
};

export function num(s: string | undefined, fallback?: number): number {
  if ((s === undefined || s === '') && fallback !== undefined) return fallback;
  const n = Number(s);
  if (s === undefined || s === '' || !Number.isFinite(n)) throw new Error(`expected a number, got '${s}'`);
  return n;
}

/** Name of the field an `@name` argument refers to (generate.ts computes it first). */
export function refName(arg: string | undefined, field: FieldSpec, m: DatasetManifest): string {
  if (!arg?.startsWith('@')) throw new Error(`${field.name}: expected @field, got ${arg}`);
  const name = arg.slice(1);
  if (name === field.name || !m.fields.some((f) => f.name === name)) throw new Error(`${field.name}: @${name} is not another field`);
  return name;
}

/** Position of a field's value within that field's enum (0 when absent); `expected` checks a lookup list's length. */
export function enumIndex(name: string, m: DatasetManifest, expected?: number): (v: Value) => number {
  const values = m.fields.find((f) => f.name === name)?.enum;
  if (!values) throw new Error(`@${name} is not an enum field`);
  if (expected !== undefined && expected !== values.length) {
    throw new Error(`lookup list has ${expected} entries but @${name} has ${values.length} values`);
  }
  const index = new Map(values.map((v, i) => [v, i]));
  return (v) => index.get(String(v)) ?? 0;
}
