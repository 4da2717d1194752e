import type { FieldSpec } from '../../lib/field-spec.js';
import { ApiError, type ProblemDetail } from '../../lib/errors.js';
import { primaryKeyOf } from '../../records/rows-table.js';
import { Invalid, cellCoercer, type SqlValue } from './coerce.js';
import { findHeader } from './header.js';

export const maxReported = 100;
const headerLookahead = 5;

/** Plain data (no closures), so it crosses from the validation worker intact. */
export type Problems = { errors: ProblemDetail[]; total: number };
/** Each row is `[line, ...values in schema order]`; `line` is the row's number in the file, header included. */
export type ValidRows = SqlValue[][];
export type ValidationSummary = { count: number; sorted: boolean; problems: Problems };

export const noProblems = (): Problems => ({ errors: [], total: 0 });
export function addProblem(p: Problems, e: ProblemDetail) {
  p.total++;
  if (p.errors.length < maxReported) p.errors.push(e);
}

export const invalidUpload = (p: Problems) =>
  new ApiError(422, 'validation_failed', `${p.total} problem(s) in the file; nothing was published.${p.total > maxReported ? ` The first ${maxReported} are listed.` : ''}`, { errors: p.errors, error_count: p.total });

/** Excel exports end (and sometimes break) with rows of empty cells; those are not data. */
function isBlankRow(cells: unknown[]): boolean {
  for (const c of cells) if (c !== null && c !== undefined && (typeof c !== 'string' || c.trim() !== '')) return false;
  return true;
}

/**
 * Finds the header among the leading rows, then checks every row against the schema and yields the
 * valid ones typed for storage, a batch per input batch. After the first problem no more rows are
 * yielded (nothing will be published) but every row is still checked, so the count is complete.
 * A header that does not map throws the 422 at once. No database access: this runs in a worker.
 */
export async function* validateRows(schema: FieldSpec[], batches: AsyncIterable<unknown[][]>): AsyncGenerator<ValidRows, ValidationSummary> {
  const problems = noProblems();
  const input = batches[Symbol.asyncIterator]();
  const leading: unknown[][] = [];
  while (leading.length < headerLookahead) {
    const next = await input.next();
    if (next.done) break;
    for (const cells of next.value) if (!isBlankRow(cells)) leading.push(cells);
  }
  const header = findHeader(leading.slice(0, headerLookahead), schema);
  if (!header) throw new ApiError(422, 'validation_failed', `No header row maps to the dataset's fields (${schema.map((f) => `${f.name}/${f.label_zh}`).join(', ')}).`);
  const { map } = header;
  if (map.unknown.length || map.missing.some((f) => f.required)) {
    for (const u of map.unknown) addProblem(problems, { row: header.index + 1, column: u, message: 'unknown column' });
    for (const f of map.missing.filter((m) => m.required)) addProblem(problems, { row: header.index + 1, column: f.name, message: `missing required column (${f.label_zh})` });
    throw invalidUpload(problems);
  }

  const columnOf = schema.map((f) => map.columns.findIndex((c) => c?.name === f.name));
  const coercers = schema.map((f) => cellCoercer(f));
  const pkPos = schema.indexOf(primaryKeyOf(schema)) + 1;
  const width = map.columns.length;
  let count = 0;
  let sorted = true;
  let lastKey: SqlValue = null;
  let line = header.index + 1;

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
        const f = schema[i]!;
        addProblem(problems, { row: line, column: f.name, value: raw ?? null, message: `${f.label_zh} (${f.name}) ${v.message}` });
      } else values[i + 1] = v;
    }
    for (let j = width; j < cells.length; j++) {
      const extra = cells[j];
      if (extra !== null && extra !== '' && extra !== undefined) { rowOk = false; addProblem(problems, { row: line, message: 'more cells than header columns', value: extra }); break; }
    }
    if (!rowOk) return;
    const key = values[pkPos]!;
    if (lastKey !== null && !(key > lastKey)) sorted = false;
    lastKey = key;
    count++;
    if (problems.total === 0) out.push(values);
  };

  let out: ValidRows = [];
  for (const cells of leading.slice(header.index + 1)) check(cells, out);
  for (let next = await input.next(); !next.done; next = await input.next()) {
    for (const cells of next.value) check(cells, out);
    if (out.length && problems.total === 0) yield out;
    out = [];
  }
  if (out.length && problems.total === 0) yield out;
  if (count === 0 && problems.total === 0) addProblem(problems, { message: 'the file has a header but no data rows' });
  return { count, sorted, problems };
}
