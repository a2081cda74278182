/**
 * What apply re-derives from a saved plan instead of trusting the file. The digest only tells that a
 * file was not edited by accident; anyone can recompute it. So before a saved plan is applied, the live
 * slice must still be the one it was made from (staleness), every change must lie inside the plan's
 * scope and managed agents and start from the value live now; then the plan is assembled again from the
 * slice live now (counts, names, safety and coverage), keeping the reviewed calls.
 */
import { compileSkillScope } from '../model/glob.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { AssignmentValue, LiveState } from '../model/types.js';
import { reassemble } from './assemble.js';
import { checksumDocument } from './checksum.js';
import { liveDocument } from './document.js';
import { targetSkillIds } from './target.js';
import type { Change, Plan } from './types.js';

export function revalidateSavedPlan(plan: Plan, live: LiveState): { plan?: Plan; diagnostics: Diagnostic[] } {
  const inScope = compileSkillScope(plan.scope.skills);
  // A narrowed plan's slice is the target's skills inside the scope: the same slice plan read and checksummed.
  const inScopeIds = targetSkillIds(plan.target, live.skills, new Set(live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId)));
  const doc = liveDocument(live.assignments, plan.managedAgentIds, inScopeIds);
  if (checksumDocument(doc) !== plan.liveChecksum) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'PLAN_STALE',
          message: `The live skills of the managed agents changed since this plan was made (${plan.createdAt}); it was reviewed against a state that no longer exists. Run plan again and review the new plan.`,
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  for (const change of plan.changes) {
    const agent = doc[String(change.agentId)];
    if (agent === undefined || !inScopeIds.has(change.skillId)) {
      diagnostics.push(problem('PLAN_OUT_OF_SCOPE', change, 'is outside the plan\'s scope or managed agents'));
      continue;
    }
    const now = agent[String(change.skillId)];
    if (!startsFrom(change, now)) diagnostics.push(problem('PLAN_INCONSISTENT', change, 'does not start from the value live now'));
  }
  if (diagnostics.length > 0) return { diagnostics };

  // Counts, names, safety and coverage (unmanaged agents' skills are outside the checksum) come from what is live now; the reviewed calls stay.
  const checked = reassemble(plan, live, doc);
  // A change that changes nothing (an update to the value it starts from, or a pair twice) is not one the planner makes.
  if (checked.changes.length !== plan.changes.length) {
    return { diagnostics: [{ severity: 'error', code: 'PLAN_INCONSISTENT', message: `The saved plan was edited: it lists ${plan.changes.length} changes, of which ${checked.changes.length} change anything. Make a new plan.` }] };
  }
  return { plan: checked, diagnostics: [] };
}

function startsFrom(change: Change, now: AssignmentValue | undefined): boolean {
  if (change.kind === 'add') return now === undefined;
  return now !== undefined && now.proficiency === change.before.proficiency && now.active === change.before.active;
}

function problem(code: string, change: Change, what: string): Diagnostic {
  return {
    severity: 'error',
    code,
    message: `The saved plan was edited: its ${change.kind} of skill ${change.skillId} for agent ${change.agentId} ${what}. Make a new plan.`,
  };
}
