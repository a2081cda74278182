/** Reads the `from`/`until`/`outside` of a skill or a profile membership into a window, in the time zone of cxskills.yaml. */
import type { Diagnostic } from '../model/diagnostics.js';
import { parseTime } from '../model/time.js';
import { DEFAULT_OUTSIDE, type Outside, type TimeWindow } from '../model/windows.js';
import { CONFIG_CODES } from './codes.js';
import type { RawTime, RawWindow } from './declarations.js';
import { errorAt, showPlace } from './diagnostic.js';

export interface ReadWindow {
  /** Absent when neither `from` nor `until` is given (then `outside` changes nothing). */
  window?: TimeWindow;
  outside: Outside;
}

/** Null when a time is unparseable or the window is empty (reported once per declaration); the declaration is then left out. */
export type WindowReader = (raw: RawWindow | undefined) => ReadWindow | null;

export const DEFAULT_TIME_ZONE = 'UTC';

export function createWindowReader(timeZone: string, diagnostics: Diagnostic[]): WindowReader {
  const seen = new WeakMap<RawWindow, ReadWindow | null>();
  // Thousands of agents share a campaign's few dates; reading one in a zone asks Intl several times.
  const parsedTexts = new Map<string, ReturnType<typeof parseTime>>();
  const instant = (raw: RawTime | undefined): number | undefined | null => {
    if (raw === undefined) return undefined;
    let parsed = parsedTexts.get(raw.text);
    if (parsed === undefined) parsedTexts.set(raw.text, (parsed = parseTime(raw.text, timeZone)));
    if (parsed.ok) return parsed.ms;
    diagnostics.push(errorAt(CONFIG_CODES.WINDOW_TIME_INVALID, parsed.problem, raw.place, { path: raw.path }));
    return null;
  };
  const read = (raw: RawWindow): ReadWindow | null => {
    const from = instant(raw.from);
    const until = instant(raw.until);
    if (from === null || until === null) return null;
    if (from !== undefined && until !== undefined && until <= from) {
      const message = `the window is empty: until (${raw.until!.text}) is not after from (${raw.from!.text}, at ${showPlace(raw.from!.place)}); until is exclusive`;
      diagnostics.push(errorAt(CONFIG_CODES.WINDOW_EMPTY, message, raw.until!.place, { path: raw.until!.path }));
      return null;
    }
    const window: TimeWindow = { ...(from === undefined ? {} : { from }), ...(until === undefined ? {} : { until }) };
    return { ...(from === undefined && until === undefined ? {} : { window }), outside: raw.outside ?? DEFAULT_OUTSIDE };
  };
  return (raw) => {
    if (raw === undefined) return { outside: DEFAULT_OUTSIDE };
    if (!seen.has(raw)) seen.set(raw, read(raw));
    return seen.get(raw)!;
  };
}
