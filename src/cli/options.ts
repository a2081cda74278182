/** Shared option parsing for commands: node:util parseArgs with exact messages, plus number/enum checks. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}. See \`cxskills ${command} --help\`.`);
  }
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
