/**
 * Expands the compact definitions in defs/ into manifests/<id>.json.
 * Run: node --import tsx datasets/build-manifests.ts   (deterministic: same definitions, same files)
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir } from './index.js';
import { departmentSchema, manifestSchema, type DatasetManifest, type Frequency } from './schema.js';
import { hash32 } from './gen/rng.js';
import { checkGenerators } from './generate.js';
import { dayOf, formatDateTime } from './gen/time.js';
import { parseField } from './defs/fields.js';
import { allDefs } from './defs/all.js';
import type { DatasetDef } from './defs/types.js';

/** The portal's "today"; every publication is before it. */
const TODAY = dayOf('2026-11-26');

/** Days back from yesterday for a publication that keeps (on time) or misses (stale) the declared frequency. */
const lag: Record<Frequency, { onTime: [number, number]; stale: [number, number] }> = {
  daily: { onTime: [0, 0], stale: [6, 25] },
  weekly: { onTime: [0, 5], stale: [16, 60] },
  monthly: { onTime: [0, 21], stale: [45, 110] },
  quarterly: { onTime: [0, 80], stale: [120, 220] },
  yearly: { onTime: [0, 300], stale: [400, 700] },
  irregular: { onTime: [0, 900], stale: [0, 900] },
};

const between = (h: number, [a, b]: [number, number]) => a + (h % (b - a + 1));
/** Publications go out in Beijing office hours: 01:00-09:59 UTC. */
const stamp = (day: number, h: number) => formatDateTime(day, 3600 + (h % 32400));

function versionsOf(def: DatasetDef): DatasetManifest['versions'] {
  const h = hash32(def.id);
  if (def.versions) {
    return def.versions.map(([date, note], k) => ({ n: k + 1, published_at: stamp(dayOf(date), h >>> k), change_note: note }));
  }
  const day = def.published ? dayOf(def.published) : TODAY - 1 - between(h, lag[def.freq][def.stale ? 'stale' : 'onTime']);
  return [{ n: 1, published_at: stamp(day, h), change_note: '首次发布' }];
}

function createdAt(def: DatasetDef, firstPublished: string): string {
  const h = hash32(`${def.id}#created`);
  const earliest = dayOf('2020-03-02');
  const latest = Math.min(dayOf('2023-12-29'), dayOf(firstPublished) - 30);
  return stamp(earliest + (h % Math.max(1, latest - earliest)), h);
}

function expand(def: DatasetDef, code: string, codeOf: Map<string, string>): DatasetManifest {
  const where = `defs:${def.id}`;
  const versions = versionsOf(def);
  const manifest: DatasetManifest = {
    id: def.id,
    code,
    title_zh: def.zh,
    title_en: def.en,
    summary_zh: def.sum[0],
    summary_en: def.sum[1],
    department: def.dept,
    theme: def.theme,
    open_type: def.conditional ? 'conditional' : 'open',
    share_type: def.conditional ? '有条件共享' : '无条件共享',
    update_frequency: def.freq,
    keywords: def.kw.split(/\s+/),
    keywords_en: def.kwEn.split(/,\s*/),
    license: 'CC-BY-4.0',
    spatial: def.spatial ?? '马鞍山市',
    industry: def.ind,
    created_at: createdAt(def, versions[0]!.published_at),
    related_codes: (def.related ?? []).map((id) => {
      const c = codeOf.get(id);
      if (!c) throw new Error(`${where}: related dataset ${id} is not defined`);
      return c;
    }),
    rows: def.rows,
    fields: def.fields.map((line, k) => parseField(line, `${where} field ${k + 1}`)),
    versions,
  };
  const result = manifestSchema.safeParse(manifest);
  if (!result.success) throw new Error(`${where}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  checkGenerators(manifest);
  return manifest;
}

function main(): void {
  const departments = departmentSchema.array().parse(JSON.parse(readFileSync(join(datasetsDir, 'departments.json'), 'utf8')));
  const deptCode = new Map(departments.map((d) => [d.id, d.code]));
  const sequence = new Map<string, number>();
  const codeOf = new Map<string, string>();
  for (const def of allDefs) {
    const prefix = deptCode.get(def.dept);
    if (!prefix) throw new Error(`defs:${def.id}: unknown department ${def.dept}`);
    const n = (sequence.get(def.dept) ?? 0) + 1;
    sequence.set(def.dept, n);
    if (codeOf.has(def.id)) throw new Error(`defs:${def.id}: defined twice`);
    codeOf.set(def.id, `${prefix}-${String(n).padStart(5, '0')}`);
  }
  const manifests = allDefs.map((def) => expand(def, codeOf.get(def.id)!, codeOf));

  const dir = join(datasetsDir, 'manifests');
  mkdirSync(dir, { recursive: true });
  const keep = new Set(manifests.map((m) => `${m.id}.json`));
  for (const file of readdirSync(dir)) if (file.endsWith('.json') && !keep.has(file)) rmSync(join(dir, file));
  for (const m of manifests) writeFileSync(join(dir, `${m.id}.json`), `${JSON.stringify(m, null, 2)}\n`);

  const open = manifests.filter((m) => m.open_type === 'open').length;
  const stale = allDefs.filter((d) => d.stale).length;
  const multi = manifests.filter((m) => m.versions.length > 1).length;
  console.log(`${manifests.length} manifests, ${open} open (${((100 * open) / manifests.length).toFixed(1)}%), ${stale} stale, ${multi} with several versions`);
  const thin = departments.filter((d) => (sequence.get(d.id) ?? 0) < 3).map((d) => d.id);
  if (thin.length) console.log(`departments with fewer than 3 datasets: ${thin.join(', ')}`);
}

main();
