import { bigint, customType } from 'drizzle-orm/pg-core';

// Column kinds the PostgreSQL tables (*.pg-table.ts) share, so a row read through drizzle has the same shape as the
// same row read from SQLite.

/**
 * JSON kept as text, as in SQLite (text with mode 'json'): the same bytes on both engines, and through drizzle the
 * parsed value on both. Not jsonb: raw SQL reads the text and parses it itself on both engines.
 */
export const jsonText = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => JSON.parse(value) as T,
  })(name);

/** SQLite's integer is 64-bit; epoch milliseconds and byte totals overflow PostgreSQL's integer. Read as a number. */
export const bigNumber = (name: string) => bigint(name, { mode: 'number' });
