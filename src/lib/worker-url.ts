/**
 * The entry of a worker thread written in TypeScript (`name.ts`, started through its `name.mjs` shim that
 * registers tsx). Running from the sources (tests, the CLI) that is the shim beside the caller; running compiled
 * (`npm start`, scripts/build.mjs) it is the worker's own bundle, dist/<name>.js. This module's URL says which:
 * compiled, it is dist/src/lib/worker-url.js.
 */
export function workerUrl(callerUrl: string, name: string): URL {
  if (import.meta.url.endsWith('.ts')) return new URL(`./${name}.mjs`, callerUrl);
  return new URL(`../../${name}.js`, import.meta.url);
}
