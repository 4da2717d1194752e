/**
 * Generates every version of every dataset and reports the time taken and the row counts.
 * Run: node --import tsx datasets/bench.ts [--list]
 */
import { performance } from 'node:perf_hooks';
import { loadCatalog } from './index.js';
import { generateRows } from './generate.js';

const catalog = loadCatalog();
const started = performance.now();
let generated = 0;
let latest = 0;
const sizes: [string, number][] = [];
for (const m of catalog.datasets) {
  for (const v of m.versions) {
    const rows = generateRows(m, v.n);
    generated += rows.length;
    if (v.n === m.versions.length) {
      latest += rows.length;
      sizes.push([m.id, rows.length]);
    }
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`${catalog.datasets.length} datasets, ${generated} rows generated over all versions in ${seconds.toFixed(2)} s`);
console.log(`latest versions hold ${latest} rows; heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
if (process.argv.includes('--list')) {
  for (const [id, n] of sizes.sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(7)}  ${id}`);
}
