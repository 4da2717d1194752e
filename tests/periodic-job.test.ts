import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPeriodicJob } from '../src/lib/periodic-job.js';

describe('periodic jobs (the daily monitor and audit retention)', () => {
  it('waits for the first delay, repeats, never runs two rounds at once, and stop waits for the running round', async () => {
    let started = 0;
    let active = 0;
    let most = 0;
    let finished = 0;
    const job = startPeriodicJob(async () => {
      started++;
      active++;
      most = Math.max(most, active);
      await sleep(45); // longer than the interval: the rounds due meanwhile are skipped
      active--;
      finished++;
    }, { everyMs: 10, firstDelayMs: 30, onError: () => {} });
    await sleep(15);
    expect(started).toBe(0);
    await sleep(120);
    await job.stop();
    expect(started).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    expect(finished).toBe(started);
    const after = started;
    await sleep(40);
    expect(started).toBe(after);
  });

  it('reports a failed round and keeps going', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const job = startPeriodicJob(async () => {
      rounds++;
      throw new Error(`round ${rounds}`);
    }, { everyMs: 10, firstDelayMs: 0, onError: (err) => errors.push(err) });
    await sleep(60);
    await job.stop();
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(errors.map((e) => (e as Error).message).slice(0, 2)).toEqual(['round 1', 'round 2']);
  });
});
