/** Shared option parsing for commands: node:util parseArgs with exact messages, plus number/enum checks. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';
import { terraformHint } from './terraform.js';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (error) {
    const hint = terraformHint(argv);
    if (hint !== undefined) throw new UsageError(`${command}: ${hint} See \`cxskills ${command} --help\`.`);
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}. See \`cxskills ${command} --help\`.`);
  }
}

/** `--rate N`, else `CXSKILLS_RATE` (so a CI job sets it once), else the default. */
export function rateOption(command: string, value: string | undefined, env: NodeJS.ProcessEnv, fallback: number): number {
  if (value !== undefined) return numberOption(command, 'rate', value, fallback);
  const fromEnv = env.CXSKILLS_RATE;
  if (fromEnv === undefined || fromEnv === '') return fallback;
  const n = Number(fromEnv);
  if (fromEnv.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${command}: CXSKILLS_RATE must be a positive number, got "${fromEnv}".`);
  return n;
}

export function numberOption(command: string, name: string, value: string | undefined, fallback: number, check: (n: number) => boolean = (n) => n > 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${command}: --${name} must be a positive number, got "${value}".`);
  }
  return n;
}

export function enumOption<T extends string>(command: string, name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${command}: --${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}
