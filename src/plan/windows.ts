/**
 * A plan's time windows: the state at the plan's instant, the transitions within the horizon, which of
 * the plan's changes only enact a window (scheduled, not drift), and whether a saved plan's window state
 * still holds at apply. Pure: every instant is an input.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { formatInstant } from '../model/time.js';
import type { AgentId, AssignmentValue, DesiredState, LiveState, SkillId } from '../model/types.js';
import { desiredAt, lastTransition, transitionsBetween, type WindowTransition } from '../model/windows.js';
import { indexAgents, resolveDesired } from './resolve.js';
import type { Change, CoverageFinding, Plan, PlanTransition, PlanWindows } from './types.js';
import type { SkillsDocument } from './document.js';
import { compileSkillScope } from '../model/glob.js';
import { targetSkillIds } from './target.js';

export const DEFAULT_HORIZON_MS = 7 * 86_400_000;

export const WINDOW_CODES = {
  /** A window opened or closed between the saved plan's instant and now: its changes are no longer what the state wants. */
  PLAN_WINDOW_PASSED: 'PLAN_WINDOW_PASSED',
} as const;

export type { PlanTransition, PlanWindows } from './types.js';

/**
 * How long after a transition its change counts as scheduled. With the drift check every 15 minutes a
 * window is enacted long before; one still not enacted a day later (or reverted by hand to the value
 * before the window, which looks the same) is drift worth a look.
 */
export const SCHEDULED_GRACE_MS = 24 * 3_600_000;

/** Transitions kept in a plan; the rest are counted. */
export const MAX_UPCOMING = 500;

export function hasWindows(desired: DesiredState): boolean {
  return desired.agents.some((a) => [...a.skills.values()].some((s) => s.schedule !== undefined));
}

/** The desired state at the plan's instant (unchanged when nothing has a window). */
export function stateAt(desired: DesiredState, at: number): DesiredState {
  return desiredAt(desired, at);
}

export interface Slice {
  managedAgentIds: readonly AgentId[];
  inScopeSkillIds: ReadonlySet<SkillId>;
}

interface Resolver {
  agent(key: string): { agentId: AgentId; userName: string } | undefined;
  skill(name: string): SkillId | undefined;
}

function resolverFor(live: Pick<LiveState, 'agents' | 'skills'>): Resolver {
  const agents = indexAgents(live.agents);
  const skills = new Map(live.skills.map((s) => [s.skillName, s.skillId]));
  return {
    agent(key) {
      const found = agents.lookup(key);
      return found.kind === 'found' ? found.agent : undefined;
    },
    skill: (name) => skills.get(name),
  };
}

/** Transitions of the managed slice in (from, to]. */
function sliceTransitions(desired: DesiredState, live: Pick<LiveState, 'agents' | 'skills'>, slice: Slice, from: number, to: number): Array<{ t: WindowTransition; agentId: AgentId; userName: string; skillId: SkillId }> {
  const resolve = resolverFor(live);
  const managed = new Set(slice.managedAgentIds);
  const out = [];
  for (const t of transitionsBetween(desired, from, to)) {
    const agent = resolve.agent(t.agentKey);
    const skillId = resolve.skill(t.skillName);
    if (agent === undefined || skillId === undefined || !managed.has(agent.agentId) || !slice.inScopeSkillIds.has(skillId)) continue;
    out.push({ t, agentId: agent.agentId, userName: agent.userName, skillId });
  }
  return out;
}

export interface WindowsInput {
  /** The whole state, windows not yet evaluated. */
  desired: DesiredState;
  live: Pick<LiveState, 'agents' | 'skills'>;
  slice: Slice;
  /** The managed slice as live, and as wanted at the plan's instant: where they differ, the plan has a change. */
  liveDoc: SkillsDocument;
  wantedDoc: SkillsDocument;
  at: number;
  horizonMs?: number;
}

export function planWindows(input: WindowsInput): PlanWindows {
  const { desired, live, slice, at } = input;
  const horizonMs = input.horizonMs ?? DEFAULT_HORIZON_MS;
  const all = sliceTransitions(desired, live, slice, at, Number.POSITIVE_INFINITY);
  const within = all.filter((x) => x.t.at <= at + horizonMs);
  const upcoming = within.slice(0, MAX_UPCOMING).map(({ t, agentId, userName, skillId }): PlanTransition => ({
    at: new Date(t.at).toISOString(),
    kind: t.kind,
    agentId,
    agentName: userName,
    skillId,
    skillName: t.skillName,
    ...(t.before ? { before: t.before } : {}),
    ...(t.after ? { after: t.after } : {}),
    file: t.source.file,
    line: t.source.line,
    col: t.source.col,
  }));
  const next = all[0];
  const previous = sliceTransitions(desired, live, slice, Number.NEGATIVE_INFINITY, at).at(-1);
  return {
    timeZone: desired.timeZone ?? 'UTC',
    horizonHours: horizonMs / 3_600_000,
    upcoming,
    upcomingCount: within.length,
    ...(next ? { next: new Date(next.t.at).toISOString() } : {}),
    ...(previous ? { previous: new Date(previous.t.at).toISOString() } : {}),
    scheduled: scheduledChanges(input),
  };
}

const sameValue = (a: AssignmentValue | undefined, b: AssignmentValue | undefined) => (a === undefined ? b === undefined : b !== undefined && a.proficiency === b.proficiency && a.active === b.active);

/**
 * A change is scheduled when its pair has a window whose latest transition (at or before the plan's
 * instant, within SCHEDULED_GRACE_MS) started from exactly what is live: the tenant still holds what the state wanted before the
 * window opened or closed, so nobody changed CXone; the apply has simply not run since.
 */
function scheduledChanges({ desired, live, slice, liveDoc, wantedDoc, at }: WindowsInput): PlanWindows['scheduled'] {
  const resolve = resolverFor(live);
  const managed = new Set(slice.managedAgentIds);
  const seen = new Set<AgentId>();
  const out: Array<PlanWindows['scheduled'][number] & { order: [string, string] }> = [];
  for (const agent of desired.agents) {
    const found = resolve.agent(agent.key);
    if (found === undefined || seen.has(found.agentId) || !managed.has(found.agentId)) continue;
    seen.add(found.agentId);
    for (const [skillName, skill] of agent.skills) {
      const skillId = resolve.skill(skillName);
      if (skill.schedule === undefined || skillId === undefined || !slice.inScopeSkillIds.has(skillId)) continue;
      const liveValue = liveDoc[String(found.agentId)]?.[String(skillId)];
      if (sameValue(liveValue, wantedDoc[String(found.agentId)]?.[String(skillId)])) continue;
      const last = lastTransition(skill.schedule, at);
      if (last !== undefined && at - last.at <= SCHEDULED_GRACE_MS && sameValue(last.before, liveValue)) out.push({ agentId: found.agentId, skillId, since: new Date(last.at).toISOString(), order: [found.userName, skillName] });
    }
  }
  // In the order of the plan's changes: by agent name, then skill name.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  out.sort((x, y) => cmp(x.order[0], y.order[0]) || x.agentId - y.agentId || cmp(x.order[1], y.order[1]) || x.skillId - y.skillId);
  return out.map(({ order: _, ...rest }) => rest);
}

/**
 * Refuses a saved plan when a window of its slice opened or closed between the plan's instant and now
 * (either way round: a plan made `--at` a later time is refused before that time as well, if a
 * transition lies between). Two sources, either enough: the committed state, with the agents the live
 * read names (a delta staleness check names only those that moved), and the plan's own stretch
 * (`previous` … `next`, covered by its digest), which needs no read at all.
 */
export function windowPassed(plan: Pick<Plan, 'at' | 'createdAt' | 'managedAgentIds' | 'scope' | 'target' | 'windows' | 'names'>, desired: DesiredState, read: Pick<LiveState, 'agents' | 'skills'>, now: number): Diagnostic[] {
  // The agents of the plan's changes are named in the plan: a delta read that names none still finds them.
  const known = new Set(read.agents.map((a) => a.agentId));
  const named = Object.entries(plan.names?.agents ?? {}).filter(([id]) => !known.has(Number(id)));
  const live = { skills: read.skills, agents: [...read.agents, ...named.map(([id, userName]) => ({ agentId: Number(id), userName, firstName: '', lastName: '', emailAddress: '', isActive: true }))] };
  const planned = Date.parse(plan.at ?? plan.createdAt);
  if (!Number.isFinite(planned)) return [];
  const zone = plan.windows?.timeZone ?? desired.timeZone ?? 'UTC';
  const [from, to] = planned <= now ? [planned, now] : [now, planned];
  const between = `between the plan's instant (${formatInstant(planned, zone)}) and now (${formatInstant(now, zone)}): the plan no longer says what the state wants. Run plan again and review the new plan.`;
  if (hasWindows(desired)) {
    const inScope = compileSkillScope(plan.scope.skills);
    const inScopeSkillIds = targetSkillIds(plan.target, live.skills, new Set(live.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId)));
    const passed = sliceTransitions(desired, live, { managedAgentIds: plan.managedAgentIds, inScopeSkillIds }, from, to);
    const first = passed[0];
    if (first !== undefined) {
      const what = `${first.t.kind === 'add' ? 'opened' : first.t.kind === 'remove' ? 'closed' : 'changed'} for ${first.userName} × ${JSON.stringify(first.t.skillName)}`;
      const more = passed.length > 1 ? ` (and ${passed.length - 1} more transition${passed.length === 2 ? '' : 's'})` : '';
      return [{ severity: 'error', code: WINDOW_CODES.PLAN_WINDOW_PASSED, message: `A window ${what} at ${formatInstant(first.t.at, zone)}${more}, ${between}`, file: first.t.source.file, line: first.t.source.line, col: first.t.source.col }];
    }
  }
  const w = plan.windows;
  const edge = w === undefined ? undefined : planned <= now ? w.next : w.previous;
  const crossed = edge !== undefined && Date.parse(edge) > from && Date.parse(edge) <= to ? Date.parse(edge) : undefined;
  if (crossed === undefined) return [];
  // The plan lists its upcoming transitions: the next one, when within its horizon, is named as the state would name it.
  const listed = (w?.upcoming ?? []).filter((t) => Date.parse(t.at) === crossed);
  const first = listed[0];
  if (first === undefined) return [{ severity: 'error', code: WINDOW_CODES.PLAN_WINDOW_PASSED, message: `A window of the plan's agents and skills opens or closes at ${formatInstant(crossed, zone)}, ${between}` }];
  const what = `${first.kind === 'add' ? 'opened' : first.kind === 'remove' ? 'closed' : 'changed'} for ${first.agentName} × ${JSON.stringify(first.skillName)}`;
  const more = listed.length > 1 ? ` (and ${listed.length - 1} more transition${listed.length === 2 ? '' : 's'})` : '';
  return [{ severity: 'error', code: WINDOW_CODES.PLAN_WINDOW_PASSED, message: `A window ${what} at ${formatInstant(crossed, zone)}${more}, ${between}`, file: first.file, line: first.line, col: first.col }];
}

/** The plan's `at` and `windows`: recorded when the state has windows (or the instant was asked for), absent otherwise. */
export function windowFields(input: Omit<WindowsInput, 'at'> & { at?: string; createdAt: string }): { at?: string; windows?: PlanWindows } {
  const at = Date.parse(input.at ?? input.createdAt);
  const instant = input.at === undefined ? {} : { at: new Date(at).toISOString() };
  if (!hasWindows(input.desired)) return instant;
  return { at: new Date(at).toISOString(), windows: planWindows({ ...input, at }) };
}

/** The plan's changes that no window explains: what a drift check reports as drift (scheduled ones are due, not drift). */
export function unscheduledChanges(plan: Pick<Plan, 'changes' | 'windows'>): number {
  const scheduled = new Set((plan.windows?.scheduled ?? []).map((s) => `${s.agentId}/${s.skillId}`));
  return plan.changes.filter((c) => !scheduled.has(`${c.agentId}/${c.skillId}`)).length;
}

/**
 * UNKNOWN_SKILL for windowed skills that are not desired at the plan's instant: the state at the
 * instant leaves them out, but a typo in next week's window must fail today's plan, not next week's apply.
 */
export function windowDiagnostics(desired: DesiredState, live: Pick<LiveState, 'agents' | 'skills'>, at: number): Diagnostic[] {
  if (!hasWindows(desired)) return [];
  const now = desiredAt(desired, at);
  const later = desired.agents.map((a, i) => ({ ...a, skills: new Map([...a.skills].filter(([name, s]) => s.schedule !== undefined && !now.agents[i]!.skills.has(name))) }));
  return resolveDesired({ ...desired, agents: later }, live).diagnostics.filter((d) => d.code === 'UNKNOWN_SKILL');
}

/**
 * A window that closes is deliberate: its `until` was reviewed. A routing-coverage finding caused only by
 * scheduled changes (every change of that skill, or of that agent, enacts a window) is a warning, so
 * the end of a campaign that leaves its skill with no agent is applied on time; any other change among
 * them keeps it an error.
 */
export function allowScheduledCoverage(findings: readonly CoverageFinding[], windows: PlanWindows | undefined, changes: readonly Change[]): CoverageFinding[] {
  if (windows === undefined || windows.scheduled.length === 0 || findings.length === 0) return [...findings];
  const scheduled = new Set(windows.scheduled.map((s) => `${s.agentId}/${s.skillId}`));
  const onlyScheduled = (pick: (c: Change) => boolean) => changes.filter(pick).every((c) => scheduled.has(`${c.agentId}/${c.skillId}`));
  return findings.map((f) => {
    if (f.severity !== 'error') return f;
    const allowed = f.code === 'SKILL_UNCOVERED' ? onlyScheduled((c) => c.skillId === f.skillId) : onlyScheduled((c) => c.agentId === f.agentId);
    return allowed ? { ...f, severity: 'warning', message: `${f.message} Allowed: a time window closes.` } : f;
  });
}
