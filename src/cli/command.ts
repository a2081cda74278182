/** The contract every CLI command (one file each under commands/) fulfils, and the errors main maps to exit codes. */
import type { Diagnostic } from '../model/diagnostics.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for `cxskills --help`. */
  summary: string;
  /** Full text for `cxskills <name> --help`. */
  help: string;
  /** Runs the command; resolves to the process exit code (0 ok, 1 error, 2 changes with --detailed-exitcode). */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** An error meant for the user: printed without a stack, mapped to `exitCode` by main. */
export class UsageError extends Error {
  readonly exitCode = 1;
  /** `USAGE` (printed as the message alone) or a stable code of an input the user must fix (printed as `error CODE: …`). */
  readonly code: string;
  constructor(message: string, code = 'USAGE') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}

/**
 * A command stops here, for a reason it has told as diagnostics (a refusal, a run that did not finish):
 * main prints them (one renderer for every problem) and exits with `exitCode`.
 */
export class ExitError extends Error {
  readonly exitCode: number;
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], exitCode = 1) {
    super(diagnostics.map((d) => d.message).join('\n') || `exit ${exitCode}`);
    this.name = 'ExitError';
    this.exitCode = exitCode;
    this.diagnostics = diagnostics;
  }
}
