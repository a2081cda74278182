/** Turns ajv errors into plain-worded problems with a stable code and the place they point at. */
import type { ErrorObject } from 'ajv';
import { suggest } from '../model/suggest.js';
import { SCHEMA_CODES, type SchemaCode } from './codes.js';
import { DEFINITION_NAMES } from './schema.js';
import { escapeSegment, lastSegment } from './pointer.js';
import { showName } from '../model/show.js';

/** One schema violation, before it is tied to a line and column of a YAML file. */
export interface SchemaProblem {
  code: SchemaCode;
  message: string;
  /** JSON Pointer of the offending key or value. */
  path: string;
  /** What to point at: the key named by `path`, its value, or (for missing keys) the mapping that lacks it. */
  target: 'key' | 'value' | 'container';
  suggestions?: string[];
}

interface Rule {
  /** How the value is named in messages; the key it sits under when absent. */
  label?: string;
  /** What the value must be, completing "… must be …". */
  rule: string;
  code?: SchemaCode;
}

const RULES: Record<string, Rule> = {
  configFile: { label: 'cxskills.yaml', rule: 'a mapping with version, scope and (optionally) safety' },
  version: { label: 'version', rule: '1 (the only format version)', code: SCHEMA_CODES.VERSION_UNSUPPORTED },
  scope: { label: 'scope', rule: 'a mapping with skills and (optionally) agents' },
  skillPatterns: { label: 'scope.skills', rule: 'a list of at least one skill name pattern' },
  skillPattern: { label: 'a skill name pattern', rule: 'non-empty text' },
  agentsMode: { label: 'scope.agents', rule: '"declared" or "all"' },
  safety: { label: 'safety', rule: 'a mapping of maxRemoveRatio, maxChangeRatio and minManaged' },
  rate: { label: 'rate', rule: 'a number of requests per second, at least 0.1 (one call every 10 s)', code: SCHEMA_CODES.RATE_INVALID },
  policy: { label: 'policy', rule: 'a list of rules, each a mapping with skills and at least one check' },
  policyRule: { label: 'a policy rule', rule: 'a mapping with skills, and proficiencies, requires, excludes, maxSkillsPerAgent, minActiveAgents, severity or name' },
  policyPatterns: { rule: 'a list of skill name patterns' },
  proficiencyList: { label: 'proficiencies', rule: 'a list of proficiencies from 1 (best) to 20, or a range such as "1..5"' },
  proficiencyRange: { label: 'proficiencies', rule: 'a list of proficiencies such as [1, 5], or a range "LOW..HIGH" of proficiencies from 1 to 20 such as "1..5"' },
  policyCount: { rule: 'a whole number, 1 or more' },
  policySeverity: { label: 'severity', rule: '"error" or "warning"' },
  ratio: { rule: 'a number from 0 to 1' },
  count: { rule: 'a whole number, 0 or more' },
  stateFile: { label: 'a state file', rule: 'a mapping with profiles and/or agents' },
  profiles: { label: 'profiles', rule: 'a mapping of profile name to profile' },
  profileName: { label: 'a profile name', rule: 'non-empty text other than "agent"' },
  profile: { label: 'a profile', rule: 'a mapping with profiles and/or skills' },
  agents: { label: 'agents', rule: 'a mapping of agent (userName, emailAddress or agentId) to its profiles and skills' },
  agentKey: { label: 'an agent key', rule: 'a non-empty userName, emailAddress or agentId' },
  agent: { label: 'an agent', rule: 'a mapping with profiles and/or skills, or empty' },
  profileList: { label: 'profiles', rule: 'a list of profile names' },
  profileRef: { label: 'a profile name', rule: 'non-empty text' },
  skills: { label: 'skills', rule: 'a mapping of skill name to proficiency' },
  skillName: { label: 'a skill name', rule: 'non-empty text' },
  skillSetting: { label: 'a skill setting', rule: 'a mapping with proficiency and (optionally) active' },
  proficiency: { label: 'proficiency', rule: 'an integer from 1 (best) to 20', code: SCHEMA_CODES.PROFICIENCY_INVALID },
  active: { label: 'active', rule: 'true or false' },
};

const CONFIG_ONLY_KEYS = new Set(['version', 'scope', 'safety', 'rate', 'policy']);
const STATE_ONLY_KEYS = new Set(['profiles', 'agents']);
const YAML11_BOOLEANS = new Set(['yes', 'no', 'on', 'off', 'y', 'n', 'True', 'False', 'TRUE', 'FALSE']);

/** A value as shown after "got": text quoted, numbers as written, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (typeof value === 'string') return showName(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function ruleOf(error: ErrorObject): { name: string; rule: Rule } {
  const name = (error.parentSchema && DEFINITION_NAMES.get(error.parentSchema)) ?? '';
  return { name, rule: RULES[name] ?? { rule: 'valid' } };
}

function labelOf(rule: Rule, path: string): string {
  return rule.label ?? lastSegment(path) ?? 'the document';
}

function unknownKey(error: ErrorObject, definition: string, rule: Rule): SchemaProblem {
  const key = String(record(error.params)['additionalProperty']);
  const path = `${error.instancePath}/${escapeSegment(key)}`;
  const base = { code: SCHEMA_CODES.UNKNOWN_KEY, path, target: 'key' as const };
  if (definition === 'stateFile' && CONFIG_ONLY_KEYS.has(key)) {
    return { ...base, message: `${showName(key)} belongs in the top-level cxskills.yaml; other files may only hold profiles and agents` };
  }
  if (definition === 'configFile' && STATE_ONLY_KEYS.has(key)) {
    return { ...base, message: `${showName(key)} cannot be in cxskills.yaml; declare profiles and agents in other .yaml files of the directory` };
  }
  const allowed = Object.keys(record(record(error.parentSchema)['properties']));
  const suggestions = suggest(key, allowed);
  const message = `unknown key ${showName(key)} in ${labelOf(rule, error.instancePath)}; allowed: ${allowed.join(', ')}`;
  return suggestions.length > 0 ? { ...base, message, suggestions } : { ...base, message };
}

function invalidValue(error: ErrorObject, rule: Rule): string {
  const got = describeValue(error.data);
  const hint =
    typeof error.data === 'string' && rule === RULES['active'] && YAML11_BOOLEANS.has(error.data)
      ? ' (YAML 1.2 reads yes/no/on/off as text; write true or false)'
      : '';
  return `${labelOf(rule, error.instancePath)} must be ${rule.rule}, got ${got}${hint}`;
}

/** One ajv error → one problem, or undefined for errors that only repeat another (`if`, outer `propertyNames`). */
export function problemFromAjv(error: ErrorObject): SchemaProblem | undefined {
  const { name, rule } = ruleOf(error);
  const params = record(error.params);
  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'additionalProperties':
      return unknownKey(error, name, rule);
    case 'required': {
      const missing = String(params['missingProperty']);
      return {
        code: SCHEMA_CODES.REQUIRED,
        message: `missing required key "${missing}" in ${labelOf(rule, error.instancePath)}`,
        path: error.instancePath,
        target: 'container',
      };
    }
    case 'uniqueItems': {
      const index = Number(params['i']);
      const items = Array.isArray(error.data) ? (error.data as unknown[]) : [];
      return {
        code: SCHEMA_CODES.VALUE,
        message: `profile ${describeValue(items[index])} is listed twice`,
        path: `${error.instancePath}/${index}`,
        target: 'value',
      };
    }
    default:
      return keyOrValueProblem(error, name, rule);
  }
}

/** Problems with one value, or (inside `propertyNames`) with one key. */
function keyOrValueProblem(error: ErrorObject, definition: string, rule: Rule): SchemaProblem {
  const keyName = error.propertyName;
  const path = keyName === undefined ? error.instancePath : `${error.instancePath}/${escapeSegment(keyName)}`;
  const target = keyName === undefined ? ('value' as const) : ('key' as const);
  const code = rule.code ?? (error.keyword === 'type' ? SCHEMA_CODES.TYPE : SCHEMA_CODES.VALUE);
  if (error.keyword === 'not' && definition === 'profileName') {
    return { code, path, target, message: '"agent" cannot be a profile name: it is reserved for skills set on the agent itself' };
  }
  if (error.keyword === 'minLength') {
    return { code, path, target, message: `${labelOf(rule, path)} must not be empty` };
  }
  if (error.keyword === 'minItems') {
    return { code, path, target, message: `${labelOf(rule, path)} must not be empty: it needs ${rule.rule.replace(/^a list of /, '')}` };
  }
  return { code, path, target, message: invalidValue(error, rule) };
}
