/**
 * Reads sized to the scope, for plan and apply: the tenant read the cheapest way for a scope (the whole
 * tenant or the in-scope skills' lists), and a reviewed plan's staleness checked by delta when that can
 * be trusted, else by that read. Both say on stderr what they read and why.
 */
import { readFile } from 'node:fs/promises';
import { checkSavedPlan, DEFAULT_DELTA_MAX_AGE_MS, type StalenessMode } from '../apply/staleness.js';
import { unsettledIntents } from '../apply/settle.js';
import { describeRead, isNotableRead, type ReadMode, type ScopedRead } from '../cxone/read-scope.js';
import { compileSkillScope } from '../model/glob.js';
import { DiagnosticsError } from '../model/diagnostics.js';
import type { LiveState, Scope } from '../model/types.js';
import type { Plan, PlanRead } from '../plan/types.js';
import { settleInterrupted, type Settled } from './settle.js';
import type { Tenant } from './tenant.js';

/** The tenant for a plan of `scope`: every agent and skill, and the assignments of the in-scope skills at least. */
/** `asked`: the mode the user asked for, when `mode` was forced to `full` (intents to settle): only an asked-for full read is news. */
export async function readForScope(tenant: Tenant, scope: Pick<Scope, 'skills'>, mode: ReadMode, onNotice: (message: string) => void, asked: ReadMode = mode): Promise<ScopedRead> {
  const read = await tenant.readScoped(compileSkillScope(scope.skills), mode);
  if (isNotableRead(read.read, asked)) onNotice(describeRead(read.read, read.read.ms));
  return read;
}

/** Intents of an interrupted run in the audit log still to settle (they may name any pair: settling them needs the whole tenant). */
export async function openIntents(auditFile: string): Promise<number> {
  try {
    return unsettledIntents(await readFile(auditFile, 'utf8')).length;
  } catch {
    return 0; // no audit log yet
  }
}

/** What a plan records of its read. */
export function planRead(read: ScopedRead['read']): PlanRead {
  return {
    kind: read.kind,
    pages: read.pages,
    ...(read.tenantPages === undefined ? {} : { tenantPages: read.tenantPages }),
    ...(read.skillPages === undefined ? {} : { skillPages: read.skillPages }),
    reason: read.reason,
    at: read.at,
    ms: read.ms,
    skillIds: read.skillIds,
  };
}

export interface ReviewedCheck {
  /** The reviewed plan checked again (staleness, scope, starting values, counts, safety, coverage). */
  plan: Plan;
  live: LiveState;
  readAt: Date;
  /** `delta`: nothing in scope moved since the plan's read; updates are then written per list (PUT). */
  how: 'delta' | 'full';
  tenantRows?: number;
  settled: Settled;
}

export interface ReviewedCheckOptions {
  /** `full`: no delta; the full read is the whole tenant (`apply --read full`). */
  mode: StalenessMode;
  /** How old a plan may be for the delta check (CXSKILLS_DELTA_MAX_AGE_H; default 24 h). */
  maxAgeMs?: number;
  auditFile: string;
  onNotice(message: string): void;
}

/** The staleness check of `apply --plan`, and the settling of an interrupted run's writes (on a full read only: they need their pairs' live values). */
export async function checkReviewedPlan(tenant: Tenant, saved: Plan, options: ReviewedCheckOptions): Promise<ReviewedCheck> {
  const open = await openIntents(options.auditFile);
  const check = await checkSavedPlan(tenant.client, saved, { mode: options.mode, maxAgeMs: options.maxAgeMs ?? DEFAULT_DELTA_MAX_AGE_MS, unsettledIntents: open, onNotice: options.onNotice });
  if (check.plan === undefined) throw new DiagnosticsError(check.diagnostics);
  const settled = check.how === 'full' ? await settleInterrupted(options.auditFile, check.live) : { settled: 0, inEffect: 0 };
  return { plan: check.plan, live: check.live, readAt: check.readAt, how: check.how, ...(check.tenantRows === undefined ? {} : { tenantRows: check.tenantRows }), settled };
}
