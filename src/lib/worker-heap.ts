import v8 from 'node:v8';

/**
 * A worker thread keeps the heap its largest job grew (V8 does not hand it back while the thread lives): one that
 * has written a million-row version's files holds ~100 MB more than a fresh one. Pools keep a worker for the next
 * job only below this heap, and end it otherwise (a fresh one starts in ~0.1 s, and publishes warm them ahead).
 */
const keepBelowBytes = 32 << 20;

/** The heap this thread holds now (reported by a worker with each finished job). */
export const heapBytes = () => v8.getHeapStatistics().total_heap_size;

/** Whether a worker that reported `heap` after its job is worth keeping idle. */
export const keepsWorker = (heap: number) => heap < keepBelowBytes;
