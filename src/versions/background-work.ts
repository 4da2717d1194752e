/**
 * Work a request started but does not wait for (a publish's follow-up: its quality profile and `.gz` copies). The
 * app's close waits for it before it ends the workers it runs in; tests await `settled` to see its outcome.
 */
export type BackgroundWork = {
  /** Tracks `work` until it settles; its failure is the work's own business (it logs), never an unhandled rejection. */
  add(work: Promise<unknown>): void;
  /** Resolves when everything added so far (and anything added meanwhile) has settled. */
  settled(): Promise<void>;
  /** From the app's close on: work still running may find the database or the store gone, which is no error to report. */
  readonly closing: boolean;
  close(): Promise<void>;
};

export function createBackgroundWork(): BackgroundWork {
  const running = new Set<Promise<unknown>>();
  let closing = false;
  const settled = async () => {
    while (running.size) await Promise.all(running);
  };
  return {
    add(work) {
      const tracked = work.catch(() => {}).finally(() => running.delete(tracked));
      running.add(tracked);
    },
    settled,
    get closing() {
      return closing;
    },
    async close() {
      closing = true;
      await settled();
    },
  };
}
