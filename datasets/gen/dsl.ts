/**
 * The `gen` spec of a field: `name` or `name:arg1,arg2,...`. `@field` arguments refer to another field of the row
 * (computed first; so are `district` and `town`, which place-aware generators follow);
 * `now` in a date argument is the day before the version being generated was published.
 *
 * Structure: seq:PREFIX{W}[SUFFIX] serial const:V cycle[:K] list:K,v1/v2 day:START,K[,STEP] month:YYYY-MM,K quarter:YYYY-Q,K year:YYYY,K
 * Values:    enum[:w1,w2..] int:a,b intlog:a,b num:a,b,dec numlog:a,b,dec normal:mean,sd,dec[,min,max] bool[:p]
 *            date:a,b datetime:a,b after:@f,minDays,maxDays[,now] inyear:@yearField,minDay,maxDay
 * Entities:  person masked mobile phone uscc[:prefix | :@f,p1/p2] company[:ind1/ind2] shop school:kind1/kind2|@f
 *            community town road address lng lat (all follow the row's `district` when it has one), tpl:template (see template.ts)
 * Modifier:  uniq:<spec> avoids repeating a value within the dataset (entity names)
 * Series:    see series.ts (season, wave, trend, by, product, map, offset, scale, sum, level, aqi, pollutant, rain)
 */
import type { DatasetManifest, FieldSpec, Value } from '../schema.js';
import type { Ctx, Factory, ValueFn } from './args.js';
import { enumIndex, num, round, refName } from './args.js';
import { cumulative } from './rng.js';
import { dayOf, formatDay, formatDateTime, formatMonth, monthIndex } from './time.js';
import { districtOf, address, community, lng, lat } from './places.js';
import { person, maskedPerson, mobileMasked, phone } from './people.js';
import { brand, company, shop, schoolName, uscc } from './orgs.js';
import { compileTemplate } from './template.js';
import { seriesGenerators } from './series.js';

export type { Ctx, ValueFn } from './args.js';

/** Generators whose value is fixed by the row's position: never touched when a later version edits a row. */
export const structural = new Set(['seq', 'serial', 'const', 'cycle', 'list', 'day', 'month', 'quarter', 'year']);

const dayArg = (s: string | undefined) => (s === 'now' ? null : dayOf(s ?? ''));
const resolve = (d: number | null, c: Ctx) => (d === null ? c.asOf : d);

const basic: Record<string, Factory> = {
  seq([spec]) {
    const m = /^(.*)\{(\d+)\}(.*)$/.exec(spec ?? '');
    if (!m) throw new Error(`seq needs PREFIX{width}[SUFFIX], got ${spec}`);
    const [prefix, width, suffix] = [m[1]!, Number(m[2]), m[3]!];
    return (c) => prefix + String(c.i + 1).padStart(width, '0') + suffix;
  },
  serial: () => (c) => c.i + 1,
  const([v = ''], f) {
    const value: Value = f.type === 'integer' || f.type === 'number' ? num(v) : f.type === 'boolean' ? v === 'true' : v;
    return () => value;
  },
  /** list:K,v1/v2/.. — values taken in turn, each for K rows, typed like the field (no enum declared). */
  list([k = '1', values = ''], f) {
    const every = num(k);
    const items: Value[] = values.split('/').map((v) => (f.type === 'integer' || f.type === 'number' ? num(v) : v));
    return (c) => items[Math.floor(c.i / every) % items.length]!;
  },
  enum(args, f) {
    const values = f.enum;
    if (!values) throw new Error(`${f.name}: enum generator without enum`);
    const weights = args.length ? args.map((w) => num(w)) : values.map(() => 1);
    if (weights.length !== values.length) throw new Error(`${f.name}: ${weights.length} weights for ${values.length} values`);
    const cum = cumulative(weights);
    return (c) => values[c.r.weighted(cum)]!;
  },
  cycle([k = '1'], f) {
    const values = f.enum;
    if (!values) throw new Error(`${f.name}: cycle generator without enum`);
    const every = num(k);
    return (c) => values[Math.floor(c.i / every) % values.length]!;
  },
  day([start, k = '1', step = '1']) {
    const [d0, every, by] = [dayOf(start ?? ''), num(k), num(step)];
    return (c) => formatDay(d0 + Math.floor(c.i / every) * by);
  },
  month([start, k = '1']) {
    const [m0, every] = [monthIndex(start ?? ''), num(k)];
    return (c) => formatMonth(m0 + Math.floor(c.i / every));
  },
  quarter([start = '', k = '1']) {
    const q0 = Number(start.slice(0, 4)) * 4 + Number(start.slice(5)) - 1;
    const every = num(k);
    return (c) => {
      const q = q0 + Math.floor(c.i / every);
      return `${Math.floor(q / 4)}Q${(q % 4) + 1}`;
    };
  },
  year([start, k = '1']) {
    const [y0, every] = [num(start), num(k)];
    return (c) => y0 + Math.floor(c.i / every);
  },
  int([a, b]) {
    const [lo, hi] = [num(a), num(b)];
    return (c) => c.r.int(lo, hi);
  },
  intlog([a, b]) {
    const [lo, hi] = [Math.log(num(a)), Math.log(num(b) + 1)];
    return (c) => Math.floor(Math.exp(lo + c.r.next() * (hi - lo)));
  },
  num([a, b, dec = '2']) {
    const [lo, hi, d] = [num(a), num(b), num(dec)];
    return (c) => round(lo + c.r.next() * (hi - lo), d);
  },
  numlog([a, b, dec = '2']) {
    const [lo, hi, d] = [Math.log(num(a)), Math.log(num(b)), num(dec)];
    return (c) => round(Math.exp(lo + c.r.next() * (hi - lo)), d);
  },
  normal([mean, sd, dec = '2', min, max], f) {
    const [mu, s, d] = [num(mean), num(sd), f.type === 'integer' ? 0 : num(dec)];
    const [lo, hi] = [min === undefined ? -Infinity : num(min), max === undefined ? Infinity : num(max)];
    return (c) => round(Math.min(hi, Math.max(lo, mu + s * c.r.normal())), d);
  },
  bool([p = '0.5']) {
    const prob = num(p);
    return (c) => c.r.next() < prob;
  },
  date([a, b]) {
    const [lo, hi] = [dayArg(a), dayArg(b)];
    return (c) => {
      const h = resolve(hi, c);
      const l = Math.min(resolve(lo, c), h);
      return formatDay(c.r.int(l, h));
    };
  },
  datetime([a, b]) {
    const [lo, hi] = [dayArg(a), dayArg(b)];
    // Office hours in Beijing time are 00:00-10:00 UTC.
    return (c) => {
      const h = resolve(hi, c);
      return formatDateTime(c.r.int(Math.min(resolve(lo, c), h), h), c.r.int(0, 35999));
    };
  },
  /** inyear:@yearField,minDay,maxDay — a date within (or after) the year held by another field. */
  inyear([ref, a = '0', b = '364'], f, m) {
    const name = refName(ref, f, m);
    const [lo, hi] = [num(a), num(b)];
    return (c) => {
      const y = Number(c.row[name]) || 2024;
      return formatDay(dayOf(`${y}-01-01`) + c.r.int(lo, hi));
    };
  },
  after([ref, a = '0', b = '0', cap], f, m) {
    const name = refName(ref, f, m);
    const [lo, hi] = [num(a), num(b)];
    return (c) => {
      const base = c.row[name];
      let d = (typeof base === 'string' ? dayOf(base) : c.asOf - 365) + c.r.int(lo, hi);
      if (cap === 'now') d = Math.min(d, c.asOf);
      return f.type === 'datetime' ? formatDateTime(d, c.r.int(0, 35999)) : formatDay(d);
    };
  },
  person: () => (c) => person(c.r),
  masked: () => (c) => maskedPerson(c.r),
  mobile: () => (c) => mobileMasked(c.r),
  phone: () => (c) => phone(c.r),
  uscc([prefix = '91', byKind], f, m) {
    if (!prefix.startsWith('@')) return (c) => uscc(districtOf(c.row.district, c.r), c.r, prefix);
    // uscc:@type,51/52/53 — the registration-type prefix follows another field.
    const name = refName(prefix, f, m);
    const prefixes = (byKind ?? '').split('/');
    const index = enumIndex(name, m, prefixes.length);
    return (c) => uscc(districtOf(c.row.district, c.r), c.r, prefixes[index(c.row[name]!)]);
  },
  company([kinds]) {
    const options = kinds ? kinds.split('/') : null;
    return (c) => company(districtOf(c.row.district, c.r), c.r, options ? c.r.pick(options) : undefined);
  },
  shop: () => (c) => shop(districtOf(c.row.district, c.r), c.r),
  school([kinds = '小学'], f, m) {
    if (kinds.startsWith('@')) {
      const name = refName(kinds, f, m);
      return (c) => schoolName(districtOf(c.row.district, c.r), c.r, String(c.row[name] ?? '学校'));
    }
    const options = kinds.split('/');
    return (c) => schoolName(districtOf(c.row.district, c.r), c.r, c.r.pick(options));
  },
  community: () => (c) => community(districtOf(c.row.district, c.r), c.r, brand(c.r)),
  town: () => (c) => c.r.pick(districtOf(c.row.district, c.r).towns),
  road: () => (c) => c.r.pick(districtOf(c.row.district, c.r).roads),
  address: () => (c) => address(districtOf(c.row.district, c.r), c.r, typeof c.row.town === 'string' ? c.row.town : undefined),
  lng: () => (c) => lng(districtOf(c.row.district, c.r), c.r),
  lat: () => (c) => lat(districtOf(c.row.district, c.r), c.r),
};

const registry: Record<string, Factory> = { ...basic, ...seriesGenerators };

export function parseGen(spec: string): { name: string; args: string[] } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { name: spec, args: [] };
  const name = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  // A template keeps its commas.
  return { name, args: name === 'tpl' ? [rest] : rest.split(',') };
}

export function compileField(field: FieldSpec, m: DatasetManifest): ValueFn {
  if (field.gen.startsWith('uniq:')) {
    // uniq:<spec> redraws a value already used in this dataset (names of registered entities), up to a limit.
    const inner = compileField({ ...field, gen: field.gen.slice(5) }, m);
    const used = new Set<Value>();
    return (c) => {
      let v = inner(c);
      for (let tries = 0; used.has(v) && tries < 40; tries++) v = inner(c);
      used.add(v);
      return v;
    };
  }
  const { name, args } = parseGen(field.gen);
  if (name === 'tpl') {
    const t = compileTemplate(args[0] ?? '');
    return (c) => t(c);
  }
  const factory = registry[name];
  if (!factory) throw new Error(`${m.id}.${field.name}: unknown generator '${name}'`);
  try {
    return factory(args, field, m);
  } catch (e) {
    throw new Error(`${m.id}.${field.name}: ${(e as Error).message}`);
  }
}
