/** Reads cxskills.yaml (already schema-valid) into scope, safety limits, coverage exceptions, rate and policy, and checks its skill patterns. */
import { DEFAULT_SAFETY, type CoverageAllowance, type SafetyLimits, type Scope } from '../model/types.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { CONFIG_CODES } from './codes.js';
import { errorAt } from './diagnostic.js';
import { globProblem } from '../model/glob.js';
import { placeOf } from './locate.js';
import { isTimeZone } from '../model/time.js';
import type { PolicyRule } from '../model/policy.js';
import { readPolicy } from './policy-file.js';
import type { ParsedYaml } from './yaml-file.js';

export interface Settings {
  scope: Scope;
  safety: SafetyLimits;
  coverage?: CoverageAllowance;
  /** Requests per second for this tenant (`rate`), when cxskills.yaml sets it. */
  rate?: number;
  /** IANA time zone of `from`/`until` without an offset (`timeZone`), when cxskills.yaml sets it. */
  timeZone?: string;
  /** cxskills.yaml `policy`, when it has one. */
  policy?: PolicyRule[];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** Settings from schema-valid data; diagnostics for patterns that are not valid globs. */
export function readSettings(parsed: ParsedYaml): { settings: Settings; diagnostics: Diagnostic[] } {
  const scopeData = field(parsed.data, 'scope');
  const rawSkills = field(scopeData, 'skills');
  const skills = Array.isArray(rawSkills) ? rawSkills.filter((p): p is string => typeof p === 'string') : [];
  const agents = field(scopeData, 'agents') === 'all' ? 'all' : 'declared';
  const safetyData = field(parsed.data, 'safety');
  const safety: SafetyLimits = {
    maxRemoveRatio: numberOr(field(safetyData, 'maxRemoveRatio'), DEFAULT_SAFETY.maxRemoveRatio),
    maxChangeRatio: numberOr(field(safetyData, 'maxChangeRatio'), DEFAULT_SAFETY.maxChangeRatio),
    minManaged: numberOr(field(safetyData, 'minManaged'), DEFAULT_SAFETY.minManaged),
  };
  const coverageData = field(parsed.data, 'coverage');
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : []);
  const coverage: CoverageAllowance | undefined =
    coverageData === undefined
      ? undefined
      : { allowUncoveredSkills: strings(field(coverageData, 'allowUncoveredSkills')), allowUncoveredAgents: strings(field(coverageData, 'allowUncoveredAgents')) };
  const diagnostics: Diagnostic[] = [];
  coverage?.allowUncoveredSkills.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem) {
      const path = `/coverage/allowUncoveredSkills/${index}`;
      diagnostics.push(errorAt(CONFIG_CODES.SCOPE_PATTERN_INVALID, `invalid skill pattern: ${problem}`, placeOf(parsed, path, 'value'), { path }));
    }
  });
  skills.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem) {
      const path = `/scope/skills/${index}`;
      const place = placeOf(parsed, path, 'value');
      diagnostics.push(errorAt(CONFIG_CODES.SCOPE_PATTERN_INVALID, `invalid skill pattern: ${problem}`, place, { path }));
    }
  });
  const rate = field(parsed.data, 'rate');
  // Windows (issue 15): the zone that `from`/`until` without an offset are read in.
  const timeZone = field(parsed.data, 'timeZone');
  if (typeof timeZone === 'string' && !isTimeZone(timeZone)) {
    const message = `timeZone ${JSON.stringify(timeZone)} is not an IANA time zone this Node.js knows (such as "Europe/Berlin", "America/New_York" or "UTC")`;
    diagnostics.push(errorAt(CONFIG_CODES.TIMEZONE_INVALID, message, placeOf(parsed, '/timeZone', 'value'), { path: '/timeZone' }));
  }
  // An unknown zone is reported above and not kept: nothing downstream is handed a zone it cannot read.
  const zone = typeof timeZone === 'string' && isTimeZone(timeZone) ? { timeZone } : {};
  const settings: Settings = { scope: { skills, agents }, safety, ...(coverage ? { coverage } : {}), ...(typeof rate === 'number' ? { rate } : {}), ...zone };
  // policy: its own reader (src/config/policy-file.ts).
  const policy = readPolicy(parsed);
  diagnostics.push(...policy.diagnostics);
  if (policy.policy !== undefined) settings.policy = policy.policy;
  return { settings, diagnostics };
}
