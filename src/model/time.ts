/** Instants from the texts of a state file or `--at`: ISO 8601 with an offset, or a local date/time read in an IANA time zone (Intl only, no clock). */

/** A local time that does not exist (clocks jump forward) is read with the offset before the jump, so 02:30 becomes 03:30; one that happens twice (clocks go back) is the earlier of the two. JavaScript Temporal calls this `compatible`, and RFC 5545 does the same. */
export const DST_RULE = 'compatible';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the IANA name (`Europe/Berlin`, `UTC`); a name it does not know throws RangeError there. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `utcMs`, in milliseconds (local − UTC), to the second. */
export function offsetAt(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - Math.floor(utcMs / 1000) * 1000;
}

/** The instant of a wall-clock time in `timeZone`, `localMs` being that wall-clock time written as if it were UTC. */
export function localToInstant(localMs: number, timeZone: string): number {
  const hour = 3_600_000;
  // Offsets a few hours either side cover both sides of any transition (zones change at most once a day).
  const offsets = new Set([offsetAt(timeZone, localMs - 14 * hour), offsetAt(timeZone, localMs), offsetAt(timeZone, localMs + 14 * hour)]);
  const valid = [...offsets].map((o) => localMs - o).filter((u) => offsetAt(timeZone, u) === localMs - u);
  if (valid.length > 0) return Math.min(...valid); // repeated: the earlier
  // In a gap: the offset in force before the jump moves the time forward by the gap.
  return localMs - offsetAt(timeZone, localMs - 14 * hour);
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedTime = { ok: true; ms: number; local: boolean } | { ok: false; problem: string };

/**
 * `2026-12-24T09:00:00+01:00`, `…Z`, `2026-12-24T09:00` or `2026-12-24` (these two in `timeZone`; a date
 * alone is its midnight). A time zone offset needs a time. Fields are range-checked (no 31 February).
 */
export function parseTime(text: string, timeZone: string): ParsedTime {
  const m = PATTERN.exec(text.trim());
  if (m === null) return { ok: false, problem: `${JSON.stringify(text)} is not a date or time: write 2026-12-24, 2026-12-24T09:00 (in the time zone of cxskills.yaml) or 2026-12-24T09:00+01:00` };
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fields = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) };
  if (zone !== undefined && h === undefined) return { ok: false, problem: `${JSON.stringify(text)} has an offset but no time of day; write ${y}-${mo}-${d}T00:00${zone}` };
  const localMs = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) + Number((frac ?? '').padEnd(3, '0') || 0);
  const back = new Date(localMs);
  const exact =
    back.getUTCFullYear() === fields.year && back.getUTCMonth() === fields.month - 1 && back.getUTCDate() === fields.day && fields.hour < 24 && fields.minute < 60 && fields.second < 60;
  if (!exact) return { ok: false, problem: `${JSON.stringify(text)} is not a real date or time of day` };
  if (zone === undefined) return { ok: true, ms: localToInstant(localMs, timeZone), local: true };
  if (/^z$/i.test(zone)) return { ok: true, ms: localMs, local: false };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  if (Math.abs(offset) > 18 * 3_600_000 || Number(digits.slice(2)) >= 60) return { ok: false, problem: `${JSON.stringify(text)} has an offset outside ±18:00` };
  return { ok: true, ms: localMs - offset, local: false };
}

/** `2026-12-24T09:00+01:00` in `timeZone` (seconds only when not zero): what every rendering shows. */
export function formatInstant(ms: number, timeZone: string): string {
  const offset = offsetAt(timeZone, ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString();
  const time = local.slice(17, 19) === '00' ? local.slice(0, 16) : local.slice(0, 19);
  if (offset === 0) return `${time}Z`;
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${time}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `7d`, `36h`, `90m` → milliseconds; undefined when the text is none of these. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,5})([dhm])$/.exec(text.trim());
  if (m === null) return undefined;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
  return Number(m[1]) * unit;
}
