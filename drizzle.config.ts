import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // Every feature's tables, in its own *.table.ts (DESIGN section 2).
  schema: './src/*/*.table.ts',
  out: './src/db/migrations',
});
