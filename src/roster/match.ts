/** Applying the rules to the roster: each row becomes one agent (profiles and skills), or a diagnostic naming its line. */
import type { Diagnostic } from '../model/diagnostics.js';
import type { AssignmentValue } from '../model/types.js';
import type { CsvTable } from './csv.js';
import type { Rule, Rules } from './rules.js';

export interface GeneratedAgent {
  key: string;
  /** Roster line of the row. */
  line: number;
  profiles: string[];
  skills: Array<{ name: string; value: AssignmentValue }>;
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
    if (agent) agents.push(agent);
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

function combine(key: string, line: number, rules: readonly Rule[], value: (column: string) => string, conflict: (message: string) => void): GeneratedAgent | undefined {
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
  return { key, line, profiles, skills: [...skills].map(([name, s]) => ({ name, value: s.value })) };
}

function placeholders(rule: Rule): string[] {
  const out: string[] = [];
  for (const text of [...rule.profiles, ...rule.skills.map((s) => s.name)]) for (const m of text.matchAll(PLACEHOLDER)) out.push(m[1]!);
  return out;
}

function show(v: AssignmentValue): string {
  return v.active ? `proficiency ${v.proficiency}` : `proficiency ${v.proficiency}, active false`;
}
