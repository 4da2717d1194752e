// The CLI's help texts: one synopsis per command and one line per option, printed by `--help` and on a usage error.

export type CliCommand = {
  /** `publish <dataset> <file> --note "what changed"`: the command's name and arguments. */
  usage: string;
  /** One line: what it does. */
  summary?: string;
  /** Each option (or argument) with one line saying what it does. */
  options?: Record<string, string>;
  /** The command prints its own longer help when given `--help` (migrate-to). */
  ownHelp?: boolean;
  run: (args: string[]) => Promise<void> | void;
};

const program = 'npm run kaifang --';

export function programUsage(commands: Record<string, CliCommand>): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary ?? c.usage}`);
  return `Usage: ${program} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `  help [command]  this text, or a command's options (also: <command> --help, -h)\n`;
}

export function commandUsage(name: string, c: CliCommand): string {
  const options = Object.entries({ ...c.options, '-h, --help': 'print this help and exit' });
  const width = Math.max(...options.map(([flag]) => flag.length));
  const synopsis = c.usage.startsWith(name) ? c.usage : `${name} ${c.usage}`;
  return `Usage: ${program} ${synopsis}\n${c.summary ? `\n${c.summary}\n` : ''}\nOptions:\n` +
    `${options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join('\n')}\n`;
}

/** A malformed command line (unknown option, missing value, stray argument): exit 2 with the usage, not 1. */
export const isUsageError = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_');

/** `--help` or `-h` among the command's own arguments (not after `--`, and not as an option's value such as a note). */
export function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a, i, all) => (a === '--help' || a === '-h') && !/^--(note|password|name)$/.test(all[i - 1] ?? ''));
}
