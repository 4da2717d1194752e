import { closeConnection } from '../../src/db/connection.js';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir, seedIfEmpty } from '../../src/boot.js';
import { consoleLog } from './log.js';

export async function runSeed(args: string[]) {
  const { values } = parseArgs({ args, options: { reset: { type: 'boolean', default: false }, 'no-demo': { type: 'boolean', default: false } } });
  const env = readEnv();
  if (values.reset && fs.existsSync(env.dataDir)) {
    fs.rmSync(env.dataDir, { recursive: true, force: true });
    consoleLog.info(`removed ${env.dataDir}`);
  }
  const { db } = await openDataDir(env, consoleLog, { recover: true });
  await seedIfEmpty(db, consoleLog, { demoUsage: !values['no-demo'] && env.KAIFANG_SEED_DEMO === '1', files: env.files });
  await closeConnection(db);
}
