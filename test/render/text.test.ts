import { describe, expect, it } from 'vitest';
import { renderSummaryLine, renderText } from '../../src/render/index.js';
import { emptyPlan, emptyPlanWithWarning } from '../fixtures/plans/empty.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { trickyNamesPlan } from '../fixtures/plans/tricky-names.js';
import { unknownNamesPlan } from '../fixtures/plans/unknown-names.js';
import { expectGolden } from './golden.js';

const ESC = '\u001b';

describe('renderText', () => {
  it('matches the golden plain rendering of a small plan', () => {
    expectGolden('plan.txt', renderText(smallPlan, { color: false }));
  });

  it('matches the golden coloured rendering, with ANSI escapes', () => {
    const out = renderText(smallPlan, { color: true });
    expect(out).toContain(ESC);
    expectGolden('plan-color.txt', out);
  });

  it('matches the goldens of empty plans, with and without a warning', () => {
    expectGolden('empty.txt', renderText(emptyPlan, { color: false }));
    expectGolden('empty-warnings.txt', renderText(emptyPlanWithWarning, { color: false }));
  });

  it('prints only the no-changes line for an empty plan', () => {
    expect(renderText(emptyPlan, { color: false })).toBe('No changes. Live skills match skills-state.\n');
  });

  it('keeps the warnings of an empty plan', () => {
    const out = renderText(emptyPlanWithWarning, { color: false });
    expect(out).toContain('│ Warning: the planner found this\n│\n│ skills-state/agents/dan.yaml:1:1: AGENT_INACTIVE:');
    expect(out.trimEnd().split('\n').at(-1)).toBe('No changes. Live skills match skills-state.');
  });

  it('emits no ANSI escape at all when colour is off, whatever the environment says', () => {
    const saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '3';
    try {
      for (const plan of [smallPlan, emptyPlan, emptyPlanWithWarning, unknownNamesPlan, trickyNamesPlan]) {
        expect(renderText(plan, { color: false })).not.toContain(ESC);
      }
    } finally {
      if (saved === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = saved;
    }
  });

  it('groups changes under agent names and says what changes in words', () => {
    const out = renderText(smallPlan, { color: false });
    expect(out).toContain('ana.lima\n  + Billing EN  proficiency 5\n  - Retention   (was proficiency 4)\n  ~ Sales EN    proficiency 8 → 3\n');
    expect(out).toContain('  ~ Chat EN   active true → false');
    expect(out).toContain('  - Retention   (was proficiency 4, active false)');
    expect(out).toContain('  ~ Sales EN    proficiency 12 → 10, active false → true');
  });

  it('starts with the verdict, so a long plan does not hide its totals at the bottom', () => {
    const out = renderText(smallPlan, { color: false });
    expect(out.split('\n')[0]).toBe(`${renderSummaryLine(smallPlan)} Unsafe: removes 30 % of managed assignments (limit 25 %); apply refuses it without --force.`);
  });

  it('rolls the changes up per skill ahead of the per-agent diff, most-changed skills first', () => {
    const out = renderText(smallPlan, { color: false });
    expect(out).toContain('Per skill:\n  Retention   2 removed\n  Sales EN    2 changed · proficiency 3..10\n  Billing EN  +1 · proficiency 5\n');
    expect(out.indexOf('Per skill:')).toBeLessThan(out.indexOf('ana.lima'));
  });

  it('states the grouping against the lower bound, and the estimate only when the plan has one', () => {
    expect(renderText(smallPlan, { color: false })).toContain('Grouping: 6 write calls (the lower bound): every write per agent or skill, up to 100 items per call.');
    expect(renderText(smallPlan, { color: false })).not.toContain('Estimate:');
    const estimate = { ratePerSecond: 8, reads: { staleness: 100, guard: 10, verify: 10 }, writes: 80, seconds: 40.2 };
    expect(renderText({ ...smallPlan, estimate }, { color: false })).toContain('Estimate: ≈ 41 s at 8 requests/s: 120 reads, 80 writes.');
  });

  it('shows the legend once, with the proficiency scale', () => {
    const out = renderText(smallPlan, { color: false });
    expect(out).toContain('\nLegend: + add  ~ change  - remove    proficiency 1..20, 1 = best\n');
    expect(out.match(/1 = best/g)).toHaveLength(1);
  });

  it('summarises API calls per method and endpoint', () => {
    expect(renderText(smallPlan, { color: false })).toContain(
      'API calls: 2 × POST /agents/{id}/skills, 1 × PUT /agents/{id}/skills, 1 × PUT /skills/{id}/agents, 2 × DELETE /agents/{id}/skills',
    );
  });

  it('shows safety findings in a warning box before the verdict', () => {
    const out = renderText(smallPlan, { color: false });
    expect(out).toContain('│ Warning: unsafe plan: apply will refuse it without --force');
    expect(out).toContain('│ TOO_MANY_REMOVALS: Removes 3 of 10 managed assignments (30 %), above the 25 % limit.');
    expect(out.indexOf('TOO_MANY_REMOVALS')).toBeLessThan(out.lastIndexOf('Plan: '));
  });

  it('shows plan diagnostics in a box of their own, place first, as safety and coverage findings are shown', () => {
    expect(renderText(smallPlan, { color: false })).toContain(
      '│ Warning: the planner found this\n│\n│ skills-state/agents/chloe.yaml:9:7: SKILL_OVERRIDDEN: Skill "Sales EN" is set by profile "sales" and again on the agent;',
    );
  });

  it('ends with the summary line, which carries the thresholds an unsafe plan crosses', () => {
    const lines = renderText(smallPlan, { color: false }).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe(`${renderSummaryLine(smallPlan)} Unsafe: removes 30 % of managed assignments (limit 25 %); apply refuses it without --force.`);
    expect(lines.at(-2)).toBe(lines[0]);
  });

  it('falls back to #id for agents and skills without a name', () => {
    const out = renderText(unknownNamesPlan, { color: false });
    expectGolden('unknown-names.txt', out);
    expect(out).toContain('#104\n  ~ Billing EN  proficiency 3 → 2\n  + #99         proficiency 1\n');
    expect(out).toContain('eve.nakamura\n  - #99  (was proficiency 9)');
  });

  it('neutralises terminal escapes and line breaks inside names', () => {
    const out = renderText(trickyNamesPlan, { color: false });
    expectGolden('tricky-names.txt', out);
    expect(out).not.toContain(ESC);
    expect(out).toContain('red [31m fake line\n');
  });

  it('collapses many coverage findings to counts and the first twenty', () => {
    const coverage = Array.from({ length: 25 }, (_, i) => ({ code: i < 22 ? ('AGENT_UNCOVERED' as const) : ('SKILL_UNCOVERED' as const), severity: 'error' as const, name: `n${i}`, message: `finding ${i}` }));
    const out = renderText({ ...smallPlan, coverage }, { color: false });
    expect(out).toContain('│ 25 findings: 22 AGENT_UNCOVERED, 3 SKILL_UNCOVERED. The first 20:');
    expect(out).toContain('│ AGENT_UNCOVERED: finding 19\n');
    expect(out).not.toContain('finding 20\n');
    expect(out).toContain('│ … 5 more in the JSON plan (--format json, or the saved plan).');
  });
});
