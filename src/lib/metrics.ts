import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as PromClient from 'prom-client';
import type { MetricsSink } from './metrics-sink.js';

export type { MetricsSink };

/** Values read when Prometheus scrapes (queue depth, buffer size), given by createApp once its state exists. */
export type MetricsGauges = {
  artifactBuildsInFlight?: () => number;
  usageBuffered?: () => number;
  /** PostgreSQL: the jobs table shared by the nodes (artifact builds, recurring deliveries), queued and running. */
  clusterJobs?: () => Promise<{ kind: string; state: string; count: number }[]>;
};

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const workBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * One registry per app (createApp builds it; tests build many apps in one process, and two apps must not count into
 * each other). prom-client is loaded after the start (its ~80 ms would add to every start, see bench:startup): what
 * is counted before goes into a queue replayed once it is there. Node's own series (memory, GC, event-loop lag) are
 * registered on the first scrape: they keep a histogram of the event loop running from then on, which a test app
 * that is never scraped should not pay for.
 */
export function createMetrics(gauges: MetricsGauges = {}) {
  let series: ReturnType<typeof build> | null = null;
  let queued: ((s: ReturnType<typeof build>) => void)[] = [];
  const loaded = new Promise<ReturnType<typeof build>>((resolve, reject) => {
    setTimeout(() => void import('prom-client').then((module) => {
      // A CommonJS package: its exports are the namespace's default (named ones are not there once bundled into dist/).
      series = build(module.default ?? module, gauges);
      for (const observe of queued) observe(series);
      queued = [];
      resolve(series);
    }).catch(reject), 0).unref();
  });
  loaded.catch(() => {}); // a failed import fails the scrape that awaits it
  const apply = (observe: (s: ReturnType<typeof build>) => void) => (series ? observe(series) : queued.length < 100_000 && void queued.push(observe));

  const sink: MetricsSink = {
    publishSeconds: (seconds, outcome) => apply((s) => s.publish.observe({ outcome }, seconds)),
    artifactBuildSeconds: (seconds, outcome) => apply((s) => s.artifactBuild.observe({ outcome }, seconds)),
    usageFlushSeconds: (seconds, events) => apply((s) => {
      s.usageFlush.observe(seconds);
      s.usageFlushed.inc(events);
    }),
  };

  function request(method: string, route: string, status: number, seconds: number) {
    apply((s) => {
      const labels = { method, route, status: String(status) };
      s.httpRequests.inc(labels);
      s.httpDuration.observe(labels, seconds);
      if (status === 429) s.rateLimited.inc({ route });
    });
  }

  /** The Prometheus text exposition, and its content type. */
  const scrape = async () => (await loaded).scrape();
  return { sink, request, scrape };
}

function build(client: Pick<typeof PromClient, 'collectDefaultMetrics' | 'Counter' | 'Gauge' | 'Histogram' | 'Registry'>, gauges: MetricsGauges) {
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = client;
  const registry = new Registry();
  const httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const httpDuration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request (until the handler returned; a streamed body may go on)', labelNames: ['method', 'route', 'status'] as const, buckets: latencyBuckets, registers: [registry] });
  const rateLimited = new Counter({ name: 'kaifang_rate_limit_refusals_total', help: 'Requests refused with 429 (key rate limits and quotas, anonymous limits, sign-in and registration throttles), by route pattern', labelNames: ['route'] as const, registers: [registry] });
  const publish = new Histogram({ name: 'kaifang_publish_duration_seconds', help: 'Publishing a version, from the upload to the commit', labelNames: ['outcome'] as const, buckets: workBuckets, registers: [registry] });
  const artifactBuild = new Histogram({ name: 'kaifang_artifact_build_duration_seconds', help: 'Building the missing files of a version', labelNames: ['outcome'] as const, buckets: workBuckets, registers: [registry] });
  const usageFlush = new Histogram({ name: 'kaifang_usage_flush_duration_seconds', help: 'Writing the usage buffer with its rollups', buckets: latencyBuckets, registers: [registry] });
  const usageFlushed = new Counter({ name: 'kaifang_usage_events_flushed_total', help: 'Usage events written', registers: [registry] });
  const gauge = (name: string, help: string, read: (() => number) | undefined) =>
    read && new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  gauge('kaifang_usage_buffered_events', 'Usage events counted and not yet written', gauges.usageBuffered);
  gauge('kaifang_artifact_builds_in_flight', 'Artifact builds running (on demand and in the background): the build queue', gauges.artifactBuildsInFlight);
  const clusterJobs = gauges.clusterJobs;
  if (clusterJobs) {
    new Gauge({
      name: 'kaifang_cluster_jobs', help: 'Jobs of the nodes\' shared queue (PostgreSQL), queued or running, by kind and state', labelNames: ['kind', 'state'] as const, registers: [registry],
      async collect() {
        this.reset();
        for (const j of await clusterJobs()) this.set({ kind: j.kind, state: j.state }, j.count);
      },
    });
  }

  let nodeSeries = false;
  async function scrape(): Promise<string> {
    if (!nodeSeries) {
      nodeSeries = true;
      collectDefaultMetrics({ register: registry });
      const delay = monitorEventLoopDelay({ resolution: 20 });
      delay.enable();
      new Gauge({ name: 'kaifang_eventloop_delay_p99_seconds', help: 'The 99th percentile of the event loop delay since the previous scrape', registers: [registry], collect() { this.set(delay.percentile(99) / 1e9); delay.reset(); } });
    }
    return registry.metrics();
  }

  return { httpRequests, httpDuration, rateLimited, publish, artifactBuild, usageFlush, usageFlushed, scrape: async () => ({ text: await scrape(), contentType: registry.contentType }) };
}

export type Metrics = ReturnType<typeof createMetrics>;
