import type { Readable } from 'node:stream';
import { ApiError } from '../lib/errors.js';
import type { BlobKey, BlobStore } from '../lib/blobs/blob-store.js';
import { parseRange } from './http-range.js';

/** One stored representation of an artifact (the identity file or its precompressed .gz), by its key in the store. */
export type StoredFile = { key: BlobKey; size: number; etag: string };

export type FileToServe = {
  identity: StoredFile;
  gzip: StoredFile | null;
  /** Base64 sha256 of the identity bytes, for `Repr-Digest` (RFC 9530). */
  digest: string;
  headers: Record<string, string>;
};

/** Where the bytes come from: the store, streamed through this process, or (redirect) a presigned URL of the bucket. */
export type FileSource = { files: BlobStore; redirect: boolean };

/** What a response delivers, or what the bucket delivers to the client its redirect sends there: what counting looks at. */
export type Sent = { status: number; contentRange: string | null; bytes: number };

export type ServedFile = { response: Response; sent: Sent };

/**
 * A presigned URL lives this long: enough for a client to follow the redirect (and for clocks a little apart),
 * short enough that a copied link soon stops working. A download that has started is not cut off by its expiry.
 */
export const presignedSeconds = 300;

/**
 * Pull-based: the next chunk is read only when the socket has taken the previous one, so memory stays flat
 * however many downloads run. The blob is opened on the first pull, so a body nobody reads (HEAD, an aborted
 * request) holds no descriptor or connection, and released as soon as its last byte is read or the reader goes
 * away. A cancel can arrive while a pull waits on the open or a read (a client that disconnects at once): the
 * pull then releases what it opened itself, so nothing is left for the garbage collector.
 */
function blobBody(files: BlobStore, key: BlobKey, start: number, end: number): ReadableStream<Uint8Array> {
  let source: Readable | null = null;
  let chunks: AsyncIterator<Buffer> | null = null;
  let cancelled = false;
  let left = end + 1 - start;
  const close = () => {
    const open = source;
    source = null;
    open?.destroy();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (left <= 0) {
        close();
        controller.close();
        return;
      }
      if (!source) {
        const opened = await files.read(key, { start, end });
        if (cancelled) {
          opened.destroy();
          return;
        }
        source = opened;
        chunks = (opened as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      }
      const next = await chunks!.next();
      if (cancelled) return; // cancel released the source
      if (next.done) {
        close();
        controller.error(new Error('artifact file is shorter than recorded'));
        return;
      }
      const chunk = next.value.length > left ? next.value.subarray(0, left) : next.value;
      left -= chunk.length;
      if (left <= 0) close();
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
      close();
    },
  }, { highWaterMark: 0 });
}

/** `Accept-Encoding` admits gzip unless it is absent or given q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (coding.trim() === 'gzip' || coding.trim() === 'x-gzip') return allowed;
    if (coding.trim() === '*') star = allowed;
  }
  return star ?? false;
}

/** Weak comparison, as RFC 9110 asks for If-None-Match. */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * An immutable stored file over HTTP: strong ETag and If-None-Match, one byte range (206/416; a malformed
 * or multi-range header gets the whole file, as RFC 9110 allows), the precompressed gzip when accepted and
 * no range is asked, HEAD without opening the file, Content-Length always. With `redirect` (and a store that
 * presigns), a GET that would send bytes answers 307 to a short-lived URL of the bucket for the same
 * representation; HEAD, 304 and 416 are still answered here, from what is recorded.
 */
export async function serveStoredFile(req: Request, file: FileToServe, from: FileSource): Promise<ServedFile> {
  const rangeHeader = req.headers.get('range') ?? undefined;
  const useGzip = file.gzip !== null && rangeHeader === undefined && acceptsGzip(req.headers.get('accept-encoding') ?? undefined);
  const chosen = useGzip ? file.gzip! : file.identity;
  const headers = new Headers({ ...file.headers, ETag: chosen.etag, Vary: 'Accept-Encoding', 'Accept-Ranges': 'bytes' });
  if (noneMatch(req.headers.get('if-none-match') ?? undefined, chosen.etag)) {
    headers.delete('Content-Type');
    headers.delete('Content-Disposition');
    return { response: new Response(null, { status: 304, headers }), sent: { status: 304, contentRange: null, bytes: 0 } };
  }
  if (useGzip) headers.set('Content-Encoding', 'gzip');
  else headers.set('Repr-Digest', `sha-256=:${file.digest}:`);

  const ifRange = req.headers.get('if-range');
  const range = useGzip || (ifRange !== null && ifRange.trim() !== chosen.etag) ? { kind: 'none' as const } : parseRange(rangeHeader, chosen.size);
  if (range.kind === 'unsatisfiable') {
    throw new ApiError(416, 'range_not_satisfiable', `The file has ${chosen.size} bytes; the requested range lies outside it.`, {
      headers: { 'Content-Range': `bytes */${chosen.size}`, 'Accept-Ranges': 'bytes' },
    });
  }
  const [start, end, status] = range.kind === 'range' ? [range.start, range.end, 206] : [0, chosen.size - 1, 200];
  const contentRange = status === 206 ? `bytes ${start}-${end}/${chosen.size}` : null;
  if (contentRange) headers.set('Content-Range', contentRange);
  headers.set('Content-Length', String(end - start + 1));
  const sent = { status, contentRange, bytes: end - start + 1 };
  if (req.method === 'HEAD' || end < start) return { response: new Response(null, { status, headers }), sent };
  if (from.redirect && from.files.presignedGetUrl) return { response: await redirectToBucket(from.files, chosen, file.headers, useGzip), sent };
  return { response: new Response(blobBody(from.files, chosen.key, start, end), { status, headers }), sent };
}

/**
 * 307 to a presigned GET of the chosen representation, the bucket told to answer with our Content-Type,
 * Content-Disposition and (for the .gz) Content-Encoding. A Range the client sent goes along with it (fetch and
 * curl keep it across a redirect), and the bucket answers it itself. The Location expires: nothing may cache it.
 */
async function redirectToBucket(files: BlobStore, chosen: StoredFile, fileHeaders: Record<string, string>, gzip: boolean): Promise<Response> {
  const location = await files.presignedGetUrl!(chosen.key, presignedSeconds, {
    ...(fileHeaders['Content-Type'] ? { contentType: fileHeaders['Content-Type'] } : {}),
    ...(fileHeaders['Content-Disposition'] ? { contentDisposition: fileHeaders['Content-Disposition'] } : {}),
    ...(gzip ? { contentEncoding: 'gzip' } : {}),
  });
  return new Response(null, { status: 307, headers: { Location: location, 'Cache-Control': 'private, no-store', Vary: 'Accept-Encoding' } });
}
