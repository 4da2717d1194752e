// A worker thread keeps the heap its largest job grew for as long as it lives: a pool that parked it for the next
// publish would hold that memory for minutes. Workers whose job grew them are ended; small ones stay warm.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { addVersion, millionRows, millionSchema } from './records-large.helpers.js';
import { settledThreads } from './threads.helpers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let big: { table: string };
let small: { table: string };
beforeAll(async () => {
  await promisify(zlib.gzip)(Buffer.alloc(16)); // libuv's thread pool starts on first use: not a worker to count
  t = await createTestApp({ datasets: [] });
  big = await addVersion(t, 'recycle-big', millionSchema, millionRows(100_000));
  small = await addVersion(t, 'recycle-small', millionSchema, millionRows(50));
}, 60_000);
afterAll(() => t.close());

const writeFiles = (table: string) =>
  t.deps.workers.version.run({ kind: 'artifacts', db: { file: t.db.$client.name }, filesDir: t.deps.filesDir, table, schema: millionSchema, keys: ['json', 'xlsx'] }).result;

describe.skipIf(process.platform !== 'linux')('version workers after a job', () => {
  it('keeps a worker that wrote a small version warm, and ends one whose heap a 100,000-row version grew', async () => {
    const before = await settledThreads();
    await writeFiles(small.table);
    const warm = await settledThreads();
    expect(warm).toBeGreaterThan(before); // the worker is parked for the next job
    await writeFiles(big.table); // takes the parked worker, whose heap grows past the limit
    expect(await settledThreads()).toBeLessThan(warm); // ended, not parked again
  }, 60_000);
});
