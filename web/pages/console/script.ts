import fs from 'node:fs';
import { createHash } from 'node:crypto';

// The portal's static handler serves stylesheets and images only; the console's one script is served by its router.
const body = fs.readFileSync(new URL('../../static/console.js', import.meta.url));
const etag = createHash('sha256').update(body).digest('hex').slice(0, 16);

export const consoleScript = { body, etag };
export const consoleScriptHref = `/console/console.js?v=${etag}`;
