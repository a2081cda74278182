#!/usr/bin/env node
/** The cxskills entry point: parse the command, dispatch, map every error to a message and an exit code in one place. */
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { suggest } from '../model/suggest.js';
import { isCxoneError } from '../cxone/errors.js';
import { isGitHubError } from '../github/errors.js';
import { DiagnosticsError } from '../model/diagnostics.js';
import { toolVersion } from '../version.js';
import { ExitError, UsageError, type CliIo, type Command } from './command.js';
import { applyCommand } from './commands/apply.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { emulatorCommand } from './commands/emulator.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { githubCommand } from './commands/github/index.js';
import { importCommand } from './commands/import.js';
import { rollbackCommand } from './commands/rollback.js';
import { validateCommand } from './commands/validate.js';
import { fmtCommand } from './commands/fmt.js';
import { planCommand } from './commands/plan.js';
import { showCommand } from './commands/show.js';
import { makeCompletionCommand } from './commands/completion.js';
import { printDiagnostics, printRefusals } from './output.js';
import { redactingIo } from './redact.js';
import { terraformHint } from './terraform.js';

export const COMMANDS: readonly Command[] = [
  planCommand,
  applyCommand,
  showCommand,
  validateCommand,
  fmtCommand,
  doctorCommand,
  importCommand,
  generateCommand,
  exportCommand,
  rollbackCommand,
  githubCommand,
  demoCommand,
  emulatorCommand,
  makeCompletionCommand(() => COMMANDS),
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'cxskills: declarative agent skills for NICE CXone (plan and apply skill proficiencies from YAML).',
    '',
    'Usage: cxskills <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     this help (`cxskills <command> --help` for the options of a command)',
    '  --version, -v  print the version',
    '  --no-color     no colour in any output (also NO_COLOR=1; FORCE_COLOR=0 and TERM=dumb are honoured)',
    '',
    'Environment: CXSKILLS_RATE sets the default of --rate (requests per second).',
    'Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode).',
  ].join('\n');
}

/** `--no-color` may come anywhere before `--`; it becomes NO_COLOR for every renderer. */
function withoutNoColor(argv: string[], io: CliIo): { argv: string[]; io: CliIo } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (!head.includes('--no-color')) return { argv, io };
  const tail = end < 0 ? [] : argv.slice(end);
  return { argv: [...head.filter((a) => a !== '--no-color'), ...tail], io: { ...io, env: { ...io.env, NO_COLOR: '1' } } };
}

/** With a hint or a suggestion, one line says it all; otherwise the usage follows. */
function unknownCommand(name: string): string {
  const hint = terraformHint([name]);
  if (hint !== undefined) return `cxskills: ${hint} See \`cxskills --help\`.`;
  const [best] = suggest(name, COMMANDS.map((c) => c.name), 1);
  if (best !== undefined) return `cxskills: unknown command "${name}". Did you mean "${best}"? See \`cxskills --help\`.`;
  return `cxskills: unknown command "${name}".\n\n${usage()}`;
}

export async function main(rawArgv: string[], rawIo: CliIo): Promise<number> {
  const { argv, io: colourIo } = withoutNoColor(rawArgv, rawIo);
  const [name, ...rest] = argv;
  // The emulator prints the test credentials it made up, for the user to export: those are not secrets to hide.
  const io = name === 'emulator' ? colourIo : redactingIo(colourIo);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`${unknownCommand(name)}\n`);
    return 1;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ExitError) {
    printRefusals(io, error.diagnostics);
    return error.exitCode;
  }
  if (error instanceof DiagnosticsError) {
    printDiagnostics(io, error.diagnostics);
    return 1;
  }
  if (error instanceof UsageError) {
    io.stderr.write(error.code === 'USAGE' ? `${error.message}\n` : `error ${error.code}: ${error.message}\n`);
    return 1;
  }
  if (isCxoneError(error) || isGitHubError(error)) {
    // The message names the call (method, path, status); nothing is claimed about what was changed.
    printRefusals(io, [{ severity: 'error', code: error.code, message: error.message }]);
    return 1;
  }
  io.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  // A reader that goes away (`cxskills apply | head -1`) must not stop an apply half-way: output is dropped, the run goes on.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`internal error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
