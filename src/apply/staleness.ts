/**
 * The staleness check of a saved plan, by delta: instead of re-reading the slice the plan was made from,
 * ask the API what moved since that read (`GET /agents/skills?UpdatedSince=T`, `GET /agents?updateSince=T`)
 * and the skills list. Nothing in scope moved, no managed agent changed, the same skills in scope → the
 * plan is not stale, at the cost of a few pages. Anything else, or a delta that cannot be trusted, sends
 * apply to the full read (whose checksum then decides). Removals do not show in an `UpdatedSince` answer:
 * see docs/reliability.md for what that means and why the writes stay safe (updates go as PUTs, which fail
 * on a pair someone removed instead of adding it back).
 */
import { isCxoneError } from '../cxone/errors.js';
import type { CxoneClient, FirstPage } from '../cxone/client.js';
import { describeRead, isNotableRead, readScoped } from '../cxone/read-scope.js';
import { compileSkillScope } from '../model/glob.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Agent, Assignment, LiveState, Skill } from '../model/types.js';
import { reassemble } from '../plan/assemble.js';
import { emptyDocument } from '../plan/document.js';
import { targetSkillIds } from '../plan/target.js';
import { revalidateSavedPlan } from '../plan/saved.js';
import type { Change, Plan } from '../plan/types.js';
import { DEFAULT_SKEW_MS } from './wave-guard.js';

/** `auto`: the delta check when it can be trusted, else the full read; `full`: always the full read. */
export type StalenessMode = 'auto' | 'full';

/** A plan older than this is checked by the full read: a day of a tenant's changes is more than a delta is worth. */
export const DEFAULT_DELTA_MAX_AGE_MS = 24 * 3600 * 1000;

/** More pages of moved rows than this: read in full instead (something big moved, or the server ignores UpdatedSince). */
export const MAX_DELTA_PAGES = 10;

export interface DeltaClient {
  firstPageOfAssignments(updatedSince?: string): Promise<FirstPage>;
  listAssignmentsUpdatedSince(iso: string, first?: FirstPage): Promise<Assignment[]>;
  listAgentsUpdatedSince(iso: string): Promise<Agent[]>;
  listSkills(): Promise<Skill[]>;
}

export interface DeltaOptions {
  now?: () => Date;
  maxAgeMs?: number;
  skewMs?: number;
  /** Rows per page the server serves, when known (for counting pages). */
  pageRows?: number;
  /** Intents of an interrupted run still to settle: they need the live values of their pairs (a full read). */
  unsettledIntents?: number;
}

/** The delta check accepted the plan: the plan checked again, what stands for the live state, and when the check's read started. */
export interface DeltaAccepted {
  kind: 'delta';
  plan: Plan;
  live: LiveState;
  readAt: Date;
  /** Pages read (assignments moved, agents changed, skills). */
  pages: number;
  notice: string;
}

/** The full read is needed: why (said on stderr), or the refusal the delta already found. */
/** `untrusted`: the delta could not be had or trusted (the API refused it, the plan is too old, too much moved): always said. */
export type DeltaOutcome = DeltaAccepted | { kind: 'full'; reason: string; untrusted?: boolean } | { kind: 'refused'; diagnostics: Diagnostic[] };

/** Changes that can lose routing coverage: judging them needs every holder of their skills, and removals since T do not show. */
function losesCoverage(c: Change): boolean {
  return c.kind === 'remove' || (c.kind === 'update' && c.before.active && !c.after.active);
}

/** Why the delta cannot be used for this plan before anything is read, or undefined. Pure. */
export function deltaPrecondition(plan: Pick<Plan, 'read' | 'changes'>, now: Date, maxAgeMs: number, unsettledIntents = 0): string | undefined {
  const read = plan.read;
  if (read === undefined) return 'the plan does not say when its read started (made by an older cxskills)';
  const age = now.getTime() - Date.parse(read.at);
  if (!(age >= -60_000)) return `the plan's read is dated in the future (${read.at})`;
  if (age > maxAgeMs) return `the plan is ${hours(age)} old, more than the ${hours(maxAgeMs)} a delta check is trusted for (CXSKILLS_DELTA_MAX_AGE_H)`;
  if (plan.changes.some(losesCoverage)) return 'the plan removes or switches off assignments: routing coverage is judged on a full read (removals made since the plan do not show in UpdatedSince)';
  if (unsettledIntents > 0) return 'writes of an interrupted run are to be settled from the live values of their pairs';
  return undefined;
}

export interface DeltaFacts {
  /** The skills as listed now. */
  skills: readonly Skill[];
  /** Assignments changed since the plan's read. */
  moved: readonly Assignment[];
  /** Agents changed since the plan's read. */
  agents: readonly Agent[];
}

/**
 * What the delta shows about a plan (pure): `full` when anything it watches moved, `refused` for a change
 * outside the plan's scope or managed agents, else the plan checked again (counts, names, safety) and a
 * live state holding the changed pairs as the plan found them (nothing in scope moved since).
 */
export function judgeDelta(plan: Plan, facts: DeltaFacts): { kind: 'full'; reason: string } | { kind: 'refused'; diagnostics: Diagnostic[] } | { kind: 'fresh'; plan: Plan; live: LiveState } {
  const inScope = compileSkillScope(plan.scope.skills);
  const inScopeIds = facts.skills.filter((s) => inScope(s.skillName)).map((s) => s.skillId).sort((a, b) => a - b);
  if (plan.read === undefined) return { kind: 'full', reason: 'the plan does not say when its read started' };
  if (inScopeIds.join(',') !== [...plan.read.skillIds].sort((a, b) => a - b).join(',')) {
    return { kind: 'full', reason: 'the skills in scope are not those of the plan\'s read (a skill was added, removed or renamed)' };
  }
  const ids = new Set(inScopeIds);
  const moved = facts.moved.filter((a) => ids.has(a.skillId));
  if (moved.length > 0) {
    const first = moved[0]!;
    return { kind: 'full', reason: `${moved.length === 1 ? 'an in-scope assignment' : `${moved.length} in-scope assignments`} moved since the plan's read (agent ${first.agentId}, skill ${first.skillId}${moved.length > 1 ? ', …' : ''})` };
  }
  const managed = new Set(plan.managedAgentIds);
  const agents = facts.agents.filter((a) => managed.has(a.agentId));
  if (agents.length > 0) return { kind: 'full', reason: `${agents.length === 1 ? 'a managed agent' : `${agents.length} managed agents`} changed since the plan's read (agent ${agents[0]!.agentId})` };

  const diagnostics: Diagnostic[] = [];
  // A narrowed plan's changes lie in the target's skills, as on the full path (saved.ts).
  const sliceIds = targetSkillIds(plan.target, [...facts.skills], ids);
  for (const c of plan.changes) {
    if (!sliceIds.has(c.skillId) || !managed.has(c.agentId)) {
      diagnostics.push({ severity: 'error', code: 'PLAN_OUT_OF_SCOPE', message: `The saved plan was edited: its ${c.kind} of skill ${c.skillId} for agent ${c.agentId} is outside the plan's scope or managed agents. Make a new plan.` });
    }
  }
  if (diagnostics.length > 0) return { kind: 'refused', diagnostics };

  // The changed pairs as the plan found them: nothing in scope moved since, so they are what is live.
  const assignments: Assignment[] = plan.changes.flatMap((c) => (c.kind === 'add' ? [] : [{ agentId: c.agentId, skillId: c.skillId, ...c.before }]));
  const slice = emptyDocument(plan.managedAgentIds);
  for (const a of assignments) slice[String(a.agentId)]![String(a.skillId)] = { proficiency: a.proficiency, active: a.active };
  // The agents by the names the plan showed (the delta read no agent list); the skills as listed now.
  const named = Object.entries(plan.names.agents).map(([id, userName]) => ({ agentId: Number(id), userName, firstName: '', lastName: '', emailAddress: '', isActive: true }));
  const live: LiveState = { agents: named, skills: [...facts.skills], assignments };
  // Only adds and updates that keep routing reach here (deltaPrecondition): there is no coverage to lose.
  const checked = reassemble(plan, live, slice, { managedAssignments: plan.counts.managedAssignments, liveChecksum: plan.liveChecksum });
  if (checked.changes.length !== plan.changes.length) {
    return { kind: 'refused', diagnostics: [{ severity: 'error', code: 'PLAN_INCONSISTENT', message: `The saved plan was edited: it lists ${plan.changes.length} changes, of which ${checked.changes.length} change anything. Make a new plan.` }] };
  }
  return { kind: 'fresh', plan: checked, live: { agents: [], skills: live.skills, assignments } };
}

/** The delta check of a saved plan: a few pages when nothing moved; `full` (with the reason) whenever it cannot decide. */
export async function checkByDelta(client: DeltaClient, plan: Plan, options: DeltaOptions = {}): Promise<DeltaOutcome> {
  const now = options.now ?? (() => new Date());
  const readAt = now();
  const skip = deltaPrecondition(plan, readAt, options.maxAgeMs ?? DEFAULT_DELTA_MAX_AGE_MS, options.unsettledIntents);
  if (skip !== undefined) {
    const age = readAt.getTime() - Date.parse(plan.read?.at ?? '');
    return { kind: 'full', reason: skip, untrusted: !(age >= -60_000 && age <= (options.maxAgeMs ?? DEFAULT_DELTA_MAX_AGE_MS)) && plan.read !== undefined };
  }
  const since = new Date(Date.parse(plan.read!.at) - (options.skewMs ?? DEFAULT_SKEW_MS)).toISOString();
  const refused = (what: string) => (error: unknown) => {
    // A 400 is the server refusing the parameter (or not knowing it): the delta cannot be had from it.
    if (isCxoneError(error) && error.status === 400) return { refused: `the API refused ${what} (${error.message})` };
    throw error;
  };
  const [first, agents, skills] = await Promise.all([
    client.firstPageOfAssignments(since).catch(refused('GET /agents/skills?UpdatedSince')),
    client.listAgentsUpdatedSince(since).catch(refused('GET /agents?updateSince')),
    client.listSkills(),
  ]);
  if ('refused' in first) return { kind: 'full', reason: first.refused, untrusted: true };
  if ('refused' in agents) return { kind: 'full', reason: agents.refused, untrusted: true };
  // An empty answer does not show the page size: the caller's (the client's pages so far), else the contract's usual 100.
  const pageRows = Math.max(1, first.total !== undefined && first.rows < first.total ? first.rows : (options.pageRows ?? 100));
  const movedPages = first.total === undefined ? undefined : Math.max(1, Math.ceil(first.total / pageRows));
  if (movedPages !== undefined && movedPages > MAX_DELTA_PAGES) return { kind: 'full', reason: `${first.total!.toLocaleString('en-US')} assignments moved since the plan's read, more than a delta check is worth`, untrusted: true };
  const moved = await client.listAssignmentsUpdatedSince(since, first);
  const judged = judgeDelta(plan, { skills, moved, agents });
  if (judged.kind !== 'fresh') return judged;
  const pages = (movedPages ?? 1) + Math.max(1, Math.ceil(agents.length / pageRows)) + Math.max(1, Math.ceil(skills.length / pageRows));
  const notice = `staleness: nothing in scope moved since the plan's read (${plan.read!.at}): checked by delta in ${pages} pages instead of a full read${plan.read!.pages > 0 ? ` (${plan.read!.pages.toLocaleString('en-US')} pages)` : ''}`;
  return { kind: 'delta', plan: judged.plan, live: judged.live, readAt, pages, notice };
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 10 ? `${Math.round(h)} h` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

/** What apply acts on after the staleness check of a saved plan, however it was made. */
export interface SavedPlanCheck {
  /** The plan checked again (undefined when refused: see diagnostics). */
  plan?: Plan;
  diagnostics: Diagnostic[];
  /** The live state the run settles, re-judges and executes against (the delta's stands for the changed pairs only). */
  live: LiveState;
  /** Where the wave guard's first `UpdatedSince` starts. */
  readAt: Date;
  how: 'delta' | 'full';
  /** Rows of the whole tenant, when the full read learned it (for choosing how to verify). */
  tenantRows?: number;
}

export interface SavedCheckOptions extends DeltaOptions {
  /** `full`: no delta, and the full read is the whole tenant. */
  mode?: StalenessMode;
  onNotice?: (message: string) => void;
}

/**
 * The staleness check of `apply --plan`: by delta when it can be trusted, else the full read (the
 * in-scope skills' lists or the whole tenant, whichever is fewer pages; the whole tenant when intents of
 * an interrupted run are to be settled, as they may name any pair), whose checksum decides.
 */
export async function checkSavedPlan(client: CxoneClient, saved: Plan, options: SavedCheckOptions = {}): Promise<SavedPlanCheck> {
  const mode = options.mode ?? 'auto';
  // A plan read in a few pages: which way its staleness was checked is no news (a refusal or an old plan always is).
  const notable = saved.read !== undefined && isNotableRead(saved.read, 'auto');
  if (mode === 'auto') {
    const delta = await checkByDelta(client, saved, { ...options, ...(client.pageRows === undefined ? {} : { pageRows: client.pageRows }) });
    if (delta.kind === 'delta') {
      if (notable) options.onNotice?.(delta.notice);
      return { plan: delta.plan, diagnostics: [], live: delta.live, readAt: delta.readAt, how: 'delta' };
    }
    if (delta.kind === 'refused') return { diagnostics: delta.diagnostics, live: { agents: [], skills: [], assignments: [] }, readAt: new Date(), how: 'delta' };
    if (notable || delta.untrusted) options.onNotice?.(`staleness: checked by a full read: ${delta.reason}`);
  }
  const readAt = (options.now ?? (() => new Date()))();
  const fullMode = mode === 'full' || (options.unsettledIntents ?? 0) > 0 ? 'full' : 'auto';
  const { live, read } = await readScoped(client, compileSkillScope(saved.scope.skills), { mode: fullMode });
  if (notable || isNotableRead(read, mode)) options.onNotice?.(describeRead(read, read.ms));
  const checked = revalidateSavedPlan(saved, live);
  const tenantRows = read.tenantRows === undefined ? {} : { tenantRows: read.tenantRows };
  // The plan re-assembled from what is live now: coverage included (unmanaged agents' skills are outside the checksum).
  if (checked.plan === undefined) return { diagnostics: checked.diagnostics, live, readAt, how: 'full', ...tenantRows };
  return { plan: checked.plan, diagnostics: [], live, readAt, how: 'full', ...tenantRows };
}
