import type { Row } from '../schema.js';
import type { Rng } from './rng.js';
import { districtOf, placePrefix, roadStem, townStem, community, village } from './places.js';
import { brand, industries } from './orgs.js';
import { person, surname, digits } from './people.js';

export interface TplCtx {
  r: Rng;
  row: Row;
}
type Part = string | ((c: TplCtx) => string);

const district = (c: TplCtx) => districtOf(c.row.district, c.r);

const placeholders: Record<string, (c: TplCtx) => string> = {
  brand: (c) => brand(c.r),
  surname: (c) => surname(c.r),
  person: (c) => person(c.r),
  dist: (c) => district(c).name,
  distcode: (c) => district(c).code,
  place: (c) => placePrefix(district(c)),
  road: (c) => c.r.pick(district(c).roads),
  roadstem: (c) => roadStem(c.r.pick(district(c).roads)),
  town: (c) => (typeof c.row.town === 'string' ? c.row.town : c.r.pick(district(c).towns)),
  townstem: (c) => townStem(typeof c.row.town === 'string' ? c.row.town : c.r.pick(district(c).towns)),
  industry: (c) => c.r.pick(industries),
  community: (c) => community(district(c), c.r, brand(c.r)),
  village: (c) => village(c.r, brand(c.r)),
  /** Public security organ of the row's district: 市公安局的分局 in urban districts, the county bureau elsewhere. */
  police: (c) => {
    const d = district(c);
    return d.county ? `${d.name}公安局` : `马鞍山市公安局${d.name}分局`;
  },
  taxbureau: (c) => {
    const d = district(c);
    return d.county ? `国家税务总局${d.name}税务局` : `国家税务总局马鞍山市${d.name}税务局`;
  },
  cn: (c) => '一二三四五六七八九十'[c.r.int(0, 9)]!,
};

function compilePlaceholder(body: string): (c: TplCtx) => string {
  if (body.startsWith('@')) {
    const ref = body.slice(1);
    return (c) => String(c.row[ref] ?? '');
  }
  const year = /^y:@(\w+)$/.exec(body);
  if (year) {
    const ref = year[1]!;
    return (c) => String(c.row[ref] ?? '').slice(0, 4);
  }
  const range = /^n:(\d+)-(\d+)$/.exec(body);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    return (c) => String(c.r.int(a, b));
  }
  const fixed = /^d:(\d+)$/.exec(body);
  if (fixed) {
    const n = Number(fixed[1]);
    return (c) => digits(c.r, n);
  }
  if (body.includes('/')) {
    const options = body.split('/');
    return (c) => c.r.pick(options);
  }
  const fn = placeholders[body];
  if (!fn) throw new Error(`unknown template placeholder {${body}}`);
  return fn;
}

/**
 * Templates mix literal text with {placeholders}: {brand} {person} {dist} {distcode} {place} {police} {taxbureau} {road} {town} {community} ...,
 * {n:1-99} a number, {d:4} digits, {y:@field} the year of a date field, {A/B/C} one of the options, {@field} another field of the row.
 */
export function compileTemplate(tpl: string): (c: TplCtx) => string {
  const parts: Part[] = [];
  const re = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    if (m.index > last) parts.push(tpl.slice(last, m.index));
    parts.push(compilePlaceholder(m[1]!));
    last = m.index + m[0].length;
  }
  if (last < tpl.length) parts.push(tpl.slice(last));
  if (parts.some((p) => typeof p === 'string' && /[{}]/.test(p))) throw new Error(`unbalanced or nested braces in template ${tpl}`);
  return (c) => {
    let s = '';
    for (const p of parts) s += typeof p === 'string' ? p : p(c);
    return s;
  };
}
