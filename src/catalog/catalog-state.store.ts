import type { Db } from '../db/client.js';

/** The catalog's change counter, bumped by triggers on datasets, versions and departments (migration 0003). */
export async function catalogGeneration(db: Db): Promise<number> {
  return (db.$client.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck().get() as number | undefined) ?? 0;
}
