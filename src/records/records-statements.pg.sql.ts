import type { PgDb } from '../db/engine.js';
import type { Statement } from './records-statements.sql.js';
import { createLru } from './records.lru.js';

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2…` (none is inside a quoted literal or identifier). */
export function numberPlaceholders(text: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

/**
 * The records statements on PostgreSQL: each a named prepared statement of its connection (postgres.js prepares a
 * SQL text once per connection, so a request of a known shape is one round trip), rows as value arrays as
 * better-sqlite3's raw mode gives them; `get` answers the first value of the first row (a count).
 */
export function createPgStatementRunner(db: PgDb): (s: Statement) => Promise<unknown> {
  const texts = createLru<string, string>(512);
  return async (s) => {
    const text = texts.get(s.sql) ?? texts.set(s.sql, numberPlaceholders(s.sql));
    const rows = await db.$client.unsafe(text, s.params as (string | number)[], { prepare: true }).values();
    return s.mode === 'get' ? rows[0]?.[0] : [...rows];
  };
}
