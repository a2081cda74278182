/**
 * The one plan constructor. A fresh plan, the re-check of a reviewed one and a rollback all hand it the
 * slice as read and the slice as wanted; it diffs them once and derives everything else (order, patch,
 * calls, counts, names, checksum, safety, coverage with its allowance, digest), so no two callers can
 * build a plan that disagrees with itself. Pure: no network, no fs, no clock.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { AgentId, CoverageAllowance, LiveState, SafetyLimits, Scope } from '../model/types.js';
import { checksumDocument } from './checksum.js';
import { applyAllowance, checkCoverage } from './coverage.js';
import { countAssignments, withChanges, type SkillsDocument } from './document.js';
import { diffDocuments } from './diff.js';
import { estimateApply, type EstimateInput } from './estimate.js';
import { withDigest } from './file.js';
import { groupChanges } from './group.js';
import { checkSafety } from './safety.js';
import { isNarrowing } from './target.js';
import { allowScheduledCoverage, type PlanWindows } from './windows.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanGrouping, type PlannedCall, type PlanRead, type PlanTarget } from './types.js';

export interface PlanParts {
  createdAt: string;
  toolVersion: string;
  /** The state directory (or, for a rollback, the audit log) the plan was made from. */
  dir: string;
  scope: Scope;
  safetyLimits: SafetyLimits;
  coverageAllowance?: CoverageAllowance;
  target?: PlanTarget;
  /** The tenant as read: names, the order of changes, routing coverage. */
  live: LiveState;
  /** Sorted ascending: the agents whose in-scope skills the slices hold. */
  managedAgentIds: AgentId[];
  /** The managed slice as it is live, and as it should be. */
  slice: SkillsDocument;
  desired: SkillsDocument;
  /** How to group the writes; a reviewed plan keeps the calls it was reviewed with. */
  writes: { upsert: boolean; maxItems?: number } | { calls: PlannedCall[]; grouping: PlanGrouping };
  /** The ratio thresholds (default on). A rollback restores a state that existed, so it has none. */
  thresholds?: boolean;
  /** Warnings found on the way (config, narrowing), carried so every renderer shows them. */
  diagnostics?: Diagnostic[];
  /** What the reads cost and the rate: the plan then carries its estimate of apply. */
  cost?: EstimateInput;
  /** The plan's instant and its time windows (plan/windows.ts), carried as they are. */
  at?: string;
  windows?: PlanWindows;
  /** How the live state was read (which read, its cost, when it started): carried, and digested. */
  read?: PlanRead;
  /**
   * The slice holds only the changed pairs (a delta check showed the rest has not moved): the whole
   * slice's size and checksum, as the reviewed plan recorded them.
   */
  partialSlice?: { managedAssignments: number; liveChecksum: string };
}

export function assemblePlan(parts: PlanParts): Plan {
  const { live } = parts;
  const { patch, changes: unsorted } = diffDocuments(parts.slice, parts.desired);
  const changes = sortChanges(unsorted, live);
  const { calls, grouping } = 'calls' in parts.writes ? parts.writes : split(groupChanges(changes, groupOptions(parts.writes)));
  const counts = {
    managedAgents: parts.managedAgentIds.length,
    managedAssignments: parts.partialSlice?.managedAssignments ?? countAssignments(parts.slice),
    add: countKind(changes, 'add'),
    update: countKind(changes, 'update'),
    remove: countKind(changes, 'remove'),
    calls: calls.length,
  };
  const coverage = checkCoverage({ scope: parts.scope, live, plan: { changes, managedAgentIds: parts.managedAgentIds } });
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'cxskills', version: parts.toolVersion },
    createdAt: parts.createdAt,
    dir: parts.dir,
    scope: parts.scope,
    safetyLimits: parts.safetyLimits,
    liveChecksum: parts.partialSlice?.liveChecksum ?? checksumDocument(parts.slice),
    managedAgentIds: parts.managedAgentIds,
    counts,
    changes,
    patch,
    calls,
    grouping,
    ...(parts.cost ? { estimate: estimateApply({ calls, counts, changes }, { skills: live.skills.length, ...parts.cost, deltaStaleness: parts.cost.deltaStaleness ?? parts.read !== undefined }) } : {}),
    ...(parts.read ? { read: parts.read } : {}),
    names: namesTable(changes, live),
    safety: parts.thresholds === false ? [] : checkSafety(counts, parts.safetyLimits),
    coverage: allowScheduledCoverage(applyAllowance(coverage, parts.coverageAllowance, live), parts.windows, changes),
    ...(parts.coverageAllowance ? { coverageAllowance: parts.coverageAllowance } : {}),
    ...(isNarrowing(parts.target) ? { target: { agents: [...parts.target.agents], skills: [...parts.target.skills] } } : {}),
    ...(parts.at ? { at: parts.at } : {}),
    ...(parts.windows ? { windows: parts.windows } : {}),
    diagnostics: parts.diagnostics ?? [],
  };
  return withDigest(plan);
}

/**
 * A reviewed plan assembled again from the slice as read now: its settings, instant, windows, read and
 * reviewed calls kept; order, counts, names, safety and coverage from `live`. The re-check of a saved
 * plan (full read) and the delta check both end here.
 */
export function reassemble(plan: Plan, live: LiveState, slice: SkillsDocument, partialSlice?: PlanParts['partialSlice']): Plan {
  const again = assemblePlan({
    createdAt: plan.createdAt,
    toolVersion: plan.tool.version,
    dir: plan.dir,
    scope: plan.scope,
    safetyLimits: plan.safetyLimits,
    ...(plan.coverageAllowance ? { coverageAllowance: plan.coverageAllowance } : {}),
    ...(plan.target ? { target: plan.target } : {}),
    live,
    managedAgentIds: plan.managedAgentIds,
    slice,
    desired: withChanges(slice, plan.changes),
    writes: { calls: plan.calls, grouping: plan.grouping },
    diagnostics: plan.diagnostics,
    // The instant and windows stay the reviewed ones: apply checks them against now (PLAN_WINDOW_PASSED).
    ...(plan.at ? { at: plan.at } : {}),
    ...(plan.windows ? { windows: plan.windows } : {}),
    ...(plan.read ? { read: plan.read } : {}),
    ...(partialSlice ? { partialSlice } : {}),
  });
  return plan.estimate ? { ...again, estimate: plan.estimate } : again;
}

function groupOptions(writes: { upsert: boolean; maxItems?: number }) {
  return { upsert: writes.upsert, ...(writes.maxItems === undefined ? {} : { maxItems: writes.maxItems }) };
}

function split({ calls, ...grouping }: ReturnType<typeof groupChanges>): { calls: PlannedCall[]; grouping: PlanGrouping } {
  return { calls, grouping };
}

/** By agent name, then skill name (ids break ties): ids are ranked by name once, then compared as integers. */
function sortChanges(changes: readonly Change[], live: Pick<LiveState, 'agents' | 'skills'>): Change[] {
  const rank = <T>(items: readonly T[], id: (x: T) => number, name: (x: T) => string) => {
    const sorted = [...items].sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : id(x) - id(y)));
    return new Map(sorted.map((x, i) => [id(x), i]));
  };
  const agentRank = rank(live.agents, (a) => a.agentId, (a) => a.userName);
  const skillRank = rank(live.skills, (s) => s.skillId, (s) => s.skillName);
  const a = (id: number) => agentRank.get(id) ?? Number.MAX_SAFE_INTEGER;
  const s = (id: number) => skillRank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...changes].sort((x, y) => a(x.agentId) - a(y.agentId) || x.agentId - y.agentId || s(x.skillId) - s(y.skillId) || x.skillId - y.skillId);
}

/** Display names for every id in the changes that the tenant names (renderers show an unknown one as `#id`). */
function namesTable(changes: readonly Change[], live: Pick<LiveState, 'agents' | 'skills'>): Plan['names'] {
  const agents = new Map(live.agents.map((a) => [a.agentId, a.userName]));
  const skills = new Map(live.skills.map((s) => [s.skillId, s.skillName]));
  const names: Plan['names'] = { agents: {}, skills: {} };
  for (const c of changes) {
    const agent = agents.get(c.agentId);
    const skill = skills.get(c.skillId);
    if (agent !== undefined) names.agents[String(c.agentId)] = agent;
    if (skill !== undefined) names.skills[String(c.skillId)] = skill;
  }
  return names;
}

function countKind(changes: readonly Change[], kind: Change['kind']): number {
  let n = 0;
  for (const c of changes) if (c.kind === kind) n++;
  return n;
}
