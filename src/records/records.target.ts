import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError, notFound } from '../lib/errors.js';
import { rowsTableName } from '../versions/rows/rows-table.js';
import { createLru } from './records.lru.js';

/** A published version's rows, as the records API reads them. */
export type RecordsTarget = {
  datasetPk: number;
  datasetId: string;
  titleZh: string;
  departmentId: string;
  openType: 'open' | 'conditional';
  n: number;
  rowCount: number;
  table: string;
  schema: FieldSpec[];
};

type Found = { pk: number; id: string; title_zh: string; department_id: string; open_type: 'open' | 'conditional'; n: number | null; row_count: number | null; status: string | null; withdrawn_reason: string | null; unavailable_reason: string | null };

const datasetColumns = 'd.pk, d.id, d.title_zh, d.department_id, d.open_type, v.n, v.row_count, v.status, v.withdrawn_reason, v.unavailable_reason';

/** Finds versions by dataset id; their schemas are parsed once (published versions never change). */
export function createTargetResolver(db: Db) {
  const sqlite = db.$client;
  const latestStmt = sqlite.prepare(
    `SELECT ${datasetColumns} FROM datasets d LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.status = 'published'
      WHERE d.id = ? ORDER BY v.n DESC LIMIT 1`,
  );
  const pinnedStmt = sqlite.prepare(`SELECT ${datasetColumns} FROM datasets d LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = ? WHERE d.id = ?`);
  const latestNumberStmt = sqlite.prepare("SELECT MAX(n) FROM versions WHERE dataset_pk = ? AND status = 'published'").pluck();
  const schemaStmt = sqlite.prepare('SELECT schema FROM versions WHERE dataset_pk = ? AND n = ?').pluck();
  const schemas = createLru<string, FieldSpec[]>(512);

  function schemaOf(pk: number, n: number): FieldSpec[] {
    const key = `${pk}:${n}`;
    return schemas.get(key) ?? schemas.set(key, JSON.parse(schemaStmt.get(pk, n) as string) as FieldSpec[]);
  }

  function toTarget(row: Found | undefined, id: string, n?: number): RecordsTarget {
    if (!row) throw notFound('Dataset', id);
    if (row.n === null || row.row_count === null) {
      throw n === undefined
        ? new ApiError(404, 'no_published_version', `Dataset '${id}' has no published version yet.`)
        : new ApiError(404, 'not_found', `Version ${n} of dataset '${id}' does not exist`);
    }
    if (row.status === 'withdrawn') {
      const latest = latestNumberStmt.get(row.pk) as number | null;
      const instead = latest ? `; use version ${latest} instead` : '; no other version is published';
      throw new ApiError(410, 'version_withdrawn', `Version ${row.n} of dataset '${id}' was withdrawn${row.withdrawn_reason ? ` (${row.withdrawn_reason})` : ''}${instead}.`, {
        withdrawn_reason: row.withdrawn_reason,
        replacement: latest ? { n: latest, url: `/api/v1/datasets/${id}/versions/${latest}/records` } : null,
      });
    }
    if (row.unavailable_reason) {
      // Its rows table is missing (a damaged database, marked at start): say so, never a 500 `no such table`.
      throw new ApiError(503, 'version_unavailable', `Version ${row.n} of dataset '${id}' is unavailable: ${row.unavailable_reason}. Its files can still be downloaded where they are stored; the operator can restore it with \`kaifang check --repair\`.`, {
        dataset: id,
        version: row.n,
      });
    }
    return {
      datasetPk: row.pk,
      datasetId: row.id,
      titleZh: row.title_zh,
      departmentId: row.department_id,
      openType: row.open_type,
      n: row.n,
      rowCount: row.row_count,
      table: rowsTableName(row.pk, row.n),
      schema: schemaOf(row.pk, row.n),
    };
  }

  return {
    latest: (id: string) => toTarget(latestStmt.get(id) as Found | undefined, id),
    pinned: (id: string, n: number) => toTarget(pinnedStmt.get(n, id) as Found | undefined, id, n),
  };
}

export type TargetResolver = ReturnType<typeof createTargetResolver>;
