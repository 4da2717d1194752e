import { spawn } from 'node:child_process';
import { databaseUrlOfDataDir } from './support/pg-test-database.js';

export type CliResult = { code: number | null; stdout: string; stderr: string; /** both, in arrival order */ out: string };

/** Runs the real operator CLI (`npm run kaifang -- …`) as a child process on a data directory. */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    // On the PostgreSQL pass, the CLI works on the test app's database, as an operator's would with KAIFANG_DATABASE_URL.
    env: { ...process.env, KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'silent', ...(databaseUrlOfDataDir.has(dataDir) ? { KAIFANG_DATABASE_URL: databaseUrlOfDataDir.get(dataDir)! } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result: CliResult = { code: null, stdout: '', stderr: '', out: '' };
  child.stdout.on('data', (c: Buffer) => void ((result.stdout += c.toString()), (result.out += c.toString())));
  child.stderr.on('data', (c: Buffer) => void ((result.stderr += c.toString()), (result.out += c.toString())));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...result, code })));
}
