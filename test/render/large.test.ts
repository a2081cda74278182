import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '../../src/render/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { largePlan } from '../fixtures/plans/large.js';

/** Generous bounds: a linear render of 200,000 changes takes well under a second; a quadratic one, minutes. */
const BOUND_MS = 8_000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('rendering 200,000 changes', () => {
  const plan = largePlan(200_000);

  it('renders text in linear time', () => {
    const { value, ms } = timed(() => renderText(plan, { color: true }));
    expect(value.split('\n').filter((l) => /^  (\u001b\[\d+m)?[+~-]/.test(l)).length).toBe(200_000);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('renders a bounded Markdown comment in linear time', () => {
    const { value, ms } = timed(() => renderMarkdown(plan));
    expect(value.length).toBeLessThanOrEqual(65_536);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('renders JSON in linear time', () => {
    const { value, ms } = timed(() => serializePlan(plan));
    expect(value.length).toBeGreaterThan(1_000_000);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('takes about eight times as long for eight times the changes, not sixty-four', () => {
    const eighth = largePlan(25_000);
    renderText(eighth, { color: false }); // warm up
    // Interleaved (small, large, small, …), best of each: a busy spell of the machine slows both sizes, not one.
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < 3; i++) {
      small.push(timed(() => renderText(eighth, { color: false })).ms);
      large.push(timed(() => renderText(plan, { color: false })).ms);
    }
    // Linear gives about 8, quadratic about 64; 24 leaves room for GC noise on a busy CI runner.
    expect(Math.min(...large) / Math.min(...small)).toBeLessThan(24);
  });
});
