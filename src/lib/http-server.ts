import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import type { Logger } from './context.js';
import { onClientError, requestErrorResponse } from './client-error.js';
import { declaredTooLongToDrain, discardUnreadBody, type DrainLimits } from './unread-body.js';

export type HttpServerOptions = {
  fetch: (req: Request, env: HttpBindings) => Response | Promise<Response>;
  log: Logger;
  /** KAIFANG_UPLOAD_LIMIT_MB: up to twice this much of an unread body is read and discarded so its answer reaches the client. */
  uploadLimitMb: number;
  drainIdleMs?: number;
};

/** How long a connection whose answer went out early keeps reading before it is cut (nginx's lingering close). */
const lingering: DrainLimits = { maxBytes: 8 * 1048576, idleMs: 2_000 };

/**
 * A client that writes its whole body before reading (Python's urllib, many HTTP libraries) sees a
 * broken pipe, not the answer, when the server closes a connection with bytes of the body still
 * unread. So an answer given before the body was read (a refused upload, a body over its limit) waits
 * until the rest has arrived and been thrown away; a body declared or found longer than the drain
 * allows is not waited for, and its connection closes after the answer. A handler that sets
 * `Connection: close` itself (an upload stopped at the limit) is answered at once, and its connection lingers.
 */
async function answerAfterBody(incoming: HttpBindings['incoming'], res: Response, limits: DrainLimits): Promise<Response> {
  if (incoming.complete) return res;
  if (res.headers.get('connection')?.toLowerCase() === 'close') {
    // Answered at once, but not closed under a client still sending: closing a socket with unread bytes resets it,
    // and the reset could reach the client before the answer did. What follows is read and thrown away for a
    // moment (a client that reads as it writes stops at the answer), then the connection is cut.
    res.headers.delete('Connection');
    void discardUnreadBody(incoming, lingering).then((ended) => { if (!ended) incoming.socket.destroy(); });
    return res;
  }
  if (!declaredTooLongToDrain(incoming, limits.maxBytes) && (await discardUnreadBody(incoming, limits))) return res;
  res.headers.set('Connection', 'close');
  return res;
}

/**
 * The portal's HTTP server, shared by `npm start` and the tests that need real sockets: Hono's Node
 * adapter, the drain above, and problem+json for what Node or the adapter refuse before the app runs.
 */
export function createHttpServer(options: HttpServerOptions): http.Server {
  const limits: DrainLimits = { maxBytes: 2 * options.uploadLimitMb * 1048576, idleMs: options.drainIdleMs ?? 10_000 };
  // http.createServer: the bindings are HTTP/1's.
  const fetch = async (req: Request, env: HttpBindings | Http2Bindings) => answerAfterBody((env as HttpBindings).incoming, await options.fetch(req, env as HttpBindings), limits);
  // The listener is async and answers its own errors (errorHandler); node:http ignores what it returns.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const server = http.createServer(getRequestListener(fetch, { errorHandler: requestErrorResponse(options.log) }));
  server.on('clientError', onClientError(options.log));
  return server;
}

export function listen(server: http.Server, port: number, hostname: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
