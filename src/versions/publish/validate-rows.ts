import type { FieldSpec } from '../../lib/field-spec.js';
import { ApiError, type ProblemDetail } from '../../lib/errors.js';
import { primaryKeyOf } from '../rows/rows-table.js';
import { Invalid, cellCoercer, type SqlValue } from './coerce.js';
import { findHeader, type HeaderMap } from './header.js';
import { EncodingInvalid, shownValue, trimSpaces } from './cell-text.js';
import { tableBatches, type TableFile } from './read-table.js';
import { cellProblemOf, problemOf, refusalText, type ProblemParams } from './problem-messages.js';

export const maxReported = 100;
const headerLookahead = 5;

/** Plain data (no closures), so it crosses from the validation worker intact; `encoding` counts cells whose text is broken. */
export type Problems = { errors: ProblemDetail[]; total: number; encoding: number; firstEncodingRow: number | null };
/** Each row is `[line, ...values in schema order]`; `line` is the row's number in the file, header included. */
export type ValidRows = SqlValue[][];
export type ValidationSummary = { count: number; sorted: boolean; problems: Problems };
/** `gbk`: the file was read as GB18030/GBK, so cells that were really UTF-8 are looked for. */
/** `outOfOrder`: called once, at the first row whose key is not above the one before (the summary's `sorted: false`). */
export type ValidateOptions = { gbk?: boolean; outOfOrder?: () => void };

export const noProblems = (): Problems => ({ errors: [], total: 0, encoding: 0, firstEncodingRow: null });
export function addProblem(p: Problems, e: ProblemDetail) {
  p.total++;
  if (p.errors.length < maxReported) p.errors.push('value' in e ? { ...e, value: shownValue(e.value) } : e);
}

export function invalidUpload(p: Problems) {
  const extra = { errors: p.errors, error_count: p.total };
  if (p.encoding > 0) {
    const encoding = { ...extra, encoding_count: p.encoding, first_encoding_row: p.firstEncodingRow };
    return new ApiError(422, 'invalid_encoding', refusalText('en', 'invalid_encoding', encoding, maxReported)!, encoding);
  }
  return new ApiError(422, 'validation_failed', refusalText('en', 'validation_failed', extra, maxReported)!, extra);
}

/** Excel exports end (and sometimes break) with rows of empty cells; those are not data (a tab is content, not blank). */
function isBlankRow(cells: unknown[]): boolean {
  for (const c of cells) if (c !== null && c !== undefined && (typeof c !== 'string' || trimSpaces(c) !== '')) return false;
  return true;
}

/** The header is among the first non-blank rows; it must map every required field and nothing unknown. */
async function readHeader(schema: FieldSpec[], input: AsyncIterator<unknown[][]>): Promise<{ map: HeaderMap; line: number; after: unknown[][] }> {
  const leading: unknown[][] = [];
  while (leading.length < headerLookahead) {
    const next = await input.next();
    if (next.done) break;
    for (const cells of next.value) if (!isBlankRow(cells)) leading.push(cells);
  }
  const header = findHeader(leading.slice(0, headerLookahead), schema);
  if (!header) {
    const problems = noProblems();
    addProblem(problems, problemOf('no_header', { fields: schema.map((f) => `${f.name}/${f.label_zh}`).join(', ') }));
    throw invalidUpload(problems);
  }
  const { map, index } = header;
  if (map.unknown.length || map.missing.some((f) => f.required)) {
    const problems = noProblems();
    for (const u of map.unknown) addProblem(problems, problemOf('unknown_column', {}, { row: index + 1, column: u }));
    for (const f of map.missing.filter((m) => m.required)) addProblem(problems, problemOf('missing_column', { label_zh: f.label_zh, ...(f.label_en ? { label_en: f.label_en } : {}) }, { row: index + 1, column: f.name }));
    throw invalidUpload(problems);
  }
  return { map, line: index + 1, after: leading.slice(index + 1) };
}

/** Checks one row at a time, keeping the line count, the key order and the problems; valid rows go to `out`. */
function rowChecker(schema: FieldSpec[], map: HeaderMap, headerLine: number, opts: ValidateOptions) {
  const columnOf = schema.map((f) => map.columns.findIndex((c) => c?.name === f.name));
  const coercers = schema.map((f) => cellCoercer(f, opts));
  const labels = schema.map((f): ProblemParams => (f.label_en ? { label_zh: f.label_zh, label_en: f.label_en } : { label_zh: f.label_zh }));
  const pkPos = schema.indexOf(primaryKeyOf(schema)) + 1;
  const width = map.columns.length;
  const state = { count: 0, sorted: true, problems: noProblems() };
  let lastKey: SqlValue = null;
  let line = headerLine;

  const check = (cells: unknown[], out: ValidRows) => {
    if (isBlankRow(cells)) return;
    line++;
    const values: SqlValue[] = new Array(schema.length + 1);
    values[0] = line;
    let rowOk = true;
    for (let i = 0; i < schema.length; i++) {
      const raw = columnOf[i]! < 0 ? null : cells[columnOf[i]!];
      const v = coercers[i]!(raw);
      if (v instanceof Invalid) {
        rowOk = false;
        values[i + 1] = null;
        if (v instanceof EncodingInvalid && state.problems.encoding++ === 0) state.problems.firstEncodingRow = line;
        const f = schema[i]!;
        addProblem(state.problems, cellProblemOf(v.code, { ...v.params, ...labels[i]! }, { row: line, column: f.name, value: raw ?? null }));
      } else values[i + 1] = v;
    }
    for (let j = width; j < cells.length; j++) {
      const extra = cells[j];
      if (extra !== null && extra !== '' && extra !== undefined) { rowOk = false; addProblem(state.problems, problemOf('extra_cells', {}, { row: line, value: extra })); break; }
    }
    const key = values[pkPos]!;
    // A row with a problem but a valid key is stored too (nothing will be published): its key may be another's duplicate.
    if (!rowOk && key === null) return;
    if (lastKey !== null && !(key > lastKey) && state.sorted) {
      state.sorted = false;
      opts.outOfOrder?.();
    }
    lastKey = key;
    if (rowOk) state.count++;
    out.push(values);
  };
  return { check, state };
}

/**
 * Finds the header, then checks every row against the schema and yields the valid ones typed for
 * storage, a batch per input batch. After a problem rows are still yielded, those with a problem too
 * when their key is valid (their bad cells null): nothing will be published, but the caller stores them
 * to look for duplicate keys, so a file's duplicate keys are reported with its other problems in one
 * answer. Every row is checked, so the count is complete. A header that does not map throws the 422 at once. No database access: this runs in the validation worker.
 */
export async function* validateRows(schema: FieldSpec[], batches: AsyncIterable<unknown[][]>, opts: ValidateOptions = {}): AsyncGenerator<ValidRows, ValidationSummary> {
  const input = batches[Symbol.asyncIterator]();
  try {
    return yield* checkedBatches(schema, input, opts);
  } finally {
    await input.return?.(); // closes the file when validation stops early
  }
}

// Kept apart from the try/finally above: with it, V8 optimised this loop poorly (a quarter slower in bench:publish).
async function* checkedBatches(schema: FieldSpec[], input: AsyncIterator<unknown[][]>, opts: ValidateOptions): AsyncGenerator<ValidRows, ValidationSummary> {
  const header = await readHeader(schema, input);
  const { check, state } = rowChecker(schema, header.map, header.line, opts);
  let out: ValidRows = [];
  for (const cells of header.after) check(cells, out);
  for (let next = await input.next(); !next.done; next = await input.next()) {
    for (const cells of next.value) check(cells, out);
    if (out.length) yield out;
    out = [];
  }
  if (out.length) yield out;
  if (state.count === 0 && state.problems.total === 0) addProblem(state.problems, problemOf('no_data_rows', {}));
  return state;
}

/** A file's rows checked against the schema (the entry point of both the calling thread and the worker). */
export const validateFile = (file: TableFile, schema: FieldSpec[], opts: Pick<ValidateOptions, 'outOfOrder'> = {}) => validateRows(schema, tableBatches(file), { ...opts, gbk: file.encoding === 'gb18030' });
