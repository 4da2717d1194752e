import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ZlibOptions } from 'node:zlib';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowValue } from '../rows/rows-table.js';
import { utf8Chunks, type Values } from './encoders.js';
import type { ByteSink, ValuesWriter } from './types.js';
import { fieldNote, fieldNotesHeader } from './field-notes.js';

/**
 * Fixed forever: workbooks are content-addressed, so the same rows must give the same bytes. Level 1 deflates
 * the sheet's repetitive XML several times faster than level 6 for a file a few percent larger.
 */
const deflateLevel = 1;
/** Every entry is dated 2000-01-01 00:00 (zip-stream writes DOS times in UTC), for the same reason. */
const entryDate = new Date(Date.UTC(2000, 0, 1));

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const pkgRel = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The workbook's fixed parts. `labels` (issue 16 on): the data sheet is named 数据 and a second sheet 字段说明 describes the fields. */
function staticParts(labels: boolean): [string, string][] {
  const notesType = labels ? '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' : '';
  const sheets = labels ? '<sheet name="数据" sheetId="1" r:id="rId1"/><sheet name="字段说明" sheetId="2" r:id="rId4"/>' : '<sheet name="data" sheetId="1" r:id="rId1"/>';
  const notesRel = labels ? `<Relationship Id="rId4" Type="${rel}/worksheet" Target="worksheets/sheet2.xml"/>` : '';
  return [
    ['[Content_Types].xml', `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${notesType}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`],
    ['_rels/.rels', `${xmlHead}<Relationships xmlns="${pkgRel}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${rel}/extended-properties" Target="docProps/app.xml"/></Relationships>`],
    ['docProps/app.xml', `${xmlHead}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Kaifang</Application></Properties>`],
    ['docProps/core.xml', `${xmlHead}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Kaifang</dc:creator><cp:lastModifiedBy>Kaifang</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>`],
    ['xl/workbook.xml', `${xmlHead}<workbook xmlns="${main}" xmlns:r="${rel}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${xmlHead}<Relationships xmlns="${pkgRel}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>${notesRel}</Relationships>`],
    // One shared string, the empty one: an empty inline string reads back as no value at all in some readers.
    ['xl/sharedStrings.xml', `${xmlHead}<sst xmlns="${main}" count="1" uniqueCount="1"><si><t></t></si></sst>`],
    // Cell styles: 1 integer (format "0"), 2 date, 3 date-time.
    ['xl/styles.xml', `${xmlHead}<styleSheet xmlns="${main}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`],
  ];
}

const styleOf: Partial<Record<FieldSpec['type'], number>> = { integer: 1, date: 2, datetime: 3 };

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** Spreadsheet serial days (1900 system, as Excel counts from 1899-12-30), UTC. */
const serial = (ms: number) => 25569 + ms / 86_400_000;

function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** XML 1.0 cannot carry most control characters; OOXML spells them `_xHHHH_` (and a literal `_x` must be escaped too). */
const needsEscape = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_/;
function escapeText(s: string): string {
  if (!needsEscape.test(s)) return s;
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
    .replace(/[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '\r' ? '&#13;' : `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

function inlineString(ref: string, s: string, style = ''): string {
  if (s === '') return `<c r="${ref}"${style} t="s"><v>0</v></c>`;
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeText(s)}</t></is></c>`;
}

type CellWriter = (v: RowValue | undefined, row: number) => string;

/** Dates become real spreadsheet dates (UTC); anything not in the canonical ISO form stays text. */
function cellWriter(field: FieldSpec, col: string): CellWriter {
  const style = styleOf[field.type] ? ` s="${styleOf[field.type]}"` : '';
  const dateLike = field.type === 'date' ? datePattern : field.type === 'datetime' ? dateTimePattern : null;
  return (v, row) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return `<c r="${col}${row}"${style}><v>${v}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${col}${row}" t="b"><v>${v ? 1 : 0}</v></c>`;
    if (dateLike && dateLike.test(v)) return `<c r="${col}${row}"${style}><v>${serial(Date.parse(field.type === 'date' ? `${v}T00:00:00Z` : v))}</v></c>`;
    return inlineString(`${col}${row}`, v);
  };
}

/**
 * The workbook's zip (zip-stream, archiver's core): small parts first, then the sheet streamed through deflate
 * (sizes in a data descriptor after it; ZIP64 records if a part or the archive passes 4 GiB). Output goes to the
 * sink with its backpressure; a failing sink fails the next write.
 */
async function workbookZip(sink: ByteSink) {
  // Loaded on first use: the serving thread imports these writers at start but rarely writes a workbook.
  const { default: ZipStream } = await import('zip-stream');
  // A deep deflate input buffer lets the sheet's next rows be encoded while zlib (in libuv's threads) deflates the
  // last ones; zip-stream hands these options to each entry's zlib stream, which passes highWaterMark to its Transform.
  const zlib = { level: deflateLevel, highWaterMark: 4 << 20, chunkSize: 1 << 16 } as ZlibOptions;
  const zip = new ZipStream({ zlib });
  let failure: Error | null = null;
  const pumped = (async () => {
    for await (const chunk of zip) await sink.write(chunk as Buffer);
  })();
  const failed = pumped.then(() => new Promise<never>(() => {}), (err: Error) => {
    failure ??= err;
    throw err;
  });
  failed.catch(() => {});
  const entry = (source: Buffer | PassThrough, name: string) => Promise.race([failed, new Promise<void>((resolve, reject) => {
    zip.entry(source, { name, date: entryDate }, (err) => (err ? reject(err) : resolve()));
  })]);
  return {
    add: (name: string, text: string) => entry(Buffer.from(text), name),
    /** The last entry: write its bytes in pieces, then `end()` it, which also finishes the archive. */
    stream(name: string) {
      const input = new PassThrough();
      const added = entry(input, name);
      added.catch(() => {});
      return {
        async write(chunk: Buffer): Promise<void> {
          if (failure) throw failure;
          if (!input.write(chunk)) await Promise.race([failed, once(input, 'drain')]);
        },
        async end(): Promise<void> {
          input.end();
          await added;
          zip.finalize();
          await pumped;
        },
      };
    },
  };
}

/**
 * A real workbook with flat memory: the data sheet, its header row (frozen), typed cells (numbers, booleans, dates
 * with their formats, text as inline strings, so no table of every string is held), streamed row by row through
 * deflate. The layout is part of the bytes, so it is chosen per version (see `ArtifactInfo.layout`):
 * `names`, as every workbook before issue 16: sheet `data`, header of field names;
 * `labels`: sheet 数据 with the Chinese labels as header, and a sheet 字段说明 describing each field.
 */
function workbookWriter(layout: 'names' | 'labels') {
  const labels = layout === 'labels';
  return async (schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> => {
    const zip = await workbookZip(sink);
    for (const [name, text] of staticParts(labels)) await zip.add(name, text);
    const names = schema.map((_, i) => columnName(i));
    if (labels) await zip.add('xl/worksheets/sheet2.xml', fieldNotesSheet(schema));
    const sheet = zip.stream('xl/worksheets/sheet1.xml');
    const heading = (f: FieldSpec) => (labels ? f.label_zh : f.name);
    const width = (f: FieldSpec) => Math.min(40, Math.max(10, (labels ? displayWidth(f.label_zh) : f.name.length) + 2));
    const cols = schema.map((f, i) => `<col min="${i + 1}" max="${i + 1}" width="${width(f)}"${styleOf[f.type] ? ` style="${styleOf[f.type]}"` : ''} customWidth="1"/>`).join('');
    const header = `<row r="1">${schema.map((f, i) => inlineString(`${names[i]}1`, heading(f))).join('')}</row>`;
    await sheet.write(Buffer.from(`${xmlHead}<worksheet xmlns="${main}" xmlns:r="${rel}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${header}`));
    const cells = schema.map((f, i) => cellWriter(f, names[i]!));
    const count = schema.length;
    const out = utf8Chunks();
    let row = 1;
    return {
      async write(batch: Values[]) {
        for (const values of batch) {
          row++;
          let line = `<row r="${row}">`;
          for (let i = 0; i < count; i++) line += cells[i]!(values[i], row);
          out.add(`${line}</row>`);
        }
        for (const chunk of out.take()) await sheet.write(chunk);
      },
      async end() {
        await sheet.write(Buffer.from(sheetEnd));
        await sheet.end();
      },
    };
  };
}

const sheetEnd = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

/** Columns in characters as a spreadsheet counts them: a CJK character takes two. */
const displayWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\uffef]/.test(c) ? 2 : 1), 0);

/** The 字段说明 sheet: one row per field (name, Chinese label, English label, type, unit, description), all text. */
function fieldNotesSheet(schema: FieldSpec[]): string {
  const rows = [fieldNotesHeader, ...schema.map(fieldNote)];
  const widths = fieldNotesHeader.map((_, c) => Math.min(60, Math.max(10, ...rows.map((r) => displayWidth(r[c]!) + 2))));
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const data = rows.map((r, i) => `<row r="${i + 1}">${r.map((v, c) => inlineString(`${columnName(c)}${i + 1}`, v)).join('')}</row>`).join('');
  return `${xmlHead}<worksheet xmlns="${main}" xmlns:r="${rel}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${data}${sheetEnd}`;
}

/** The workbook of every version published before issue 16 (and of their repairs): its bytes must never change. */
export const xlsxValuesWriter = workbookWriter('names');
/** The workbook of versions published from issue 16 on: Chinese header and a 字段说明 sheet. */
export const xlsxLabelledWriter = workbookWriter('labels');
