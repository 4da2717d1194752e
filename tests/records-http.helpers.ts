// A real HTTP server on 127.0.0.1 for records tests about the event loop (search index builds, streams).
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { createTestApp } from './helpers.js';

export async function startServer(app: Awaited<ReturnType<typeof createTestApp>>['app']) {
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () => new Promise<void>((resolve) => { (server as http.Server).closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Polls `url` every `everyMs` until `stop()` is true; returns each answer's latency in ms. */
export async function pollLatencies(url: string, stop: () => boolean, everyMs = 10): Promise<number[]> {
  const out: number[] = [];
  while (!stop()) {
    const started = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    out.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return out;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
