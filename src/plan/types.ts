/** The plan model: a plan is data. It is computed once and rendered (text, Markdown, JSON) or applied many times. */
import type { Operation } from 'fast-json-patch';
import type { AgentId, AssignmentValue, BulkWrite, CoverageAllowance, SafetyLimits, Scope, SkillId, WriteItem, WriteMethod } from '../model/types.js';
import type { Diagnostic } from '../model/diagnostics.js';

export const PLAN_FORMAT_VERSION = 1;

/** One agent × skill change. `before` is absent for adds, `after` for removes. */
export type Change =
  | { kind: 'add'; agentId: AgentId; skillId: SkillId; after: AssignmentValue }
  | { kind: 'update'; agentId: AgentId; skillId: SkillId; before: AssignmentValue; after: AssignmentValue }
  | { kind: 'remove'; agentId: AgentId; skillId: SkillId; before: AssignmentValue };

export type ChangeKind = Change['kind'];

export type HttpMethod = WriteMethod;

/** One item of a bulk write (the model's WriteItem): the pair, and for POST/PUT both values to set. */
export type CallItem = WriteItem;

/** One planned API write: a model BulkWrite, at most `maxItems` items. */
export type PlannedCall = BulkWrite;

/** A safety finding: a threshold the plan crosses, as a diagnostic with the figures behind it. Apply refuses unless forced. */
export interface SafetyFinding extends Diagnostic {
  code: 'TOO_MANY_REMOVALS' | 'TOO_MANY_CHANGES' | 'REMOVES_ALL';
  count: number;
  managed: number;
  ratio: number;
  limit: number;
}

/**
 * A routing-coverage finding, as a diagnostic: the plan would leave an active in-scope skill with no
 * active agent, or an active managed agent with no active in-scope skill. `error` blocks plan and apply;
 * `warning` when allowed (--force, --allow-uncovered, cxskills.yaml coverage).
 */
export interface CoverageFinding extends Diagnostic {
  code: 'SKILL_UNCOVERED' | 'AGENT_UNCOVERED';
  /** The skill's or the agent's name. */
  name: string;
  skillId?: SkillId;
  agentId?: AgentId;
}

export interface PlanCounts {
  managedAgents: number;
  /** In-scope assignments of managed agents as they are live now. */
  managedAssignments: number;
  add: number;
  update: number;
  remove: number;
  calls: number;
}

/** How the plan's writes were grouped, and the bound that no grouping of these changes can beat. */
export interface PlanGrouping {
  /** `upsert`: adds and changes in `POST /agents/skills`, removals per agent or skill; `per-list`: every write per agent or skill. */
  strategy: 'upsert' | 'per-list';
  /** Items (pairs) per request the grouping assumed. */
  itemLimit: number;
  /** ⌈adds and changes ÷ limit⌉ (upsert) plus, per kind grouped per list, the minimum vertex cover (König) or ⌈pairs ÷ limit⌉. */
  lowerBound: number;
}

/** What apply of this plan will cost at the configured rate: every call it makes, and the time they take. */
export interface PlanEstimate {
  ratePerSecond: number;
  reads: {
    /** The bulk read of the staleness check (the pages this plan was read from). */
    staleness: number;
    /** One `UpdatedSince` read before each wave of writes. */
    guard: number;
    /** Reading back what the writes touched. */
    verify: number;
  };
  writes: number;
  /** (reads + writes) ÷ rate. */
  seconds: number;
}

/**
 * How the live state of a plan was read (present when it was read from a tenant): the whole tenant or
 * the in-scope skills' own lists, what that cost in pages and what the other read would have, and when
 * it started (apply's delta staleness check asks the API what moved since then).
 */
export interface PlanRead {
  kind: 'tenant' | 'skills';
  /** Pages of assignment lists read. */
  pages: number;
  /** Pages of the whole tenant's `/agents/skills`, when the API said. */
  tenantPages?: number;
  /** Pages of the in-scope skills' lists, when known. */
  skillPages?: number;
  /** Why this read, in words. */
  reason: string;
  /** When the read started (ISO 8601). */
  at: string;
  /** Its wall time in milliseconds. */
  ms: number;
  /** The in-scope skills' ids at that read, sorted: the slice a later delta check watches. */
  skillIds: number[];
}

/**
 * A plan narrowed to some agents and skills (Terraform's `-target`): agent keys (agentId, userName or
 * emailAddress) and skill-name globs; an empty list does not narrow that side. Inside the scope only.
 */
export interface PlanTarget {
  agents: string[];
  skills: string[];
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'cxskills'; version: string };
  createdAt: string;
  /** The state directory the plan was made from, as given. */
  dir: string;
  scope: Scope;
  safetyLimits: SafetyLimits;
  /** sha256 over the canonical live slice (managed agents × in-scope skills) the plan was computed from. */
  liveChecksum: string;
  /** The managed agent ids (sorted) the checksum covers, so apply can re-read the same slice. */
  managedAgentIds: AgentId[];
  counts: PlanCounts;
  /** Sorted by agent name, then skill name. */
  changes: Change[];
  /** RFC 6902 operations that turn the live document into the desired one (`/{agentId}/{skillId}`). */
  patch: Operation[];
  calls: PlannedCall[];
  grouping: PlanGrouping;
  /** Absent when the plan was made without knowing the rate (pure callers, tests). */
  estimate?: PlanEstimate;
  /** How the live state was read (absent for pure callers and plans made before reads were sized). */
  read?: PlanRead;
  /** Display names for every id that appears in changes or calls. */
  names: { agents: Record<string, string>; skills: Record<string, string> };
  safety: SafetyFinding[];
  /** Routing-coverage findings. */
  coverage: CoverageFinding[];
  /** The coverage exceptions of cxskills.yaml, kept so a saved plan is judged the same way at apply time. */
  coverageAllowance?: CoverageAllowance;
  /** Present when the plan was narrowed (`--agents`, `--skills`): the slice, checks and calls cover only these. */
  target?: PlanTarget;
  /** The instant the plan is for (ISO 8601 UTC): present when the state has windows or `--at` was given. */
  at?: string;
  /** Window transitions within the horizon, the next one, and the changes that only enact a window (issue 15). */
  windows?: PlanWindows;
  /** Warnings found while planning, and policy findings: a policy error is the only error a plan holds, and plan and apply refuse it. */
  diagnostics: Diagnostic[];
  /** sha256 over what apply acts on (scope, slice, checksum, changes, calls, coverage exceptions): a saved plan edited by hand is refused. */
  digest?: string;
}

/**
 * Every problem of a plan in one list, as one renderer shows them: the thresholds crossed, routing
 * coverage, then what planning warned of. The plan keeps the first two under their own keys because the
 * gate decides on them and machines read their figures; they are diagnostics all the same.
 */
export function problemsOf(plan: Pick<Plan, 'safety' | 'coverage' | 'diagnostics'>): Diagnostic[] {
  return [...plan.safety, ...plan.coverage, ...plan.diagnostics];
}

export function hasChanges(plan: Pick<Plan, 'changes'>): boolean {
  return plan.changes.length > 0;
}

// Time windows (issue 15): computed in plan/windows.ts.

/** One upcoming change of the desired state, when a window opens or closes. */
export interface PlanTransition {
  /** ISO 8601 UTC. */
  at: string;
  kind: 'add' | 'update' | 'remove';
  agentId?: AgentId;
  agentName: string;
  skillId?: SkillId;
  skillName: string;
  before?: AssignmentValue;
  after?: AssignmentValue;
  file: string;
  line: number;
  col: number;
}

/** What a plan of a state with windows records about them. */
export interface PlanWindows {
  /** cxskills.yaml's timeZone: renderings show instants in it. */
  timeZone: string;
  horizonHours: number;
  /** Transitions in (at, at + horizon], by time. */
  upcoming: PlanTransition[];
  /** How many transitions the horizon holds (upcoming may be cut to keep a plan small). */
  upcomingCount: number;
  /** ISO 8601 UTC of the next transition after the plan's instant, however far; absent when there is none. */
  next?: string;
  /** ISO 8601 UTC of the last transition at or before the plan's instant; absent when there is none. With next, the stretch the plan is for. */
  previous?: string;
  /** Changes of this plan that enact a window opened or closed since (at `since`): scheduled, not drift. */
  scheduled: Array<{ agentId: AgentId; skillId: SkillId; since: string }>;
}
