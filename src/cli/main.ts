#!/usr/bin/env node
/** The cxskills entry point: parse the command, dispatch, map every error to a message and an exit code in one place. */
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { isCxoneError } from '../cxone/errors.js';
import { DiagnosticsError } from '../model/diagnostics.js';
import { toolVersion } from '../version.js';
import { UsageError, type CliIo, type Command } from './command.js';
import { applyCommand } from './commands/apply.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { emulatorCommand } from './commands/emulator.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { githubCommand } from './commands/github.js';
import { importCommand } from './commands/import.js';
import { rollbackCommand } from './commands/rollback.js';
import { validateCommand } from './commands/validate.js';
import { planCommand } from './commands/plan.js';
import { printDiagnostics } from './output.js';
import { redactingIo } from './redact.js';

export const COMMANDS: readonly Command[] = [
  planCommand,
  applyCommand,
  validateCommand,
  doctorCommand,
  importCommand,
  generateCommand,
  exportCommand,
  rollbackCommand,
  githubCommand,
  demoCommand,
  emulatorCommand,
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
    'Run `cxskills <command> --help` for the options of a command.',
    'Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode).',
  ].join('\n');
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  // The emulator prints the test credentials it made up, for the user to export: those are not secrets to hide.
  const io = name === 'emulator' ? rawIo : redactingIo(rawIo);
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
    io.stderr.write(`cxskills: unknown command "${name}".\n\n${usage()}\n`);
    return 1;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof DiagnosticsError) {
    printDiagnostics(io, error.diagnostics);
    return 1;
  }
  if (error instanceof UsageError) {
    io.stderr.write(error.code === 'USAGE' ? `${error.message}\n` : `error ${error.code}: ${error.message}\n`);
    return 1;
  }
  if (isCxoneError(error)) {
    io.stderr.write(`error ${error.code}: ${error.message}\n`);
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
