/** A saved plan against the committed cxskills.yaml: scope, safety limits and coverage exceptions come from the directory, never from the file. */
// The digest can be recomputed by anyone, so a plan that widens its scope or loosens its limits is refused here, before anything is written.
import { compileSkillScope } from '../model/glob.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { CoverageAllowance, SafetyLimits, Scope } from '../model/types.js';
import type { Plan } from './types.js';

export interface CommittedSettings {
  scope: Scope;
  safety: SafetyLimits;
  coverage?: CoverageAllowance;
}

export const COMMITTED_CODES = {
  PLAN_SCOPE_MISMATCH: 'PLAN_SCOPE_MISMATCH',
  PLAN_LIMITS_MISMATCH: 'PLAN_LIMITS_MISMATCH',
} as const;

/** A pattern with no unescaped `*`, `?` or `[`: the one name it matches, or undefined. */
function literalName(pattern: string): string | undefined {
  let name = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      name += next;
      i += 1;
    } else if (c === '*' || c === '?' || c === '[') {
      return undefined;
    } else {
      name += c;
    }
  }
  return name;
}

const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/**
 * Empty when the plan's scope is the committed one, or narrows it to single skill names inside it for
 * declared agents (as rollback plans do); its limits are the committed ones; its coverage exceptions are
 * among the committed ones.
 */
export function checkAgainstCommitted(plan: Pick<Plan, 'scope' | 'safetyLimits' | 'coverageAllowance'>, committed: CommittedSettings, configFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sameScope = sameList(plan.scope.skills, committed.scope.skills) && plan.scope.agents === committed.scope.agents;
  if (!sameScope) {
    const inCommitted = compileSkillScope(committed.scope.skills);
    const names = plan.scope.skills.map(literalName);
    const narrowed = plan.scope.agents === 'declared' && names.every((n) => n !== undefined && inCommitted(n));
    if (!narrowed) {
      diagnostics.push({
        severity: 'error',
        code: COMMITTED_CODES.PLAN_SCOPE_MISMATCH,
        file: configFile,
        message:
          `the saved plan's scope (skills ${JSON.stringify(plan.scope.skills).slice(0, 200)}, agents ${plan.scope.agents}) is not the scope of ${configFile} ` +
          `(skills ${JSON.stringify(committed.scope.skills).slice(0, 200)}, agents ${committed.scope.agents}); a plan cannot widen what cxskills manages. Make a new plan from this directory.`,
      });
    }
  }
  const limits = plan.safetyLimits;
  const want = committed.safety;
  if (limits.maxRemoveRatio !== want.maxRemoveRatio || limits.maxChangeRatio !== want.maxChangeRatio || limits.minManaged !== want.minManaged) {
    diagnostics.push({
      severity: 'error',
      code: COMMITTED_CODES.PLAN_LIMITS_MISMATCH,
      file: configFile,
      message:
        `the saved plan's safety limits (${show(limits)}) are not those of ${configFile} (${show(want)}); ` +
        'limits are read from the committed cxskills.yaml, never from a plan file. Make a new plan from this directory.',
    });
  }
  const allowed = committed.coverage;
  const asked = plan.coverageAllowance;
  if (asked && !(asked.allowUncoveredSkills.every((s) => allowed?.allowUncoveredSkills.includes(s)) && asked.allowUncoveredAgents.every((a) => allowed?.allowUncoveredAgents.includes(a)))) {
    diagnostics.push({
      severity: 'error',
      code: COMMITTED_CODES.PLAN_LIMITS_MISMATCH,
      file: configFile,
      message: `the saved plan allows more uncovered skills or agents than ${configFile}'s coverage section; make a new plan from this directory.`,
    });
  }
  return diagnostics;
}

function show(l: SafetyLimits): string {
  return `maxRemoveRatio ${l.maxRemoveRatio}, maxChangeRatio ${l.maxChangeRatio}, minManaged ${l.minManaged}`;
}
