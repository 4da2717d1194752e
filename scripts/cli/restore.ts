import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { restoreDataDir } from '../../src/ops/restore.js';

/** A missing option is a malformed command line, like the ones parseArgs rejects: the CLI prints the usage, exit 2. */
const usageError = (message: string) => Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });

/** `restore --from DIR`: see src/ops/restore.ts. Exits 1 with the first mismatch named, nothing written. */
export async function restoreCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { from: { type: 'string' } } });
  if (!values.from) throw usageError('restore needs --from DIR');
  const env = readEnv();
  if (env.KAIFANG_DATABASE_URL) throw new Error('KAIFANG_DATABASE_URL is set: `restore` restores an embedded install; restore PostgreSQL with pg_restore (see README, "Backups and restore") and unset it to restore a backup of an embedded install');
  const result = await restoreDataDir({ from: path.resolve(values.from), dataDir: env.dataDir, say: (line) => console.log(line) });
  console.log(`restored ${result.files} files (${(result.bytes / 1048576).toFixed(1)} MB) into ${env.dataDir}: the install as of ${result.manifest.consistency_point.database_copied_at}, ${result.manifest.consistency_point.versions} versions`);
  console.log(`next: KAIFANG_DATA_DIR=${env.dataDir} npm start, then check /readyz and \`npm run kaifang -- check --sha256\``);
}
