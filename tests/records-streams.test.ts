// Whole-result streams (limit=all) share the serving thread with everyone: they yield between small
// chunks, and at most 2 per key and 8 in all run at once (429 / 503 with Retry-After beyond).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createKey, signUp } from './records.helpers.js';
import { percentile, pollLatencies, startServer } from './records-http.helpers.js';
import { streamLimits } from '../src/records/records.stream.js';

const id = 'job-postings';
let t: Awaited<ReturnType<typeof createTestApp>>;
let server: Awaited<ReturnType<typeof startServer>>;
let keys: string[];

beforeAll(async () => {
  t = await createTestApp({ datasets: [id] });
  const cookie = await signUp(t.app, 'streams@example.com');
  keys = [];
  for (let i = 0; i < 16; i++) keys.push((await createKey(t.app, cookie, `key ${i}`)).secret);
  server = await startServer(t.app);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

type Opened = { status: number; headers: http.IncomingHttpHeaders; body: Promise<string>; lines: Promise<number>; res: http.IncomingMessage; req: http.ClientRequest };

/** A records request over a real socket; `read: false` takes the headers and then reads nothing (a stalled client). */
function open(key: string, query: string, read = true): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.base}/api/v1/datasets/${id}/versions/1/records?${query}`, { headers: { authorization: `Bearer ${key}` }, agent: false }, (res) => {
      // Problems are kept whole; streams are only counted (line feeds), as a client would parse them.
      const keep = res.statusCode !== 200;
      const chunks: Buffer[] = [];
      let lines = 0;
      const ended = new Promise<void>((done) => {
        res.on('data', (c: Buffer) => {
          if (keep) chunks.push(c);
          for (let at = c.indexOf(10); at >= 0; at = c.indexOf(10, at + 1)) lines++;
        });
        res.on('end', done);
        res.on('close', done);
      });
      if (!read) res.pause();
      const body = ended.then(() => Buffer.concat(chunks).toString('utf8'));
      resolve({ status: res.statusCode!, headers: res.headers, body, lines: ended.then(() => lines), res, req });
    });
    req.on('error', reject);
  });
}
const held = (key: string) => open(key, 'format=ndjson&limit=all', false);

async function eventually(check: () => Promise<boolean>, ms = 3000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('limit=all streams', () => {
  it(`caps streams per key (${streamLimits.perKey}, 429) and in all (${streamLimits.total}, 503), and frees a slot when a client goes away`, async () => {
    const mine = [await held(keys[0]!), await held(keys[0]!)];
    expect(mine.map((s) => s.status)).toEqual([200, 200]);
    const third = await open(keys[0]!, 'format=csv&limit=all');
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toContain('application/problem+json');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(await third.body)).toMatchObject({ status: 429, code: 'too_many_streams' });
    // Pages are not capped.
    expect((await open(keys[0]!, 'format=csv&limit=10')).status).toBe(200);

    const others: Opened[] = [];
    for (let i = 1; others.length + mine.length < streamLimits.total; i++) others.push(await held(keys[Math.ceil(i / 2)]!));
    expect(others.every((s) => s.status === 200)).toBe(true);
    const over = await open(keys[15]!, 'format=csv&limit=all');
    expect(over.status).toBe(503);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(await over.body)).toMatchObject({ status: 503, code: 'streams_busy' });

    // A client that hangs up gives its slot back.
    mine[0]!.req.destroy();
    await eventually(async () => {
      const again = await open(keys[0]!, 'format=csv&limit=all');
      await again.body;
      return again.status === 200;
    });
    for (const s of [...mine, ...others]) s.req.destroy();
    await eventually(async () => {
      const fresh = await open(keys[15]!, 'format=csv&limit=all');
      await fresh.body;
      return fresh.status === 200;
    });
  });

  it('30 parallel limit=all requests: /healthz stays fast, the streams beyond the caps are refused, the rest complete', async () => {
    let running = true;
    const healthz = pollLatencies(`${server.base}/healthz`, () => !running, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = await Promise.all(Array.from({ length: 30 }, (_, i) => open(keys[i % 15]!, i % 2 ? 'format=ndjson&limit=all' : 'format=csv&limit=all')));
    const lines = await Promise.all(started.map((s) => s.lines));
    running = false;
    const latencies = await healthz;

    const ok = started.flatMap((s, i) => (s.status === 200 ? [i] : []));
    expect(ok.length).toBeGreaterThanOrEqual(streamLimits.total);
    expect(ok.length).toBeLessThan(30);
    // Every row arrived (job postings have no line breaks inside cells): one line each, and the CSV header.
    for (const i of ok) expect(lines[i]).toBe(Number(started[i]!.headers['x-total-count']) + (i % 2 ? 0 : 1));
    for (const s of started.filter((x) => x.status !== 200)) {
      expect([429, 503]).toContain(s.status);
      expect(s.headers['retry-after']).toBeTruthy();
    }
    // Before the fix most answers took 150-550 ms here. The goal is p99 under 100 ms on the portal's
    // own machine (npm run bench:abuse); a CI machine shared with other jobs adds scheduling spikes, so
    // the test holds the median and p95.
    expect(latencies.length).toBeGreaterThan(10);
    expect(percentile(latencies, 50)).toBeLessThan(30);
    expect(percentile(latencies, 95)).toBeLessThan(100);
  });
});
