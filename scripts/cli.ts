import { parseArgs } from 'node:util';
import { readEnv } from '../src/env.js';
import { runSeed } from './cli/seed.js';

type Command = { usage: string; run: (args: string[]) => Promise<void> | void };

const commands: Record<string, Command> = {
  seed: { usage: 'seed [--reset] [--no-demo]  create and seed the database (--reset: delete the data directory first; --no-demo: without the demo usage history)', run: runSeed },
  'user add': {
    usage: 'user add --email E --password P --role user|publisher|dept_admin|reviewer|admin [--department D] [--name N]',
    run: async (args) => (await import('./cli/user.js')).userAdd(args),
  },
  'user password': {
    usage: 'user password --email E --password P   set a new password (same rules as sign-up) and end the account\'s sessions',
    run: async (args) => (await import('./cli/user-password.js')).userPassword(args),
  },
  publish: {
    usage: 'publish <dataset> <file> --note "what changed"   publish a CSV/XLSX/JSON/NDJSON file as the next version',
    run: async (args) => (await import('./cli/publish.js')).publishCommand(args),
  },
  check: {
    usage: 'check [--repair] [--sha256]   report every disagreement between versions, rows tables and stored files (exit 1 if any); --repair rebuilds what can be rebuilt',
    run: async (args) => (await import('./cli/check.js')).checkCommand(args),
  },
  'grant add': {
    usage: 'grant add --dataset ID (--email E | --key-prefix P | --department D) [--fields a,b] [--expires 2027-01-01]',
    run: async (args) => await (await import('./cli/grant.js')).grantAdd(args),
  },
  'migrate-to': {
    usage: 'migrate-to --database-url postgres://… [--files-url s3://bucket/prefix] [--resume] [--verify-sha256]   copy this embedded install into PostgreSQL (and a bucket) and verify it (--help: more)',
    run: async (args) => await (await import('./cli/migrate-to.js')).migrateTo(args),
  },
};

function usage(): string {
  return `Usage: npm run kaifang -- <command>\n\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}\n`;
}

async function main(argv: string[]) {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const name = [positionals.slice(0, 2).join(' '), positionals[0] ?? ''].find((n) => commands[n]);
  if (!name) {
    console.error(usage());
    process.exit(positionals.length ? 2 : 0);
  }
  readEnv(); // fail fast on bad configuration before touching anything
  const rest = argv.slice(argv.indexOf(name.split(' ').at(-1)!) + 1);
  await commands[name]!.run(rest);
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
