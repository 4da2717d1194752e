import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { startPortalServer, type TestServer } from './http-server.helpers.js';
import { createHttpServer, listen } from '../src/lib/http-server.js';

// /metrics in the Prometheus text format (0.0.4), read by a strict line parser: every line is a HELP, a TYPE or a
// sample `name{label="value",…} number`, and every sample belongs to a declared family.

type Sample = { name: string; labels: Record<string, string>; value: number };

function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  // NaN as prom-client writes it before a first sample (`Nan`): Prometheus reads floats case-insensitively.
  const sampleLine = new RegExp(`^(${name})(?:\\{((?:${label})(?:,${label})*)?,?\\})? (-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|[Nn]a[Nn]|\\+Inf|-Inf))(?: -?\\d+)?$`);
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const help = new RegExp(`^# HELP (${name}) .+$`).exec(line);
    if (help) continue;
    const type = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      expect(types.has(type[1]!), `TYPE ${type[1]} declared twice`).toBe(false);
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = sampleLine.exec(line);
    expect(m, `not a Prometheus text line: ${line}`).not.toBeNull();
    const labels = Object.fromEntries([...(m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    const family = m![1]!.replace(/_(bucket|sum|count|total|created)$/, '');
    expect(types.has(m![1]!) || types.has(family), `sample ${m![1]} of no declared family`).toBe(true);
    samples.push({ name: m![1]!, labels, value: Number(m![3]!.replace('+Inf', 'Infinity').replace(/^nan$/i, 'NaN')) });
  }
  return { types, samples };
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** An address of this machine other than loopback: a peer connecting to it is not 127.0.0.1. */
const otherAddress = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
const token = 'metrics-token-0123456789abcdef';

describe('/metrics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestApp({ env: { KAIFANG_METRICS_TOKEN: token, KAIFANG_TRUST_PROXY: '1' } });
    server = await startPortalServer(t);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('counts requests by method, route pattern and status in the Prometheus text format, with latency, Node and portal series', async () => {
    const [a, b] = t.catalog.datasets;
    for (const id of [a!.id, b!.id]) expect((await fetch(`${server.base}/api/v1/datasets/${id}`)).status).toBe(200);
    expect((await fetch(`${server.base}/api/v1/datasets/no-such-dataset`)).status).toBe(404);
    expect((await fetch(`${server.base}/no/such/page`)).status).toBe(404);

    const res = await fetch(`${server.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheusText(await res.text());

    // The route pattern, never the URL: two datasets are one series; an unknown path is `unmatched`.
    expect(find(samples, 'http_requests_total', { method: 'GET', route: '/api/v1/datasets/:id', status: '200' }).map((s) => s.value)).toEqual([2]);
    expect(find(samples, 'http_requests_total', { route: '/api/v1/datasets/:id', status: '404' }).map((s) => s.value)).toEqual([1]);
    expect(find(samples, 'http_requests_total', { route: 'unmatched', status: '404' }).map((s) => s.value)).toEqual([1]);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes(a!.id) || v.includes('no-such')))).toBe(false);

    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    const buckets = find(samples, 'http_request_duration_seconds_bucket', { route: '/api/v1/datasets/:id', status: '200' });
    expect(buckets.find((s) => s.labels.le === '+Inf')?.value).toBe(2);
    expect(find(samples, 'http_request_duration_seconds_count', { route: '/api/v1/datasets/:id', status: '200' })[0]?.value).toBe(2);

    for (const family of ['nodejs_eventloop_lag_seconds', 'kaifang_eventloop_delay_p99_seconds', 'kaifang_usage_buffered_events', 'kaifang_artifact_builds_in_flight', 'process_resident_memory_bytes']) {
      expect(types.has(family), family).toBe(true);
    }
    for (const histogram of ['kaifang_publish_duration_seconds', 'kaifang_artifact_build_duration_seconds', 'kaifang_usage_flush_duration_seconds']) expect(types.get(histogram), histogram).toBe('histogram');
    expect(types.get('kaifang_rate_limit_refusals_total')).toBe('counter');
    // On PostgreSQL the nodes share a job queue (artifact builds, recurring deliveries): its depth is reported too.
    expect(types.get('kaifang_cluster_jobs')).toBe(t.engine === 'postgres' ? 'gauge' : undefined);
  });

  it('counts a refused sign-in (429) as a rate-limit refusal', async () => {
    const attempt = () => fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.base }, body: JSON.stringify({ email: 'nobody@example.cn', password: 'wrong password here' }) });
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) status = (await attempt()).status;
    expect(status).toBe(429);
    const { samples } = parsePrometheusText(await (await fetch(`${server.base}/metrics`)).text());
    expect(find(samples, 'kaifang_rate_limit_refusals_total', { route: '/api/v1/auth/login' })[0]?.value).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!otherAddress)('is refused to a peer that is not loopback (whatever X-Forwarded-For says) unless it brings the token', async () => {
    const outside = createHttpServer({ fetch: t.app.fetch, log: t.deps.log, uploadLimitMb: 1 });
    const { port } = await listen(outside, 0, otherAddress!);
    try {
      const url = `http://${otherAddress}:${port}/metrics`;
      const refused = await fetch(url, { headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await refused.text())).not.toContain('http_requests_total');
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(403);
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('# TYPE http_requests_total counter');
    } finally {
      outside.closeAllConnections();
      await new Promise((resolve) => outside.close(resolve));
    }
  });

  it('is refused to a loopback peer that relays for someone else (a reverse proxy on this machine) unless it brings the token', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) expect((await fetch(`${server.base}/metrics`, { headers: { [header]: '198.51.100.7' } })).status, header).toBe(403);
    expect((await fetch(`${server.base}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.7', authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('is refused without a socket address (a request that did not come over TCP)', async () => {
    expect((await t.app.request('/metrics')).status).toBe(403);
  });
});
