import { describe, expect, it } from 'vitest';
import { hasInvisible, showName } from '../../src/model/show.js';

describe('showName', () => {
  it('quotes plain names as they are', () => {
    expect(showName('Billing EN')).toBe('"Billing EN"');
    expect(showName('Café')).toBe('"Café"');
    expect(hasInvisible('Billing EN')).toBe(false);
  });

  it('escapes zero-width spaces, NBSP, combining accents and spaces at the ends', () => {
    expect(showName('Billing\u200bEN')).toBe('"Billing<U+200B>EN"');
    expect(showName('Billing\u00a0EN')).toBe('"Billing<U+00A0>EN"');
    expect(showName('Cafe\u0301')).toBe('"Cafe<U+0301>"');
    expect(showName('Billing EN ')).toBe('"Billing EN<U+0020>"');
    expect(showName('\u001b[31mred')).toBe('"<U+001B>[31mred"');
    expect(hasInvisible('Billing EN ')).toBe(true);
  });

  it('cuts long text to an excerpt and says how long it was', () => {
    const shown = showName('x'.repeat(5000));
    expect(shown).toBe(`"${'x'.repeat(60)}…" (5000 characters)`);
  });
});
