import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { readEnv } from '../../src/env.js';
import { closeConnection, openConnection } from '../../src/db/connection.js';
import { isPg } from '../../src/db/engine.js';
import { blobStoreFromConfig, parseFilesConfig } from '../../src/lib/blobs/blob-store-config.js';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import { reindexCatalog } from '../../src/catalog/index.js';
import { checkVersions, describeInconsistency } from '../../src/versions/index.js';
import { copyBlobs, listBlobs, verifyBlobs } from './migrate-to-files.js';
import { countSource, openSource } from './migrate-to-source.js';
import { checkTargetSchema, copyRowsTable, copyTables, countTarget, moveSequences, tablesInOrder, targetTableExists } from './migrate-to-tables.js';

const help = `Usage: npm run kaifang -- migrate-to --database-url postgres://… [--files-url s3://bucket/prefix] [--resume] [--verify-sha256] [--data-dir D]

Copies the data directory's SQLite database (every table with its ids, every version's rows table) into an empty
PostgreSQL database, rebuilds the catalog's search index there and, with --files-url, puts every artifact into the
bucket (KAIFANG_S3_ENDPOINT, KAIFANG_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY as for the server). Without
--files-url the artifacts stay in the data directory's files folder. Then it verifies: row counts of every table and
rows table, every artifact present with its size (--verify-sha256: also its bytes). The source is only read.

  --resume          continue into a non-empty target: tables whose counts already match are skipped, empty ones
                    copied, any other difference refused (without it, a non-empty target is refused)
  --verify-sha256   hash every artifact in the target (reads the whole store)
  --data-dir D      the install to copy (default: KAIFANG_DATA_DIR)`;

const redact = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
};

async function probeTarget(url: string): Promise<void> {
  const probe = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await probe`SELECT 1`;
  } catch (err) {
    throw new Error(`cannot reach the target database ${redact(url)}: ${(err as Error).message}`);
  }
  try {
    await checkTargetSchema(probe);
  } finally {
    await probe.end();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function migrateTo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'database-url': { type: 'string' },
      'files-url': { type: 'string' },
      'data-dir': { type: 'string' },
      resume: { type: 'boolean', default: false },
      'verify-sha256': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(help);
  const url = values['database-url'];
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error(`--database-url postgres://… is required\n\n${help}`);
  const started = Date.now();
  const dataDir = path.resolve(values['data-dir'] ?? readEnv().dataDir);
  const filesDir = path.join(dataDir, 'files');
  const targetFiles = values['files-url']
    ? parseFilesConfig({ ...process.env, KAIFANG_FILES_URL: values['files-url'] }, { filesDir })
    : ({ kind: 'fs', dir: filesDir } as const);

  const source = openSource(dataDir);
  await probeTarget(url);
  const db = await openConnection({ dataDir, databaseUrl: url }); // migrates an empty (or older) target to this schema
  const files = await blobStoreFromConfig(targetFiles);
  try {
    if (!isPg(db)) throw new Error('the target is not PostgreSQL');
    const client = db.$client;
    const tables = await tablesInOrder(client, source);
    if (!values.resume) {
      const nonEmpty: string[] = [];
      for (const t of tables) if ((await countTarget(client, t.name)) > 0) nonEmpty.push(t.name);
      for (const r of source.rowsTables) if (await targetTableExists(client, r.name)) nonEmpty.push(r.name);
      if (nonEmpty.length) {
        throw new Error(`the target database is not empty (${nonEmpty.slice(0, 5).join(', ')}${nonEmpty.length > 5 ? ', …' : ''}): migrate into an empty database, or pass --resume to continue a migration that stopped`);
      }
    }
    console.log(`copying ${source.file} into ${redact(url)}${values['files-url'] ? ` and ${values['files-url']}` : ''}`);

    const phases: string[] = [];
    let phaseStart = Date.now();
    const phase = (name: string) => {
      phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
      phaseStart = Date.now();
    };
    const tableResults = await copyTables(client, source, tables, (r) => console.log(`  ${r.name}: ${r.rows} rows${r.copied || r.rows === 0 ? '' : ' (already there)'}`));
    await moveSequences(client, source);
    phase('tables');

    let rowsCopied = 0;
    let rowsTablesCopied = 0;
    let lastLog = Date.now();
    for (const [i, r] of source.rowsTables.entries()) {
      if (await targetTableExists(client, r.name)) {
        const [have, want] = [await countTarget(client, r.name), countSource(source, r.name)];
        if (have !== want) throw new Error(`${r.name} has ${have} rows in the target and ${want} in the source: the source changed since the last run; migrate into an empty database`);
        continue;
      }
      rowsCopied += await copyRowsTable(client, source, r.name, JSON.parse(r.schemaJson) as FieldSpec[]);
      rowsTablesCopied++;
      if (Date.now() - lastLog > 2000 || i === source.rowsTables.length - 1) {
        lastLog = Date.now();
        console.log(`  rows tables: ${i + 1}/${source.rowsTables.length} (${rowsCopied} rows copied so far)`);
      }
    }
    const catalogIndexed = Number((await client`SELECT COUNT(*)::bigint AS n FROM catalog_search`)[0]!.n);
    const anythingCopied = tableResults.some((t) => t.copied) || rowsTablesCopied > 0;
    if (anythingCopied || catalogIndexed === 0) await reindexCatalog(db);
    phase('rows tables and catalog search');

    const blobs = listBlobs(filesDir);
    let filesResult = { copied: 0, present: blobs.length, bytesCopied: 0 };
    if (values['files-url']) {
      lastLog = Date.now();
      filesResult = await copyBlobs(files, blobs, (done) => {
        if (Date.now() - lastLog > 2000 || done === blobs.length) {
          lastLog = Date.now();
          console.log(`  artifacts: ${done}/${blobs.length}`);
        }
      });
    }

    phase('artifacts');
    console.log('verifying');
    const problems: string[] = [];
    for (const t of tables) {
      const [have, want] = [await countTarget(client, t.name), countSource(source, t.name)];
      if (have !== want) problems.push(`${t.name}: ${have} rows in the target, ${want} in the source`);
    }
    let rowsTotal = 0;
    for (const r of source.rowsTables) {
      const want = countSource(source, r.name);
      rowsTotal += want;
      const have = (await targetTableExists(client, r.name)) ? await countTarget(client, r.name) : -1;
      if (have !== want) problems.push(`${r.name}: ${have < 0 ? 'missing' : `${have} rows`} in the target, ${want} in the source`);
    }
    problems.push(...(await verifyBlobs(files, blobs, { sha256: values['verify-sha256'] })));
    // The portal's own check on the target: every version's rows table and recorded artifacts (size, sha256 if asked).
    const inconsistencies = await checkVersions({ db, files }, { sha256: values['verify-sha256'] });
    // What was already so in the source (a damaged install) is named as such: `check --repair` there first.
    const copiedTables = new Set(source.rowsTables.map((r) => r.name));
    const localKeys = new Set(blobs.map((b) => b.key));
    const inSource = (p: (typeof inconsistencies)[number]) =>
      (p.kind === 'missing_table' && !copiedTables.has(p.table)) || (p.kind === 'artifact_missing' && !localKeys.has(p.path.split('/').slice(-2).join('/')));
    problems.push(...inconsistencies.map((p) => `${describeInconsistency(p)}${inSource(p) ? ' (so in the source too: run `npm run kaifang -- check --repair` on the embedded install first)' : ''}`));
    if (problems.length) {
      for (const p of problems) console.error(`  ${p}`);
      throw new Error(`${problems.length} difference(s) between the source and the target: not done (fix the cause and run again with --resume)`);
    }

    phase('verification');
    const tableRows = tableResults.reduce((sum, t) => sum + t.rows, 0);
    const blobBytes = blobs.reduce((sum, b) => sum + b.bytes, 0);
    const dbBytes = fs.statSync(source.file).size;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `done in ${seconds} s: from a ${mb(dbBytes)} SQLite file, ${tables.length} tables (${tableRows} rows, ${tableResults.filter((t) => t.copied).length} copied now), ` +
        `${source.rowsTables.length} rows tables (${rowsTotal} rows, ${rowsTablesCopied} copied now), ` +
        `${blobs.length} artifacts (${mb(blobBytes)}; ${filesResult.copied} copied now, ${mb(filesResult.bytesCopied)})` +
        `${values['verify-sha256'] ? ', sha256 verified' : ''}; all counts and sizes equal (${phases.join(', ')})`,
    );
    console.log(
      `start the portal with KAIFANG_DATABASE_URL=${redact(url)}${values['files-url'] ? ` KAIFANG_FILES_URL=${values['files-url']}` : ` and this data directory (its files folder)`}` +
        ' and the same KAIFANG_SECRET (or this data directory\'s `secret` file), so sessions, keys\' cursors and salts still hold',
    );
  } finally {
    files.close();
    source.close();
    await closeConnection(db);
  }
}
