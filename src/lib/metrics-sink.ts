// What the features report to the metrics (src/lib/metrics.ts turns it into Prometheus series). A feature calls
// these through its deps; tests and the CLI that build no metrics pass nothing, and nothing is counted.

export type MetricsSink = {
  /** A publish from its upload to its commit (`outcome`: published or failed). */
  publishSeconds: (seconds: number, outcome: 'published' | 'failed') => void;
  /** One build of a version's missing files (on demand or by the background builder). */
  artifactBuildSeconds: (seconds: number, outcome: 'built' | 'failed') => void;
  /** One write of the usage buffer with its rollups. */
  usageFlushSeconds: (seconds: number, events: number) => void;
};
