import type { AnyDb } from '../db/engine.js';
import { chainHash, GENESIS } from './audit.chain.js';
import { auditPage, chainAnchor } from './audit.store.js';

export type ChainBreak = { id: number; ts: string; problem: string };
export type ChainReport = { ok: true; rows: number } | { ok: false; rows: number; broken: ChainBreak };

const pageSize = 1000;

/**
 * Walks the chain in id order, a page at a time (never the whole trail in memory). The first row chains to the
 * anchor of the last archive (or to the genesis); each row's prev_hash must be the hash before it, and its hash
 * the SHA-256 of that and its content. The first row that fails is named.
 */
export async function verifyChain(db: AnyDb): Promise<ChainReport> {
  let expected = (await chainAnchor(db)) ?? GENESIS;
  let afterId = 0;
  let rows = 0;
  for (;;) {
    const page = await auditPage(db, afterId, pageSize);
    for (const row of page) {
      if (row.prevHash !== expected) {
        return { ok: false, rows, broken: { id: row.id, ts: row.ts, problem: `prev_hash ${row.prevHash.slice(0, 12)}… differs from the previous row's hash ${expected.slice(0, 12)}… (a row before it was removed, inserted or its hash changed)` } };
      }
      const actual = chainHash(row.prevHash, row);
      if (actual !== row.hash) {
        return { ok: false, rows, broken: { id: row.id, ts: row.ts, problem: `its content does not match its hash (stored ${row.hash.slice(0, 12)}…, computed ${actual.slice(0, 12)}…): a field was changed after it was written` } };
      }
      expected = row.hash;
      rows++;
    }
    if (page.length < pageSize) return { ok: true, rows };
    afterId = page.at(-1)!.id;
  }
}
