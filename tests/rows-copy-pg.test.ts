import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgDb } from '../src/db/engine.js';
import { closePgDb, openPgDb } from '../src/db/pg-client.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { copyRows } from '../src/versions/rows/rows-table.pg.sql.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// Rows written to PostgreSQL with COPY: a value PostgreSQL cannot store (text holding U+0000) fails the write with
// a message that names it, at once. It used to hang: postgres.js never settles a COPY the server rejects after the
// last chunk was sent, so a publish carrying such a value waited forever, holding its lock.

const schema: FieldSpec[] = [{ name: 'note', label_zh: '备注', type: 'string', required: false, primary_key: false }];

(pgSkipped ? describe.skip : describe)('COPY of rows into PostgreSQL', () => {
  let cluster: PgCluster;
  let db: PgDb;
  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openPgDb(cluster.url, { max: 2 });
    await db.$client.unsafe('CREATE TABLE ds_copy (_rowid bigint PRIMARY KEY, note text)');
  }, 60_000);
  afterAll(async () => {
    await closePgDb(db);
    await cluster?.stop();
  });

  it('refuses a text holding U+0000 with a clear error, at once, and writes nothing', async () => {
    const write = copyRows(db.$client, 'ds_copy', schema, [[1, 'fine'], [2, 'nul \u0000 here']]);
    const settled = await Promise.race([write.then(() => 'written', (e: Error) => e.message), new Promise((resolve) => setTimeout(() => resolve('still waiting after 10 s'), 10_000))]);
    expect(settled).toMatch(/U\+0000/);
    expect(await db.$client`SELECT COUNT(*) AS n FROM ds_copy`).toEqual([{ n: 0 }]);
    expect(await copyRows(db.$client, 'ds_copy', schema, [[1, 'tab\tand 中文']])).toBe(1);
    expect(await db.$client`SELECT note FROM ds_copy`).toEqual([{ note: 'tab\tand 中文' }]);
  });
});
