import { serve } from '@hono/node-server';
import { readEnv } from './env.js';
import { bootApp } from './boot.js';
import type { Logger } from './lib/context.js';

const started = Date.now();
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

const { app, db } = bootApp(env, log);
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  log.info(`listening on http://${info.address}:${info.port} (ready in ${Date.now() - started} ms, data in ${env.dataDir})`);
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: shutting down`);
  server.close(() => {
    db.$client.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
