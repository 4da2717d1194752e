import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestApp } from './helpers.js';
import { csvText, expectedCsvRecords, gunzip, parseCsv, readStored, readXlsx, seededVersions, tableRows, type TestApp } from './downloads-fixtures.js';
import { buildVersionArtifacts } from '../src/versions/build-queue.js';
import { startArtifactBuilder } from '../src/versions/artifact-builder.js';
import { artifactKeys, artifactPath, artifactSpecs } from '../src/versions/artifacts.js';
import { getVersion } from '../src/versions/versions.service.js';
import { queryRun } from './support/db-query.js';

let t: TestApp;
// DOWNLOADS_TEST_ALL=1 walks the whole catalog instead of the default slice (slow; for a one-off check).
beforeAll(async () => {
  t = await createTestApp(process.env.DOWNLOADS_TEST_ALL === '1' ? { datasets: 'all' } : {});
});
afterAll(() => t.close());

describe('artifacts of every seeded version', () => {
  test('the background builder builds every artifact of every published version, then has nothing left to do', async () => {
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(m), error: (m: string) => logs.push(`ERROR ${m}`) };
    const first = await startArtifactBuilder({ ...t.deps, log }).done;
    const published = (await seededVersions(t)).filter((v) => v.status === 'published');
    expect(first).toMatchObject({ versions: published.length, built: published.length, failed: 0 });
    for (const v of published) expect(Object.keys((await getVersion(t.db, v.pk, v.n))!.artifacts)).toEqual([...artifactKeys]);
    expect(logs.at(-1)).toMatch(/artifacts: \d+ versions built/);
    const second = await startArtifactBuilder({ ...t.deps, log }).done;
    expect(second.versions).toBe(0);
    expect(fs.readdirSync(t.deps.filesDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  test('each artifact parses back to exactly the rows of the rows table, in primary-key order', async () => {
    const versions = (await seededVersions(t));
    expect(versions.some((v) => v.n > 1)).toBe(true);
    for (const v of versions) {
      const rows = await tableRows(t, v);
      const names = v.schema.map((f) => f.name);
      const artifacts = await buildVersionArtifacts(t.deps, v.pk, v.n);
      const read = (key: (typeof artifactKeys)[number]) => readStored(artifactPath(t.deps.filesDir, artifacts[key].sha256, artifactSpecs[key].ext));
      const where = `${v.datasetId} v${v.n}`;

      const csv = read('csv').toString('utf8');
      expect(csv.startsWith('\uFEFF'), where).toBe(false);
      expect(csv.endsWith('\r\n'), where).toBe(true);
      expect(csv.indexOf('\n'), `${where}: header ends with CRLF`).toBe(csv.indexOf('\r\n') + 1);
      expect(parseCsv(csv), where).toEqual({ header: names, records: expectedCsvRecords(rows, v.schema, false) });

      const bom = read('csv_bom').toString('utf8');
      expect(bom.startsWith('\uFEFF'), where).toBe(true);
      // Built now, so in the layout of issue 16: the Excel files are headed by the Chinese labels.
      expect(parseCsv(bom.slice(1)), where).toEqual({ header: v.schema.map((f) => f.label_zh), records: expectedCsvRecords(rows, v.schema, true) });

      expect(JSON.parse(read('json').toString('utf8')), where).toEqual(rows);
      const ndjson = read('ndjson').toString('utf8');
      expect(ndjson.split('\n').filter(Boolean).map((l) => JSON.parse(l)), where).toEqual(rows);

      const xlsx = await readXlsx(read('xlsx'), v.schema);
      expect(xlsx.header, where).toEqual(v.schema.map((f) => f.label_zh));
      expect(xlsx.rows, where).toEqual(rows);

      for (const key of artifactKeys) {
        const file = artifactPath(t.deps.filesDir, artifacts[key].sha256, artifactSpecs[key].ext);
        expect(fs.statSync(file).size).toBe(artifacts[key].bytes);
        // A workbook is a zip already: no .gz is written beside it (its gzip copy was no smaller).
        if (!artifactSpecs[key].precompressed) expect(fs.existsSync(`${file}.gz`), `${where} ${key}.gz`).toBe(false);
        else expect(gunzip(fs.readFileSync(`${file}.gz`)).equals(fs.readFileSync(file)), `${where} ${key}.gz`).toBe(true);
      }
    }
  });

  test('typed values survive: JSON keeps numbers and booleans, CSV writes them as plain text', async () => {
    const v = (await seededVersions(t)).find((x) => x.schema.some((f) => f.type === 'number' || f.type === 'integer'))!;
    const field = v.schema.find((f) => f.type === 'number' || f.type === 'integer')!;
    const rows = await tableRows(t, v);
    const value = rows.find((r) => r[field.name] !== null)![field.name];
    expect(typeof value).toBe('number');
    expect(csvText(value!)).toBe(String(value));
  });
});

describe('determinism', () => {
  test('rebuilding a version later, into an empty store, yields the same sha256 for every format', async () => {
    const versions = (await seededVersions(t)).filter((v) => v.status === 'published');
    const before = new Map(await Promise.all(versions.map(async (v) => [`${v.pk}:${v.n}`, (await getVersion(t.db, v.pk, v.n))!.artifacts] as const)));
    const otherStore = fs.mkdtempSync(path.join(t.dataDir, 'store2-'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-07-01T12:34:56Z'));
    try {
      for (const v of versions) {
        const rebuilt = await buildVersionArtifacts({ ...t.deps, filesDir: otherStore }, v.pk, v.n);
        for (const key of artifactKeys) expect(rebuilt[key].sha256, `${v.datasetId} v${v.n} ${key}`).toBe(before.get(`${v.pk}:${v.n}`)![key]!.sha256);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  test('a version not committed yet (publishing) gets its artifacts from its schema, and the same bytes again', async () => {
    const v = (await seededVersions(t))[0]!;
    const committed = (await getVersion(t.db, v.pk, v.n))!.artifacts;
    await queryRun(t.db, `CREATE TABLE ds_${v.pk}_v900 AS SELECT * FROM ds_${v.pk}_v${v.n}`);
    const built = await buildVersionArtifacts(t.deps, v.pk, 900, v.schema);
    expect(built.csv.sha256).toBe(committed.csv!.sha256);
    expect(built.xlsx.sha256).toBe(committed.xlsx!.sha256);
    expect(await getVersion(t.db, v.pk, 900)).toBeUndefined();
    await queryRun(t.db, `DROP TABLE ds_${v.pk}_v900`);
  });
});
