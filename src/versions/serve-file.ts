import fsp, { type FileHandle } from 'node:fs/promises';
import { ApiError } from '../lib/errors.js';
import { parseRange } from './http-range.js';

/** One stored representation of an artifact (the identity file or its precompressed .gz). */
export type StoredFile = { path: string; size: number; etag: string };

export type FileToServe = {
  identity: StoredFile;
  gzip: StoredFile | null;
  /** Base64 sha256 of the identity bytes, for `Repr-Digest` (RFC 9530). */
  digest: string;
  headers: Record<string, string>;
};

const CHUNK = 256 * 1024;

/**
 * Pull-based: the next chunk is read only when the socket has taken the previous one, so memory stays
 * flat however many downloads run. The file is opened on the first pull, so a body nobody reads (HEAD,
 * an aborted request) holds no descriptor, and closed as soon as its last byte is read or the reader
 * goes away. A cancel can arrive while a pull waits on open or read (a client that disconnects at once):
 * the pull then closes what it opened itself, so no descriptor is left for the garbage collector.
 */
function fileBody(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  let fh: FileHandle | null = null;
  let cancelled = false;
  let pos = start;
  const close = async () => {
    const open = fh;
    fh = null;
    await open?.close().catch(() => {});
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const want = Math.min(CHUNK, end + 1 - pos);
      if (want <= 0) {
        await close();
        controller.close();
        return;
      }
      if (!fh) {
        const opened = await fsp.open(path, 'r');
        if (cancelled) {
          await opened.close().catch(() => {});
          return;
        }
        fh = opened;
      }
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (cancelled) return; // cancel closed the handle once this read was done
      if (bytesRead === 0) {
        await close();
        controller.error(new Error('artifact file is shorter than recorded'));
        return;
      }
      pos += bytesRead;
      if (pos > end) await close();
      controller.enqueue(bytesRead === want ? buf : buf.subarray(0, bytesRead));
    },
    async cancel() {
      cancelled = true;
      await close();
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
 * no range is asked, HEAD without opening the file, Content-Length always.
 */
export async function serveStoredFile(req: Request, file: FileToServe): Promise<Response> {
  const rangeHeader = req.headers.get('range') ?? undefined;
  const useGzip = file.gzip !== null && rangeHeader === undefined && acceptsGzip(req.headers.get('accept-encoding') ?? undefined);
  const chosen = useGzip ? file.gzip! : file.identity;
  const headers = new Headers({ ...file.headers, ETag: chosen.etag, Vary: 'Accept-Encoding', 'Accept-Ranges': 'bytes' });
  if (noneMatch(req.headers.get('if-none-match') ?? undefined, chosen.etag)) {
    headers.delete('Content-Type');
    headers.delete('Content-Disposition');
    return new Response(null, { status: 304, headers });
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
  if (status === 206) headers.set('Content-Range', `bytes ${start}-${end}/${chosen.size}`);
  headers.set('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || end < start) return new Response(null, { status, headers });
  return new Response(fileBody(chosen.path, start, end), { status, headers });
}
