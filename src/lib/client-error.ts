import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { RequestError } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { ApiError, problemBody, problemTitle } from './errors.js';
import type { Logger } from './context.js';

type Problem = { status: number; code: string; detail: string };

/** What Node's HTTP parser refused, in our words (the parser's codes are llhttp's). */
function problemFor(code: string | undefined): Problem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'request_too_large', detail: 'The URL and headers of the request together exceed 16 KB. Put long filters in fewer parameters, or fetch a file instead.' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    return { status: 408, code: 'request_timeout', detail: 'The request was not received in time.' };
  }
  return { status: 400, code: 'bad_request', detail: 'The request is not valid HTTP (for instance, raw bytes that are not allowed in a URL or header).' };
}

/** The same problem+json as the app's, with headers the app would add to any error. */
export function problemHeaders(requestId: string): Record<string, string> {
  return { 'Content-Type': 'application/problem+json; charset=utf-8', 'X-Request-Id': requestId, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
}

function rawResponse(problem: Problem, requestId: string): string {
  const body = JSON.stringify(problemBody(problem.status, problem.code, problem.detail, requestId));
  const headers = { ...problemHeaders(requestId), 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${problem.status} ${problemTitle(problem.status)}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The http server's `clientError` listener: a request Node's parser refuses (a URL over 16 KB, bytes not
 * allowed in a request line, a timeout) never reaches the app, and Node's own answer is an empty 400/431.
 * This writes the portal's problem+json instead, with a request id that is also logged.
 */
export function onClientError(log: Logger) {
  return function clientError(err: NodeJS.ErrnoException, socket: Duplex) {
    // A response already under way on this socket cannot be followed by another one (Node does the same).
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = problemFor(err.code);
    log.info(`[${requestId}] refused before routing: ${problem.status} (${err.code ?? err.message})`);
    socket.end(rawResponse(problem, requestId));
  };
}

/**
 * @hono/node-server's answer when it cannot even build a Request (an invalid Host header, a backslash in
 * the path): the same problem+json, not an empty 400.
 */
export function requestErrorResponse(log: Logger) {
  return function requestError(err: unknown): Response {
    const requestId = randomUUID();
    const clientFault = err instanceof RequestError;
    const problem: Problem = clientFault
      ? { status: 400, code: 'bad_request', detail: `The request could not be read: ${(err as Error).message}.` }
      : { status: 500, code: 'internal_error', detail: 'Something went wrong on our side; the request id identifies it in our logs.' };
    if (clientFault) log.info(`[${requestId}] refused before routing: 400 (${(err as Error).message})`);
    else log.error(`[${requestId}] request failed before routing`, err);
    return new Response(JSON.stringify(problemBody(problem.status, problem.code, problem.detail, requestId)), { status: problem.status, headers: problemHeaders(requestId) });
  };
}

/**
 * A path whose percent-encoding does not decode to UTF-8 (`/datasets/%FF`) names nothing: 400, before any
 * route tries to read a parameter out of it.
 */
export const wellFormedPath: MiddlewareHandler = async function wellFormedPath(c, next) {
  try {
    decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    throw new ApiError(400, 'invalid_path', 'The URL path has percent-encoding that is not valid UTF-8.');
  }
  await next();
};
