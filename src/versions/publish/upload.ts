import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { ApiError } from '../../lib/errors.js';

export type Upload = { filePath: string; filename: string; fields: Record<string, string>; bytes: number; cleanup: () => void };

const tooLarge = (limit: number, extra: ConstructorParameters<typeof ApiError>[3] = {}) =>
  new ApiError(413, 'upload_too_large', `The upload is larger than the limit of ${Math.round(limit / 1048576)} MB.`, extra);

/** Room for the multipart framing and the text fields around the file. */
const formOverhead = 64 * 1024;

/**
 * Counts the body's bytes as they arrive and fails at the limit, so a body without Content-Length
 * (chunked) is never read further than that. The connection is then closed after the 413: the rest of
 * the body, of unknown length, is not waited for.
 */
function byteLimit(limitBytes: number) {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limitBytes + formOverhead) callback(tooLarge(limitBytes, { headers: { Connection: 'close' } }));
      else callback(null, chunk);
    },
  });
}

/**
 * Streams a multipart upload's `file` part to a temp file (never whole in memory) and collects the
 * text fields. Refuses with 413 on a declared Content-Length over the limit before reading, else as soon
 * as the bytes received pass it.
 */
export async function receiveUpload(request: Request, limitBytes: number, tmpDir: string): Promise<Upload> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw new ApiError(415, 'unsupported_media_type', 'Send the file as multipart/form-data with a part named "file".');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limitBytes + formOverhead) throw tooLarge(limitBytes);
  if (!request.body) throw new ApiError(400, 'invalid_body', 'The request has no body.');

  fs.mkdirSync(tmpDir, { recursive: true });
  const filePath = path.join(tmpDir, `upload-${process.pid}-${randomBytes(8).toString('hex')}`);
  const cleanup = () => fs.rmSync(filePath, { force: true });
  const fields: Record<string, string> = {};
  let filename = '';
  let bytes = 0;
  let sawFile = false;
  let truncated = false;
  const writes: Promise<void>[] = [];

  const parser = busboy({ headers: { 'content-type': type }, limits: { fileSize: limitBytes, files: 1, fields: 20, fieldSize: 1024 * 1024 }, defParamCharset: 'utf8' });
  parser.on('field', (name, value) => { fields[name] = value; });
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || sawFile) { stream.resume(); return; }
    sawFile = true;
    filename = info.filename ?? '';
    stream.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    stream.on('limit', () => { truncated = true; });
    writes.push(pipeline(stream, fs.createWriteStream(filePath)));
  });
  try {
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), byteLimit(limitBytes), parser);
    await Promise.all(writes);
  } catch (err) {
    await Promise.allSettled(writes); // the temp file is closed before it is removed
    cleanup();
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, 'invalid_body', 'The multipart body could not be read.');
  }
  if (truncated) { cleanup(); throw tooLarge(limitBytes); }
  if (!sawFile) { cleanup(); throw new ApiError(422, 'validation_failed', 'No file was sent: add a part named "file".', { errors: [{ field: 'file', message: 'required' }] }); }
  return { filePath, filename, fields, bytes, cleanup };
}
