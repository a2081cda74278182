/** The contract every CLI command (one file each under commands/) fulfils. */

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
  readonly code = 'USAGE';
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
