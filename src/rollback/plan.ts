/**
 * The rollback plan: the inverse of a run, assembled as an ordinary Plan (the one constructor), so it is
 * rendered, saved (`--out`), and applied (`apply --plan`) like any other. Pure: live state and audit entries in.
 */
import { compileSkillScope } from '../model/glob.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { DEFAULT_SAFETY, type LiveState, type SafetyLimits, type Scope } from '../model/types.js';
import { assemblePlan } from '../plan/assemble.js';
import { liveDocument, withChanges } from '../plan/document.js';
import type { Plan } from '../plan/types.js';
import type { RecordedChange } from './audit-file.js';
import { inverseOf, type InverseChange } from './inverse.js';
import { checkRollback } from './stale.js';

export interface RollbackInput {
  /** The entries of the one run to roll back, in file order. */
  entries: readonly RecordedChange[];
  live: LiveState;
  /** Where the audit log was read from, recorded as the plan's `dir`. */
  source: string;
  createdAt: string;
  toolVersion: string;
  maxItems?: number;
  /**
   * The state directory's committed settings: a rollback only touches skills inside its scope (an audit
   * log is a file anyone can edit) and carries its limits, so `apply --plan` of the saved rollback agrees.
   */
  committed?: { dir: string; scope: Scope; safety: SafetyLimits };
}

export interface RollbackPlanResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
  /** Pairs already back at what the run found (skipped). */
  restored: number;
}

export function buildRollbackPlan(input: RollbackInput): RollbackPlanResult {
  const { live } = input;
  const { pending, restored, diagnostics } = checkRollback(inverseOf(input.entries), live);
  if (input.committed) diagnostics.push(...outOfScope(pending, live, input.committed.scope));
  if (diagnostics.length > 0) return { diagnostics, restored };

  const skillNames = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const changes = pending.map((i) => i.change);
  const managedAgentIds = [...new Set(changes.map((c) => c.agentId))].sort((a, b) => a - b);
  // The slice is exactly the touched skills of the touched agents; names are escaped so they match literally.
  const scope = { skills: [...new Set(changes.map((c) => skillNames.get(c.skillId)!))].sort().map(escapeGlob), agents: 'declared' as const };
  const inScope = compileSkillScope(scope.skills);
  const slice = liveDocument(live.assignments, managedAgentIds, new Set(live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId)));
  const plan = assemblePlan({
    createdAt: input.createdAt,
    toolVersion: input.toolVersion,
    dir: input.committed?.dir ?? input.source,
    scope,
    safetyLimits: input.committed?.safety ?? DEFAULT_SAFETY,
    live,
    managedAgentIds,
    slice,
    desired: withChanges(slice, changes),
    writes: { upsert: false, ...(input.maxItems === undefined ? {} : { maxItems: input.maxItems }) },
    // The ratio thresholds guard a desired state against the tenant; a rollback restores a state that existed.
    thresholds: false,
  });
  return { plan, diagnostics: [], restored };
}

function outOfScope(pending: readonly InverseChange[], live: LiveState, scope: Scope): Diagnostic[] {
  const inScope = compileSkillScope(scope.skills);
  const names = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  return pending
    .filter((p) => !inScope(names.get(p.change.skillId) ?? ''))
    .map((p) => ({
      severity: 'error' as const,
      code: 'ROLLBACK_OUT_OF_SCOPE',
      path: `/${p.change.agentId}/${p.change.skillId}`,
      message: `the audit log names skill ${JSON.stringify(names.get(p.change.skillId) ?? p.change.skillId)}, which is outside scope.skills of cxskills.yaml; cxskills never writes it (was the log edited?).`,
    }));
}

export function escapeGlob(name: string): string {
  return name.replace(/[\\*?[]/g, '\\$&');
}
