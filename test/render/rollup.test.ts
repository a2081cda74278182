import { describe, expect, it } from 'vitest';
import { estimateText, formatDuration, groupingText } from '../../src/render/cost.js';
import { renderJsonView, renderMarkdown } from '../../src/render/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { namesOf } from '../../src/render/names.js';
import { rollupBySkill, rollupDetail } from '../../src/render/rollup.js';
import { crossedThreshold, verdictText } from '../../src/render/verdict.js';
import { smallPlan } from '../fixtures/plans/small.js';
import { expectGolden } from './golden.js';

const ESTIMATE = { ratePerSecond: 8, reads: { staleness: 100, guard: 10, verify: 10 }, writes: 80, seconds: 40.2 };

describe('per-skill rollup', () => {
  it('counts each skill’s adds, changes and removals, most-changed first, with the proficiency set', () => {
    const rows = rollupBySkill(smallPlan.changes, namesOf(smallPlan)).map((r) => `${namesOf(smallPlan).skill(r.skillId)}: ${rollupDetail(r)}`);
    expect(rows).toEqual(['Retention: 2 removed', 'Sales EN: 2 changed · proficiency 3..10', 'Billing EN: +1 · proficiency 5', 'Billing FR: 1 removed', 'Chat EN: 1 changed · proficiency 6', 'Sales FR: +1 · proficiency 2']);
  });

  it('comes ahead of the per-agent table in the Markdown comment', () => {
    const md = renderMarkdown(smallPlan);
    expect(md.indexOf('| Skill | Add | Change | Remove | Proficiency set |')).toBeLessThan(md.indexOf('| Agent | Add | Change | Remove |'));
  });
});

describe('grouping and estimate', () => {
  it('states the calls against the lower bound and the item limit', () => {
    expect(groupingText({ ...smallPlan, grouping: { strategy: 'upsert', itemLimit: 100, lowerBound: 4 } })).toBe(
      '6 write calls (lower bound 4): adds and changes in bulk upserts, removals per agent or skill, up to 100 items per call.',
    );
  });

  it('words the estimate as reads and writes at the rate, and rounds the time up', () => {
    expect(estimateText(ESTIMATE)).toBe('≈ 41 s at 8 requests/s: 120 reads, 80 writes.');
    expect(estimateText(undefined)).toBeUndefined();
    expect([formatDuration(0.2), formatDuration(89), formatDuration(125), formatDuration(7_300)]).toEqual(['1 s', '89 s', '2 min 5 s', '2 h 2 min']);
  });

  it('shows both in the Markdown comment, the estimate only when the plan has one', () => {
    expect(renderMarkdown(smallPlan)).not.toContain('**Estimate:**');
    const md = renderMarkdown({ ...smallPlan, estimate: ESTIMATE });
    expect(md).toContain('**Grouping:** 6 write calls (the lower bound): every write per agent or skill, up to 100 items per call.');
    expect(md).toContain('**Estimate:** ≈ 41 s at 8 requests/s: 120 reads, 80 writes.');
  });

  it('keeps grouping and estimate in the JSON, after the calls', () => {
    const json = serializePlan({ ...smallPlan, estimate: ESTIMATE });
    expect(json.indexOf('"calls"')).toBeLessThan(json.indexOf('"grouping"'));
    expect(json.indexOf('"grouping"')).toBeLessThan(json.indexOf('"estimate"'));
    expect(json.indexOf('"estimate"')).toBeLessThan(json.indexOf('"names"'));
  });
});

describe('the JSON view', () => {
  it('carries each change’s agent and skill names beside the ids', () => {
    const view = JSON.parse(renderJsonView(smallPlan)) as { changes: Array<Record<string, unknown>> };
    expect(view.changes[0]).toEqual({ kind: 'add', agentId: 101, agentName: 'ana.lima', skillId: 11, skillName: 'Billing EN', after: { proficiency: 5, active: true } });
    expectGolden('plan-view.json', renderJsonView({ ...smallPlan, estimate: ESTIMATE }));
  });

  it('leaves the plan file without them (a plan file is not a view)', () => {
    expect(serializePlan(smallPlan)).not.toContain('agentName');
  });
});

describe('the verdict of an unsafe plan', () => {
  it('names every threshold crossed', () => {
    const removesAll = { code: 'REMOVES_ALL' as const, severity: 'error' as const, message: '', count: 10, managed: 10, ratio: 1, limit: 0 };
    expect(crossedThreshold(removesAll)).toBe('removes every managed assignment');
    expect(verdictText({ ...smallPlan, safety: [removesAll] }, { grouped: true })).toContain('Unsafe: removes every managed assignment; apply refuses it without --force.');
  });

  it('counts coverage findings, and lists only the first five in the comment', () => {
    const coverage = Array.from({ length: 7 }, (_, i) => ({ code: 'SKILL_UNCOVERED' as const, severity: 'warning' as const, name: `S${i}`, message: `Skill "S${i}" is uncovered.` }));
    const md = renderMarkdown({ ...smallPlan, coverage });
    expect(md).toContain('7 routing-coverage findings (allowed).**');
    expect(md).toContain('> 7 findings: 7 SKILL\\_UNCOVERED. The first 5:');
    expect(md).toContain('Skill "S4" is uncovered.');
    expect(md).not.toContain('Skill "S5" is uncovered.');
    expect(md).toContain('> - … 2 more in plan.json');
  });
});
