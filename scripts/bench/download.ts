// npm run bench:download — artifact download throughput of the app against a bare node:http server
// streaming the same file with fs.createReadStream (the floor), 8 connections each; then the app
// server's RSS growth while 8 clients download a ~200 MB artifact at once. Loopback only, < 2 min.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const connections = 8;
const smallRows = Number(process.env.BENCH_ROWS ?? 540_000);
const bigBytes = Number(process.env.BENCH_BIG_MB ?? 200) * 1e6;

async function serveApp(dataDir: string) {
  const { serve } = await import('@hono/node-server');
  const { openDb } = await import('../../src/db/client.js');
  const { readEnv } = await import('../../src/env.js');
  const { createApp } = await import('../../src/app.js');
  const env = readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' });
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  const { app } = createApp({ db, env, filesDir: path.join(dataDir, 'files'), secret: 'bench-secret-bench-secret' });
  serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`PORT ${info.port}`));
}

function serveBare(file: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as { port: number }).port}`));
}

function startChild(childMode: string, childArg: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, childMode, childArg], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${childMode} exited with ${code}`)));
  });
}

const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

type Counter = { bytes: number };

/** GETs a file, counting bytes; stops at `stopAt`; with `mbPerS`, reads no faster than that (a slow client). */
function download(port: number, urlPath: string, agent: http.Agent, counter: Counter, stopAt: number, mbPerS = Infinity): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${urlPath}: HTTP ${res.statusCode}`));
      const started = performance.now();
      let mine = 0;
      res.on('data', (chunk: Buffer) => {
        counter.bytes += chunk.length;
        mine += chunk.length;
        if (performance.now() >= stopAt) return void req.destroy();
        const due = started + (mine / 1e6 / mbPerS) * 1000 - performance.now();
        if (due > 5) {
          res.pause();
          setTimeout(() => res.resume(), due);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', () => resolve());
    });
    req.on('error', (err) => (performance.now() >= stopAt ? resolve() : reject(err)));
  });
}

/** `connections` clients each fetching the file over and over for `secs` seconds; MB/s received. */
async function throughput(port: number, urlPath: string, secs: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const counter = { bytes: 0 };
  const start = performance.now();
  const stopAt = start + secs * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < stopAt) await download(port, urlPath, agent, counter, stopAt);
    }),
  );
  agent.destroy();
  return counter.bytes / 1e6 / ((performance.now() - start) / 1000);
}

const districts = ['花山区', '雨山区', '博望区', '当涂县', '含山县', '和县'];
const schema = [
  { name: 'record_id', label_zh: '编号', type: 'string', required: true, primary_key: true },
  { name: 'name', label_zh: '名称', type: 'string', required: true, primary_key: false },
  { name: 'district', label_zh: '区县', type: 'string', required: true, primary_key: false, enum: districts },
  { name: 'amount', label_zh: '金额', type: 'number', required: false, primary_key: false },
  { name: 'staff', label_zh: '人数', type: 'integer', required: false, primary_key: false },
  { name: 'active', label_zh: '在营', type: 'boolean', required: false, primary_key: false },
  { name: 'registered_on', label_zh: '登记日期', type: 'date', required: false, primary_key: false },
  { name: 'note', label_zh: '备注', type: 'string', required: false, primary_key: false },
] as const;

function* syntheticRows(count: number) {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 1; i <= count; i++) {
    const r = next();
    yield {
      record_id: `R${String(i).padStart(8, '0')}`,
      name: `马鞍山市${districts[r % 6]}第${r % 997}号服务网点`,
      district: districts[r % 6]!,
      amount: (r % 1_000_000) / 100,
      staff: r % 300,
      active: r % 3 !== 0,
      registered_on: `20${10 + (r % 15)}-0${1 + (r % 9)}-1${r % 9}`,
      note: r % 4 === 0 ? null : `备注 "${r % 77}", 含逗号`,
    };
  }
}

async function* syntheticCsv(bytes: number) {
  yield `${schema.map((f) => f.name).join(',')}\r\n`;
  let written = 0;
  let batch: string[] = [];
  for (const row of syntheticRows(Number.MAX_SAFE_INTEGER)) {
    const line = `${row.record_id},${row.name},${row.district},${row.amount},${row.staff},${row.active},${row.registered_on},"${row.note ?? ''}"\r\n`;
    batch.push(line);
    written += Buffer.byteLength(line);
    if (batch.length === 5000 || written >= bytes) {
      yield batch.join('');
      batch = [];
      if (written >= bytes) return;
    }
  }
}

async function prepare(dataDir: string) {
  const { openDb, migrateDb } = await import('../../src/db/client.js');
  const { departments, themes, datasets } = await import('../../src/catalog/catalog.table.js');
  const { writeRowsTable, commitVersion } = await import('../../src/versions/versions.service.js');
  const { ensureArtifact } = await import('../../src/versions/build-queue.js');
  const { storeArtifact } = await import('../../src/versions/artifact-store.js');
  const filesDir = path.join(dataDir, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const db = openDb(path.join(dataDir, 'kaifang.db'));
  migrateDb(db);
  db.insert(departments).values({ id: 'bench', code: '340500-999', nameZh: '基准测试部门', nameEn: 'Bench' }).run();
  db.insert(themes).values({ id: 'bench', nameZh: '基准', nameEn: 'Bench' }).run();
  const addDataset = (id: string, title: string) =>
    db.insert(datasets).values({
      id, code: `340500-999-0000${id.length}`, titleZh: title, titleEn: id, summaryZh: '基准测试', summaryEn: 'bench', departmentId: 'bench', themeId: 'bench',
      openType: 'open', updateFrequency: 'irregular', license: 'CC-BY-4.0', keywords: [], keywordsEn: [], spatial: '马鞍山市', relatedCodes: [],
      schema: schema as never, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
    }).returning({ pk: datasets.pk }).get().pk;
  const version = { n: 1, schema: schema as never, publishedAt: '2025-01-01T00:00:00Z', changeNote: '基准', diff: null };

  let t = performance.now();
  const smallPk = addDataset('bench-50mb', '基准测试五十兆');
  const rowCount = writeRowsTable(db, smallPk, 1, schema as never, syntheticRows(smallRows));
  commitVersion(db, smallPk, { ...version, rowCount, artifacts: {} });
  const insertS = (performance.now() - t) / 1000;
  t = performance.now();
  const small = await ensureArtifact({ db, filesDir }, smallPk, 1, 'csv');
  const buildS = (performance.now() - t) / 1000;
  console.log(`~50 MB artifact: ${rowCount} rows inserted in ${insertS.toFixed(1)} s; CSV artifact (${(small.bytes / 1e6).toFixed(1)} MB + .gz) written by the artifact writer in ${buildS.toFixed(1)} s`);

  // The 200 MB file goes into the store directly: only its serving is measured.
  t = performance.now();
  const big = await storeArtifact(filesDir, 'csv', Readable.from(syntheticCsv(bigBytes)));
  commitVersion(db, addDataset('bench-200mb', '基准测试两百兆'), { ...version, rowCount: 0, artifacts: { csv: big } });
  console.log(`~200 MB artifact (${(big.bytes / 1e6).toFixed(1)} MB + .gz) placed in the store in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  db.$client.close();
  return { smallFile: path.join(filesDir, small.path) };
}

async function measureMemory(dataDir: string) {
  const { child, port } = await startChild('serve-app', dataDir);
  try {
    const url = '/api/v1/datasets/bench-200mb/versions/1/data.csv';
    const fresh = rssBytes(child.pid!);
    await throughput(port, url, 0.5);
    await new Promise((r) => setTimeout(r, 500));
    const run = async (mbPerS: number, stopAt: number) => {
      await new Promise((r) => setTimeout(r, 500));
      const before = rssBytes(child.pid!);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(child.pid!))), 20);
      const agent = new http.Agent({ keepAlive: false });
      const counter = { bytes: 0 };
      const start = performance.now();
      await Promise.all(Array.from({ length: connections }, () => download(port, url, agent, counter, stopAt, mbPerS)));
      clearInterval(sampler);
      peak = Math.max(peak, rssBytes(child.pid!));
      return { before, peak, mb: counter.bytes / 1e6, secs: (performance.now() - start) / 1000 };
    };
    const fast = await run(Infinity, Infinity);
    // Slow readers: a server that ignored backpressure would buffer the files it cannot send yet.
    const slow = await run(20, performance.now() + 500 + 4000);
    return { fresh, fast, slow };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-bench-download-'));
  const children: ChildProcess[] = [];
  try {
    const { smallFile } = await prepare(dataDir);
    const app = await startChild('serve-app', dataDir);
    const bare = await startChild('serve-bare', smallFile);
    children.push(app.child, bare.child);
    const appUrl = '/api/v1/datasets/bench-50mb/versions/1/data.csv';
    await throughput(app.port, appUrl, 1);
    await throughput(bare.port, '/', 1);
    const results = { app: [] as number[], floor: [] as number[] };
    for (let round = 0; round < 2; round++) {
      results.floor.push(await throughput(bare.port, '/', seconds / 2));
      results.app.push(await throughput(app.port, appUrl, seconds / 2));
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [appMBs, floorMBs] = [avg(results.app), avg(results.floor)];
    console.log(`\nbench:download — ${connections} connections, ${seconds} s per server (alternating halves)`);
    console.log(`floor (node:http + fs.createReadStream): ${floorMBs.toFixed(0)} MB/s`);
    console.log(`app   (GET ${appUrl}): ${appMBs.toFixed(0)} MB/s`);
    console.log(`ratio app/floor: ${((appMBs / floorMBs) * 100).toFixed(0)}% (goal >= 80%)`);
    for (const c of children.splice(0)) c.kill('SIGTERM');

    const mem = await measureMemory(dataDir);
    console.log(`\napp server RSS when started: ${(mem.fresh / 2 ** 20).toFixed(0)} MB; after a 0.5 s warm-up at ${connections} connections: ${(mem.fast.before / 2 ** 20).toFixed(0)} MB`);
    for (const [label, m] of [['full-speed clients', mem.fast], ['slow clients (20 MB/s each, 4 s)', mem.slow]] as const) {
      const growth = (m.peak - m.before) / 2 ** 20;
      console.log(`\nmemory, ${connections} concurrent downloads of the ~200 MB artifact, ${label}: ${m.mb.toFixed(0)} MB in ${m.secs.toFixed(1)} s`);
      console.log(`app server RSS ${(m.before / 2 ** 20).toFixed(0)} MB -> peak ${(m.peak / 2 ** 20).toFixed(0)} MB: growth ${growth.toFixed(1)} MB (goal < 64 MB)`);
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'serve-app') await serveApp(arg!);
else if (mode === 'serve-bare') serveBare(arg!);
else await main();
