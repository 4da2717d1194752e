import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** KAIFANG_SECRET, else a random secret kept in the data directory so cursors and salts survive restarts. */
export function loadSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
