import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummaryLine } from '../../src/render/index.js';
import { emptyPlan, emptyPlanWithWarning } from '../fixtures/plans/empty.js';
import { largePlan } from '../fixtures/plans/large.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { trickyNamesPlan } from '../fixtures/plans/tricky-names.js';
import { unknownNamesPlan } from '../fixtures/plans/unknown-names.js';
import { expectGolden } from './golden.js';

describe('renderMarkdown', () => {
  it('matches the golden comment of a small plan', () => {
    expectGolden('plan.md', renderMarkdown(smallPlan));
  });

  it('matches the goldens of empty, unknown-name and hostile-name plans', () => {
    expectGolden('empty.md', renderMarkdown(emptyPlan));
    expectGolden('empty-warnings.md', renderMarkdown(emptyPlanWithWarning));
    expectGolden('unknown-names.md', renderMarkdown(unknownNamesPlan));
    expectGolden('tricky-names.md', renderMarkdown(trickyNamesPlan));
  });

  it('starts with a findable marker and the heading, then the bold verdict, which says "unsafe" and the thresholds', () => {
    const lines = renderMarkdown(smallPlan, { title: 'Skills plan: prod' }).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '<!-- cxskills:plan -->',
      '## Skills plan: prod',
      '',
      `**${renderSummaryLine(smallPlan)} Unsafe: removes 30 % of managed assignments (limit 25 %); apply refuses it without \`--force\`.**`,
    ]);
  });

  it('leaves the marker out when the caller brings its own (one marker per body)', () => {
    const md = renderMarkdown(smallPlan, { marker: null });
    expect(md.startsWith('## cxskills plan\n')).toBe(true);
    expect(md).not.toContain('<!--');
  });

  it('shows safety findings in a WARNING alert', () => {
    expect(renderMarkdown(smallPlan)).toContain(
      '> [!WARNING]\n> **Warning: unsafe plan: apply will refuse it without `--force`.**\n>\n> - **TOO\\_MANY\\_REMOVALS**: Removes 3 of 10',
    );
  });

  it('puts the changes per agent in a details block with a diff fence GitHub colours', () => {
    const md = renderMarkdown(smallPlan);
    expect(md).toContain('<details open>\n<summary>Changes by agent: 3 agents, 8 changes</summary>');
    expect(md).toContain('```diff\n@@ ana.lima @@\n+ Billing EN  proficiency 5\n- Retention   (was proficiency 4)\n! Sales EN    proficiency 8 → 3\n');
    expect(md).toContain('! Chat EN   active true → false');
  });

  it('keeps the details folded for larger plans', () => {
    expect(renderMarkdown(largePlan(60))).toContain('<details>\n<summary>Changes by agent: 6 agents, 60 changes</summary>');
  });

  it('has a counts table per agent with totals, and sums agents past the tenth', () => {
    const md = renderMarkdown(largePlan(150));
    expect(md).toContain('| Agent | Add | Change | Remove |\n| :-- | --: | --: | --: |\n| `agent.001000` | 4 | 3 | 3 |');
    expect(md).toContain('| *… 5 more agents* | 16 | 17 | 17 |');
    expect(md).toContain('| **Total** (15 agents) | **50** | **50** | **50** |');
  });

  it('summarises API calls and ends with a footer holding the short checksum and format version', () => {
    const md = renderMarkdown(smallPlan);
    expect(md).toContain('**API calls:** 2 × `POST /agents/{id}/skills`, 1 × `PUT /agents/{id}/skills`, 1 × `PUT /skills/{id}/agents`, 2 × `DELETE /agents/{id}/skills`');
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      '<sub>cxskills 0.1.0 · plan format 1 · live checksum `3f139a5c875a` · plan digest `6b00ebb40c80` · planned 2026-11-23T16:40:00.000Z</sub>',
    );
  });

  it('escapes names in table cells: pipes, backticks, mentions and issue links stay inert', () => {
    const md = renderMarkdown(trickyNamesPlan);
    expect(md).toContain('| `` sam\\|ops `lead` `` | 1 | 1 | 0 |');
    expect(md).toContain('| `@sales-team #12` | 0 | 0 | 1 |');
    expect(md).toContain('| `red [31m fake line` | 1 | 0 | 0 |');
    expect(renderMarkdown(unknownNamesPlan)).toContain('| `#104` | 1 | 1 | 0 |');
  });

  it('keeps hostile names inside the diff fence, which no name can close', () => {
    const md = renderMarkdown(trickyNamesPlan);
    expect(md).toContain('```diff\n');
    expect(md).toContain('+ VIP **gold** <b>now</b>  proficiency 4\n! ```fence                 proficiency 4 → 6');
    expect(md).not.toContain('\u001b');
  });

  it('lists warnings in a callout of their own, as safety and coverage findings are listed', () => {
    expect(renderMarkdown(smallPlan)).toContain(
      '> [!WARNING]\n> **Warning: the planner found this.**\n>\n> - skills-state/agents/chloe.yaml:9:7: **SKILL\\_OVERRIDDEN**:',
    );
  });

  it('shows only the verdict, warnings and footer for an empty plan', () => {
    const md = renderMarkdown(emptyPlan);
    expect(md).toContain('**No changes. Live skills match skills-state.**');
    expect(md).not.toContain('<details');
    expect(md).not.toContain('| Agent');
  });
});
