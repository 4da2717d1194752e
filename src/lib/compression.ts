import { promisify } from 'node:util';
import { Duplex } from 'node:stream';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

// hono/compress encodes through CompressionStream, which has no brotli on Node 20, so this middleware follows its
// rules (threshold, types, no-transform, HEAD, 206, a coding already there, weak ETag) with node:zlib's encoders.

type Coding = 'br' | 'gzip';

/** Brotli's quality 4 and gzip's level 6 cost about the same per byte; higher brotli qualities are for static files. */
const brotliOptions: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const gzipOptions: ZlibOptions = { level: 6 };
const brotliOnce = promisify(brotliCompress);
const gzipOnce = promisify(gzip);

/** Bodies read whole up to this size are encoded in one call on the thread pool; longer ones are encoded as they stream. */
const wholeUpTo = 256 * 1024;

const compressible = (type: string | null) => !!type && (COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || /^\s*application\/(?:x-)?ndjson(?:[;\s]|$)/i.test(type));

/** The coding the client accepts with the highest q, brotli first among equals; none when it sends no Accept-Encoding. */
export function chooseCoding(acceptEncoding: string | undefined): Coding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const of = (coding: Coding) => q.get(coding) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).reduce<Coding | null>((b, coding) => (of(coding) > 0 && (!b || of(coding) > of(b)) ? coding : b), null);
  return best;
}

function varyOnCoding(c: Context) {
  const vary = c.res.headers.get('Vary');
  if (vary === '*' || (vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))) return;
  c.res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

/** The body again, from the chunks already read and then the rest of the reader; cancelling it cancels the original. */
function rejoined(head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = head.shift();
      if (chunk) return controller.enqueue(chunk);
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/** A streaming encoder that flushes what each chunk gives, so a streamed result reaches the client as it is produced. */
function encoderStream(coding: Coding): ReadableWritablePair<Uint8Array, Uint8Array> {
  const zlib = coding === 'br'
    ? createBrotliCompress({ ...brotliOptions, flush: constants.BROTLI_OPERATION_FLUSH })
    : createGzip({ ...gzipOptions, flush: constants.Z_SYNC_FLUSH });
  return Duplex.toWeb(zlib) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
}

/**
 * Compresses compressible answers (JSON, HTML, CSV, NDJSON, XML, RDF, JavaScript, CSS...) of at least `threshold`
 * bytes with brotli or gzip as the client accepts. Left alone: HEAD, 204/206/304, answers that already have a
 * coding (the stored `.gz` of a download) or advertise byte ranges (downloads: a Range counts bytes of the file),
 * `Cache-Control: no-transform`, and other types (zip, xlsx, parquet, images: compressed already).
 */
export function compression(options: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  return async function compress(c, next) {
    await next();
    // A client that accepts no coding gets the answer untouched, and it is not even looked at: reading a body or
    // headers turns @hono/node-server's light answer into a whole Response (16% of the records page's req/s).
    // No `Vary` then either: an identity answer a cache keeps serves every client.
    const coding = chooseCoding(c.req.header('accept-encoding'));
    if (!coding || c.req.method === 'HEAD') return;
    const res = c.res;
    if (res.status === 204 || res.status === 206 || res.status === 304) return;
    const h = res.headers;
    if (h.has('Content-Encoding') || h.has('Accept-Ranges') || !compressible(h.get('Content-Type')) || /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(h.get('Cache-Control') ?? '')) return;
    const declared = h.get('Content-Length');
    if (declared && Number(declared) < threshold) return;
    if (!res.body) return;
    varyOnCoding(c);

    // Read what is there up to `wholeUpTo` (a page built in memory arrives in one chunk; a stream in many).
    const reader = res.body.getReader();
    const head: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    while (size < wholeUpTo) {
      const r = await reader.read();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      size += r.value.byteLength;
      // A stream that has sent its first kilobyte keeps flowing to the client rather than waiting here.
      if (size >= threshold && !declared && head.length > 1) break;
    }
    if (ended && size < threshold) {
      c.res = new Response(Buffer.concat(head), res);
      return;
    }
    let body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
    if (ended) {
      const whole = Buffer.concat(head);
      body = (coding === 'br' ? await brotliOnce(whole, brotliOptions) : await gzipOnce(whole, gzipOptions)) as Uint8Array<ArrayBuffer>;
    } else {
      body = rejoined(head, reader).pipeThrough(encoderStream(coding));
    }
    // Hono merges the old answer's headers into the new one, so they are changed after.
    c.res = new Response(body, res);
    const headers = c.res.headers;
    headers.set('Content-Encoding', coding);
    if (body instanceof Uint8Array) headers.set('Content-Length', String(body.byteLength));
    else headers.delete('Content-Length');
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  };
}
