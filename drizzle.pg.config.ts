import { defineConfig } from 'drizzle-kit';

// The PostgreSQL engine's migrations (KAIFANG_DATABASE_URL=postgres://...): every feature's *.pg-table.ts, the twins of
// its *.table.ts. `npm run db:generate:pg`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/*/*.pg-table.ts',
  out: './src/db/migrations-pg',
});
