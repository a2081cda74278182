/**
 * Reading a plan file (`plan --out`, a rollback's `--out`) back, at the edge: JSON, the format version,
 * the shape (schemas/plan.schema.json), valid skill patterns, then the plan's own integrity (digest, calls
 * that carry exactly its changes). Only then is it a Plan; apply still assembles it again from the tenant.
 */
import { globProblem } from '../model/glob.js';
import { isTimeZone } from '../model/time.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { checkPlanIntegrity } from '../plan/file.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import { planFileProblem } from '../schema/files.js';

export function parsePlanFile(text: string, file: string, maxItems = 100): { plan?: Plan; diagnostics: Diagnostic[] } {
  const problem = (code: string, message: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [{ severity: 'error', code, message, file }] });
  let raw: unknown;
  try {
    // A byte-order mark (some editors add one) is not part of the JSON.
    raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return problem('PLAN_NOT_JSON', `the plan file is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problem('PLAN_INVALID', 'the plan file does not hold a plan object');
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    return problem('PLAN_FORMAT_VERSION', `plan formatVersion ${JSON.stringify(version)} is not supported (this cxskills reads ${PLAN_FORMAT_VERSION})`);
  }
  const shape = planFileProblem(raw) ?? patternProblem(raw as Plan);
  if (shape) return problem('PLAN_INVALID', `the plan file is not a plan cxskills made: ${shape}. Make a new plan.`);
  const plan = raw as Plan; // the schema above holds every field apply reads
  const integrity = checkPlanIntegrity(plan, file, maxItems);
  return integrity.length > 0 ? { diagnostics: integrity } : { plan, diagnostics: [] };
}

/** What a schema cannot judge: each skill pattern must be a glob cxskills can compile, the time zone one Node.js knows. */
function patternProblem(plan: Plan): string | undefined {
  const lists: Array<[string, readonly string[]]> = [['/scope/skills', plan.scope.skills], ['/target/skills', plan.target?.skills ?? []]];
  for (const [at, patterns] of lists) {
    for (const [i, pattern] of patterns.entries()) {
      const problem = globProblem(pattern);
      if (problem) return `${at}/${i} is not a valid skill pattern: ${problem}`;
    }
  }
  // Times are shown in the plan's zone: one this Node.js cannot read is not a zone cxskills wrote.
  const zone = plan.windows?.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) return `/windows/timeZone ${JSON.stringify(zone).slice(0, 80)} is not an IANA time zone`;
  return undefined;
}
