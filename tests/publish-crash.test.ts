import { asSqlite } from '../src/db/connection.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { openDataDir } from '../src/boot.js';
import { readEnv } from '../src/env.js';

const silent = { info: () => {}, error: () => {} };

type Probe = (db: Database.Database, filesDir: string) => boolean;

/** Starts `npm run kaifang -- publish` as a child, waits until `probe` says it is mid-way, then kill -9. */
async function killPublishWhen(dataDir: string, csv: string, probe: Probe): Promise<boolean> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'publish', 'crash-test', csv, '--note', 'crash'], {
    env: { ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const reader = new Database(path.join(dataDir, 'kaifang.db'), { readonly: true });
  reader.pragma('busy_timeout = 2000');
  let killed = false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (probe(reader, path.join(dataDir, 'files'))) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await exited;
  reader.close();
  return killed;
}

const tableExists = (table: string): Probe => (db) => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(table));
const tempArtifactExists: Probe = (_db, filesDir) => fs.existsSync(filesDir) && fs.readdirSync(filesDir, { recursive: true }).some((f) => String(f).includes('tmp'));

describe('a publish killed mid-way (kill -9)', () => {
  it.each([
    ['while rows are being written', 'rows'],
    ['while artifacts are being written', 'artifacts'],
  ])('%s leaves the previous latest version intact and no half version; the next start cleans up', async (_label, stage) => {
    const t = await createTestApp({ datasets: [] });
    const dept = t.db.$client.prepare('SELECT id FROM departments LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset('crash-test', dept, theme));
    const small = path.join(t.dataDir, 'small.csv');
    writeCompanyCsv(small, 50);
    const { publishVersion } = await import('../src/versions/publish/publish.service.js');
    await publishVersion(t.deps, { datasetId: 'crash-test', filePath: small, changeNote: 'v1', publishedBy: null });
    await t.deps.workers.background.settled(); // its .gz copies and quality profile, written after the answer
    const pk = t.db.$client.prepare("SELECT pk FROM datasets WHERE id = 'crash-test'").pluck().get() as number;
    const before = t.db.$client.prepare('SELECT n, row_count, artifacts FROM versions WHERE dataset_pk = ?').all(pk);
    t.db.$client.close();

    const big = path.join(t.dataDir, 'big.csv');
    writeCompanyCsv(big, 300_000);
    const killed = await killPublishWhen(t.dataDir, big, stage === 'rows' ? tableExists(`ds_${pk}_v2`) : tempArtifactExists);
    expect(killed, 'the child was killed before it finished').toBe(true);

    const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: t.dataDir, KAIFANG_LOG: 'silent' }), silent, { recover: true });
    expect(asSqlite(db).$client.prepare('SELECT n, row_count, artifacts FROM versions WHERE dataset_pk = ?').all(pk)).toEqual(before);
    expect(asSqlite(db).$client.prepare("SELECT latest_version FROM datasets WHERE id = 'crash-test'").pluck().get()).toBe(1);
    expect(asSqlite(db).$client.prepare("SELECT name FROM sqlite_master WHERE name LIKE ?").all(`ds_${pk}_v2%`)).toEqual([]);
    expect(fs.readdirSync(path.join(t.dataDir, 'files'), { recursive: true }).filter((f) => String(f).includes('tmp'))).toEqual([]);
    asSqlite(db).$client.close();
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  });
});
