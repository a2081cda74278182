/** Shared option parsing for commands: node:util parseArgs with exact messages, plus number/enum checks. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';
import { terraformHint } from './terraform.js';

/** Stable code of an option value the user must fix (empty, out of range, not a number). */
export const OPTION_INVALID = 'OPTION_INVALID';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, allowPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (error) {
    const hint = terraformHint(argv);
    if (hint !== undefined) throw new UsageError(`${command}: ${hint} See \`cxskills ${command} --help\`.`);
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}. See \`cxskills ${command} --help\`.`);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    // `--dir ''` would mean the working directory, `--out ''` no file: an empty value is always a slip.
    const empty = typeof value === 'string' ? value.trim() === '' : Array.isArray(value) && value.some((v) => typeof v === 'string' && v.trim() === '');
    if (empty) throw new UsageError(`${command}: --${name} must not be empty.`, OPTION_INVALID);
  }
  return parsed;
}

/**
 * `--rate -1` as `--rate=-1`: parseArgs reads a value starting with `-` as another option and says the
 * argument is "ambiguous"; joined, the value reaches the option's own check and its exact message.
 */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function numberOption(command: string, name: string, value: string | undefined, fallback: number, check: (n: number) => boolean = (n) => n > 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${command}: --${name} must be a positive number, got "${value}".`, OPTION_INVALID);
  }
  return n;
}

/** Below this a run would wait 10 s or more before each call: a typo (`0.001`), not a plan. */
export const MIN_RATE_PER_SECOND = 0.1;

/** `--rate N`, else `CXSKILLS_RATE` (so a CI job sets it once), else the default; at least MIN_RATE_PER_SECOND. */
export function rateOption(command: string, value: string | undefined, env: NodeJS.ProcessEnv, fallback: number): number {
  const fromEnv = env.CXSKILLS_RATE;
  const useEnv = value === undefined && fromEnv !== undefined && fromEnv !== '';
  const raw = useEnv ? fromEnv : value;
  const what = useEnv ? 'CXSKILLS_RATE' : '--rate';
  const rate = Number(raw ?? fallback);
  if (raw !== undefined && (raw.trim() === '' || !Number.isFinite(rate) || rate <= 0)) {
    throw new UsageError(`${command}: ${what} must be a positive number, got "${raw}".`, OPTION_INVALID);
  }
  if (rate < MIN_RATE_PER_SECOND) {
    throw new UsageError(
      `${command}: ${what} must be at least ${MIN_RATE_PER_SECOND} requests per second (one call every 10 s), got "${raw}"; a slower rate would leave the run waiting minutes between calls.`,
      OPTION_INVALID,
    );
  }
  return rate;
}

export function enumOption<T extends string>(command: string, name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${command}: --${name} must be one of ${allowed.join(', ')}, got "${value}".`, OPTION_INVALID);
  }
  return value as T;
}

/** A repeatable option whose values may also be comma-separated (`--agents ann,bob --agents cy`); blanks around commas are dropped. */
export function listOption(command: string, name: string, values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    for (const part of value.split(',')) {
      const item = part.trim();
      if (item === '') throw new UsageError(`${command}: --${name} has an empty item in "${value}".`, OPTION_INVALID);
      if (!out.includes(item)) out.push(item);
    }
  }
  return out;
}

/** `--agents` and `--skills` of plan and apply: the plan's narrowing (Terraform's -target), or undefined. */
export function targetOptions(command: string, values: { agents?: string[] | undefined; skills?: string[] | undefined }): { agents: string[]; skills: string[] } | undefined {
  const agents = listOption(command, 'agents', values.agents);
  const skills = listOption(command, 'skills', values.skills);
  return agents.length === 0 && skills.length === 0 ? undefined : { agents, skills };
}

export const TARGET_OPTIONS = { agents: { type: 'string', multiple: true }, skills: { type: 'string', multiple: true } } as const;

