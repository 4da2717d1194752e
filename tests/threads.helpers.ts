// Counting this process's threads (Linux): each worker thread is one, so a pool's idle workers can be seen.
import fs from 'node:fs';

export const threads = () => fs.readdirSync('/proc/self/task').length;

/** The count once it has not changed for 300 ms: an ended worker's thread leaves a moment after its exit event. */
export async function settledThreads(): Promise<number> {
  let last = threads();
  for (let stableFor = 0; stableFor < 300; ) {
    await new Promise((r) => setTimeout(r, 50));
    const now = threads();
    stableFor = now === last ? stableFor + 50 : 0;
    last = now;
  }
  return last;
}
