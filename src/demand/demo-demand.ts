import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { insertDemoUsers, type DemoUser } from '../auth/index.js';
import { demandDatasetsByPk, departmentNamesById, selectDepartmentIds, selectPublishedHistories } from '../catalog/index.js';
import { utcDay, writeDemoDeliveries } from '../usage/index.js';
import { loadCalendar, type WorkCalendar } from './demand.workdays.js';
import { createBoard, createRand, departmentUser, type DemoDataset, type DemoDepartment, type Rand } from './demo-demand.board.js';
import { seedOrders } from './demo-demand.orders.js';
import { seedCorrections, seedNewData, type Asker } from './demo-demand.requests.js';
import { flagDemoDemands, hasDemoDemand } from './demo-demand.store.js';

/**
 * A year of demo demand-board history beside the demo usage, so the six demand indicators of the assessment are
 * not 0 or empty on first start: orders between departments (some asked about, rejected with a reason, cancelled,
 * late; delivered ones confirmed with a rating), public new-data requests (planned, fulfilled by a dataset, rejected,
 * voted on and commented) and corrections (some fixed by a later version). Each department gets a temper of its own,
 * so the figures differ between departments. Written by the board's own stores and state machine with timestamps in
 * the past, every row flagged is_demo = 1; the deliveries are counted as uses (shares) in the demo usage. Deterministic:
 * the same catalog and the same day give the same history.
 */
export type DemoDemandStats = { demands: number; events: number; deliveries: number };

const day = 86_400_000;
const citizenCount = 40;
// The departments the city names as the main users of shared data ask most (as in the demo usage).
const busyRequesters = new Set(['ndrc', 'public-security', 'natural-resources', 'housing-fund']);

async function loadDatasets(db: Db): Promise<Map<string, DemoDataset[]>> {
  const histories = await selectPublishedHistories(db);
  const refs = await demandDatasetsByPk(db, histories.map((h) => h.pk));
  const byDepartment = new Map<string, DemoDataset[]>();
  for (const h of histories) {
    const ref = refs.get(h.pk);
    if (!ref) continue;
    const versions = h.versions.map((v) => ({ n: v.n, at: Date.parse(v.at) })).sort((a, b) => a.n - b.n);
    const ds: DemoDataset = { pk: h.pk, id: ref.id, title: ref.title_zh, departmentId: h.department_id, conditional: h.open_type === 'conditional', rows: h.rows, versions };
    byDepartment.set(h.department_id, [...(byDepartment.get(h.department_id) ?? []), ds]);
  }
  return byDepartment;
}

/** `n` moments spread over the year (one in each n-th of it, at a random point), so every month has some. */
const spread = (rand: Rand, n: number, start: number, end: number) => Array.from({ length: n }, (_, i) => start + ((i + rand()) / n) * (end - start));

function people(departments: string[], names: Map<string, { name_zh: string }>): DemoUser[] {
  return [
    ...departments.map((id) => ({ id: departmentUser(id), name: `${names.get(id)?.name_zh ?? id}（演示）`, role: 'publisher' as const, departmentId: id })),
    ...Array.from({ length: citizenCount }, (_, i) => ({ id: `demo-user-${i + 1}`, name: `演示市民 ${i + 1}`, role: 'user' as const, departmentId: null })),
  ];
}

/** Writes the history of the 365 days before `now`'s day unless there is demo demand already, in one transaction. */
export async function seedDemoDemand(db: Db, now: Date = new Date(), calendar: WorkCalendar = loadCalendar()): Promise<DemoDemandStats> {
  if (await hasDemoDemand(db)) return { demands: 0, events: 0, deliveries: 0 };
  const end = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const start = end - 365 * day;
  const rand = createRand(20_260_302 + utcDay(new Date(start)).split('-').reduce((a, p) => a * 31 + Number(p), 0));
  const departments = await selectDepartmentIds(db);
  const datasets = await loadDatasets(db);
  const names = await departmentNamesById(db, departments);
  return inTransaction(db, async (tx) => {
    await insertDemoUsers(tx, people(departments, names), new Date(start - 30 * day).toISOString());
    const b = createBoard(tx, end, rand);
    const citizens = Array.from({ length: citizenCount }, (_, i) => `demo-user-${i + 1}`);
    for (const id of departments) {
      const own = datasets.get(id);
      if (!own?.length) continue;
      const dept: DemoDepartment = { id, user: departmentUser(id), datasets: own, prompt: 0.45 + 0.53 * rand(), punctual: 0.4 + 0.57 * rand(), care: 0.3 + 0.65 * rand(), mood: 0.35 + 0.6 * rand() };
      const others = departments.filter((d) => d !== id);
      const weights = others.map((d) => (busyRequesters.has(d) ? 5 : 1));
      const total = weights.reduce((s, w) => s + w, 0);
      const requester = () => {
        let x = rand() * total;
        for (const [i, w] of weights.entries()) if ((x -= w) < 0) return others[i]!;
        return others.at(-1)!;
      };
      const ask: Asker = () => (rand() < 0.7 ? { user: b.pick(citizens), department: null } : ((r) => ({ user: departmentUser(r), department: r }))(requester()));
      // Demands come once the department has data open: a department that opened its first dataset late in the year has fewer.
      const since = Math.max(start, Math.min(...own.map((ds) => ds.versions[0]!.at)) + day);
      const share = Math.max(0.25, (end - since) / (end - start));
      const size = Math.min(own.length, 12);
      const count = (base: number, perDataset: number) => Math.max(3, Math.round((base + perDataset * size) * share * (0.6 + 0.8 * rand())));
      const at = (n: number) => spread(rand, n, since, end).map((ms) => b.officeHours(Math.round(ms))).filter((ms) => ms < end);
      await seedOrders(b, calendar, dept, requester, at(count(6, 2)));
      await seedNewData(b, calendar, dept, ask, citizens, at(count(2, 0.5)));
      await seedCorrections(b, calendar, dept, ask, citizens, at(count(2, 0.4)), start);
    }
    await flagDemoDemands(tx);
    await writeDemoDeliveries(tx, b.deliveries);
    return b.stats;
  });
}
