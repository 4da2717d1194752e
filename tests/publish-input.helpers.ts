// Hostile and broken uploads for tests/publish-input.test.ts: XLSX bombs built part by part, and the
// company register (publish.fixtures.ts) as lines that tests alter one at a time.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import archiver from 'archiver';
import iconv from 'iconv-lite';
import { writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const frame: Record<string, string> = {
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
};

type Part = string | Buffer | (() => Iterable<string>);

/** An XLSX from its parts; a part given as a generator is streamed, so it may inflate to far more than memory holds. */
export async function writeXlsx(file: string, parts: Record<string, Part>): Promise<void> {
  const archive = archiver('zip', { zlib: { level: 9 } });
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    archive.on('error', reject);
  });
  archive.pipe(out);
  for (const [name, body] of Object.entries({ ...frame, ...parts })) archive.append(typeof body === 'function' ? Readable.from(body()) : body, { name });
  await archive.finalize();
  await done;
}

const cell = (ref: string, v: string | number) => (typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="s"><v>${v}</v></c>`);
/** A sheet whose A1 is shared string 0, then `rows` rows of inline text `text()`. */
export const sheetWith = (inline: () => Iterable<string>) => () => (function* () {
  yield `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData><row r="1">${cell('A1', '0')}</row><row r="2"><c r="A2" t="inlineStr"><is><t>`;
  yield* inline();
  yield '</t></is></c></row></sheetData></worksheet>';
})();
export const plainSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData><row r="1">${cell('A1', '0')}</row></sheetData></worksheet>`;
export function* repeated(text: string, times: number) {
  for (let i = 0; i < times; i++) yield text;
}
export const sharedStrings = (body: () => Iterable<string>) => () => (function* () {
  yield `<?xml version="1.0" encoding="UTF-8"?><sst ${ns}>`;
  yield* body();
  yield '</sst>';
})();

/** Overwrites the declared (central directory) inflated size of `name`, as a lying archive would. */
export function lieAboutSize(file: string, name: string, size: number) {
  const buf = fs.readFileSync(file);
  const at = buf.lastIndexOf(Buffer.from(name));
  // A central directory entry's name starts 46 bytes after its signature; its inflated size is at +24.
  const entry = at - 46;
  if (buf.readUInt32LE(entry) !== 0x02014b50) throw new Error(`no central directory entry for ${name}`);
  buf.writeUInt32LE(size, entry + 24);
  fs.writeFileSync(file, buf);
}

/** The company register as CSV lines (header first), `rows` rows. */
export function companyLines(file: string, rows: number): string[] {
  writeCompanyCsv(file, rows);
  return fs.readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '');
}

/** Lines joined with CRLF, each encoded as `encodingOf(i)` says (a mixed-encoding file when they differ). */
export function encodeLines(lines: string[], encodingOf: (i: number) => 'utf8' | 'gbk'): Buffer {
  return Buffer.concat(lines.map((l, i) => (encodingOf(i) === 'gbk' ? iconv.encode(`${l}\r\n`, 'gbk') : Buffer.from(`${l}\r\n`, 'utf8'))));
}
