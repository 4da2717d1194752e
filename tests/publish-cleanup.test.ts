// A publish that fails after its rows were inserted (here: its files cannot be written) leaves nothing behind:
// no version, and its rows table dropped (by a version worker, off the serving thread).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { queryValue, rowsTableNames } from './support/db-query.js';

const t = await createTestApp({ datasets: [] });
afterAll(() => t.close());

const rowsTables = async () => await rowsTableNames(t.db);

describe('a publish that fails after the insert', () => {
  it('drops the rows it inserted and records no version', async () => {
    const dept = t.catalog.departments[0]!.id;
    const theme = t.catalog.themes[0]!.id;
    await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset('cleanup', dept, theme));
    const csv = path.join(t.dataDir, 'cleanup.csv');
    writeCompanyCsv(csv, 5_000);
    const before = await rowsTables();
    // The files go to a directory that cannot exist (below a file): the artifact stage fails after the ingest.
    const failing = publishVersion({ ...t.deps, filesDir: path.join(csv, 'files') }, { datasetId: 'cleanup', filePath: csv, changeNote: 'v1', publishedBy: null });
    await expect(failing).rejects.toThrow();
    expect(await rowsTables()).toEqual(before);
    expect((await queryValue(t.db, "SELECT COUNT(*) FROM versions v JOIN datasets d ON d.pk = v.dataset_pk WHERE d.id = 'cleanup'"))).toBe(0);
    // And the next attempt publishes as version 1.
    const v = await publishVersion(t.deps, { datasetId: 'cleanup', filePath: csv, changeNote: 'v1', publishedBy: null });
    expect([v.n, v.rowCount]).toEqual([1, 5_000]);
  }, 60_000);
});
