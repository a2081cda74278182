/** Running operator commands (import, generate, export, rollback, validate) as the built CLI in a child process. */
import { runCli, type CliRun } from './harness.js';

export function runOperator(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<CliRun> {
  return runCli(args, options);
}
