import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { backupDataDir } from '../../src/ops/backup.js';

const portalVersion = () => (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A missing option is a malformed command line, like the ones parseArgs rejects: the CLI prints the usage, exit 2. */
const usageError = (message: string) => Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });

/** `backup --to DIR`: see src/ops/backup.ts. PostgreSQL and bucket installs are backed up by their own tools. */
export async function backupCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { to: { type: 'string' }, copy: { type: 'boolean', default: false } } });
  if (!values.to) throw usageError('backup needs --to DIR');
  const env = readEnv();
  if (env.KAIFANG_DATABASE_URL) throw new Error('KAIFANG_DATABASE_URL is set: this install keeps its data in PostgreSQL, which `backup` does not copy. Back it up with pg_dump (and the artifacts bucket with its versioning): see README, "Backups and restore"');
  if (env.files.kind === 's3') throw new Error('KAIFANG_FILES_URL is set: the artifacts live in a bucket, which `backup` does not copy. Keep the bucket versioned and back up the rest with the database: see README, "Backups and restore"');
  const to = path.resolve(values.to);
  const started = Date.now();
  const result = await backupDataDir({ dataDir: env.dataDir, to, copy: values.copy, portalVersion: portalVersion(), say: (line) => console.log(line) });
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const bytes = result.manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const point = result.manifest.consistency_point;
  console.log(`backup of ${env.dataDir} written to ${to}: ${result.manifest.files.length} files, ${(bytes / 1048576).toFixed(1)} MB, ${point.versions} versions as of ${point.database_copied_at} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.manifest.secret_included) console.log(`it holds the portal's secret file and the password hashes: keep ${to} private`);
  if (result.warnings.length) process.exitCode = 1;
}
