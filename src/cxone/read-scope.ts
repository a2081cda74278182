/**
 * Reads sized to the scope: the whole tenant's `/agents/skills`, or only the in-scope skills' own lists
 * (`GET /skills/{id}/agents`), whichever is fewer pages, chosen per run from the totals the API reports.
 * Agents and skills are read in full either way. The caller says which skills are in scope (a predicate
 * over skill names): this module knows the model, not the plan or the config.
 */
import type { Assignment, LiveState } from '../model/types.js';
import type { CxoneClient, FirstPage } from './client.js';
import { isCxoneError } from './errors.js';
import { settleAll } from './settle-all.js';

/** `auto`: the cheaper read; `full`: always the whole tenant (drift detection, `plan --read full`). */
export type ReadMode = 'auto' | 'full';

export const READ_MODES: readonly ReadMode[] = ['auto', 'full'];

/** What the chooser knows: the tenant's total, the page size served, the in-scope skills and, once probed, their lists' totals. */
export interface ReadCounts {
  mode: ReadMode;
  /** totalRecords of `/agents/skills`; undefined when the server does not say. */
  tenantRows: number | undefined;
  /** Rows the server serves per page (the first page's length when it was not the whole list). */
  pageRows: number;
  /** In-scope skills. */
  skills: number;
  /** Skills of the tenant, in scope or not (the share in scope estimates their lists' length before probing). */
  tenantSkills?: number;
  /** Each in-scope skill's list total (undefined: not said), once their first pages were read. */
  skillRows?: ReadonlyArray<number | undefined>;
}

/** The read chosen, what it costs in pages of assignment lists, and what the other read would have cost. */
export interface ReadChoice {
  kind: 'tenant' | 'skills';
  /** Pages of assignment lists this read takes (`/agents/skills`, or the in-scope skills' lists). */
  pages: number;
  /** Pages of the whole tenant's `/agents/skills` (undefined when the API did not say). */
  tenantPages: number | undefined;
  /** Pages of the in-scope skills' lists (undefined when not probed or not said). */
  skillPages: number | undefined;
  /** In-scope skills. */
  skills: number;
  /** Why, in words (for the notice and the plan). */
  reason: string;
}

export type ReadStep = ReadChoice | { kind: 'probe' };

export function pagesOf(rows: number, pageRows: number): number {
  return Math.max(1, Math.ceil(rows / Math.max(1, pageRows)));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The read to make, or `probe` (read each in-scope skill's first page to learn its list's length). Pure.
 * Each in-scope list is at least one page, so with as many in-scope skills as half the tenant's pages the
 * probes alone would cost more than they could save: the tenant is read without probing.
 */
export function chooseRead(c: ReadCounts): ReadStep {
  const tenantPages = c.tenantRows === undefined ? undefined : pagesOf(c.tenantRows, c.pageRows);
  const tenant = (reason: string, skillPages?: number): ReadChoice => ({ kind: 'tenant', pages: tenantPages ?? 0, tenantPages, skillPages, skills: c.skills, reason });
  if (c.mode === 'full') return tenant('the whole tenant was asked for (--read full)');
  if (c.skills === 0) return { kind: 'skills', pages: 0, tenantPages, skillPages: 0, skills: 0, reason: 'no skill of the tenant is in scope' };
  if (tenantPages === undefined) return tenant('the API did not say how many assignments the tenant has');
  if (2 * c.skills > tenantPages) return tenant(`${plural(c.skills, 'in-scope skill')} need at least as many pages, more than half of the tenant's ${plural(tenantPages, 'page')}`);
  // Before probing: the in-scope share of the skills times the tenant's pages, plus a page per list, is
  // what the lists would cost if assignments were spread evenly. Far from a saving (a scope of every
  // skill, or most), the probes (one request per in-scope skill) are not made.
  if (c.skillRows === undefined && c.tenantSkills !== undefined && c.tenantSkills > 0) {
    const estimate = Math.round((c.skills / c.tenantSkills) * tenantPages) + c.skills;
    if (estimate >= 0.8 * tenantPages) return tenant(`${plural(c.skills, 'in-scope skill')} of ${plural(c.tenantSkills, 'skill')}: their lists would be about ${plural(estimate, 'page')}, no fewer than the whole tenant's ${plural(tenantPages, 'page')}`);
  }
  if (c.skillRows === undefined) return { kind: 'probe' };
  if (c.skillRows.some((rows) => rows === undefined)) return tenant('the API did not say how long some in-scope skill\'s list is');
  const skillPages = c.skillRows.reduce<number>((n, rows) => n + (rows === 0 ? 1 : pagesOf(rows!, c.pageRows)), 0);
  // The probes were the first pages of the skill lists; the tenant's first page is read too: compare what is left.
  if (skillPages - c.skills < tenantPages - 1) {
    return { kind: 'skills', pages: skillPages, tenantPages, skillPages, skills: c.skills, reason: `${plural(c.skills, 'in-scope skill')}' lists are fewer pages than the whole tenant` };
  }
  return tenant(`the in-scope skills' lists (${plural(skillPages, 'page')}) are no fewer pages than the whole tenant`, skillPages);
}

/** Reads of at most this many pages are not worth a line on stderr unless asked for (they are still recorded in the plan). */
export const QUIET_READ_PAGES = 10;

/** Whether a read is news: the in-scope lists chosen, the whole tenant asked for, a choice made from probes, or a read of many pages. */
export function isNotableRead(choice: Pick<ReadChoice, 'kind' | 'pages'> & { skillPages?: number | undefined }, mode: ReadMode): boolean {
  return choice.kind === 'skills' || mode === 'full' || choice.skillPages !== undefined || choice.pages > QUIET_READ_PAGES;
}

/** One line for stderr and the plan: which read, its cost, and what the other would have cost. */
export function describeRead(choice: ReadChoice, ms?: number): string {
  const took = ms === undefined ? '' : `, in ${(ms / 1000).toFixed(1)} s`;
  if (choice.kind === 'skills') {
    const instead = choice.tenantPages === undefined ? '' : `, instead of the whole tenant, ${plural(choice.tenantPages, 'page')}`;
    return `read: ${plural(choice.skills, "in-scope skill's list", "in-scope skills' lists")}, ${plural(choice.pages, 'page')}${instead}${took}`;
  }
  const other = choice.skillPages === undefined ? '' : `; the in-scope skills' lists would have been ${plural(choice.skillPages, 'page')}`;
  return `read: the whole tenant, ${plural(choice.pages, 'page')}${took} (${choice.reason}${other})`;
}

/** What a scoped read returns: the live state (all agents and skills; every assignment of the in-scope skills at least) and how it was read. */
export interface ScopedRead {
  live: LiveState;
  read: ReadChoice & {
    /** When the read started (ISO 8601): a later `UpdatedSince` from here shows what moved since. */
    at: string;
    /** Its wall time. */
    ms: number;
    /** Rows of the whole tenant's `/agents/skills`, when the API said (for choosing how to verify). */
    tenantRows: number | undefined;
    /** The in-scope skills' ids, sorted. */
    skillIds: number[];
  };
}

export type ScopeClient = Pick<CxoneClient, 'listAgents' | 'listSkills' | 'listAssignments' | 'firstPageOfAssignments' | 'firstPageOfSkillAgents' | 'getSkillAgents' | 'pageRows'>;

export interface ScopedReadOptions {
  mode?: ReadMode;
  /** Skills read at once when reading the in-scope lists (each list pages on its own). */
  concurrency?: number;
  now?: () => Date;
}

/**
 * Reads the tenant for a plan whose scope is `inScope`: agents and skills in full, and either every
 * assignment or every assignment of the in-scope skills (`isAssigned: false` items left out), so
 * that every assignment the planner looks at (in-scope skills only, coverage included) is the same.
 */
export async function readScoped(client: ScopeClient, inScope: (skillName: string) => boolean, options: ScopedReadOptions = {}): Promise<ScopedRead> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const started = performance.now();
  const stop = new AbortController();
  const agents = client.listAgents(stop);
  const skills = client.listSkills(stop);
  // A server that requires its filters refuses the unfiltered first page (400): its total is then not known.
  const tenantFirst = client.firstPageOfAssignments(undefined, stop.signal).catch((error: unknown) => {
    if (isCxoneError(error) && error.status === 400) return undefined;
    throw error;
  });
  // The lists are read side by side; the first that fails for good stops the others.
  const all: Promise<unknown>[] = [agents, skills, tenantFirst];
  let skillIds: number[] = [];
  const assignments = (async (): Promise<{ rows: Assignment[]; choice: ReadChoice; tenantRows: number | undefined }> => {
    const [skillList, first] = await Promise.all([skills, tenantFirst]);
    const wanted = skillList.filter((s) => inScope(s.skillName));
    skillIds = wanted.map((s) => s.skillId).sort((a, b) => a - b);
    const pageRows = first === undefined ? (client.pageRows ?? 100) : pageRowsOf(first, client.pageRows);
    const counts: ReadCounts = { mode: options.mode ?? 'auto', tenantRows: first?.total, pageRows, skills: wanted.length, tenantSkills: skillList.length };
    let step = chooseRead(counts);
    let firsts: FirstPage[] = [];
    if (step.kind === 'probe') {
      firsts = await pool(wanted, options.concurrency ?? 4, (s) => client.firstPageOfSkillAgents(s.skillId, stop.signal));
      step = chooseRead({ ...counts, pageRows: Math.max(pageRows, ...firsts.map((f) => pageRowsOf(f, undefined))), skillRows: firsts.map((f) => f.total) });
    }
    const choice = step as ReadChoice;
    if (choice.kind === 'tenant') return { rows: await client.listAssignments(first, stop), choice, tenantRows: first?.total };
    const lists = await pool(wanted, options.concurrency ?? 4, async (s, i) => (await client.getSkillAgents(s.skillId, firsts[i], stop)).assignments);
    return { rows: lists.flat(), choice, tenantRows: first?.total };
  })();
  all.push(assignments);
  await settleAll(stop, all);
  const { rows, choice, tenantRows } = await assignments;
  const live: LiveState = { agents: await agents, skills: await skills, assignments: rows };
  return { live, read: { ...choice, at: at.toISOString(), ms: Math.round(performance.now() - started), tenantRows, skillIds } };
}

/** The page size a first page shows: its length when it was not the whole list. */
function pageRowsOf(first: FirstPage, known: number | undefined): number {
  const full = first.total === undefined || first.rows < first.total;
  return full && first.rows > 0 ? first.rows : (known ?? 100);
}

/** `fn` over `items`, at most `concurrency` at once, results in order. */
async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
