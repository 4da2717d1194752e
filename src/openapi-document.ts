import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './app.js';
import { openDb, migrateDb, closeDb } from './db/client.js';
import { readEnv } from './env.js';
import { openApiInfo } from './lib/openapi.js';

// The tag list, the security schemes and the info live in src/lib/openapi.ts, where every feature's routes may import them.
export { openApiInfo, openApiTags, securitySchemes, keySecurity, optionalKeySecurity, sessionSecurity, optionalSessionSecurity, type OpenApiTag } from './lib/openapi.js';

export const openApiPath = new URL('../openapi/openapi.json', import.meta.url);

/** The OpenAPI document as the routes generate it (an empty database suffices: no route runs). */
export async function generateOpenApiDocument(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-openapi-'));
  const db = openDb(path.join(dir, 'kaifang.db'));
  try {
    migrateDb(db);
    const { app } = await createApp({ db, env: readEnv({ KAIFANG_DATA_DIR: dir }), filesDir: dir, secret: 'openapi-export-only' });
    return `${JSON.stringify(app.getOpenAPI31Document(openApiInfo), null, 2)}\n`;
  } finally {
    closeDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
