import { ckanSearchQuery } from './ckan.envelope.js';

// The part of Solr's query syntax CKAN clients put in `fq` (and in `q` as field:value): clauses field:value,
// "quoted values", trailing * wildcards, ranges [a TO b] / {a TO b} with *, NOW and NOW-1DAY style date math,
// field:(a OR b) groups, AND / OR / NOT, leading - and +, parentheses. Juxtaposed clauses are ANDed, as CKAN's
// Solr (q.op=AND) does: the CKAN harvester joins its terms with spaces.

/** What a filter can ask of a package: the values of its string fields and its dates (ms since the epoch). */
export type PackageFacts = { strings: Record<string, readonly string[]>; dates: Record<string, number> };
export type Predicate = (p: PackageFacts) => boolean;

const stringFields = new Set(['id', 'name', 'organization', 'owner_org', 'groups', 'tags', 'res_format', 'license_id', 'dataset_type', 'type', 'state', 'capacity', 'title', 'identifier']);
const dateFields = new Set(['metadata_modified', 'metadata_created']);
const caseFree = new Set(['res_format']);

/** Every field a filter may name (for the error message of an unknown one). */
export const filterFields = [...stringFields, ...dateFields];

const units: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 7 * 86_400_000 };

/** A Solr date: ISO 8601 (read as UTC when it has no zone), or NOW with +/- N SECOND(S)..DAY(S) and /DAY rounding. */
export function solrDate(text: string, now: Date): number {
  const math = /^NOW((?:[+-]\d+(?:SECOND|MINUTE|HOUR|DAY|WEEK)S?)*)(\/DAY)?$/.exec(text);
  if (math) {
    let t = now.getTime();
    for (const [, sign, n, unit] of math[1]!.matchAll(/([+-])(\d+)(SECOND|MINUTE|HOUR|DAY|WEEK)S?/g)) t += (sign === '-' ? -1 : 1) * Number(n) * units[unit!]!;
    return math[2] ? Math.floor(t / 86_400_000) * 86_400_000 : t;
  }
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) throw ckanSearchQuery(`Invalid Date String:'${text}'`);
  const zoned = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  const t = Date.parse(zoned);
  if (Number.isNaN(t)) throw ckanSearchQuery(`Invalid Date String:'${text}'`);
  return t;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string, private readonly now: Date) {}

  parse(): Predicate {
    const p = this.expr(null);
    this.space();
    if (this.i < this.s.length) throw ckanSearchQuery(`unexpected '${this.s.slice(this.i, this.i + 20)}' at ${this.i}`);
    return p;
  }

  private space() { while (/\s/.test(this.s[this.i] ?? '')) this.i++; }
  private peekWord(word: string) {
    this.space();
    return this.s.startsWith(word, this.i) && /[\s(]|$/.test(this.s[this.i + word.length] ?? '');
  }
  private atEnd() { this.space(); return this.i >= this.s.length || this.s[this.i] === ')'; }

  private expr(field: string | null): Predicate {
    const parts = [this.and(field)];
    while (this.peekWord('OR') || this.s.startsWith('||', this.i)) {
      this.i += 2;
      parts.push(this.and(field));
    }
    return parts.length === 1 ? parts[0]! : (p) => parts.some((q) => q(p));
  }

  private and(field: string | null): Predicate {
    const parts: Predicate[] = [];
    do {
      if (this.peekWord('AND')) this.i += 3;
      else if (this.s.startsWith('&&', this.i)) this.i += 2;
      parts.push(this.unary(field));
    } while (!this.atEnd() && !this.peekWord('OR') && !this.s.startsWith('||', this.i));
    return parts.length === 1 ? parts[0]! : (p) => parts.every((q) => q(p));
  }

  private unary(field: string | null): Predicate {
    this.space();
    const c = this.s[this.i];
    if (c === '-' || c === '!') { this.i++; const p = this.unary(field); return (x) => !p(x); }
    if (c === '+') { this.i++; return this.unary(field); }
    if (this.peekWord('NOT')) { this.i += 3; const p = this.unary(field); return (x) => !p(x); }
    return this.primary(field);
  }

  private primary(field: string | null): Predicate {
    this.space();
    if (this.i >= this.s.length) throw ckanSearchQuery('the query ends where a term was expected');
    if (this.s[this.i] === '(') {
      this.i++;
      const p = this.expr(field);
      this.space();
      if (this.s[this.i] !== ')') throw ckanSearchQuery(`missing ')' at ${this.i}`);
      this.i++;
      return p;
    }
    const named = /^([A-Za-z_][\w.]*):/.exec(this.s.slice(this.i));
    if (named) {
      this.i += named[0].length;
      const name = named[1]!;
      if (!stringFields.has(name) && !dateFields.has(name)) throw ckanSearchQuery(`undefined field ${name}`);
      if (this.s[this.i] === '(') return this.primary(name);
      return this.value(name);
    }
    if (!field) throw ckanSearchQuery(`'${this.s.slice(this.i, this.i + 20)}' names no field (use field:value)`);
    return this.value(field);
  }

  private value(field: string): Predicate {
    const open = this.s[this.i];
    if (open === '[' || open === '{') return this.range(field);
    const text = this.s[this.i] === '"' ? this.quoted() : this.word();
    if (dateFields.has(field)) {
      if (text === '*') return () => true;
      const t = solrDate(text, this.now);
      return (p) => p.dates[field] === t;
    }
    const norm = caseFree.has(field) ? (v: string) => v.toLowerCase() : (v: string) => v;
    const wanted = norm(text);
    const test = text === '*' ? () => true : text.endsWith('*') && this.lastWasBare ? (v: string) => norm(v).startsWith(wanted.slice(0, -1)) : (v: string) => norm(v) === wanted;
    return (p) => (p.strings[field] ?? []).some(test);
  }

  private lastWasBare = false;

  private quoted(): string {
    let out = '';
    this.i++;
    while (this.i < this.s.length && this.s[this.i] !== '"') out += this.s[this.s[this.i] === '\\' ? ++this.i : this.i]!, this.i++;
    if (this.s[this.i] !== '"') throw ckanSearchQuery('unterminated quoted value');
    this.i++;
    this.lastWasBare = false;
    return out;
  }

  private word(): string {
    let out = '';
    while (this.i < this.s.length && !/[\s()]/.test(this.s[this.i]!)) out += this.s[this.s[this.i] === '\\' ? ++this.i : this.i] ?? '', this.i++;
    if (!out) throw ckanSearchQuery(`a value was expected at ${this.i}`);
    this.lastWasBare = true;
    return out;
  }

  private range(field: string): Predicate {
    const m = /^([[{])\s*(\S+)\s+TO\s+(\S+?)\s*([\]}])/.exec(this.s.slice(this.i));
    if (!m) throw ckanSearchQuery(`malformed range at ${this.i}`);
    this.i += m[0].length;
    const [, open, lo, hi, close] = m as unknown as [string, string, string, string, string];
    const inLo = open === '[';
    const inHi = close === ']';
    if (dateFields.has(field)) {
      const a = lo === '*' ? -Infinity : solrDate(lo, this.now);
      const b = hi === '*' ? Infinity : solrDate(hi, this.now);
      return (p) => { const t = p.dates[field]; return t !== undefined && (inLo ? t >= a : t > a) && (inHi ? t <= b : t < b); };
    }
    return (p) => (p.strings[field] ?? []).some((v) => (lo === '*' || (inLo ? v >= lo : v > lo)) && (hi === '*' || (inHi ? v <= hi : v < hi)));
  }
}

/** A filter query as a predicate; throws CKAN's 400 Search Query Error when it cannot be read. Blank: everything. */
export function parseFilterQuery(fq: string, now: Date): Predicate {
  if (!fq.trim() || fq.trim() === '*:*') return () => true;
  return new Parser(fq.replace(/\*:\*/g, 'id:*'), now).parse();
}

/** Whether a `q` is written in field:value form (then it filters like `fq`), not free text. */
export const isFieldQuery = (q: string) => /(^|[\s(+-])[A-Za-z_][\w.]*:\S/.test(q) || q.trim() === '*:*';
