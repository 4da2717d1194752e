import { asSqlite } from '../../src/db/connection.js';
// The 1,000,000-row x 12-column table of the big-data benches (bench:stalls, bench:publish): a deterministic
// air-quality CSV of mixed types (integer id, Chinese text, enums, numbers, dates, date-times, booleans),
// written once to .tmp/ and reused, and a function that makes it a published version in a bench data dir.
//
//   millionCsv(rows = 1_000_000): Promise<string>   path of the CSV (written on first use)
//   millionSchema, millionDataset                    the dataset's fields and its manifest (create input)
//   ensureMillionVersion(dataDir): Promise<{ datasetId, n, table }>   publishes it once (skipped when it exists)
//
// Six fields are indexed by the publish (district, kind, level, day, measured_at, aqi: the first six that are not
// free text); pm25, so2 and valid are not, so `sort=-so2` is the unindexed sort of the benches.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { FieldSpec } from '../../src/lib/field-spec.js';

export const millionDatasetId = 'bench-million';
const districts = ['花山区', '雨山区', '博望区', '当涂县', '含山县', '和县'];
const kinds = ['国控', '省控', '市控'];
const levels = ['优', '良', '轻度', '中度', '重度'];

const field = (name: string, label_zh: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh, type, required: false, primary_key: false, ...extra });

export const millionSchema: FieldSpec[] = [
  field('id', '编号', 'integer', { required: true, primary_key: true }),
  field('station', '监测点', 'string', { required: true }),
  field('district', '区县', 'string', { required: true, enum: districts }),
  field('kind', '站点类型', 'string', { enum: kinds }),
  field('level', '空气质量等级', 'string', { enum: levels }),
  field('day', '日期', 'date', { required: true }),
  field('measured_at', '监测时间', 'datetime'),
  field('aqi', '空气质量指数', 'integer'),
  field('pm25', 'PM2.5（微克/立方米）', 'number'),
  field('so2', '二氧化硫（微克/立方米）', 'number'),
  field('valid', '数据有效', 'boolean'),
  field('note', '备注', 'string'),
];

/** The manifest part the catalog's createDataset takes (department and theme: any that exist). */
export const millionDataset = (department: string, theme: string) => ({
  id: millionDatasetId, code: `${millionDatasetId}-code`, title_zh: '空气质量小时监测（基准测试，一百万行）', title_en: 'Hourly air quality (benchmark, one million rows)',
  summary_zh: '基准测试用的空气质量监测数据', summary_en: 'Air-quality readings for the benchmarks', department, theme,
  open_type: 'open' as const, share_type: '无条件共享' as const, update_frequency: 'daily' as const, license: 'CC-BY-4.0',
  keywords: ['空气质量'], keywords_en: ['air quality'], spatial: '马鞍山市', industry: null, related_codes: [], fields: millionSchema,
});

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Row i (1-based) as a CSV line; a small LCG keeps values deterministic but not periodic in one column. */
export function millionLine(i: number): string {
  const r = (i * 2654435761) % 4294967296;
  const r8 = Math.floor(r / 256);
  const d = districts[i % 6]!;
  const day = 1 + (i % 28);
  const month = 1 + ((i >> 5) % 12);
  const hour = 8 + (r % 16);
  const aqi = 20 + (r % 280);
  const pm25 = (r8 % 2500) / 10;
  const so2 = (Math.floor(r8 / 4096) % 1200) / 10;
  const note = i % 50 === 0 ? '设备校准，"数据"待复核' : i % 17 === 0 ? 'sensor swap, 更换' : '';
  const quoted = note.includes(',') || note.includes('"') ? `"${note.replace(/"/g, '""')}"` : note;
  return `${i},监测点${i % 997},${d},${kinds[r % 3]},${levels[Math.min(4, Math.floor(aqi / 60))]},2025-${pad(month)}-${pad(day)},2025-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(i % 60)}:00,${aqi},${pm25},${so2},${i % 9 ? 'true' : 'false'},${quoted}\r\n`;
}

/** Writes (once) and returns the path of the `rows`-row CSV under .tmp/. */
export async function millionCsv(rows = 1_000_000): Promise<string> {
  const file = path.resolve('.tmp', `million-${rows}.csv`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.part`;
  const out = fs.createWriteStream(partial);
  let chunk = `${millionSchema.map((f) => f.name).join(',')}\r\n`;
  for (let i = 1; i <= rows; i++) {
    chunk += millionLine(i);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  fs.renameSync(partial, file);
  return file;
}

/**
 * Makes the million-row dataset exist with a published version in `dataDir` (a seeded bench data dir): created
 * through the catalog service and published through the publish service (the path the CLI and the upload take),
 * once; later calls find it and return at once. The first call takes minutes.
 */
export async function ensureMillionVersion(dataDir: string): Promise<{ datasetId: string; n: number; table: string }> {
  const [{ readEnv }, { openDataDir }, { createApp }, { createDataset }, { publishVersion }, { rowsTableName }] = await Promise.all([
    import('../../src/env.js'), import('../../src/boot.js'), import('../../src/app.js'), import('../../src/catalog/catalog.write.js'),
    import('../../src/versions/publish/publish.service.js'), import('../../src/versions/rows/rows-table.js'),
  ]);
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' });
  const log = { info: (m: string) => console.log(m), error: (m: string, e?: unknown) => console.error(m, e) };
  const { db, filesDir, secret } = await openDataDir(env, log);
  try {
    const sqlite = asSqlite(db).$client;
    const existing = () => sqlite.prepare("SELECT d.pk, MAX(v.n) AS n FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.status = 'published' WHERE d.id = ?").get(millionDatasetId) as { pk: number | null; n: number | null };
    let found = existing();
    if (found.pk === null || found.n === null) {
      const { deps } = await createApp({ db, env, filesDir, secret, log });
      if (!sqlite.prepare('SELECT 1 FROM datasets WHERE id = ?').get(millionDatasetId)) {
        const dept = sqlite.prepare('SELECT id FROM departments ORDER BY id LIMIT 1').pluck().get() as string;
        const theme = sqlite.prepare('SELECT id FROM themes ORDER BY id LIMIT 1').pluck().get() as string;
        await createDataset(deps, { id: 'bench', role: 'admin', departmentId: null }, millionDataset(dept, theme));
      }
      const csv = await millionCsv();
      console.log(`publishing ${path.basename(csv)} as ${millionDatasetId} (once; minutes)…`);
      const started = Date.now();
      await publishVersion(deps, { datasetId: millionDatasetId, filePath: csv, changeNote: 'bench: one million rows', publishedBy: null });
      console.log(`published in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      found = existing();
    }
    return { datasetId: millionDatasetId, n: found.n!, table: rowsTableName(found.pk!, found.n!) };
  } finally {
    asSqlite(db).$client.close();
  }
}

// `node --import tsx scripts/bench/million.ts [rows]`: writes the CSV and prints its path and size.
if (import.meta.url === `file://${process.argv[1]}`) {
  const file = await millionCsv(Number(process.argv[2] ?? 1_000_000));
  console.log(file, `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
}
