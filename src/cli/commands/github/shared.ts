/** What the `cxskills github …` subcommands share: their contract, plan loading, a client from the environment. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, type CliIo } from '../../command.js';
import { DiagnosticsError } from '../../../model/diagnostics.js';
import type { Plan } from '../../../plan/index.js';
import { parsePlanFile } from '../../../run/plan-file.js';
import { GitHubClient } from '../../../github/client.js';
import { githubConfigFromEnv } from '../../../github/config.js';
import { redact, secretValues } from '../../redact.js';

export interface Subcommand {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export async function readPlan(io: CliIo, file: string): Promise<Plan> {
  const { plan, diagnostics } = parsePlanFile(await readText(io, file, 'plan'), file);
  if (plan === undefined) throw new DiagnosticsError(diagnostics);
  return plan;
}

export async function readText(io: CliIo, file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
    throw new UsageError(`cannot read the ${what} file ${file}${code ? ` (${code})` : ''}.`);
  }
}

/** Runs `fn` with a client configured from GITHUB_* variables, and closes it after. */
export async function withClient<T>(io: CliIo, fn: (client: GitHubClient) => Promise<T>): Promise<T> {
  const secrets = secretValues(io.env);
  // GITHUB_TOKEN itself is among the secrets: it goes in the Authorization header, never in a body.
  const client = new GitHubClient(githubConfigFromEnv(io.env), { redact: (text) => redact(text, secrets) });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

export function booleanOption(command: string, name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`${command}: --${name} must be true or false, got "${value}".`);
}

export function positiveInteger(command: string, name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${command}: --${name} must be a positive integer, got "${value}".`);
  return n;
}

export function exitCodeOption(command: string, value: string): number {
  const n = Number(value);
  if (!/^\d{1,3}$/.test(value.trim()) || n > 255) throw new UsageError(`${command}: --exit-code must be an integer 0..255, got "${value}".`);
  return n;
}

/** The checkout root that annotation paths are relative to. */
export function workspaceRoot(io: CliIo): string {
  return io.env.GITHUB_WORKSPACE ? resolve(io.env.GITHUB_WORKSPACE) : io.cwd;
}
