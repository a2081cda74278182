/**
 * A reviewed plan file on its way to apply: parsed and checked (format, digest, calls), held against the
 * committed cxskills.yaml, and assembled again from the live tenant (staleness, scope, starting values,
 * safety and coverage as they are now). Nothing in the file is trusted that can be derived.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DiagnosticsError } from '../model/diagnostics.js';
import type { LiveState } from '../model/types.js';
import { checkAgainstCommitted, revalidateSavedPlan, type Plan } from '../plan/index.js';
import { parsePlanFile } from './plan-file.js';
import type { LoadedState } from './state.js';

/** The plan in `text` (read from `file`), or diagnostics thrown: not JSON, another format, edited, calls that do not carry its changes. */
export function parseReviewedPlan(text: string, file: string): Plan {
  const { plan, diagnostics } = parsePlanFile(text, file);
  if (plan === undefined) throw new DiagnosticsError(diagnostics);
  return plan;
}

/**
 * The state directory a saved plan names, when --dir does not: only one under the working directory.
 * `dir` is not covered by the digest, so a plan pointing at a directory elsewhere (with a wider
 * cxskills.yaml) would choose its own scope.
 */
export function reviewedDir(plan: Plan, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, plan.dir));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new DiagnosticsError([
      {
        severity: 'error',
        code: 'PLAN_SCOPE_MISMATCH',
        message: `the saved plan names the state directory ${JSON.stringify(plan.dir).slice(0, 120)}, which is not under the working directory; pass --dir with the directory whose cxskills.yaml bounds this plan`,
      },
    ]);
  }
  return plan.dir;
}

/** Scope, limits and coverage exceptions are the committed cxskills.yaml's; the plan file only proposes changes. */
export function checkCommitted(plan: Plan, state: LoadedState, cwd: string): void {
  const configFile = relative(cwd, state.desired.configFile) || state.desired.configFile;
  const mismatch = checkAgainstCommitted(plan, state.desired, configFile);
  if (mismatch.length > 0) throw new DiagnosticsError(mismatch);
}

/** The reviewed plan assembled again from what is live now; a stale or edited plan is thrown as diagnostics. */
export function recheckReviewed(plan: Plan, live: LiveState): Plan {
  const checked = revalidateSavedPlan(plan, live);
  if (checked.plan === undefined) throw new DiagnosticsError(checked.diagnostics);
  return checked.plan;
}
