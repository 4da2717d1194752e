// The records bench's cache-miss mix (scripts/bench/records.ts), importable by profiling scripts.
export type Field = { name: string; type: string; enum?: string[] };

/** Deterministic, distinct query strings: one or two filters, one of five sorts. */
export function queryMix(schema: Field[], count: number): string[] {
  const enumOf = (name: string) => schema.find((f) => f.name === name)!.enum!;
  const filters: ((i: number) => [string, string])[] = [
    (i) => ['district', enumOf('district')[i % 6]!],
    (i) => ['job_title', enumOf('job_title')[i % 30]!],
    (i) => ['education', enumOf('education')[i % enumOf('education').length]!],
    (i) => ['salary_min__gte', String(1500 + ((i * 37) % 300) * 50)],
    (i) => ['headcount__lte', String(1 + (i % 40))],
  ];
  const sorts = ['', '-salary_min', 'salary_max', '-publish_date', 'headcount'];
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const params = new URLSearchParams();
    const a = filters[i % filters.length]!(Math.floor(i / filters.length));
    params.set(a[0], a[1]);
    if (i % 3) {
      const b = filters[(i * 7 + 2) % filters.length]!(i * 13);
      if (b[0] !== a[0]) params.set(b[0], b[1]);
    }
    const sort = sorts[Math.floor(i / 7) % sorts.length]!;
    if (sort) params.set('sort', sort);
    params.set('limit', '100');
    const s = params.toString();
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 2654435761) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
