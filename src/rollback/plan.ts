/**
 * The rollback plan: the inverse of a run as an ordinary Plan (changes, calls, checksum, digest), so it is
 * rendered, saved (`--out`), and applied (`apply --plan`) like any other. Pure: live state and audit entries in.
 */
import { compileSkillScope } from '../model/glob.js';
import type { Operation } from 'fast-json-patch';
import type { Diagnostic } from '../model/diagnostics.js';
import { DEFAULT_SAFETY, type LiveState, type SafetyLimits, type Scope } from '../model/types.js';
import { checksumDocument } from '../plan/checksum.js';
import { checkCoverage } from '../plan/coverage.js';
import { countAssignments, liveDocument } from '../plan/document.js';
import { withDigest } from '../plan/file.js';
import { groupChanges } from '../plan/group.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan } from '../plan/types.js';
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

  const agentNames = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skillNames = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const changes = sortChanges(pending.map((i) => i.change), agentNames, skillNames);
  const managedAgentIds = [...new Set(changes.map((c) => c.agentId))].sort((a, b) => a - b);
  // The slice is exactly the touched skills of the touched agents; names are escaped so they match literally.
  const scope = { skills: [...new Set(changes.map((c) => skillNames.get(c.skillId)!))].sort().map(escapeGlob), agents: 'declared' as const };
  const inScope = compileSkillScope(scope.skills);
  const slice = liveDocument(live.assignments, managedAgentIds, new Set(live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId)));
  const { calls, ...grouping } = groupChanges(changes, { ...(input.maxItems === undefined ? {} : { maxItems: input.maxItems }), upsert: false });
  const names: Plan['names'] = { agents: {}, skills: {} };
  for (const c of changes) {
    names.agents[String(c.agentId)] = agentNames.get(c.agentId)!;
    names.skills[String(c.skillId)] = skillNames.get(c.skillId)!;
  }
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'cxskills', version: input.toolVersion },
    createdAt: input.createdAt,
    dir: input.committed?.dir ?? input.source,
    scope,
    safetyLimits: input.committed?.safety ?? DEFAULT_SAFETY,
    liveChecksum: checksumDocument(slice),
    managedAgentIds,
    grouping,
    counts: {
      managedAgents: managedAgentIds.length,
      managedAssignments: countAssignments(slice),
      add: changes.filter((c) => c.kind === 'add').length,
      update: changes.filter((c) => c.kind === 'update').length,
      remove: changes.filter((c) => c.kind === 'remove').length,
      calls: calls.length,
    },
    changes,
    patch: changes.map(patchOp),
    calls,
    names,
    // The ratio thresholds guard a desired state against the tenant; a rollback restores a state that existed.
    safety: [],
    coverage: checkCoverage({ scope, live, plan: { changes, managedAgentIds } }),
    diagnostics: [],
  };
  return { plan: withDigest(plan), diagnostics: [], restored };
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

function patchOp(c: Change): Operation {
  const path = `/${c.agentId}/${c.skillId}`;
  if (c.kind === 'add') return { op: 'add', path, value: c.after };
  if (c.kind === 'remove') return { op: 'remove', path };
  return { op: 'replace', path, value: c.after };
}

function sortChanges(changes: Change[], agents: Map<number, string>, skills: Map<number, string>): Change[] {
  const key = (c: Change) => [agents.get(c.agentId) ?? '', skills.get(c.skillId) ?? ''] as const;
  return [...changes].sort((x, y) => {
    const [a1, s1] = key(x);
    const [a2, s2] = key(y);
    return a1 < a2 ? -1 : a1 > a2 ? 1 : s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
  });
}
