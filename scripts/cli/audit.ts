import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeConnection } from '../../src/db/connection.js';
import { readEnv } from '../../src/env.js';
import { openDataDir } from '../../src/boot.js';
import { exportAudit, recordAudit, runAuditRetention, verifyArchive, verifyChain } from '../../src/audit/index.js';
import { consoleLog } from './log.js';

// `audit verify | export | prune`, and the one audit row every CLI command writes (scripts/cli.ts calls cliAudit).

async function withDb<T>(work: (opened: Awaited<ReturnType<typeof openDataDir>>) => Promise<T>): Promise<T> {
  const opened = await openDataDir(readEnv(), consoleLog);
  try {
    return await work(opened);
  } finally {
    await closeConnection(opened.db);
  }
}

/** `audit verify [--archive FILE]`: walks the chain (exit 1 naming the first broken row), or checks an archive's signature. */
export async function auditVerify(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { archive: { type: 'string' } } });
  await withDb(async ({ db, secret }) => {
    if (values.archive) {
      const result = verifyArchive(path.resolve(values.archive), secret);
      if (result.ok) console.log(`ok: archive ${values.archive}, ${result.rows} rows, signature valid`);
      else {
        console.error(`broken: archive ${values.archive}: ${result.problem}`);
        process.exitCode = 1;
      }
      return;
    }
    const report = await verifyChain(db);
    if (report.ok) console.log(`ok: ${report.rows} rows`);
    else {
      console.error(`broken: row ${report.broken.id} (${report.broken.ts}): ${report.broken.problem}; ${report.rows} rows before it are intact`);
      process.exitCode = 1;
    }
  });
}

const dateOption = (value: string | undefined, name: string): string => {
  const d = value ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw Object.assign(new Error(`--${name} needs a date (YYYY-MM-DD or ISO 8601)`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  return d.toISOString();
};

/** `audit export --before DATE --to FILE`: the rows before DATE to a signed NDJSON archive (FILE and FILE.sig); removes nothing. */
export async function auditExport(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { before: { type: 'string' }, to: { type: 'string' } } });
  const before = dateOption(values.before, 'before');
  if (!values.to) throw Object.assign(new Error('--to FILE is required'), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  const file = path.resolve(values.to);
  await withDb(async ({ db, secret }) => {
    const sig = await exportAudit(db, secret, before, file);
    console.log(sig ? `exported ${sig.rows} row(s) (ids ${sig.first_id}-${sig.last_id}) to ${file}, signature in ${file}.sig (HMAC-SHA256); anchor ${sig.anchor}` : `no audit row before ${before}`);
  });
}

/** `audit prune`: the server's daily retention, by hand: rows older than KAIFANG_AUDIT_RETAIN_DAYS archived, then removed. */
export async function auditPrune(): Promise<void> {
  const env = readEnv();
  await withDb(async ({ db, secret }) => {
    await runAuditRetention({ db, secret, log: consoleLog, now: () => new Date(), dataDir: env.dataDir, retainDays: env.KAIFANG_AUDIT_RETAIN_DAYS });
  });
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** What a command was run with, minus secrets (passwords, URLs with credentials). */
export function describeArgs(args: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.split(/=(.*)/s);
    if (/pass|secret|token|database-url/i.test(flag ?? '')) {
      out.push(inline === undefined ? `${flag} ***` : `${flag}=***`);
      if (inline === undefined) i++;
    } else out.push(a);
  }
  return out.join(' ').slice(0, 400);
}

/** One audit row per CLI command (actor `cli:<os user>`): `audit verify` is recorded as 'audit.verified'. */
export async function cliAudit(command: string, args: string[], exitCode: number): Promise<void> {
  const action = command === 'audit verify' ? 'audit.verified' : `cli.${command.replace(/[\s-]+/g, '_')}`;
  await withDb(async ({ db }) => {
    await recordAudit(db, { actor: `cli:${osUser()}`, action, target: null, summary: `${describeArgs(args)}${args.length ? '; ' : ''}exit ${exitCode}` });
  });
}
