import { describe, expect, it } from 'vitest';
import { renderSummaryLine } from '../../src/render/index.js';
import { makePlan } from '../fixtures/plans/build.js';
import { emptyPlan } from '../fixtures/plans/empty.js';
import { largePlan } from '../fixtures/plans/large.js';
import { smallPlan } from '../fixtures/plans/small.js';

describe('renderSummaryLine', () => {
  it('counts adds, changes, removals and API calls', () => {
    expect(renderSummaryLine(smallPlan)).toBe('Plan: 2 to add, 3 to change, 3 to remove (6 API calls).');
  });

  it('says there is nothing to do for an empty plan', () => {
    expect(renderSummaryLine(emptyPlan)).toBe('No changes. Live skills match skills-state.');
  });

  it('uses the singular for one API call', () => {
    const plan = makePlan({
      changes: [{ kind: 'add', agentId: 1, skillId: 2, after: { proficiency: 3, active: true } }],
      managedAgents: 1,
      managedAssignments: 0,
    });
    expect(renderSummaryLine(plan)).toBe('Plan: 1 to add, 0 to change, 0 to remove (1 API call).');
  });

  it('prints plain digits, so scripts can grep it like Terraform output', () => {
    expect(renderSummaryLine(largePlan(12_000))).toBe('Plan: 4000 to add, 4000 to change, 4000 to remove (120 API calls).');
  });
});
