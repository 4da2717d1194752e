/** Generators for measured values: seasonal, trending, per-category values and values derived from other fields. */
import type { FieldSpec, Value } from '../schema.js';
import type { Ctx, Factory, ValueFn } from './args.js';
import { enumIndex, num, refName, round } from './args.js';
import { yearFraction } from './time.js';

const decimals = (f: FieldSpec, dec: string | undefined) => (f.type === 'integer' ? Math.min(0, num(dec, 0)) : num(dec, 2));
const numeric = (v: Value) => (typeof v === 'number' ? v : 0);
const periodOf = (v: Value) => (typeof v === 'string' || typeof v === 'number' ? yearFraction(v) : 2024.5);
/** Position within the year in [0, 1). */
const phaseOf = (v: Value) => {
  const t = periodOf(v);
  return t - Math.floor(t);
};
const wave = (phase: number, peak: number) => Math.cos(2 * Math.PI * (phase - peak));

export const seriesGenerators: Record<string, Factory> = {
  /** season:@date,mean,amp,sd,dec[,peakDay=200,min,max] — yearly cosine around a mean. */
  season([ref, mean, amp, sd, dec, peak, min, max], f, m) {
    const name = refName(ref, f, m);
    const [mu, a, s, d, p] = [num(mean), num(amp), num(sd), decimals(f, dec), num(peak, 200) / 365];
    const [lo, hi] = [num(min, -Infinity), num(max, Infinity)];
    return (c) => round(Math.min(hi, Math.max(lo, mu + a * wave(phaseOf(c.row[name]!), p) + s * c.r.normal())), d);
  },
  /** wave:@date,@base,shift,amp,sd,dec[,peakDay=200] — another field plus a shift and a yearly cosine. */
  wave([ref, baseRef, shift, amp, sd, dec, peak], f, m) {
    const [name, base] = [refName(ref, f, m), refName(baseRef, f, m)];
    const [sh, a, s, d, p] = [num(shift), num(amp), num(sd), decimals(f, dec), num(peak, 200) / 365];
    return (c) => round(numeric(c.row[base]!) + sh + a * wave(phaseOf(c.row[name]!), p) + s * c.r.normal(), d);
  },
  /** trend:@period,base,growth,seasonAmp,sd,dec[,peakMonth=12] — base in 2019, compound growth, 2020 Q1 dip. */
  trend([ref, base, growth, amp, sd, dec, peakMonth], f, m) {
    const name = refName(ref, f, m);
    const [b, g, a, s, d, p] = [num(base), num(growth), num(amp), num(sd), decimals(f, dec), (num(peakMonth, 12) - 0.5) / 12];
    return (c) => {
      const t = periodOf(c.row[name]!);
      const covid = t >= 2020 && t < 2020.34 ? 0.82 : 1;
      const v = b * (1 + g) ** (t - 2019) * (1 + a * wave(t - Math.floor(t), p)) * (1 + s * c.r.normal()) * covid;
      return round(Math.max(0, v), d);
    };
  },
  /** by:@enumField,dec,noise,v1/v2/..[,@period,growth or g1/g2/..] — magnitude looked up by the category of another field. */
  by([ref, dec, noise, list, pref, growth], f, m) {
    const name = refName(ref, f, m);
    const values = (list ?? '').split('/').map((v) => num(v));
    const index = enumIndex(name, m, values.length);
    const [d, s] = [decimals(f, dec), num(noise)];
    const period = pref ? refName(pref, f, m) : null;
    const growths = (growth ?? '0').split('/').map((g) => num(g));
    if (growths.length !== 1 && growths.length !== values.length) throw new Error('by: one growth rate or one per category');
    return (c) => {
      const k = index(c.row[name]!);
      const g = growths[k % growths.length]!;
      const drift = period ? (1 + g) ** (periodOf(c.row[period]!) - 2019) : 1;
      return round(Math.max(0, values[k % values.length]! * drift * (1 + s * c.r.normal())), d);
    };
  },
  /** product:dec,noise,@f1,v1/v2..,@f2,w1/w2.. — the product of several per-category factors. */
  product([dec, noise, ...pairs], f, m) {
    const factors: { name: string; index: (v: Value) => number; values: number[] }[] = [];
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      const name = refName(pairs[k], f, m);
      const values = pairs[k + 1]!.split('/').map((v) => num(v));
      factors.push({ name, index: enumIndex(name, m, values.length), values });
    }
    const [d, s] = [decimals(f, dec), num(noise)];
    return (c) => {
      let v = 1 + s * c.r.normal();
      for (const x of factors) v *= x.values[x.index(c.row[x.name]!) % x.values.length]!;
      return round(Math.max(0, v), d);
    };
  },
  /** map:@enumField,v1/v2/.. — a text looked up by the category of another field. */
  map([ref, list], f, m) {
    const name = refName(ref, f, m);
    const values = (list ?? '').split('/');
    const index = enumIndex(name, m, values.length);
    return (c) => values[index(c.row[name]!)]!;
  },
  /** offset:@f,a,b,dec — another field plus a uniform amount. */
  offset([ref, a, b, dec], f, m) {
    const name = refName(ref, f, m);
    const [lo, hi, d] = [num(a), num(b), decimals(f, dec)];
    return (c) => round(numeric(c.row[name]!) + lo + c.r.next() * (hi - lo), d);
  },
  /** scale:@f,a,b,dec — another field times a uniform factor. */
  scale([ref, a, b, dec], f, m) {
    const name = refName(ref, f, m);
    const [lo, hi, d] = [num(a), num(b), decimals(f, dec)];
    return (c) => round(numeric(c.row[name]!) * (lo + c.r.next() * (hi - lo)), d);
  },
  /** sum:@a,@b,.. — total of earlier numeric fields. */
  sum(refs, f, m) {
    const names = refs.map((r) => refName(r, f, m));
    const d = f.type === 'integer' ? 0 : 2;
    return (c) => round(names.reduce((acc, n) => acc + numeric(c.row[n]!), 0), d);
  },
  /** level:@f,t1/t2/.. — the enum value of the first threshold the number does not exceed. */
  level([ref, thresholds], f, m) {
    const name = refName(ref, f, m);
    const limits = (thresholds ?? '').split('/').map((v) => num(v));
    const values = f.enum;
    if (!values || values.length !== limits.length + 1) throw new Error('level needs an enum one longer than its thresholds');
    return (c) => {
      const v = numeric(c.row[name]!);
      const k = limits.findIndex((t) => v <= t);
      return values[k < 0 ? limits.length : k]!;
    };
  },
  /** aqi:@date — daily AQI, log-normal around a winter-peaking mean, 20..300. */
  aqi([ref], f, m) {
    const name = refName(ref, f, m);
    return (c) => {
      const mean = 68 + 30 * wave(phaseOf(c.row[name]!), 15 / 365);
      return Math.round(Math.min(300, Math.max(20, mean * Math.exp(0.38 * c.r.normal()))));
    };
  },
  /** pollutant:@aqi,@date — 首要污染物: none on clean days, ozone in summer, fine particles in winter. */
  pollutant([aqiRef, dateRef], f, m) {
    const [aqi, date] = [refName(aqiRef, f, m), refName(dateRef, f, m)];
    return (c: Ctx) => {
      if (numeric(c.row[aqi]!) <= 50) return '无';
      const summer = wave(phaseOf(c.row[date]!), 200 / 365) > 0.3;
      const x = c.r.next();
      if (summer) return x < 0.7 ? 'O3' : x < 0.85 ? 'PM2.5' : 'PM10';
      return x < 0.65 ? 'PM2.5' : x < 0.85 ? 'PM10' : x < 0.95 ? 'NO2' : 'O3';
    };
  },
  /** rain:@date — daily precipitation in mm, wetter in the June-July plum rains. */
  rain([ref], f, m): ValueFn {
    const name = refName(ref, f, m);
    return (c) => {
      const w = wave(phaseOf(c.row[name]!), 185 / 365);
      if (c.r.next() > 0.3 + 0.14 * w) return 0;
      return round(-Math.log(1 - c.r.next()) * (7 + 6 * w) + 0.1, 1);
    };
  },
};
