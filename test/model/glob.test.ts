import { describe, expect, test } from 'vitest';
import { compileSkillScope, globProblem } from '../../src/model/glob.js';

const matches = (patterns: string[], name: string): boolean => compileSkillScope(patterns)(name);

describe('compileSkillScope', () => {
  test.each([
    ['Billing *', 'Billing EN', true],
    ['Billing *', 'Billing ', true],
    ['Billing *', 'Billing', false],
    ['Billing*', 'Billing', true],
    ['*', 'anything at all', true],
    ['Support ??', 'Support EN', true],
    ['Support ??', 'Support ENG', false],
    ['Tier[12]', 'Tier1', true],
    ['Tier[12]', 'Tier3', false],
    ['Tier[1-3]', 'Tier3', true],
    ['Tier[!1-3]', 'Tier3', false],
    ['Tier[!1-3]', 'Tier4', true],
    ['Tier[^1]', 'Tier2', true],
    ['[]]x', ']x', true],
    ['a[-b]c', 'a-c', true],
    ['Sales (FR)', 'Sales (FR)', true],
    ['Sales.FR', 'SalesXFR', false],
    ['a+b', 'aab', false],
    ['Price $|^', 'Price $|^', true],
    ['Star \\*', 'Star *', true],
    ['Star \\*', 'Star x', false],
    ['Q\\?', 'Q?', true],
    ['Café ?', 'Café ü', true],
    ['Emoji ?', 'Emoji 🎧', true],
  ])('%j on %j → %s', (pattern, name, expected) => {
    expect(matches([pattern], name)).toBe(expected);
  });

  test('is case-sensitive', () => {
    expect(matches(['Billing *'], 'billing EN')).toBe(false);
  });

  test('matches the whole name, not a part of it', () => {
    expect(matches(['Billing'], 'Billing EN')).toBe(false);
    expect(matches(['EN'], 'Billing EN')).toBe(false);
  });

  test('matches when any one pattern matches', () => {
    const inScope = compileSkillScope(['Billing *', 'Escalations']);
    expect(['Billing EN', 'Escalations', 'Sales'].map(inScope)).toEqual([true, true, false]);
  });

  test('with no patterns, nothing is in scope', () => {
    expect(matches([], 'Billing EN')).toBe(false);
  });

  test('throws on an invalid pattern', () => {
    expect(() => compileSkillScope(['Billing [EN'])).toThrow(/without a closing \]/);
  });
});

describe('globProblem', () => {
  test.each([
    ['Billing [EN', /without a closing \]/],
    ['Tier[3-1]', /reversed range 3-1/],
    ['trailing \\', /lone \\/],
    ['', /must not be empty/],
  ])('rejects %j', (pattern, message) => {
    expect(globProblem(pattern)).toMatch(message);
  });

  test('accepts valid patterns', () => {
    expect(globProblem('Support ?? Tier[12] *')).toBeUndefined();
  });
});
