import zlib from 'node:zlib';
import type { ByteSink } from './types.js';

/** Every entry is dated 2000-01-01 00:00 (DOS format), so a workbook's bytes depend only on its rows. */
const dosTime = 0;
const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** zlib.crc32 arrived in Node 20.15; the table version is the fallback for older 20.x. */
const crc32 = (data: Buffer, crc = 0): number => {
  if (typeof (zlib as { crc32?: unknown }).crc32 === 'function') return (zlib as unknown as { crc32: (d: Buffer, c: number) => number }).crc32(data, crc);
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

type Entry = { name: Buffer; crc: number; compressed: number; size: number; offset: number; flags: number };

function localHeader(e: Entry): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(e.flags, 6);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(dosTime, 10);
  h.writeUInt16LE(dosDate, 12);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(e.compressed, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

function centralHeader(e: Entry): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(e.flags, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(dosTime, 12);
  h.writeUInt16LE(dosDate, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, e.name]);
}

const drained = (stream: zlib.DeflateRaw) => new Promise<void>((resolve) => {
  const done = () => { stream.off('drain', done).off('close', done); resolve(); };
  stream.on('drain', done).on('close', done);
});

const tooLarge = () => new Error('an XLSX part passed 4 GiB, which needs ZIP64; this workbook cannot be written');

/**
 * A streaming ZIP writer for the few entries of a workbook: small parts deflated at once, one large part
 * streamed through zlib (sizes in a data descriptor after it). Deterministic: fixed dates, fixed level.
 */
export function zipWriter(sink: ByteSink, level: number) {
  const entries: Entry[] = [];
  let offset = 0;
  const emit = async (buf: Buffer) => {
    offset += buf.length;
    await sink.write(buf);
  };
  return {
    async add(name: string, text: string): Promise<void> {
      const data = Buffer.from(text);
      const body = zlib.deflateRawSync(data, { level });
      const e: Entry = { name: Buffer.from(name), crc: crc32(data), compressed: body.length, size: data.length, offset, flags: 0 };
      entries.push(e);
      await emit(localHeader(e));
      await emit(body);
    },
    /** Opens the streamed entry; write its text in pieces, then `end()` it before adding anything else. */
    async stream(name: string) {
      const e: Entry = { name: Buffer.from(name), crc: 0, compressed: 0, size: 0, offset, flags: 0x08 };
      entries.push(e);
      await emit(localHeader(e));
      // A deep input buffer lets the sheet's next rows be encoded while zlib (in libuv's threads) deflates the last ones.
      const deflate = zlib.createDeflateRaw({ level, highWaterMark: 4 << 20, chunkSize: 1 << 16 } as zlib.ZlibOptions);
      let failure: Error | null = null;
      deflate.on('data', (chunk: Buffer) => {
        e.compressed += chunk.length;
        deflate.pause();
        emit(chunk).then(() => deflate.resume(), (err: Error) => { failure ??= err; deflate.destroy(err); });
      });
      const flushed = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
      flushed.catch(() => {});
      return {
        async write(data: Buffer): Promise<void> {
          if (failure) throw failure;
          e.crc = crc32(data, e.crc);
          e.size += data.length;
          if (e.size > 0xffffffff) throw tooLarge();
          if (!deflate.write(data)) await drained(deflate);
        },
        async end(): Promise<void> {
          deflate.end();
          await flushed;
          if (failure) throw failure;
          if (e.compressed > 0xffffffff || offset > 0xffffffff) throw tooLarge();
          const d = Buffer.alloc(16);
          d.writeUInt32LE(0x08074b50, 0);
          d.writeUInt32LE(e.crc, 4);
          d.writeUInt32LE(e.compressed, 8);
          d.writeUInt32LE(e.size, 12);
          await emit(d);
        },
      };
    },
    async finish(): Promise<void> {
      const start = offset;
      for (const e of entries) await emit(centralHeader(e));
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(entries.length, 8);
      end.writeUInt16LE(entries.length, 10);
      end.writeUInt32LE(offset - start, 12);
      end.writeUInt32LE(start, 16);
      await emit(end);
    },
  };
}
