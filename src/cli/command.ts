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
  readonly exitCode = 1;
  /** `USAGE` (printed as the message alone) or a stable code of an input the user must fix (printed as `error CODE: …`). */
  readonly code: string;
  constructor(message: string, code = 'USAGE') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}
