import { describe, expect, it } from 'vitest';
import { formatInstant, isTimeZone, parseDuration, parseTime } from '../../src/model/time.js';

const at = (text: string, zone = 'UTC') => {
  const p = parseTime(text, zone);
  if (!p.ok) throw new Error(p.problem);
  return new Date(p.ms).toISOString();
};

describe('parseTime', () => {
  it('reads ISO 8601 with an offset or Z as that instant, whatever the time zone', () => {
    expect(at('2026-12-24T09:00:00+01:00', 'America/New_York')).toBe('2026-12-24T08:00:00.000Z');
    expect(at('2026-12-24T09:00Z', 'Asia/Tokyo')).toBe('2026-12-24T09:00:00.000Z');
    expect(at('2026-12-24T09:00:00.250-0530')).toBe('2026-12-24T14:30:00.250Z');
  });

  it('reads a date or a time without offset in the given zone, a date as its midnight', () => {
    expect(at('2026-12-24', 'Europe/Berlin')).toBe('2026-12-23T23:00:00.000Z');
    expect(at('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(at('2026-07-01 09:00:30', 'America/New_York')).toBe('2026-07-01T13:00:30.000Z');
    expect(at('2026-12-24')).toBe('2026-12-24T00:00:00.000Z');
  });

  it('moves a local time inside a spring-forward gap forward by the gap (02:30 → 03:30)', () => {
    expect(at('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(formatInstant(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:30+02:00');
    expect(at('2026-03-08T02:15', 'America/New_York')).toBe('2026-03-08T07:15:00.000Z');
  });

  it('takes the earlier of a local time repeated when clocks go back', () => {
    expect(at('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Just after the repeated hour, there is only one reading.
    expect(at('2026-10-25T03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses texts that are not dates, impossible dates, and an offset without a time', () => {
    for (const bad of ['tomorrow', '2026-02-30', '2026-12-24T24:00', '2026-13-01', '2026-12-24+01:00', '24.12.2026', '2026-12-24T09:00+19:00']) {
      expect(parseTime(bad, 'UTC').ok, bad).toBe(false);
    }
  });
});

describe('formatInstant, isTimeZone, parseDuration', () => {
  it('shows an instant in the zone with its offset, seconds only when not zero, Z in UTC', () => {
    expect(formatInstant(Date.parse('2026-12-24T08:00:00Z'), 'Europe/Berlin')).toBe('2026-12-24T09:00+01:00');
    expect(formatInstant(Date.parse('2026-12-24T08:00:05Z'), 'America/St_Johns')).toBe('2026-12-24T04:30:05-03:30');
    expect(formatInstant(Date.parse('2026-12-24T08:00:00Z'), 'UTC')).toBe('2026-12-24T08:00Z');
  });

  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads 7d, 36h and 90m', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('36h')).toBe(36 * 3_600_000);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('1w')).toBeUndefined();
  });
});
