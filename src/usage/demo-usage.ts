import { xoroshiro128plus } from 'pure-rand';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { addToRollup, uniqueKey, type Rollup, type StoredEvent } from './usage.writer.js';
import { createUsageWriter, hasDemoUsage } from './usage.store.js';
import { selectDepartmentIds, selectPublishedHistories } from '../catalog/index.js';
import { addDays, utcDay } from './usage.period.js';

/**
 * A year of generated use for the embedded demo, so dashboards are not empty on first start: about
 * 390,000 counted downloads (the city portal's real total), API calls and shares between departments,
 * as raw events flagged is_demo = 1 (rollups too), so every figure is recomputable and the demo can be
 * removed with `DELETE FROM usage_events WHERE is_demo = 1; DELETE FROM usage_daily WHERE is_demo = 1`.
 * Deterministic: the same catalog and the same day give the same events.
 */
export const demoTotals = { downloads: 390_000, apiCalls: 100_000, robotShare: 0.04, apiErrorShare: 0.02 };

type DemoDataset = { pk: number; department_id: string; open_type: string; rows: number; versions: { n: number; at: string }[]; weight: number; apiWeight: number };

type Rand = () => number;

function createRand(seed: number): Rand {
  const rng = xoroshiro128plus(seed);
  return () => (rng.unsafeNext() >>> 0) / 4_294_967_296;
}

/** Index into cumulative weights by binary search: popular datasets are picked far more often. */
function picker(weights: number[], rand: Rand): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

function shuffle<T>(items: T[], rand: Rand): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function loadDatasets(db: Db, rand: Rand): Promise<DemoDataset[]> {
  const rows = await selectPublishedHistories(db);
  // Popularity follows a Zipf-like curve over a deterministic shuffle; conditional data is rarely downloaded.
  return shuffle(rows, rand).map((r, rank) => ({
    ...r,
    versions: r.versions.sort((a, b) => a.n - b.n),
    weight: (r.open_type === 'open' ? 1 : 0.08) / (rank + 1) ** 1.05,
    apiWeight: Math.sqrt(Math.max(r.rows, 1)) / (rank + 3) ** 0.7,
  }));
}

/** Per-day volumes: growing through the year, lower at weekends, a little noisy; they add up to exactly `total`. */
function dailyVolumes(days: string[], total: number, growth: number, rand: Rand): number[] {
  const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const weights = days.map((d, i) => (1 + (growth * i) / days.length) * (weekend(d) ? 0.55 : 1) * (0.8 + 0.4 * rand()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) if (left-- > 0) counts[i]! += 1;
  return counts;
}

const hourWeights = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 5, 8, 9, 8, 5, 6, 8, 8, 7, 5, 3, 3, 3, 2.5, 2, 1.5];
const formats = ['csv', 'csv_bom', 'xlsx', 'json', 'ndjson'];
const formatWeights = [40, 15, 25, 14, 6];
const bytesPerRow: Record<string, number> = { csv: 150, csv_bom: 150, xlsx: 90, json: 240, ndjson: 230 };
// The demand-side partners the city names (发改, 公安, 自然资源, 公积金) use other departments' data most.
const busyConsumers = new Set(['ndrc', 'public-security', 'natural-resources', 'housing-fund']);

type Consumer = { hash: string; userId: string | null; keyId: string | null; department: string | null };

function consumers(departments: string[], rand: Rand) {
  const deptWeights = departments.map((d) => (busyConsumers.has(d) ? 5 : 1));
  const pickDept = picker(deptWeights, rand);
  const anonymous = picker(Array.from({ length: 30_000 }, (_, i) => 1 / (i + 1) ** 0.6), rand);
  const keys: Consumer[] = Array.from({ length: 60 }, (_, i) => {
    const department = i < 24 ? departments[pickDept()]! : null;
    const keyId = `demo-key-${String(i + 1).padStart(2, '0')}`;
    return { hash: `k:${keyId}`, userId: null, keyId, department };
  });
  const pickKey = picker(keys.map((_, i) => 1 / (i + 1) ** 0.5), rand);
  return {
    forDownload(): Consumer {
      const x = rand();
      if (x < 0.07) {
        const department = departments[pickDept()]!;
        const userId = `demo-user-${department}-${1 + Math.floor(rand() * 3)}`;
        return { hash: `u:${userId}`, userId, keyId: null, department };
      }
      if (x < 0.09) {
        const userId = `demo-user-${1 + Math.floor(rand() * 400)}`;
        return { hash: `u:${userId}`, userId, keyId: null, department: null };
      }
      return { hash: `a:demo-${anonymous().toString(36)}`, userId: null, keyId: null, department: null };
    },
    forApi: () => keys[pickKey()]!,
  };
}

/** The version that was the latest at `ms` (the dataset was published before the day began). */
function versionAt(d: DemoDataset, iso: string): number {
  let n = d.versions[0]!.n;
  for (const v of d.versions) if (v.at <= iso) n = v.n;
  return n;
}

type Emit = (e: StoredEvent) => void;

/** `endOfDay` writes the day's events: the history is written as it is made, a day at a time. */
async function generator(db: Db, days: string[], rand: Rand, scale: number, emit: Emit, endOfDay: () => Promise<void>) {
  const datasets = await loadDatasets(db, rand);
  const departments = await selectDepartmentIds(db);
  const who = consumers(departments, rand);
  const pickHour = picker(hourWeights, rand);
  const pickFormat = picker(formatWeights, rand);
  const stats = { events: 0, downloads: 0, apiCalls: 0 };

  function download(d: DemoDataset, ts: string): void {
    const c = who.forDownload();
    const format = formats[pickFormat()]!;
    const isRobot = rand() < demoTotals.robotShare / (1 + demoTotals.robotShare);
    emit({ ts, kind: 'download', datasetPk: d.pk, version: versionAt(d, ts), format, ownerDepartmentId: d.department_id, consumerDepartmentId: c.department, userId: c.userId, keyId: c.keyId, consumerHash: c.hash, uniqueConsumer: c.hash, isRobot, status: 200, rows: null, bytes: Math.max(1, d.rows) * bytesPerRow[format]!, ms: 5 + Math.floor(rand() * 60), isDemo: true });
    stats.events++;
    if (!isRobot) stats.downloads++;
  }

  function apiCall(d: DemoDataset, ts: string): void {
    const c = who.forApi();
    const failed = rand() < demoTotals.apiErrorShare / (1 + demoTotals.apiErrorShare);
    const rows = Math.min(d.rows, rand() < 0.7 ? 50 : 1000);
    emit({ ts, kind: 'api', datasetPk: d.pk, version: versionAt(d, ts), format: 'json', ownerDepartmentId: d.department_id, consumerDepartmentId: c.department, userId: c.userId, keyId: c.keyId, consumerHash: c.hash, uniqueConsumer: c.hash, isRobot: false, status: failed ? 400 : 200, rows: failed ? null : rows, bytes: failed ? 420 : rows * 180 + 200, ms: 2 + Math.floor(rand() * 40), isDemo: true });
    stats.events++;
    if (!failed) stats.apiCalls++;
  }

  // Only datasets published before the day begins are used that day; the pickers grow with the catalog.
  const byFirstPublished = [...datasets].sort((a, b) => (a.versions[0]!.at < b.versions[0]!.at ? -1 : 1));
  const downloads = dailyVolumes(days, Math.round(demoTotals.downloads * scale * (1 + demoTotals.robotShare)), 0.5, rand);
  const apiCalls = dailyVolumes(days, Math.round(demoTotals.apiCalls * scale * (1 + demoTotals.apiErrorShare)), 1.5, rand);
  let available: DemoDataset[] = [];
  let pickDownload = () => 0;
  let pickApi = () => 0;

  for (const [i, day] of days.entries()) {
    const dayMs = Date.parse(`${day}T00:00:00Z`);
    const open = byFirstPublished.filter((d) => d.versions[0]!.at < `${day}T00:00:00Z`);
    if (open.length !== available.length) {
      available = open;
      pickDownload = picker(available.map((d) => d.weight), rand);
      pickApi = picker(available.map((d) => d.apiWeight), rand);
    }
    if (!available.length) continue;
    const at = () => new Date(dayMs + pickHour() * 3_600_000 + Math.floor(rand() * 3_600_000)).toISOString();
    for (let k = 0; k < downloads[i]!; k++) download(available[pickDownload()]!, at());
    for (let k = 0; k < apiCalls[i]!; k++) apiCall(available[pickApi()]!, at());
    await endOfDay();
  }
  return stats;
}

/**
 * Writes the demo history (the 365 days before `now`'s day) unless there is demo use already, in one
 * transaction: events straight to usage_events (no intermediate batches), then their rollups.
 */
export async function seedDemoUsage(db: Db, now: Date = new Date(), options: { scale?: number } = {}): Promise<{ events: number; downloads: number; apiCalls: number }> {
  if (await hasDemoUsage(db)) return { events: 0, downloads: 0, apiCalls: 0 };
  const last = addDays(utcDay(now), -1);
  const days = Array.from({ length: 365 }, (_, i) => addDays(last, i - 364));
  const rand = createRand(20_260_101 + days[0]!.split('-').reduce((a, p) => a * 31 + Number(p), 0));
  const rollups = new Map<string, Rollup>();
  // Unique consumers are told apart in memory, one day at a time (the generator goes day by day). The days
  // are all before today, which is all the recorder writes, so usage_unique (its memory of who was counted
  // on a day) needs no rows for them.
  let uniquesDay = '';
  const uniques = new Set<string>();
  return inTransaction(db, async (tx) => {
    const writer = createUsageWriter(tx);
    let dayEvents: StoredEvent[] = [];
    const stats = await generator(tx, days, rand, options.scale ?? 1, (e) => {
      dayEvents.push(e); // every generated event is_demo
      const unique = uniqueKey(e);
      if (unique && unique[0] !== uniquesDay) (uniques.clear(), (uniquesDay = unique[0]));
      const key = unique && `${unique[1]}|${unique[2]}|${unique[3]}`;
      const firstOfDay = key !== null && !uniques.has(key);
      if (firstOfDay) uniques.add(key);
      addToRollup(rollups, e, firstOfDay);
    }, async () => {
      await writer.insertEvents(dayEvents);
      dayEvents = [];
    });
    await writer.upsertRollups(rollups.values());
    return stats;
  });
}
