// The validation worker's entry. Workers do not inherit `--import tsx` here (execArgv is emptied so
// tests and the server start them the same way), so the TypeScript loader is registered first.
import { register } from 'tsx/esm/api';

register();
await import('./validate-worker.ts');
