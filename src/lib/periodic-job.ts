/**
 * Runs `run` every `everyMs`, the first time `firstDelayMs` after the start, never two rounds at once (a round still
 * running when the next is due is skipped). The timers do not keep the process alive; `stop` waits for a running round.
 */
export function startPeriodicJob(run: () => Promise<void>, options: { everyMs: number; firstDelayMs: number; onError: (err: unknown) => void }): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let interval: NodeJS.Timeout | null = null;
  const round = () => {
    if (running) return;
    running = run().catch(options.onError).finally(() => (running = null));
  };
  const first = setTimeout(() => {
    round();
    interval = setInterval(round, options.everyMs);
    interval.unref();
  }, options.firstDelayMs);
  first.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
      await running;
    },
  };
}
