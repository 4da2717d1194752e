// The rows tables of versions (one typed table per dataset version, DESIGN section 3): a second, narrower face of the
// versions feature, for the records API and the code it runs in worker threads, which must not load the whole feature
// (its routes, publishing, artifacts). src/versions/index.ts re-exports it.
export { primaryKeyOf, quoteIdent, type Row, rowsTableName, type RowValue } from './rows-table.js';
export { findRowByKey } from './rows-table.sql.js';
export { columnPages, indexesByColumn } from './rows-reads.sql.js';
export { columnPagesPg, indexesByColumnPg } from './rows-reads.pg.sql.js';
export { firstRows } from './first-rows.js';
// The pieces `migrate-to` (scripts/cli) copies an embedded install's rows tables into PostgreSQL with, keeping each _rowid.
export { copyText, createRowsTableSql, pgIndexStatements } from './rows-table.pg.js';
export { copyRows } from './rows-table.pg.sql.js';
