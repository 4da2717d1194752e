import { xoroshiro128plus } from 'pure-rand';
import type { Db } from '../db/client.js';
import { isoSeconds } from '../lib/dates.js';
import type { DemoDeliveryUse } from '../usage/index.js';
import { assertFrom, type DemandAction, type DemandKind, type DemandStatus } from './demand.machine.js';
import { insertDemand, insertItem, moveStatus, recordEvent, type DemandPatch, type NewDemand } from './demand.store.js';
import { insertComment, insertVote } from './demand-social.store.js';

// The demo demand board's pen: every row is written by the board's own stores, every step checked against the
// state machine and written as commit() in demand.transition.ts writes it (the status moved, the event recorded),
// at a time in the past. Notifications are not written: the history is over, nobody needs telling now.

export type Rand = () => number;

export function createRand(seed: number): Rand {
  const rng = xoroshiro128plus(seed);
  return () => (rng.unsafeNext() >>> 0) / 4_294_967_296;
}

export type DemoDataset = { pk: number; id: string; title: string; departmentId: string; conditional: boolean; rows: number; versions: { n: number; at: number }[] };
/** A department's temper, drawn once: how promptly it answers, delivers on time, fixes, and pleases. */
export type DemoDepartment = { id: string; user: string; datasets: DemoDataset[]; prompt: number; punctual: number; care: number; mood: number };
/** A demand as the seeder follows it: its status and the time of its last step. */
export type Live = { id: string; kind: DemandKind; status: DemandStatus; at: number; provider: string; requester: string; requesterDepartment: string | null };

const hour = 3_600_000;
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

/** The version that was the latest at `ms`. */
export function versionAt(d: DemoDataset, ms: number): number {
  let n = d.versions[0]!.n;
  for (const v of d.versions) if (v.at <= ms) n = v.n;
  return n;
}

export const departmentUser = (department: string) => `demo-user-${department}-1`;

export function createBoard(tx: Db, nowMs: number, rand: Rand) {
  const deliveries: DemoDeliveryUse[] = [];
  const stats = { demands: 0, events: 0, deliveries: 0 };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const chance = (p: number) => rand() < p;
  const token = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * 32)]).join('');

  /** Moved into Beijing office hours (8:00 to 19:00, +8 h): nobody answers at three in the morning. */
  function officeHours(ms: number): number {
    const local = new Date(ms + 8 * hour);
    const h = local.getUTCHours();
    if (h >= 8 && h < 19) return ms;
    const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + (h >= 19 ? 24 * hour : 0);
    return day + (8 + rand() * 3) * hour - 8 * hour;
  }

  async function submit(d: Omit<NewDemand, 'id' | 'createdAt'> & { createdMs: number }, note: string | null, items: number[] = []): Promise<Live> {
    const id = `dm_${token(16)}`;
    const createdAt = isoSeconds(new Date(d.createdMs));
    const { createdMs, ...row } = d;
    await insertDemand(tx, { ...row, id, createdAt });
    for (const datasetPk of items) await insertItem(tx, id, { datasetPk, fields: null, filter: null });
    await recordEvent(tx, { demandId: id, ts: createdAt, actorUserId: d.requesterUserId, action: 'submit', from: null, to: 'submitted', note });
    stats.demands++;
    stats.events++;
    return { id, kind: d.kind, status: 'submitted', at: createdMs, provider: d.providerDepartmentId!, requester: d.requesterUserId, requesterDepartment: d.requesterDepartmentId };
  }

  /** One step, by the side the machine names, unless its time has not come yet (false: the demand stays where it is). */
  async function step(d: Live, action: DemandAction, atMs: number, patch: DemandPatch, note: string | null, write?: (ts: string) => Promise<void>): Promise<boolean> {
    const at = Math.max(Math.round(atMs), d.at + 60_000);
    if (at >= nowMs) return false;
    const t = assertFrom(d.kind, action, d.status);
    const ts = isoSeconds(new Date(at));
    if (!(await moveStatus(tx, d.id, d.status, t.to, patch, ts))) throw new Error(`demo demand ${d.id}: '${action}' from '${d.status}' did not apply`);
    await write?.(ts);
    await recordEvent(tx, { demandId: d.id, ts, actorUserId: t.side === 'provider' ? departmentUser(d.provider) : d.requester, action, from: d.status, to: t.to, note });
    stats.events++;
    d.status = t.to;
    d.at = at;
    return true;
  }

  async function comment(d: Live, userId: string, body: string, atMs: number): Promise<void> {
    if (atMs < nowMs) await insertComment(tx, d.id, userId, body, isoSeconds(new Date(atMs)));
  }

  async function vote(d: Live, userId: string, atMs: number): Promise<void> {
    if (atMs < nowMs) await insertVote(tx, d.id, userId, isoSeconds(new Date(atMs)));
  }

  return { tx, rand, pick, chance, token, officeHours, submit, step, comment, vote, deliveries, stats, nowMs, hour };
}

export type Board = ReturnType<typeof createBoard>;
