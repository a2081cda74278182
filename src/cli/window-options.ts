/** `--at TIME` and `--horizon DURATION` of plan (issue 15): the instant a plan is for, and how far ahead it lists window transitions. */
import { parseDuration, parseTime } from '../model/time.js';
import { UsageError } from './command.js';
import { OPTION_INVALID } from './options.js';

export const WINDOW_OPTIONS = { at: { type: 'string' }, horizon: { type: 'string' } } as const;

/** Milliseconds; checked before anything is read. */
export function horizonOption(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`${command}: --horizon must be a duration such as 7d, 36h or 90m, got "${value}".`, OPTION_INVALID);
  return ms;
}

/** ISO 8601 UTC of `--at` (`now`, an ISO time with offset, or a date/time read in cxskills.yaml's timeZone). */
export function atOption(command: string, value: string | undefined, timeZone: string | undefined): string | undefined {
  if (value === undefined || value === 'now') return undefined;
  const parsed = parseTime(value, timeZone ?? 'UTC');
  if (!parsed.ok) throw new UsageError(`${command}: --at: ${parsed.problem}.`, OPTION_INVALID);
  return new Date(parsed.ms).toISOString();
}
