import { describe, expect, it } from 'vitest';
import { atOption, horizonOption } from '../../src/cli/window-options.js';

describe('--at and --horizon', () => {
  it('reads --at in the state\'s time zone unless it has an offset, and now as no instant', () => {
    expect(atOption('plan', '2026-12-02T09:00', 'Europe/Berlin')).toBe('2026-12-02T08:00:00.000Z');
    expect(atOption('plan', '2026-12-02', undefined)).toBe('2026-12-02T00:00:00.000Z');
    expect(atOption('plan', '2026-12-02T09:00-05:00', 'Europe/Berlin')).toBe('2026-12-02T14:00:00.000Z');
    expect(atOption('plan', 'now', 'Europe/Berlin')).toBeUndefined();
  });

  it('refuses what is not a time or a duration with OPTION_INVALID', () => {
    expect(() => atOption('plan', 'tomorrow', 'UTC')).toThrow(/--at: "tomorrow" is not a date or time/);
    expect(horizonOption('plan', '36h')).toBe(36 * 3_600_000);
    expect(() => horizonOption('plan', '0d')).toThrow(/--horizon must be a duration such as 7d, 36h or 90m, got "0d"/);
  });
});
