import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.helpers.js';

// Never created: help and usage errors must not touch a data directory.
const dataDir = path.join(os.tmpdir(), `kaifang-cli-help-${process.pid}`);
const cli = (...args: string[]) => runCli(dataDir, args);

/** The command names listed by the top-level help (`  user add   create an account`). */
const commandsOf = (help: string) => [...help.matchAll(/^ {2}(\S+(?: [a-z]+)?) {2,}\S/gm)].map((m) => m[1]!).filter((n) => !n.startsWith('help'));

describe('kaifang CLI help and usage errors', { timeout: 120_000 }, () => {
  it('--help, -h and help print the usage with every command to stdout and exit 0', async () => {
    const runs = [await cli('--help'), await cli('-h'), await cli('help')];
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: npm run kaifang -- <command>/);
    }
    expect(commandsOf(runs[0]!.stdout)).toEqual(expect.arrayContaining(['seed', 'user add', 'user password', 'publish', 'check', 'grant add', 'migrate-to']));
  });

  it('every command answers --help (and -h) with its own usage and one line per option, exit 0', async () => {
    const names = commandsOf((await cli('--help')).stdout);
    for (const name of names) {
      const words = name.split(' ');
      const run = await cli(...words, '--help');
      expect(run.code, `${name} --help: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(`npm run kaifang -- ${name}`);
      if (name === 'migrate-to') expect(run.stdout).toContain('--verify-sha256   hash every artifact'); // its longer help stays
      else {
        expect(run.stdout).toMatch(/Options:\n( {2}\S.* {2,}\S.*\n)+$/);
        expect(run.stdout).toContain('-h, --help');
      }
    }
    const short = await cli('check', '-h');
    expect([short.code, short.stdout]).toEqual([0, (await cli('help', 'check')).stdout]);
    expect(short.stdout).toContain('--repair');
  });

  it('an unknown command or option prints the usage to stderr and exits 2', async () => {
    const unknownCommand = await cli('frobnicate');
    expect([unknownCommand.code, unknownCommand.stdout]).toEqual([2, '']);
    expect(unknownCommand.stderr).toContain("unknown command 'frobnicate'");
    expect(unknownCommand.stderr).toContain('Usage: npm run kaifang -- <command>');

    const unknownTop = await cli('--frobnicate');
    expect([unknownTop.code, unknownTop.stdout]).toEqual([2, '']);

    const unknownOption = await cli('check', '--repiar');
    expect([unknownOption.code, unknownOption.stdout]).toEqual([2, '']);
    expect(unknownOption.stderr).toContain("'--repiar'");
    expect(unknownOption.stderr).toContain('Usage: npm run kaifang -- check [--repair] [--sha256]');

    const stray = await cli('seed', 'now');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('Usage: npm run kaifang -- seed');

    const nothing = await cli();
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Usage:');
  });
});
