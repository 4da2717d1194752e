import fs from 'node:fs';
import os from 'node:os';

/**
 * On Linux a thread has its own nice value: a worker that calls this yields the CPU to the serving thread when
 * cores are short (two, here), so /healthz and cheap pages are not delayed behind a publish, an index build or a
 * bomb being inflated. Elsewhere, or when not allowed, nothing changes. (query-worker.mjs, plain JavaScript, does
 * the same inline.)
 */
export function yieldCpuToServingThread(nice = 10): void {
  try {
    os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {
    /* not Linux, or not allowed */
  }
}
