import fs from 'node:fs';
import { readEnv } from '../src/env.js';
import { runSeed } from './cli/seed.js';
import { asksForHelp, commandUsage, isUsageError, programUsage, type CliCommand } from './cli/usage.js';

// Each command: `usage` (synopsis), `summary` (one line) and `options` (one line each) make its `--help`.
const commands: Record<string, CliCommand> = {
  seed: {
    usage: 'seed [--reset] [--no-demo]',
    summary: 'create and seed the database',
    options: { '--reset': 'delete the data directory first', '--no-demo': 'without the demo usage and demand-board history' },
    run: runSeed,
  },
  'user add': {
    usage: 'user add --email E --password P --role user|publisher|dept_admin|reviewer|admin [--department D] [--name N]',
    summary: 'create an account',
    options: { '--email E': 'the sign-in e-mail', '--password P': 'the password (same rules as sign-up)', '--role R': 'user, publisher, dept_admin, reviewer or admin (default user)', '--department D': 'the department id (publisher and dept_admin need one)', '--name N': 'the display name' },
    run: async (args) => (await import('./cli/user.js')).userAdd(args),
  },
  'user password': {
    usage: 'user password --email E --password P',
    summary: 'set a new password (same rules as sign-up) and end the account\'s sessions',
    options: { '--email E': 'the account', '--password P': 'the new password' },
    run: async (args) => (await import('./cli/user-password.js')).userPassword(args),
  },
  publish: {
    usage: 'publish <dataset> <file> --note "what changed" [--by USER_ID]',
    summary: 'publish a CSV/XLSX/JSON/NDJSON file as the next version',
    options: { '<dataset>': 'the dataset id', '<file>': 'the file to publish', '--note TEXT': 'the change note (required)', '--by USER_ID': 'the publisher recorded on the version' },
    run: async (args) => (await import('./cli/publish.js')).publishCommand(args),
  },
  check: {
    usage: 'check [--repair] [--sha256]',
    summary: 'report every disagreement between versions, rows tables and stored files (exit 1 if any)',
    options: { '--repair': 'rebuild what can be rebuilt', '--sha256': 'also hash every stored file (reads the whole store)' },
    run: async (args) => (await import('./cli/check.js')).checkCommand(args),
  },
  monitor: {
    usage: 'monitor [--now ISO] [--quick]',
    summary: 'one round of the monitoring loop: check every dataset, open, re-check, escalate and close warnings',
    options: { '--now ISO': 'check as of this time (default now)', '--quick': 'compare file sizes only, without hashing every stored file' },
    run: async (args) => await (await import('./cli/monitor.js')).monitorCommand(args),
  },
  'grant add': {
    usage: 'grant add --dataset ID (--email E | --key-prefix P | --department D) [--fields a,b] [--expires 2027-01-01]',
    summary: 'let a user, a key or a department read a conditional dataset',
    options: { '--dataset ID': 'the conditional dataset', '--email E': 'grant to this user', '--key-prefix P': 'grant to this API key (its visible prefix or id; also --key)', '--department D': 'grant to this department', '--fields a,b': 'only these fields', '--expires DATE': 'the grant ends then (must be in the future)' },
    run: async (args) => await (await import('./cli/grant.js')).grantAdd(args),
  },
  'migrate-to': {
    usage: 'migrate-to --database-url postgres://… [--files-url s3://bucket/prefix] [--resume] [--verify-sha256] [--data-dir D]',
    summary: 'copy this embedded install into PostgreSQL (and a bucket) and verify it',
    ownHelp: true,
    run: async (args) => await (await import('./cli/migrate-to.js')).migrateTo(args),
  },
  backup: {
    usage: 'backup --to DIR [--copy]',
    summary: 'back up the embedded install while the portal runs (database snapshot, stored files, secret, manifest.json with sha256)',
    options: { '--to DIR': 'a new or empty folder for the backup', '--copy': 'copy the stored files even where they could be hard-linked' },
    run: async (args) => await (await import('./cli/backup.js')).backupCommand(args),
  },
  'audit verify': {
    usage: 'audit verify [--archive FILE]',
    summary: 'walk the audit trail\'s hash chain: "ok: N rows", or the first broken row (exit 1)',
    options: { '--archive FILE': 'instead, check an archive written by audit export/prune against its signature (FILE.sig)' },
    run: async (args) => await (await import('./cli/audit.js')).auditVerify(args),
  },
  'audit export': {
    usage: 'audit export --before DATE --to FILE',
    summary: 'write the audit rows before DATE to a signed archive (NDJSON + FILE.sig, HMAC-SHA256); removes nothing',
    options: { '--before DATE': 'rows written before this date or time', '--to FILE': 'the archive to write' },
    run: async (args) => await (await import('./cli/audit.js')).auditExport(args),
  },
  'audit prune': {
    usage: 'audit prune',
    summary: 'archive (signed) and remove the audit rows older than KAIFANG_AUDIT_RETAIN_DAYS, as the server does daily',
    run: async () => await (await import('./cli/audit.js')).auditPrune(),
  },
  restore: {
    usage: 'restore --from DIR',
    summary: 'verify a backup (every file, size and sha256) and restore it into the empty data directory (KAIFANG_DATA_DIR)',
    options: { '--from DIR': 'the backup folder (with its manifest.json)' },
    run: async (args) => await (await import('./cli/restore.js')).restoreCommand(args),
  },
};

/** The command named by the first one or two words, and the arguments after it. */
function findCommand(argv: string[]): { name: string; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    if (argv.length >= words && commands[name]) return { name, rest: argv.slice(words) };
  }
  return null;
}

async function main(argv: string[]) {
  if (!argv.length) {
    process.stderr.write(programUsage(commands));
    return void (process.exitCode = 2);
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const topic = argv[0] === 'help' ? findCommand(argv.slice(1)) : null;
    if (argv[0] === 'help' && argv.length > 1 && !topic) {
      process.stderr.write(`error: unknown command '${argv.slice(1).join(' ')}'\n\n${programUsage(commands)}`);
      return void (process.exitCode = 2);
    }
    process.stdout.write(topic ? commandUsage(topic.name, commands[topic.name]!) : programUsage(commands));
    return;
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`error: ${argv[0]!.startsWith('-') ? `unknown option '${argv[0]}'` : `unknown command '${argv[0]}'`}\n\n${programUsage(commands)}`);
    return void (process.exitCode = 2);
  }
  const command = commands[found.name]!;
  if (asksForHelp(found.rest)) {
    if (command.ownHelp) return void (await command.run(['--help']));
    return void process.stdout.write(commandUsage(found.name, command));
  }
  readEnv(); // fail fast on bad configuration before touching anything
  try {
    await command.run(found.rest);
  } catch (err) {
    if (!isUsageError(err)) {
      await auditCommand(found.name, found.rest, 1);
      throw err;
    }
    process.stderr.write(`error: ${(err as Error).message}\n\n${commandUsage(found.name, command)}`);
    process.exitCode = 2;
  }
  await auditCommand(found.name, found.rest, Number(process.exitCode ?? 0));
}

/** Every command run writes one audit row (actor `cli:<os user>`); a failure to write it is said, never hidden. */
async function auditCommand(name: string, args: string[], exitCode: number) {
  if (exitCode === 2) return; // a usage error: nothing ran
  if (exitCode !== 0 && name === 'restore') return; // its data directory must stay empty for the next try
  if (name === 'migrate-to') return; // the source must stay as copied: a --resume compares it with the target
  const env = readEnv();
  if (!env.KAIFANG_DATABASE_URL && !fs.existsSync(env.dataDir)) return; // never create a data directory to write the row
  try {
    await (await import('./cli/audit.js')).cliAudit(name, args, exitCode);
  } catch (err) {
    process.stderr.write(`warning: the audit row of this command could not be written: ${(err as Error).message}\n`);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
