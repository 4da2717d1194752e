// The portal's own HTTP server (src/lib/http-server.ts, as `npm start` runs it) on 127.0.0.1, and raw clients.
import net from 'node:net';
import { createHttpServer, listen } from '../src/lib/http-server.js';
import type { createTestApp } from './helpers.js';

export type TestServer = { base: string; port: number; server: ReturnType<typeof createHttpServer>; close: () => Promise<void> };

export async function startPortalServer(t: Awaited<ReturnType<typeof createTestApp>>, options: { drainIdleMs?: number } = {}): Promise<TestServer> {
  const server = createHttpServer({ fetch: t.app.fetch, log: t.deps.log, uploadLimitMb: t.deps.env.KAIFANG_UPLOAD_LIMIT_MB, ...options });
  const { port } = await listen(server, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export type RawAnswer = { status: number; headers: Record<string, string>; body: string; writeError: string | null; readError: string | null };

export function parseRawResponse(raw: Buffer): Omit<RawAnswer, 'writeError' | 'readError'> {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: text };
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let body = text.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    let out = '';
    let rest = Buffer.from(body, 'utf8');
    for (;;) {
      const eol = rest.indexOf('\r\n');
      const size = parseInt(rest.subarray(0, eol).toString(), 16);
      if (!size) break;
      out += rest.subarray(eol + 2, eol + 2 + size).toString('utf8');
      rest = rest.subarray(eol + 2 + size + 2);
    }
    body = out;
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}

/**
 * Like Python's urllib: sends `Connection: close`, writes the request head and the whole body, and only
 * then reads the answer. A server that closes the connection with body bytes unread makes this client
 * fail with a broken pipe or reset and lose the answer.
 */
export function writeAllThenRead(port: number, head: string, body: Buffer | Buffer[]): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    const chunks: Buffer[] = [];
    let writeError: string | null = null;
    let readError: string | null = null;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (writing) writeError = err.code ?? err.message;
      else readError = err.code ?? err.message;
    });
    socket.on('close', () => resolve({ ...parseRawResponse(Buffer.concat(chunks)), writeError, readError }));
    let writing = true;
    const parts = [Buffer.from(head), ...(Array.isArray(body) ? body : [body])];
    const writeNext = (i: number) => {
      if (socket.destroyed) return;
      if (i === parts.length) {
        writing = false;
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.resume();
        return;
      }
      socket.write(parts[i]!, (err) => { if (!err) writeNext(i + 1); });
    };
    socket.once('connect', () => writeNext(0));
  });
}

/** A multipart body whose `file` part is `file`, or `bytes` bytes of CSV-ish filler. */
export function multipartUpload(file: Buffer | number, boundary = 'kaifangtestboundary'): { body: Buffer; contentType: string } {
  const content = typeof file === 'number' ? Buffer.alloc(file, 'id,name\r\n1,某某有限公司\r\n') : file;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="change_note"\r\n\r\nupdate\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
