import { describe, expect, test } from 'vitest';
import { suggest } from '../../src/model/suggest.js';

describe('suggest', () => {
  test('offers the closest name for a one-letter typo', () => {
    expect(suggest('biling-core', ['support', 'billing-core', 'billing-senior'])).toEqual(['billing-core']);
  });

  test('ignores case when measuring distance, so a wrongly cased name comes first', () => {
    expect(suggest('billing en', ['Billing FR', 'Billing EN'])).toEqual(['Billing EN', 'Billing FR']);
  });

  test('orders by distance, then by the order candidates were given', () => {
    expect(suggest('jdoe', ['jd', 'xdoe', 'jdoe2'])).toEqual(['xdoe', 'jdoe2', 'jd']);
  });

  test('returns at most three by default, and at most max when given', () => {
    const candidates = ['abcd1', 'abcd2', 'abcd3', 'abcd4'];
    expect(suggest('abcd', candidates)).toHaveLength(3);
    expect(suggest('abcd', candidates, 1)).toEqual(['abcd1']);
    expect(suggest('abcd', candidates, 0)).toEqual([]);
  });

  test('suggests nothing for names too far away', () => {
    expect(suggest('support', ['billing-core', 'escalations'])).toEqual([]);
  });

  test('never suggests a complete replacement of a short name', () => {
    expect(suggest('a', ['b'])).toEqual([]);
    expect(suggest('ab', ['xy'])).toEqual([]);
  });

  test('allows two edits for short names and a quarter of the length for long ones', () => {
    expect(suggest('biling-cor', ['billing-core', 'billing-senior'])).toEqual(['billing-core']);
    expect(suggest('ana.silva@example.com', ['ana.silva@exmaple.org', 'bob.jones@example.com'])).toEqual(['ana.silva@exmaple.org']);
  });

  test('suggests names that extend the given one, or that it extends', () => {
    expect(suggest('Billing', ['Billing EN', 'Support EN'])).toEqual(['Billing EN']);
    expect(suggest('Billing EN Tier 1', ['Billing EN'])).toEqual(['Billing EN']);
    expect(suggest('Bi', ['Billing EN'])).toEqual([]);
  });

  test('does not suggest the name itself, and lists a repeated candidate once', () => {
    expect(suggest('basic', ['basic', 'basics', 'basics'])).toEqual(['basics']);
  });

  test('accepts any iterable, such as the keys of a Map', () => {
    const byName = new Map([['senior', 1], ['junior', 2]]);
    expect(suggest('senor', byName.keys())).toEqual(['senior']);
  });
});
