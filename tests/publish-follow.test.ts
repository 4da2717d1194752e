import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { queryValue, rowsTableNames } from './support/db-query.js';
import { ApiError } from '../src/lib/errors.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import { writeTableArtifacts } from '../src/versions/table-artifacts.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, companyFields, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';

// A publish writes its files while the rows still arrive: the files worker reads each batch once the ingest has
// committed it. Whatever the timing, the files must hold every row of the version, in key order, byte for byte what
// a later build from the stored table writes; an upload out of key order (rebuilt at the end) and a refused upload
// must leave neither a wrong file nor a temp file behind.

const t = await createTestApp();
afterAll(() => t.close());

const datasetId = 'follow-publish';
const rows = 40_000; // ~4 MB: a few dozen batches
const keys = ['csv', 'csv_bom', 'json', 'ndjson', 'xlsx'] as const;
let sorted: string;

const publish = (filePath: string) => publishVersion(t.deps, { datasetId, filePath, changeNote: 'test', publishedBy: null });
/** Temp files in the files folder once the publish's follow-up (the .gz copies) has ended too. */
async function tempFiles(): Promise<string[]> {
  await t.deps.workers.background.settled();
  return fs.readdirSync(t.deps.filesDir).filter((f) => f.startsWith('.tmp-'));
}
const pk = async () => (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', datasetId)) as number;

/** The files built again from the version's stored table, as a rebuild would, by their sha256. */
async function rebuilt(n: number): Promise<Record<string, string>> {
  const built = await writeTableArtifacts(t.db, t.deps, rowsTableName(await pk(), n), companyFields, [...keys]);
  return Object.fromEntries(keys.map((k) => [k, built[k]!.sha256]));
}
const shas = (artifacts: Record<string, { sha256: string }>) => Object.fromEntries(keys.map((k) => [k, artifacts[k]!.sha256]));

beforeAll(async () => {
  const dept = (await queryValue(t.db, 'SELECT id FROM departments LIMIT 1')) as string;
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(datasetId, dept, theme));
  sorted = path.join(t.dataDir, 'sorted.csv');
  writeCompanyCsv(sorted, rows);
});

describe('the files follow the ingest', () => {
  let first: Record<string, string>;

  it('rows in key order: every row is in each file, the same bytes as building them from the stored table', async () => {
    // The first publish starts the workers (loading a worker's modules can outlast the ingest of 40,000 rows on
    // SQLite); they are kept, so in the second the files worker is reading as the first batches arrive.
    await publish(sorted);
    const v = await publish(sorted);
    expect(v.rowCount).toBe(rows);
    first = shas(v.artifacts);
    expect(first).toEqual(await rebuilt(v.n));
    expect(await tempFiles()).toEqual([]);
  });

  it('rows out of key order (the first row last): the files are written again from the rebuilt table', async () => {
    const lines = fs.readFileSync(sorted, 'utf8').split('\r\n');
    const shuffled = path.join(t.dataDir, 'shuffled.csv');
    fs.writeFileSync(shuffled, [lines[0], ...lines.slice(2, -1), lines[1], ''].join('\r\n'));
    const v = await publish(shuffled);
    expect(v.rowCount).toBe(rows);
    expect(v.diff).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(shas(v.artifacts)).toEqual(first);
    expect(await tempFiles()).toEqual([]);
  });

  it('a bad value in the last row: 422, and no version, table or temp file is left', async () => {
    const text = fs.readFileSync(sorted, 'utf8');
    const bad = path.join(t.dataDir, 'bad.csv');
    const last = text.lastIndexOf('\r\n', text.length - 3) + 2;
    const cells = text.slice(last).split(',');
    cells[5] = 'many'; // the integer column
    fs.writeFileSync(bad, text.slice(0, last) + cells.join(','));
    const stored = async () => ({ versions: await queryValue(t.db, 'SELECT COUNT(*) FROM versions WHERE dataset_pk = ?', await pk()), tables: await rowsTableNames(t.db) });
    const before = await stored();
    const err = await publish(bad).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(await stored()).toEqual(before);
    expect(await tempFiles()).toEqual([]);
  });
});
