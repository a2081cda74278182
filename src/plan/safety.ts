/** Safety checks as a pure function over plan counts (octoDNS's raise_if_unsafe, but returning findings as diagnostics with their figures). */
import type { SafetyLimits } from '../model/types.js';
import type { PlanCounts, SafetyFinding } from './types.js';

export function checkSafety(counts: PlanCounts, limits: SafetyLimits): SafetyFinding[] {
  const findings: SafetyFinding[] = [];
  const managed = counts.managedAssignments;
  const remaining = counts.managedAssignments - counts.remove + counts.add;
  if (remaining === 0 && counts.remove > 0) {
    findings.push({
      code: 'REMOVES_ALL',
      severity: 'error',
      message: `After this plan no managed agent has any in-scope skill: it removes every one of the ${grouped(counts.remove)} managed assignments.`,
      count: counts.remove,
      managed,
      ratio: managed === 0 ? 1 : counts.remove / managed,
      limit: 0,
    });
  }
  if (managed < limits.minManaged || managed === 0) return findings;
  const removeRatio = counts.remove / managed;
  if (removeRatio > limits.maxRemoveRatio) {
    findings.push({
      code: 'TOO_MANY_REMOVALS',
      severity: 'error',
      message: `Removes ${grouped(counts.remove)} of ${grouped(managed)} managed assignments (${percent(removeRatio)}), above the ${percent(limits.maxRemoveRatio)} limit.`,
      count: counts.remove,
      managed,
      ratio: removeRatio,
      limit: limits.maxRemoveRatio,
    });
  }
  const changed = counts.add + counts.update + counts.remove;
  const changeRatio = changed / managed;
  if (changeRatio > limits.maxChangeRatio) {
    findings.push({
      code: 'TOO_MANY_CHANGES',
      severity: 'error',
      message: `Changes ${grouped(changed)} of ${grouped(managed)} managed assignments (${percent(changeRatio)}), above the ${percent(limits.maxChangeRatio)} limit.`,
      count: changed,
      managed,
      ratio: changeRatio,
      limit: limits.maxChangeRatio,
    });
  }
  return findings;
}

/** `3,803`, as every renderer groups digits. */
function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10} %`;
}
