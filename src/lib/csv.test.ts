import { describe, expect, it } from 'vitest';
import { Parser } from '@json2csv/plainjs';
import { csvEncoder, neutraliseFormula, quoteCsv, type CsvValue } from './csv.js';

const names = ['id', 'text', 'x', 'ok', 'note, "quoted"'];
const texts = ['plain', '', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', '=SUM(A1)', '+1', '-2', '@x', '\tlead', '\rcr', ' padded ', '中文，逗号', null];
const records: Record<string, CsvValue>[] = texts.map((text, i) => ({ id: i + 1, text, x: [0, -0, 1.5, -3, 1e21, null][i % 6]!, ok: i % 3 === 0 ? null : i % 2 === 0, 'note, "quoted"': i % 4 ? undefined : 'n' }));

// The bytes json2csv wrote with the options the portal gave it before this encoder replaced it.
function json2csv(rows: Record<string, CsvValue>[], spreadsheet: boolean): string {
  const options = { fields: names, eol: '\r\n', includeEmptyRows: true, formatters: { header: quoteCsv, string: spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv } };
  const head = new Parser({ ...options, header: true }).parse([]);
  return `${spreadsheet ? '\uFEFF' : ''}${head}\r\n${new Parser({ ...options, header: false }).parse(rows)}\r\n`;
}

describe('csvEncoder', () => {
  for (const spreadsheet of [false, true]) {
    it(`${spreadsheet ? 'the Excel variant' : 'plain CSV'}: records as objects and as value arrays give json2csv's bytes`, () => {
      const enc = csvEncoder(names, { spreadsheet });
      expect(enc.head() + enc.rows(records)).toBe(json2csv(records, spreadsheet));
      expect(enc.head() + records.map((r) => enc.line(names.map((n) => r[n]))).join('')).toBe(json2csv(records, spreadsheet));
    });
  }

  it('neutralises formulas only in the Excel variant, and only in text cells', () => {
    const enc = (spreadsheet: boolean) => csvEncoder(['a', 'b'], { spreadsheet });
    expect(enc(true).line(['=1+1', -3])).toBe("'=1+1,-3\r\n");
    expect(enc(false).line(['=1+1', -3])).toBe('=1+1,-3\r\n');
  });

  it('writes the BOM with the Excel variant unless told otherwise (a report neutralises formulas either way)', () => {
    expect(csvEncoder(['a'], { spreadsheet: true }).head()).toBe('\uFEFFa\r\n');
    expect(csvEncoder(['a'], { spreadsheet: false }).head()).toBe('a\r\n');
    const report = csvEncoder(['a'], { spreadsheet: true, bom: false });
    expect(report.head() + report.line(['@x'])).toBe("a\r\n'@x\r\n");
  });
});
