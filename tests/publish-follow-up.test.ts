import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { queryValue } from './support/db-query.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { getVersion, mergeArtifacts } from '../src/versions/versions.store.js';
import { versionQuality } from '../src/versions/quality.store.js';
import { startArtifactBuilder } from '../src/versions/artifact-builder.js';
import { artifactKeys, artifactPath, artifactSpecs, type ArtifactKey } from '../src/versions/artifacts.js';
import type { ArtifactInfo } from '../src/versions/versions.table.js';

// A publish answers once its rows, indexes, diff and five files are committed; the data-quality profile and the .gz
// copies of the text files follow in the background (a transfer encoding, not a file anyone waits for).

let t: Awaited<ReturnType<typeof createTestApp>>;
let pk: number;
const id = 'follow-up-test';
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };
const textKeys = artifactKeys.filter((k) => artifactSpecs[k].precompressed);
const artifactsOf = async (n: number) => (await getVersion(t.db, pk, n))!.artifacts as Record<ArtifactKey, ArtifactInfo>;
const stored = (info: ArtifactInfo, key: ArtifactKey) => artifactPath(t.deps.filesDir, info.sha256, artifactSpecs[key].ext);

beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  const dept = (await queryValue<string>(t.db, 'SELECT id FROM departments LIMIT 1'))!;
  const theme = (await queryValue<string>(t.db, 'SELECT id FROM themes LIMIT 1'))!;
  await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(id, dept, theme));
  pk = (await queryValue<number>(t.db, 'SELECT pk FROM datasets WHERE id = ?', id))!;
}, 60_000);
afterAll(() => t.close());

describe('what a publish does after its answer', () => {
  it('answers with the five files but no .gz sizes; the quality profile and the .gz copies follow', async () => {
    const csv = path.join(t.dataDir, 'v1.csv');
    writeCompanyCsv(csv, 3000);
    const published = await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: '首次发布', publishedBy: null });
    for (const key of artifactKeys) {
      expect(published.artifacts[key].bytes, key).toBeGreaterThan(0);
      expect(published.artifacts[key].gzipBytes, `${key}: not written by the publish`).toBeUndefined();
    }
    await t.deps.workers.background.settled();
    const artifacts = await artifactsOf(1);
    for (const key of artifactKeys) {
      const file = stored(artifacts[key], key);
      if (!artifactSpecs[key].precompressed) {
        expect(artifacts[key].gzipBytes, key).toBeUndefined();
        expect(fs.existsSync(`${file}.gz`), `${key}.gz`).toBe(false);
        continue;
      }
      expect(gunzipSync(fs.readFileSync(`${file}.gz`)).equals(fs.readFileSync(file)), `${key}.gz`).toBe(true);
      expect(artifacts[key].gzipBytes, key).toBe(fs.statSync(`${file}.gz`).size);
    }
    expect((await versionQuality(t.db, pk, 1))?.rowCount).toBe(3000);
  });

  it('serves a file whose .gz is not written yet as stored, and the next start writes the copy', async () => {
    const artifacts = await artifactsOf(1);
    // As a process stopped between the answer and the copies leaves it: no .gz, no size recorded.
    const bare = Object.fromEntries(textKeys.map((k) => {
      const { gzipBytes: _dropped, ...info } = artifacts[k];
      fs.rmSync(`${stored(artifacts[k], k)}.gz`);
      return [k, info];
    }));
    await mergeArtifacts(t.db, pk, 1, bare, (m) => m);
    const res = await t.app.request(`/api/v1/datasets/${id}/versions/1/data.csv`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(stored(artifacts.csv, 'csv')))).toBe(true);

    await startArtifactBuilder({ ...t.deps, log: silent }).done;
    const after = await artifactsOf(1);
    for (const key of textKeys) {
      expect(after[key].gzipBytes, key).toBe(artifacts[key].gzipBytes);
      expect(gunzipSync(fs.readFileSync(`${stored(after[key], key)}.gz`)).equals(fs.readFileSync(stored(after[key], key))), key).toBe(true);
    }
    const gz = await t.app.request(`/api/v1/datasets/${id}/versions/1/data.csv`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gz.headers.get('content-length'))).toBe(after.csv.gzipBytes);
  });
});
