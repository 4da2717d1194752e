// The process entry (`npm start` runs its build, dist/server.js): env -> open db -> migrate -> seed if empty -> serve.
// It lives in web/ because it serves the pages too; src/ never imports web/.
import type { AddressInfo } from 'node:net';
import { readEnv } from '../src/env.js';
import { bootPortal } from './portal.js';
import { startArtifactBuilder, type ArtifactBuilder } from '../src/versions/index.js';
import type { Logger } from '../src/lib/context.js';
import { createHttpServer } from '../src/lib/http-server.js';
import { closeConnection } from '../src/db/connection.js';
import { startRecurringDeliveries } from '../src/demand/index.js';

// Timed from the process's start (performance.timeOrigin), not from here: loading the code is most of a start.
const codeLoaded = performance.now();
let env;
try {
  env = readEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const log: Logger = {
  info: (msg) => env.KAIFANG_LOG !== 'silent' && console.log(`[kaifang] ${msg}`),
  error: (msg, err) => console.error(`[kaifang] ${msg}`, err ?? ''),
};

const { app, db, deps, close } = await bootPortal(env, log);
const booted = performance.now(); // data directory opened and migrated (seeded when empty), app composed
let artifactBuilder: ArtifactBuilder | null = null;
const recurringDeliveries = startRecurringDeliveries(deps);
const server = createHttpServer({ fetch: app.fetch, log, uploadLimitMb: env.KAIFANG_UPLOAD_LIMIT_MB });
server.listen(env.PORT, env.HOST, () => {
  const info = server.address() as AddressInfo;
  const ready = performance.now();
  const ms = (x: number) => x.toFixed(0);
  log.info(`listening on http://${info.address}:${info.port} (ready in ${ms(ready)} ms from process start: code ${ms(codeLoaded)} ms, boot ${ms(booted - codeLoaded)} ms, listen ${ms(ready - booted)} ms; data in ${env.dataDir})`);
  artifactBuilder = startArtifactBuilder(deps);
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  artifactBuilder?.stop();
  void close(); // the idle worker threads; one a draining request still needs starts afresh and ends after its job
  recurringDeliveries.stop();
  let closed = false;
  // Requests still running when the server closes are counted too; a hung one only delays exit by 5 s.
  const finish = async () => {
    if (closed) return;
    closed = true;
    await deps.usage.stop();
    await deps.rateLimiter.flush();
    await closeConnection(db);
    process.exit(0);
  };
  server.close(() => void finish());
  setTimeout(() => void finish(), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
