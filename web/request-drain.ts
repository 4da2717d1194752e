import type http from 'node:http';
import type { HttpBindings } from '@hono/node-server';

type Fetch = (req: Request, env: HttpBindings) => Response | Promise<Response>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a shutdown waits for before it closes the database: every request being answered, from its arrival until its
 * handler has settled and its response has ended (a streamed download or records page reads the database while it
 * is written) or its connection closed. While draining, answers carry `Connection: close`, so a client on a
 * keep-alive connection gets its answer and then a refused connection, never a request cut off by the pool closing.
 */
export function requestDrain() {
  let draining = false;
  const open = new Set<Promise<unknown>>();
  const responses = new Set<http.ServerResponse>();

  const wrap = (fetch: Fetch): Fetch => (req, env) => {
    const res = env.outgoing;
    if (draining) res.shouldKeepAlive = false;
    responses.add(res);
    const ended = new Promise<void>((resolve) => res.once('close', () => (responses.delete(res), resolve())));
    const answered = Promise.resolve().then(() => fetch(req, env));
    const whole = Promise.allSettled([answered, ended]);
    open.add(whole);
    void whole.then(() => open.delete(whole));
    return answered;
  };

  /**
   * Stops accepting connections and waits up to `boundMs` for the requests in flight; then cuts the connections left
   * and gives their handlers `settleMs` more. True when everything ended within the bound.
   */
  async function drain(server: http.Server, boundMs: number, settleMs = 2000): Promise<boolean> {
    draining = true;
    for (const res of responses) if (!res.headersSent) res.shouldKeepAlive = false;
    server.close();
    const deadline = Date.now() + boundMs;
    // A keep-alive connection whose answer was already under way when draining began becomes idle after it: close it then.
    while (open.size > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await pause(20);
    }
    const inTime = open.size === 0;
    // Nothing is in flight when in time, so no connection left is carrying a request; when not, these are cut.
    server.closeAllConnections();
    if (!inTime) await Promise.race([Promise.allSettled([...open]), pause(settleMs)]);
    return inTime;
  }

  return { wrap, drain, inFlight: () => open.size };
}
