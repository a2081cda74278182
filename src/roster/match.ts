/** Applying the rules to the roster: each row becomes one agent (profiles and skills), or a diagnostic naming its line. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { AssignmentValue } from '../model/types.js';
import type { CsvTable } from './csv.js';
import type { Rule, Rules } from './rules.js';
import { evaluatePerformance, performanceFor } from './performance.js';

export interface GeneratedAgent {
  key: string;
  /** Roster line of the row. */
  line: number;
  profiles: string[];
  /** `why`: for a proficiency from performance data, the rule and values that produced it (the comment beside the entry). */
  skills: Array<{ name: string; value: AssignmentValue; why?: string }>;
}

export interface MatchResult {
  agents: GeneratedAgent[];
  /** Rows left out by a `skip: true` rule. */
  skipped: number;
  diagnostics: Diagnostic[];
}

const PLACEHOLDER = /\{([^{}]+)\}/g;

export function applyRules(table: CsvTable, rules: Rules, files: { roster: string; rules: string }): MatchResult {
  const diagnostics: Diagnostic[] = [];
  const rowError = (code: string, message: string, line: number) => diagnostics.push({ severity: 'error', code, message, file: files.roster, line });
  const columns = new Map<string, number>();
  table.header.forEach((name, i) => {
    const lower = name.toLowerCase();
    if (columns.has(lower)) rowError('ROSTER_CSV', `column "${name}" appears twice in the header`, 1);
    else columns.set(lower, i);
  });
  const ruleError = (rule: Rule | undefined, message: string) =>
    diagnostics.push({ severity: 'error', code: 'RULES_COLUMN', message, file: files.rules, line: rule?.line ?? 1, ...(rule ? { path: `/rules/${rule.index}` } : {}) });
  const known = `roster columns: ${table.header.join(', ')}`;
  if (!columns.has(rules.key.toLowerCase())) ruleError(undefined, `key column "${rules.key}" is not in the roster (${known})`);
  for (const rule of rules.rules) {
    for (const column of [...rule.match.keys(), ...placeholders(rule)]) {
      if (!columns.has(column.toLowerCase())) ruleError(rule, `${rule.name} uses column "${column}", which the roster does not have (${known})`);
    }
  }
  for (const p of rules.performance) {
    if (!columns.has(p.column)) diagnostics.push({ severity: 'error', code: 'RULES_COLUMN', message: `${p.name} uses column "${p.columnLabel}", which the roster does not have (${known})`, file: files.rules, line: p.line, path: `/performance/${p.index}` });
  }
  if (diagnostics.length > 0) return { agents: [], skipped: 0, diagnostics };

  const cell = (cells: string[], column: string) => (cells[columns.get(column.toLowerCase())!] ?? '').trim();
  const matchedColumns = [...new Set(rules.rules.flatMap((r) => [...r.match.keys()]))];
  const firstLine = new Map<string, number>();
  const agents: GeneratedAgent[] = [];
  let skipped = 0;
  for (const { line, cells } of table.records) {
    if (cells.length !== table.header.length) {
      rowError('ROSTER_CSV', `row has ${cells.length} fields, the header has ${table.header.length}`, line);
      continue;
    }
    const key = cell(cells, rules.key);
    if (key === '') {
      rowError('ROSTER_KEY_MISSING', `row has no agent in column "${rules.key}"`, line);
      continue;
    }
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      rowError('ROSTER_DUPLICATE', `agent "${key}" is listed twice; first on line ${earlier}`, line);
      continue;
    }
    firstLine.set(key, line);
    const matched = matchingRules(rules.rules, (column) => cell(cells, column).toLowerCase());
    if (matched.length === 0) {
      const values = matchedColumns.map((c) => `${c}=${JSON.stringify(cell(cells, c))}`).join(', ');
      rowError('ROSTER_NO_RULE', `agent "${key}" matches no rule (${values}); add a rule for it, or one with skip: true`, line);
      continue;
    }
    if (matched.some((r) => r.skip)) {
      skipped += 1;
      continue;
    }
    const agent = combine(key, line, matched, (column) => cell(cells, column), (message) => rowError('ROSTER_CONFLICT', message, line));
    if (agent) agents.push(withPerformance(agent, rules, (column) => cell(cells, column), (code, message) => rowError(code, message, line)));
  }
  return { agents, skipped, diagnostics };
}

/** The rules a row meets, in order, up to and including the first with stop (or skip). */
function matchingRules(rules: readonly Rule[], value: (column: string) => string): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    const meets = [...rule.match].every(([column, accepted]) => {
      const v = value(column);
      return accepted.some((a) => (a === '*' ? v !== '' : a === v));
    });
    if (!meets) continue;
    out.push(rule);
    if (rule.stop || rule.skip) break;
  }
  return out;
}

/** A row's agent before performance data: each skill with the name of the rule that gave it. */
type Combined = Omit<GeneratedAgent, 'skills'> & { skills: Array<{ name: string; value: AssignmentValue; rule: string }> };

function combine(key: string, line: number, rules: readonly Rule[], value: (column: string) => string, conflict: (message: string) => void): Combined | undefined {
  const profiles: string[] = [];
  const skills = new Map<string, { value: AssignmentValue; rule: Rule }>();
  let ok = true;
  const fill = (template: string, rule: Rule): string | undefined => {
    let missing: string | undefined;
    const text = template.replace(PLACEHOLDER, (_, column: string) => {
      const v = value(column);
      if (v === '') missing = column;
      return v;
    });
    if (missing === undefined) return text;
    conflict(`${rule.name} needs column "${missing}" for "${template}", but it is empty for agent "${key}"`);
    ok = false;
    return undefined;
  };
  for (const rule of rules) {
    for (const p of rule.profiles) {
      const name = fill(p, rule);
      if (name !== undefined && !profiles.includes(name)) profiles.push(name);
    }
    for (const s of rule.skills) {
      const name = fill(s.name, rule);
      if (name === undefined) continue;
      const earlier = skills.get(name);
      if (earlier && (earlier.value.proficiency !== s.value.proficiency || earlier.value.active !== s.value.active)) {
        conflict(`${earlier.rule.name} and ${rule.name} give agent "${key}" different values for "${name}" (${show(earlier.value)} and ${show(s.value)})`);
        ok = false;
      } else if (!earlier) skills.set(name, { value: s.value, rule });
    }
  }
  if (!ok) return undefined;
  return { key, line, profiles, skills: [...skills].map(([name, s]) => ({ name, value: s.value, rule: s.rule.name })) };
}

/** Proficiencies from performance data for the skills a performance rule matches; each says why (rule, column, value). */
function withPerformance(agent: Combined, rules: Rules, value: (column: string) => string, problem: (code: string, message: string) => void): GeneratedAgent {
  // One outcome per performance rule and row: a bad value is reported once, naming every skill it decides.
  const outcomes = new Map<number, { outcome: ReturnType<typeof evaluatePerformance>; skills: string[] }>();
  const skills = agent.skills.map(({ rule, ...s }) => {
    const performance = performanceFor(rules.performance, s.name);
    if (performance === undefined) return s;
    const entry = outcomes.get(performance.index) ?? { outcome: evaluatePerformance(performance, value(performance.column)), skills: [] };
    outcomes.set(performance.index, entry);
    entry.skills.push(s.name);
    const { outcome } = entry;
    if ('problem' in outcome) return s;
    return { ...s, value: { ...s.value, proficiency: outcome.proficiency }, why: `${rule}, ${outcome.why}` };
  });
  for (const { outcome, skills: names } of outcomes.values()) {
    if ('problem' in outcome) problem(outcome.problem.code, `agent "${agent.key}": ${outcome.problem.message} (for ${names.map((n) => JSON.stringify(n)).join(', ')})`);
  }
  return { ...agent, skills };
}

function placeholders(rule: Rule): string[] {
  const out: string[] = [];
  for (const text of [...rule.profiles, ...rule.skills.map((s) => s.name)]) for (const m of text.matchAll(PLACEHOLDER)) out.push(m[1]!);
  return out;
}

function show(v: AssignmentValue): string {
  return v.active ? `proficiency ${v.proficiency}` : `proficiency ${v.proficiency}, active false`;
}
