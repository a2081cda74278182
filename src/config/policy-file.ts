/** Reads `policy:` of cxskills.yaml (already schema-valid) into rules with their place, and checks what the schema cannot. */
import type { Diagnostic } from '../model/diagnostics.js';
import { globProblem } from '../model/glob.js';
import { POLICY_CODES, type PolicyRule } from '../model/policy.js';
import { errorAt } from './diagnostic.js';
import { placeOf } from './locate.js';
import type { ParsedYaml } from './yaml-file.js';

const CHECKS = ['proficiencies', 'requires', 'excludes', 'maxSkillsPerAgent', 'minActiveAgents'] as const;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

/** Rules of `policy` (undefined when cxskills.yaml has none), and diagnostics for what makes a rule unusable. */
export function readPolicy(parsed: ParsedYaml): { policy?: PolicyRule[]; diagnostics: Diagnostic[] } {
  const data = record(parsed.data)['policy'];
  if (!Array.isArray(data)) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const policy = data.map((raw, index): PolicyRule => {
    const path = `/policy/${index}`;
    const entry = record(raw);
    const rule: PolicyRule = {
      index,
      skills: strings(entry['skills']),
      severity: entry['severity'] === 'warning' ? 'warning' : 'error',
      source: placeOf(parsed, path, 'value'),
    };
    if (typeof entry['name'] === 'string') rule.name = entry['name'];
    for (const key of ['skills', 'requires', 'excludes'] as const) {
      const list = entry[key];
      strings(list).forEach((pattern, i) => {
        const problem = globProblem(pattern);
        if (problem === undefined) return;
        const at = Array.isArray(list) ? `${path}/${key}/${i}` : `${path}/${key}`;
        diagnostics.push(errorAt(POLICY_CODES.PATTERN_INVALID, `invalid skill pattern in policy rule ${index + 1}: ${problem}`, placeOf(parsed, at, 'value'), { path: at }));
      });
    }
    if (entry['requires'] !== undefined) rule.requires = strings(entry['requires']);
    if (entry['excludes'] !== undefined) rule.excludes = strings(entry['excludes']);
    if (typeof entry['maxSkillsPerAgent'] === 'number') rule.maxSkillsPerAgent = entry['maxSkillsPerAgent'];
    if (typeof entry['minActiveAgents'] === 'number') rule.minActiveAgents = entry['minActiveAgents'];
    const proficiencies = readProficiencies(entry['proficiencies']);
    if (proficiencies === 'reversed') {
      const at = `${path}/proficiencies`;
      diagnostics.push(errorAt(POLICY_CODES.RANGE_INVALID, `proficiencies ${JSON.stringify(entry['proficiencies'])} is an empty range: write the lower number first, e.g. "1..5"`, placeOf(parsed, at, 'value'), { path: at }));
    } else if (proficiencies !== undefined) rule.proficiencies = proficiencies;
    if (!CHECKS.some((key) => entry[key] !== undefined)) {
      const message = `policy rule ${index + 1} checks nothing: give it at least one of ${CHECKS.join(', ')}`;
      diagnostics.push(errorAt(POLICY_CODES.RULE_EMPTY, message, rule.source, { path }));
    }
    return rule;
  });
  return { policy, diagnostics };
}

/** `[5, 1]` → `[1, 5]`; `"1..3"` → `[1, 2, 3]`; `reversed` for `"5..1"`. */
function readProficiencies(value: unknown): number[] | 'reversed' | undefined {
  if (Array.isArray(value)) return [...new Set(value.filter((n): n is number => typeof n === 'number'))].sort((a, b) => a - b);
  if (typeof value !== 'string') return undefined;
  const [low, high] = value.split('..').map((part) => Number(part.trim())) as [number, number];
  if (low > high) return 'reversed';
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}
