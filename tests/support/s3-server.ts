// A real S3-compatible server for tests: s3rver (npm, a devDependency) in its own process, on a free port of
// 127.0.0.1, keeping its objects in a temp directory. What s3rver does NOT do, and the tests must not rely on:
// it never checks SigV4 signatures (any signature of a known key id passes, a presigned URL only expires), ignores
// If-None-Match on PUT and on CompleteMultipartUpload (a second put overwrites), answers `bytes=0-0` with the whole
// object and `bytes=-N` with bytes 0-N, has no AbortMultipartUpload (405), ListParts (405) or
// ListMultipartUploads (501), stores an `aws-chunked` body with its framing, ignores x-amz-checksum-*, does not
// enforce the 5 MiB minimum part size, and writes objects in place (a reader may see half an object).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type S3TestServer = {
  /** http://127.0.0.1:<port>, for KAIFANG_S3_ENDPOINT. */
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver's built-in account (it knows no other). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where s3rver keeps the bucket's objects. */
  dir: string;
  /** Ends the process and removes its directory. */
  stop(): Promise<void>;
};

const startTimeoutMs = 20_000;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts s3rver with one empty bucket; resolves once it listens. */
export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'kaifang-test';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-s3rver-'));
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js');
  // Port 0: the child picks a free port itself and prints it, so no other process can take it in between.
  const child = spawn(process.execPath, [bin, '--directory', dir, '--address', '127.0.0.1', '--port', '0', '--silent', '--configure-bucket', bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /S3rver listening on [^\s:]+:(\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (err) => { clearTimeout(timer); reject(err); });
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`s3rver exited (${code ?? signal}) before listening:\n${output}`)); });
    });
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      dir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
