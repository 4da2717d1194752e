import { neutraliseFormula, quoteCsv } from './csv.js';
import type { FieldSpec } from './field-spec.js';

/**
 * The first line of a CSV for Excel (`bom=1`) from issue 16 on: the BOM and the fields' Chinese labels (a label is
 * text a spreadsheet reads, so it is neutralised like any cell). The records API and `data.csv?bom=1` share it.
 */
export const labelledCsvHead = (fields: readonly FieldSpec[]): string =>
  `\uFEFF${fields.map((f) => quoteCsv(neutraliseFormula(f.label_zh))).join(',')}\r\n`;
