// The entry of a version worker (src/versions/version-worker.ts). Workers do not inherit `--import tsx`
// (execArgv is emptied so tests and the server start them the same way), so the TypeScript loader is registered first.
import { register } from 'tsx/esm/api';

register();
await import('./version-worker.ts');
