// The PostgreSQL search-index worker's entry. Workers do not inherit `--import tsx` (execArgv is emptied so tests,
// the CLI and the server start them the same way), so the TypeScript loader is registered first.
import { register } from 'tsx/esm/api';

register();
await import('./search-index-pg-worker.ts');
