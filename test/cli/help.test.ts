import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { COMMANDS, main } from '../../src/cli/main.js';
import { capture } from '../github/harness.js';
import { expectGolden } from '../render/golden.js';

/** `cxskills ARGV` in process, with no colour, no CXSKILLS_RATE and no terminal: the help as a user reads it in a pipe. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture();
  const io: CliIo = { stdout: out.stream, stderr: err.stream, stdin: Readable.from(['']), env: { NO_COLOR: '1' }, cwd: '/nonexistent' };
  const code = await main(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

async function help(argv: string[]): Promise<string> {
  const run = await cli([...argv, '--help']);
  expect(run.code, `cxskills ${argv.join(' ')} --help`).toBe(0);
  expect(run.stderr).toBe('');
  return run.stdout;
}

/** The subcommands `cxskills github --help` lists, in its order. */
function githubSubcommands(text: string): string[] {
  const section = text.slice(text.indexOf('\nSubcommands:\n') + '\nSubcommands:\n'.length);
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+) {2,}/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

const HELP_DIR = fileURLToPath(new URL('../golden/help/', import.meta.url));

describe('--help of every command (golden)', () => {
  it('cxskills --help', async () => {
    expectGolden('help/cxskills.txt', await help([]));
  });

  it.each(COMMANDS.map((c) => c.name))('cxskills %s --help', async (name) => {
    expectGolden(`help/${name}.txt`, await help([name]));
  });

  it('cxskills github SUBCOMMAND --help, for each subcommand github lists', async () => {
    const subcommands = githubSubcommands(await help(['github']));
    expect(subcommands.length).toBeGreaterThanOrEqual(7);
    for (const sub of subcommands) expectGolden(`help/github-${sub}.txt`, await help(['github', sub]));
  });

  it('has a golden for each command and subcommand there is, and none for one that is gone', async () => {
    const subcommands = githubSubcommands(await help(['github']));
    const expected = ['cxskills', ...COMMANDS.map((c) => c.name), ...subcommands.map((s) => `github-${s}`)].map((n) => `${n}.txt`).sort();
    expect(readdirSync(HELP_DIR).sort()).toEqual(expected);
  });
});
