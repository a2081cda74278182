import { describe, expect, it } from 'vitest';
import { buildBody, dirTitle } from '../../src/cli/commands/github/bodies.js';
import { markerFor } from '../../src/github/marker.js';
import { renderMarkdown } from '../../src/render/index.js';
import { unsafeLargePlan } from '../fixtures/plans/unsafe-large.js';
import { expectGolden } from '../render/golden.js';

const RUN = 'https://github.test/acme/cx-config/actions/runs/4242';
const plan = unsafeLargePlan();
const VERDICT = /^\*\*Plan: 843 to add, 1,500 to change, 2,484 to remove \([\d,]+ API calls\)\. Unsafe: removes 33\.7 % of managed assignments \(limit 25 %\), changes 65\.5 % of managed assignments \(limit 50 %\); apply refuses it without `--force`\. 613 routing-coverage findings \(refused without `--allow-uncovered`\)\.\*\*$/m;

function comment(): string {
  return buildBody({ plan }, { marker: markerFor('plan', 'skills-state'), title: dirTitle('cxskills plan for', 'skills-state'), runUrl: RUN }).body;
}

describe('the unsafe 4,827-change plan as a reviewer sees it', () => {
  it('is the fixture the issue describes: 33.7 % removed, 65.5 % changed, 613 coverage findings', () => {
    expect(plan.changes).toHaveLength(4_827);
    expect(plan.safety.map((f) => [f.code, Math.round(f.ratio * 1000) / 10])).toEqual([['TOO_MANY_REMOVALS', 33.7], ['TOO_MANY_CHANGES', 65.5]]);
    expect(plan.coverage).toHaveLength(613);
  });

  it('matches the golden PR comment, cut to the 65,536-character limit', () => {
    const body = comment();
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.length).toBeGreaterThan(60_000);
    expectGolden('unsafe-comment.md', body);
  });

  it('keeps the verdict with "unsafe" and the thresholds, the findings collapsed to counts, and one marker', () => {
    const body = comment();
    expect(body).toMatch(VERDICT);
    expect(body).toContain('> - **TOO\\_MANY\\_REMOVALS**: Removes 2,484 of 7,370 managed assignments (33.7 %), above the 25 % limit.');
    expect(body).toContain('> 613 findings: 600 AGENT\\_UNCOVERED, 13 SKILL\\_UNCOVERED. The first 5:');
    expect(body).toContain('> - … 608 more in plan.json');
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).toContain('not shown');
  });

  it('formats every count one way (3,803, never 3803) outside names and code', () => {
    const outsideNames = comment()
      .split('\n')
      .filter((line) => !line.startsWith('@@') && !/^[+!-] /.test(line))
      .join('\n')
      .replace(/`[^`]*`/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\(https:[^)]*\)/g, '')
      .replace(/planned [0-9T:.Z-]+/g, '');
    expect(outsideNames.match(/\d{4,}/g) ?? []).toEqual([]);
  });

  it('keeps the verdict and the thresholds however small the budget', () => {
    for (const maxChars of [2_000, 600, 300, 80, 40]) {
      const md = renderMarkdown(plan, { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md, `maxChars ${maxChars}`).toMatch(/[Uu]nsafe/);
      if (maxChars >= 300) expect(md, `maxChars ${maxChars}`).toContain('removes 33.7 % of managed assignments (limit 25 %)');
    }
  });

  it('gives the drift issue body the same verdict, findings and single marker', () => {
    const { body } = buildBody({ plan }, { marker: markerFor('drift', 'skills-state'), title: dirTitle('Drift in', 'skills-state'), outro: '**What to do:** apply or change the YAML.', runUrl: RUN });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(VERDICT);
    expect(body).toContain('613 findings');
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.startsWith('<!-- cxskills:drift dir=skills-state -->\n')).toBe(true);
  });

  it('drops the generic marker of `plan --format markdown` output given as --body-file', () => {
    const { body } = buildBody({ text: renderMarkdown(plan) }, { marker: markerFor('plan', 'skills-state'), title: 'x' });
    expect(body.match(/<!--/g)).toHaveLength(1);
  });
});
