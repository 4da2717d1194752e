import { closeConnection } from '../../src/db/connection.js';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { publishVersion } from '../../src/versions/index.js';
import { ApiError } from '../../src/lib/errors.js';
import { consoleLog } from './log.js';
import { cliActor } from './cli-actor.js';

/** `publish <dataset> <file> --note "…"`: the same code path as the upload endpoint, for scripted monthly updates. */
export async function publishCommand(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { note: { type: 'string' }, by: { type: 'string' } } });
  const [datasetId, filePath] = positionals;
  if (!datasetId || !filePath || !values.note) throw new Error('usage: publish <dataset> <file> --note "what changed"');
  const env = readEnv();
  const { db, filesDir, secret } = await openDataDir(env, consoleLog);
  const { deps, close } = await createApp({ db, env, filesDir, secret, log: consoleLog }); // its artifact store: the folder or the bucket of the settings
  try {
    const started = Date.now();
    const v = await publishVersion(deps, { datasetId, filePath, changeNote: values.note, publishedBy: values.by ?? null, audit: cliActor() });
    const diff = v.diff ? ` (+${v.diff.added} -${v.diff.removed} ~${v.diff.changed})` : '';
    consoleLog.info(`published ${v.dataset} v${v.n}: ${v.rowCount} rows from ${v.format}${v.encoding ? ` (${v.encoding})` : ''}${diff} in ${Date.now() - started} ms`);
  } catch (err) {
    if (err instanceof ApiError) {
      const lines = ((err.extra.errors as { row?: number; column?: string; message: string }[] | undefined) ?? []).map((e) => `  row ${e.row ?? '-'} ${e.column ?? ''}: ${e.message}`);
      throw new Error([`${err.code}: ${err.message}`, ...lines].join('\n'));
    }
    throw err;
  } finally {
    await close();
    await closeConnection(db);
  }
}
