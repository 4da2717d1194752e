import type { IncomingMessage } from 'node:http';

export type DrainLimits = { maxBytes: number; idleMs: number };

/**
 * Reads and throws away what is left of a request body the app did not read (a refused upload, a body
 * over its limit). Resolves true when the body ended, false when it passed `maxBytes` or stalled for
 * `idleMs`; nothing is kept in memory. Listeners of an abandoned reader (the app's web stream) are
 * removed first, as Node's own `req._dump()` does.
 */
export function discardUnreadBody(incoming: IncomingMessage, limits: DrainLimits): Promise<boolean> {
  if (incoming.complete) return Promise.resolve(true);
  if (incoming.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let discarded = 0;
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('close', onClose);
      resolve(ended);
    };
    const timer = setTimeout(() => finish(false), limits.idleMs);
    const onData = (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > limits.maxBytes) finish(false);
      else timer.refresh();
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(incoming.complete);
    incoming.removeAllListeners('data');
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('close', onClose);
    incoming.resume();
  });
}

/** A declared body larger than the drain allows is not read at all: the answer goes out at once and the connection closes. */
export function declaredTooLongToDrain(incoming: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(incoming.headers['content-length'] ?? NaN);
  return Number.isFinite(declared) && declared > maxBytes;
}
