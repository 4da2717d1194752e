// `npm start`: runs the compiled server (dist/server.js, bundled from web/server.ts by scripts/build.mjs). When a
// file under src/, web/ or datasets/ changed since the last build (an edit, a checkout), it compiles first (about a
// second), so a developer never runs stale code; otherwise the check costs a few ms.
import module from 'node:module';
import { build, builtStamp, sourceStamp } from './build.mjs';

// Node 22.1+ keeps V8's compiled code between starts (compiling the bundle is ~90 ms of a start); Node 20 has no such API.
module.enableCompileCache?.();
// Errors in the log name src/…/x.ts:line rather than a place in the bundle (~10 ms of a start).
process.setSourceMapsEnabled(true);

if (sourceStamp() !== builtStamp()) {
  const t0 = performance.now();
  await build();
  if (process.env.KAIFANG_LOG !== 'silent') console.log(`[kaifang] sources changed: compiled into dist/ in ${(performance.now() - t0).toFixed(0)} ms`);
}
await import('../dist/server.js');
