import { closeConnection } from '../../src/db/connection.js';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { checkVersions, describeInconsistency, repairVersions, createVersionsState } from '../../src/versions/index.js';
import { blobStoreFromConfig } from '../../src/lib/blobs/blob-store-config.js';
import { consoleLog } from './log.js';

/**
 * `check [--repair] [--sha256]`: every disagreement between `versions`, the rows tables and the artifact store.
 * Exits 1 while any remain (after repair, if asked), so it can run from cron or a deploy script.
 */
export async function checkCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { repair: { type: 'boolean', default: false }, sha256: { type: 'boolean', default: false } } });
  const env = readEnv();
  const { db, filesDir } = await openDataDir(env, consoleLog);
  const versions = createVersionsState(); // the workers a repair rebuilds with
  const files = await blobStoreFromConfig(env.files); // the server's artifact store: sizes and sha256 are read through it
  try {
    const deps = { db, files, filesDir, log: consoleLog, workers: versions.workers, artifactBuilds: versions.artifactBuilds };
    const found = await checkVersions(deps, { sha256: values.sha256 });
    for (const p of found) console.log(describeInconsistency(p));
    if (!values.repair) {
      console.log(found.length ? `${found.length} inconsistenc${found.length === 1 ? 'y' : 'ies'}; \`check --repair\` rebuilds what can be rebuilt` : `consistent${values.sha256 ? '' : ' (file sizes compared; --sha256 also hashes every file)'}`);
      if (found.length) process.exitCode = 1;
      return;
    }
    if (!found.length) {
      console.log('consistent: nothing to repair');
      return;
    }
    const report = await repairVersions(deps, found, { sha256: values.sha256 });
    for (const line of report.repaired) console.log(`repaired: ${line}`);
    for (const line of report.failed) console.log(`not repaired: ${line}`);
    for (const p of report.remaining) console.log(`remaining: ${describeInconsistency(p)}`);
    console.log(report.remaining.length ? `${report.remaining.length} inconsistenc${report.remaining.length === 1 ? 'y remains' : 'ies remain'}` : 'consistent after repair');
    if (report.remaining.length) process.exitCode = 1;
  } finally {
    files.close();
    await versions.close();
    await closeConnection(db);
  }
}
