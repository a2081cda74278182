import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummaryLine } from '../../src/render/index.js';
import { largePlan } from '../fixtures/plans/large.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { expectGolden } from './golden.js';

const HINT = 'Full plan: see the plan.json artifact and job summary.';

function diffBody(md: string): string[] {
  const start = md.indexOf('```diff\n');
  if (start < 0) return [];
  const body = md.slice(start + '```diff\n'.length, md.indexOf('\n```\n', start));
  return body.split('\n');
}

describe('renderMarkdown size budget', () => {
  const big = largePlan(20_000);
  const full = renderMarkdown(big, { maxChars: 10_000_000 });

  it('renders everything when it fits', () => {
    expect(full).not.toContain('not shown');
    expect(diffBody(full).filter((l) => /^[+!-] /.test(l))).toHaveLength(20_000);
  });

  it('fits 20,000 changes into the default 65,536 characters, keeping verdict, table and footer', () => {
    const md = renderMarkdown(big, { detailsHint: HINT });
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).toContain('**Plan: 6,667 to add, 6,667 to change, 6,666 to remove (210 API calls).**');
    expect(md).toContain('| **Total** (2,000 agents) |');
    expect(md).toContain('**API calls:**');
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^<sub>cxskills 0\.1\.0 · plan format 1 · live checksum/);
    expect(md.length).toBeGreaterThan(60_000);
  });

  it('cuts the change list at a line boundary and says how many changes are hidden', () => {
    const md = renderMarkdown(big, { detailsHint: HINT });
    const shown = diffBody(md);
    const all = diffBody(full);
    expect(shown.length).toBeGreaterThan(100);
    expect(all.slice(0, shown.length)).toEqual(shown);
    expect(shown.at(-1)).toMatch(/^[+!-] /);
    const shownChanges = shown.filter((l) => /^[+!-] /.test(l)).length;
    const hidden = 20_000 - shownChanges;
    expect(md).toContain(`<summary>Changes by agent: showing ${shownChanges.toLocaleString('en-US')} of 20,000 changes</summary>`);
    expect(md).toContain(
      `> [!NOTE]\n> … ${hidden.toLocaleString('en-US')} more changes not shown (plan truncated to fit 65,536 characters). ${HINT}`,
    );
  });

  it('stays within tiny budgets by dropping sections, then clipping the verdict', () => {
    for (const maxChars of [4_000, 1_200, 700, 300, 120, 60, 20, 2, 1]) {
      for (const plan of [big, smallPlan]) {
        const md = renderMarkdown(plan, { maxChars, detailsHint: HINT });
        expect(md.length, `maxChars ${maxChars}`).toBeLessThanOrEqual(maxChars);
        expect(md.length, `maxChars ${maxChars}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the verdict and footer even when no change line fits', () => {
    const md = renderMarkdown(big, { maxChars: 1_100 });
    expect(md).toContain('Plan: 6,667 to add, 6,667 to change, 6,666 to remove (210 API calls).');
    expect(md).toContain('20,000 changes not shown (plan truncated to fit 1,100 characters).');
    expect(md).not.toContain('<details');
    expect(md).toContain('<sub>cxskills');
  });

  it('matches the golden of a small plan cut to 1,600 characters', () => {
    const md = renderMarkdown(smallPlan, { maxChars: 1_600, detailsHint: HINT });
    expect(md.length).toBeLessThanOrEqual(1_600);
    expectGolden('plan-truncated.md', md);
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => renderMarkdown(smallPlan, { maxChars: 0 })).toThrow('maxChars must be a positive integer, got 0');
    expect(() => renderMarkdown(smallPlan, { maxChars: 10.5 })).toThrow(RangeError);
  });
});
