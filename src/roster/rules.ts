/**
 * The mapping rules of `cxskills generate`, read from YAML with a place (file:line:col) for every problem:
 *
 *   version: 1
 *   key: userName                  # roster column holding the agent key (default: agent)
 *   rules:
 *     - match: { department: Billing, role: [Senior, Lead] }   # all columns must match; a list is "any of"
 *       profiles: [billing-senior]
 *       stop: true                                             # later rules are not considered for this row
 *     - match: { language: "*" }                               # "*" = any non-empty value
 *       skills: { "Support {language}": 8 }                    # {column} is replaced by the row's value
 *     - match: { status: Contractor }
 *       skip: true                                             # such rows are not declared at all
 *   performance:                   # proficiency from numeric columns: see performance.ts
 *     - { skills: "Billing *", column: csat, thresholds: [{ atLeast: 4.5, proficiency: 2 }], default: 8 }
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from '../model/diagnostics.js';
import { PROFICIENCY_MAX, PROFICIENCY_MIN, type AssignmentValue } from '../model/types.js';
import { readPerformance, type PerformanceRule } from './performance.js';

export interface Rule {
  index: number;
  name: string;
  /** Column (lower case) → accepted values (lower case, trimmed); `*` accepts any non-empty value. */
  match: Map<string, string[]>;
  profiles: string[];
  skills: Array<{ name: string; value: AssignmentValue }>;
  stop: boolean;
  skip: boolean;
  line: number;
}

export interface Rules {
  key: string;
  rules: Rule[];
  /** Proficiency from numeric roster columns (src/roster/performance.ts); empty when the file has none. */
  performance: PerformanceRule[];
}

const RULE_KEYS = new Set(['name', 'match', 'profiles', 'skills', 'stop', 'skip']);
const TOP_KEYS = new Set(['version', 'key', 'rules', 'performance']);

export function parseRules(text: string, file: string): { rules?: Rules; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const at = (node: Node | null | undefined) => {
    const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return { file, line: pos.line, col: pos.col };
  };
  const error = (message: string, node: Node | null | undefined, path: string) => diagnostics.push({ severity: 'error', code: 'RULES_INVALID', message, path, ...at(node) });
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push({ severity: 'error', code: 'RULES_YAML', message: e.message.split('\n')[0] ?? e.message, file, line: pos.line, col: pos.col });
  }
  if (diagnostics.length > 0) return { diagnostics };
  const root = doc.contents;
  if (!isMap(root)) {
    error('the rules file must be a mapping with "rules" (and optionally "version", "key")', root, '');
    return { diagnostics };
  }
  let key = 'agent';
  let ruleSeq: Node | null = null;
  let performance: PerformanceRule[] = [];
  for (const pair of root.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!TOP_KEYS.has(name)) error(`unknown key "${name}"; allowed: version, key, rules, performance`, pair.key as Node, `/${name}`);
    else if (name === 'performance') performance = readPerformance(value, error, (n) => at(n).line);
    else if (name === 'version' && !(isScalar(value) && value.value === 1)) error('version must be 1', value, '/version');
    else if (name === 'key') {
      if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') key = value.value.trim();
      else error('key must name the roster column that holds agent keys (userName, emailAddress or agentId)', value, '/key');
    } else if (name === 'rules') ruleSeq = value;
  }
  if (!isSeq(ruleSeq) || ruleSeq.items.length === 0) {
    error('"rules" must be a non-empty list of rules', ruleSeq ?? root, '/rules');
    return { diagnostics };
  }
  const rules = ruleSeq.items.map((item, index) => readRule(item as Node, index, error, at));
  return diagnostics.length > 0 ? { diagnostics } : { rules: { key, rules, performance }, diagnostics };
}

type ErrorFn = (message: string, node: Node | null | undefined, path: string) => void;

function readRule(node: Node, index: number, error: ErrorFn, at: (n: Node | null | undefined) => { line: number }): Rule {
  const path = `/rules/${index}`;
  const rule: Rule = { index, name: `rule ${index + 1}`, match: new Map(), profiles: [], skills: [], stop: false, skip: false, line: at(node).line };
  if (!isMap(node)) {
    error('a rule must be a mapping (match, profiles, skills, stop, skip, name)', node, path);
    return rule;
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!RULE_KEYS.has(key)) error(`unknown key "${key}" in a rule; allowed: ${[...RULE_KEYS].join(', ')}`, pair.key as Node, `${path}/${key}`);
    else if (key === 'name') rule.name = isScalar(value) ? `rule ${index + 1} (${String(value.value)})` : rule.name;
    else if (key === 'stop' || key === 'skip') {
      if (isScalar(value) && typeof value.value === 'boolean') rule[key] = value.value;
      else error(`${key} must be true or false`, value, `${path}/${key}`);
    } else if (key === 'match') readMatch(value, rule, error, `${path}/match`);
    else if (key === 'profiles') {
      if (isSeq(value) && value.items.every((i) => isScalar(i) && typeof i.value === 'string' && i.value !== '')) rule.profiles = value.items.map((i) => String((i as { value: unknown }).value));
      else error('profiles must be a list of profile names', value, `${path}/profiles`);
    } else readSkills(value, rule, error, `${path}/skills`);
  }
  if (rule.skip && (rule.profiles.length > 0 || rule.skills.length > 0)) error('a rule with skip: true gives no profiles or skills', node, path);
  return rule;
}

function readMatch(node: Node | null, rule: Rule, error: ErrorFn, path: string): void {
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) return error('match must map roster columns to a value or a list of values', node, path);
  for (const pair of node.items) {
    const column = isScalar(pair.key) ? String(pair.key.value).trim().toLowerCase() : '';
    const value = pair.value as Node | null;
    const texts = isSeq(value) ? value.items : [value];
    if (column === '' || texts.length === 0 || !texts.every((t) => isScalar(t) && t.value !== null && typeof t.value !== 'object')) {
      error('match must map roster columns to a value or a list of values', value ?? (pair.key as Node), `${path}/${column}`);
      continue;
    }
    rule.match.set(column, texts.map((t) => String((t as { value: unknown }).value).trim().toLowerCase()));
  }
}

function readSkills(node: Node | null, rule: Rule, error: ErrorFn, path: string): void {
  if (!isMap(node)) return error('skills must map skill names to a proficiency or { proficiency, active }', node, path);
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const parsed = skillValue(value);
    if (name === '' || typeof parsed === 'string') error(typeof parsed === 'string' ? `${name}: ${parsed}` : 'a skill name must be text', value, `${path}/${name}`);
    else rule.skills.push({ name, value: parsed });
  }
}

function skillValue(node: Node | null): AssignmentValue | string {
  const range = `an integer from ${PROFICIENCY_MIN} (best) to ${PROFICIENCY_MAX}`;
  const proficiency = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= PROFICIENCY_MIN && n <= PROFICIENCY_MAX;
  if (isScalar(node)) return proficiency(node.value) ? { proficiency: node.value as number, active: true } : `proficiency must be ${range}`;
  if (!isMap(node)) return `a skill is a proficiency or { proficiency, active }`;
  const p = node.get('proficiency');
  const a = node.get('active') ?? true;
  if (!proficiency(p)) return `proficiency must be ${range}`;
  if (typeof a !== 'boolean') return 'active must be true or false';
  if (node.items.some((i) => !isScalar(i.key) || !['proficiency', 'active'].includes(String(i.key.value)))) return 'a skill has only proficiency and active';
  return { proficiency: p as number, active: a };
}
