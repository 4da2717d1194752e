import fs from 'node:fs';
import zlib from 'node:zlib';
import { ApiError } from '../../lib/errors.js';

/**
 * An XLSX is a zip of XML, and a few hundred KB can inflate to gigabytes (one 700 MB shared string
 * fits in 719 KB). exceljs keeps every shared string in memory and builds each text node whole, so
 * before it reads anything the archive is inflated once into nothing, counting, and refused past:
 */
export const xlsxLimits = {
  /** xl/sharedStrings.xml, inflated: held whole in memory while the sheet is read. */
  sharedStringsBytes: 64 << 20,
  /** Any run of XML without a tag: Excel's own cell limit is 32,767 characters (< 200 KB as XML). */
  textRunBytes: 1 << 20,
  /** All entries together, inflated: over 100 times the file's size (and over 16 MB), or over 2 GB. */
  ratio: 100,
  ratioFloorBytes: 16 << 20,
  totalBytes: 2 * 1024 ** 3,
  entries: 10_000,
};

export const tooComplex = (why: string) =>
  new ApiError(422, 'file_too_complex', `This XLSX file is too complex to read safely: ${why}. Save it again from a spreadsheet program, or upload it as CSV.`);

type Entry = { name: string; method: number; compressed: number; size: number; localOffset: number };

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

const notZip = () => new ApiError(415, 'unsupported_file', 'The file starts like a ZIP archive but is not a readable XLSX workbook.');

/** The central directory's entries (zip64 sizes included); declared sizes only, checked again while inflating. */
async function entriesOf(fd: fs.promises.FileHandle, fileSize: number): Promise<Entry[]> {
  const tail = await readAt(fd, Math.max(0, fileSize - 65_557), Math.min(fileSize, 65_557));
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) throw notZip();
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw notZip();
    const record = await readAt(fd, Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw notZip();
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > xlsxLimits.entries) throw tooComplex(`it holds ${count} parts`);
  if (cdOffset + cdSize > fileSize) throw notZip();
  const cd = await readAt(fd, cdOffset, cdSize);
  const entries: Entry[] = [];
  for (let p = 0; entries.length < count; ) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw notZip();
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const e: Entry = { method: cd.readUInt16LE(p + 10), compressed: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), localOffset: cd.readUInt32LE(p + 42), name: cd.toString('utf8', p + 46, p + 46 + nameLen) };
    readZip64Sizes(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
    entries.push(e);
    p += 46 + nameLen + extraLen + cd.readUInt16LE(p + 32);
  }
  return entries;
}

/** Sizes of 0xFFFFFFFF live in the zip64 extra field, in this order, only for the fields that overflowed. */
function readZip64Sizes(extra: Buffer, e: Entry) {
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) {
    if (extra.readUInt16LE(p) !== 0x0001) continue;
    let q = p + 4;
    const next = () => { const v = q + 8 <= extra.length ? Number(extra.readBigUInt64LE(q)) : NaN; q += 8; return v; };
    if (e.size === 0xffffffff) e.size = next();
    if (e.compressed === 0xffffffff) e.compressed = next();
    if (e.localOffset === 0xffffffff) e.localOffset = next();
  }
}

/** Inflates one entry into nothing, counting bytes and the longest stretch without '<'; stops at the first limit passed. */
async function inflateCounting(path: string, fd: fs.promises.FileHandle, e: Entry, budget: { left: number }, perEntry: number): Promise<void> {
  const local = await readAt(fd, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw notZip();
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (e.method !== 0 && e.method !== 8) throw tooComplex(`its part ${e.name} uses an unknown compression method`);
  if (e.compressed === 0) return;
  const source = fs.createReadStream(path, { start, end: start + e.compressed - 1, highWaterMark: 1 << 16 });
  const stream = e.method === 8 ? source.pipe(zlib.createInflateRaw()) : source;
  const xml = /\.(xml|rels)$/.test(e.name);
  let size = 0;
  let run = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      budget.left -= chunk.length;
      if (size > perEntry) throw tooComplex(e.name === 'xl/sharedStrings.xml' ? `its shared strings inflate to more than ${perEntry >> 20} MB` : `its part ${e.name} inflates to more than ${Math.floor(perEntry / 1048576)} MB`);
      if (budget.left < 0) throw tooComplex('it inflates to far more than its size');
      for (let from = 0; xml; ) {
        const lt = chunk.indexOf(0x3c, from);
        if (lt < 0) { run += chunk.length - from; break; }
        run += lt - from;
        if (run > xlsxLimits.textRunBytes) break;
        run = 0;
        from = lt + 1;
      }
      if (run > xlsxLimits.textRunBytes) throw tooComplex(`its part ${e.name} holds a text or tag longer than ${xlsxLimits.textRunBytes >> 20} MB (Excel allows 32,767 characters in a cell)`);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw notZip();
  } finally {
    source.destroy();
    if (stream !== source) (stream as zlib.InflateRaw).destroy();
  }
}

/** Refuses (422 `file_too_complex`) an XLSX whose inflated parts pass the limits above, before anything parses it. */
export async function checkXlsxInflation(path: string): Promise<void> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const { size: fileSize } = await fd.stat();
    const entries = await entriesOf(fd, fileSize);
    const total = Math.min(xlsxLimits.totalBytes, Math.max(xlsxLimits.ratioFloorBytes, xlsxLimits.ratio * fileSize));
    const declared = entries.reduce((s, e) => s + e.size, 0);
    const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
    if (strings && strings.size > xlsxLimits.sharedStringsBytes) throw tooComplex(`its shared strings inflate to more than ${xlsxLimits.sharedStringsBytes >> 20} MB`);
    if (declared > total) throw tooComplex('it inflates to far more than its size');
    const budget = { left: total };
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      await inflateCounting(path, fd, e, budget, e === strings ? xlsxLimits.sharedStringsBytes : total);
    }
  } finally {
    await fd.close();
  }
}
