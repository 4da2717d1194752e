import { asSqlite } from '../../src/db/connection.js';
// npm run bench:stalls [-- --publish=off] — how long the serving thread makes everyone wait while heavy work runs.
// Probes GET /healthz and a 100-row records page of the 1,000,000-row version every 50 ms (open loop: a probe is
// sent on time even while earlier ones wait, so a stall shows in every probe it delays) during:
//   idle     nothing else (the same server, in the same round)
//   publish  (a) the million-row CSV uploaded over HTTP as a new version by a publisher session (curl)
//   sort     (b) 8 wrk connections sending `sort=-so2` (no index on so2) on the million-row version, 10 s
//   filters  (c) 50 unseen filters with exact totals on unindexed fields (8 at a time)
// Warm-up, then BENCH_ROUNDS (default 3) rounds, the scenarios' order reversed every other round. Goal: p99 < 50 ms
// and max < 200 ms under each load. Data: .tmp/bench-big (the seeded catalog + scripts/bench/million.ts), made once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { createUser, findUserByEmail } from '../../src/auth/auth.service.js';
import { createSession } from '../../src/auth/auth.session.js';
import { benchKey, ensureSeededDataDir, fmt, startApp, waitForSettledCatalog, wrk } from './lib.js';
import { ensureMillionVersion, millionCsv } from './million.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { publish: { type: 'string', default: 'on' } } });
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const port = 3121;
const base = `http://127.0.0.1:${port}`;
const dataDir = await ensureSeededDataDir(path.resolve('.tmp/bench-big'));
const million = await ensureMillionVersion(dataDir);
const csv = await millionCsv();
const silent = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** A key for the records requests and a publisher's session cookie for the upload. */
async function credentials() {
  const { db } = await openDataDir(readEnv({ KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent' }), silent);
  try {
    const key = await benchKey(db);
    const dept = asSqlite(db).$client.prepare('SELECT department_id FROM datasets WHERE id = ?').pluck().get(million.datasetId) as string;
    const email = 'bench-publisher@kaifang.local';
    const user = await findUserByEmail(db, email) ?? (await createUser(db, { email, password: 'bench-password-not-secret', role: 'publisher', departmentId: dept }, new Date()));
    return { key, cookie: `kf_session=${(await createSession(db, user.id, new Date())).token}` };
  } finally {
    asSqlite(db).$client.close();
  }
}

const { key, cookie } = await credentials();
const auth = { authorization: `Bearer ${key}` };
const recordsUrl = (query: string) => `${base}/api/v1/datasets/${million.datasetId}/versions/${million.n}/records?${query}`;

type Probes = { healthz: number[]; records: number[] };

/** Sends both probes every 50 ms until `work` settles; returns their latencies (ms) and what `work` returned. */
async function probed<T>(work: () => Promise<T>): Promise<{ probes: Probes; result: T }> {
  const probes: Probes = { healthz: [], records: [] };
  const pending: Promise<void>[] = [];
  const time = (url: string, into: number[], headers?: Record<string, string>) => {
    const started = performance.now();
    pending.push(fetch(url, { headers }).then(async (r) => {
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`probe ${url}: ${r.status}`);
      into.push(performance.now() - started);
    }));
  };
  const timer = setInterval(() => {
    time(`${base}/healthz`, probes.healthz);
    time(recordsUrl('limit=100'), probes.records, auth);
  }, 50);
  try {
    return { probes, result: await work() };
  } finally {
    clearInterval(timer);
    await Promise.all(pending);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = (cmd: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile(cmd, args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd}: ${stderr || err.message}`)) : resolve(stdout))));

let filterRound = 0;
const scenarios = {
  idle: async () => {
    await sleep(5000);
    return '';
  },
  publish: async () => {
    const started = performance.now();
    const out = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Cookie: ${cookie}`, '-H', 'Sec-Fetch-Site: same-origin', '-F', 'change_note=bench:stalls', '-F', `file=@${csv};type=text/csv`, `${base}/api/v1/datasets/${million.datasetId}/versions`]);
    if (out !== '201') throw new Error(`publish answered ${out}`);
    return `whole publish ${((performance.now() - started) / 1000).toFixed(1)} s`;
  },
  sort: async () => {
    const r = await wrk(recordsUrl('sort=-so2&limit=100'), { connections: 8, duration: 10, headers: auth });
    return `${r.rps.toFixed(1)} req/s, p99 ${r.p99.toFixed(0)} ms, ${r.non2xx} non-2xx`;
  },
  filters: async () => {
    // Values never sent before in this server's life: each exact total is a new count of a million rows.
    const round = filterRound++;
    const queries = Array.from({ length: 50 }, (_, i) => `so2__gte=${(i * 2.3 + round * 0.01).toFixed(2)}&pm25__lt=${200 - i - round / 100}&limit=100`);
    const started = performance.now();
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < queries.length) {
        const res = await fetch(recordsUrl(queries[next++]!), { headers: auth });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
    }));
    const bad = statuses.filter((s) => s !== 200).length;
    return `50 answered in ${((performance.now() - started) / 1000).toFixed(1)} s, ${bad} not 200`;
  },
} as const;

type Name = keyof typeof scenarios;
const names = (Object.keys(scenarios) as Name[]).filter((n) => values.publish !== 'off' || n !== 'publish');
const results = Object.fromEntries(names.map((n) => [n, [] as { probes: Probes; note: string }[]])) as Record<Name, { probes: Probes; note: string }[]>;

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)] ?? 0;
const app = await startApp(dataDir, port);
try {
  await waitForSettledCatalog(dataDir);
  console.log(`bench:stalls — probes every 50 ms of /healthz and a 100-row page of ${million.datasetId} v${million.n} (1,000,000 rows); ${roundCount} rounds after a warm-up`);
  await probed(scenarios.idle);
  await probed(scenarios.sort);
  for (let round = 0; round < roundCount; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const { probes, result } = await probed(scenarios[name]);
      results[name].push({ probes, note: result });
      console.log(`  round ${round + 1} ${name.padEnd(8)} healthz p99 ${p99(probes.healthz).toFixed(1)} max ${Math.max(...probes.healthz).toFixed(0)} ms; records p99 ${p99(probes.records).toFixed(1)} max ${Math.max(...probes.records).toFixed(0)} ms  ${result}`);
    }
  }
  console.log('\nmedian (min–max) over the rounds, ms');
  console.log(`${'load'.padEnd(10)}${'/healthz p99'.padEnd(22)}${'/healthz max'.padEnd(22)}${'records p99'.padEnd(22)}${'records max'.padEnd(22)}goal p99 < 50, max < 200`);
  for (const name of names) {
    const runs = results[name];
    const cols = [(r: Probes) => p99(r.healthz), (r: Probes) => Math.max(...r.healthz), (r: Probes) => p99(r.records), (r: Probes) => Math.max(...r.records)].map((f) => runs.map((x) => f(x.probes)));
    const ok = name === 'idle' ? '' : cols[0]!.every((x) => x < 50) && cols[2]!.every((x) => x < 50) && cols[1]!.every((x) => x < 200) && cols[3]!.every((x) => x < 200) ? 'met' : 'NOT met';
    console.log(`${name.padEnd(10)}${cols.map((c) => fmt(c, 1).padEnd(22)).join('')}${ok}`);
  }
  console.log('\nThe machine is shared: the idle row is the floor of this run.');
} finally {
  app.kill('SIGTERM');
}
