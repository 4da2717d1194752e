// The abusive clients of bench:abuse, each a curl process (a Node client would share the bench's event loop and
// be the bottleneck), and the files they send. Nothing here measures; abuse.ts does.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import archiver from 'archiver';

/** Runs curl to completion or until `signal` aborts; resolves with the HTTP status curl saw (0 when cut off). */
export function curl(args: string[], signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const stop = () => child.kill('SIGKILL');
    signal.addEventListener('abort', stop, { once: true });
    child.on('close', () => {
      signal.removeEventListener('abort', stop);
      resolve(Number(out) || 0);
    });
  });
}

const megabyte = 1024 * 1024;

/** A 200 MB JSON body (one long string), written once and reused. */
export function hugeJsonFile(dir: string): string {
  const file = path.join(dir, 'abuse-200mb.json');
  if (fs.existsSync(file) && fs.statSync(file).size >= 200 * megabyte) return file;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{"email":"a@b.cn","password":"');
  const chunk = Buffer.alloc(megabyte, 'a');
  for (let i = 0; i < 200; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '"}');
  fs.closeSync(fd);
  return file;
}

const xlsxParts: Record<string, string> = {
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
};

/** An XLSX of well under 1 MB whose one shared string inflates to 700 MB (the bomb), written once. */
export async function xlsxBombFile(dir: string): Promise<string> {
  const file = path.join(dir, 'abuse-bomb.xlsx');
  if (fs.existsSync(file)) return file;
  const archive = archiver('zip', { zlib: { level: 9 } });
  const out = fs.createWriteStream(`${file}.part`);
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    archive.on('error', reject);
  });
  archive.pipe(out);
  for (const [name, xml] of Object.entries(xlsxParts)) archive.append(xml, { name });
  const chunk = 'a'.repeat(megabyte);
  const strings = Readable.from((function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>';
    for (let i = 0; i < 700; i++) yield chunk;
    yield '</t></si></sst>';
  })());
  archive.append(strings, { name: 'xl/sharedStrings.xml' });
  await archive.finalize();
  await done;
  fs.renameSync(`${file}.part`, file);
  return file;
}
