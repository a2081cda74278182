/**
 * Proficiency from performance data (`performance:` of the generate rules file): a numeric roster column
 * (CSAT, handle time, resolution rate, …) mapped to a proficiency by thresholds, for the generated skills
 * matching a glob, with a default when the value is missing. Each value set says why, for the comment
 * beside the generated entry.
 *
 *   performance:
 *     - name: billing by CSAT
 *       skills: "Billing *"          # the generated skills it sets (a glob, or a list)
 *       column: csat
 *       range: [0, 5]                # optional: a value outside is an error
 *       thresholds:                  # the first that holds wins
 *         - { atLeast: 4.5, proficiency: 2 }
 *         - { atLeast: 4.0, proficiency: 4 }
 *       otherwise: 10                # optional: when no threshold holds (else an error)
 *       default: 8                   # when the cell is empty
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { compileSkillScope, globProblem } from '../model/glob.js';
import { PROFICIENCY_MAX, PROFICIENCY_MIN } from '../model/types.js';

export interface Threshold {
  /** `atLeast`: the value is at least `bound` (higher is better); `atMost`: at most (lower is better, e.g. handle time). */
  kind: 'atLeast' | 'atMost';
  bound: number;
  proficiency: number;
}

export interface PerformanceRule {
  index: number;
  /** `performance 1`, or `performance 1 (billing by CSAT)`. */
  name: string;
  skills: string[];
  /** Roster column, lower case. */
  column: string;
  /** The column as written in the rules file, for messages. */
  columnLabel: string;
  range?: [number, number];
  thresholds: Threshold[];
  otherwise?: number;
  default: number;
  line: number;
}

type ErrorFn = (message: string, node: Node | null | undefined, path: string) => void;

const KEYS = new Set(['name', 'skills', 'column', 'range', 'thresholds', 'otherwise', 'default']);

function isProficiency(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= PROFICIENCY_MIN && value <= PROFICIENCY_MAX;
}

const PROFICIENCY_RULE = `an integer from ${PROFICIENCY_MIN} (best) to ${PROFICIENCY_MAX}`;

/** The `performance` list of the rules file; problems reported through `error` (RULES_INVALID at file:line:col). */
export function readPerformance(node: Node | null, error: ErrorFn, lineOf: (n: Node | null | undefined) => number): PerformanceRule[] {
  if (!isSeq(node)) {
    error('"performance" must be a list of performance rules (skills, column, thresholds, default)', node, '/performance');
    return [];
  }
  return node.items.flatMap((item, index) => {
    const rule = readOne(item as Node, index, error, lineOf);
    return rule === undefined ? [] : [rule];
  });
}

function readOne(node: Node, index: number, error: ErrorFn, lineOf: (n: Node | null | undefined) => number): PerformanceRule | undefined {
  const path = `/performance/${index}`;
  if (!isMap(node)) {
    error('a performance rule must be a mapping (skills, column, thresholds, default, and optionally name, range, otherwise)', node, path);
    return undefined;
  }
  const value = (key: string) => node.get(key, true) as Node | undefined;
  let ok = true;
  const fail: ErrorFn = (message, at, where) => {
    ok = false;
    error(message, at, where);
  };
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.has(key)) fail(`unknown key "${key}" in a performance rule; allowed: ${[...KEYS].join(', ')}`, pair.key as Node, `${path}/${key}`);
  }
  for (const key of ['skills', 'column', 'thresholds', 'default']) {
    if (value(key) === undefined) fail(`a performance rule needs "${key}"`, node, path);
  }
  const nameNode = value('name');
  const name = isScalar(nameNode) ? `performance ${index + 1} (${String(nameNode.value)})` : `performance ${index + 1}`;
  const skills = patterns(value('skills'), fail, `${path}/skills`);
  const columnNode = value('column');
  const column = isScalar(columnNode) && typeof columnNode.value === 'string' && columnNode.value.trim() !== '' ? columnNode.value.trim() : undefined;
  if (columnNode !== undefined && column === undefined) fail('column must name a roster column', columnNode, `${path}/column`);
  const range = readRange(value('range'), fail, `${path}/range`);
  const thresholds = readThresholds(value('thresholds'), fail, `${path}/thresholds`);
  const proficiencyAt = (key: 'otherwise' | 'default'): number | undefined => {
    const n = value(key);
    if (n === undefined) return undefined;
    if (isScalar(n) && isProficiency(n.value)) return n.value;
    fail(`${key} must be a proficiency, ${PROFICIENCY_RULE}`, n, `${path}/${key}`);
    return undefined;
  };
  const otherwise = proficiencyAt('otherwise');
  const fallback = proficiencyAt('default');
  if (!ok || column === undefined || fallback === undefined) return undefined;
  return {
    index,
    name,
    skills,
    column: column.toLowerCase(),
    columnLabel: column,
    ...(range ? { range } : {}),
    thresholds,
    ...(otherwise === undefined ? {} : { otherwise }),
    default: fallback,
    line: lineOf(node),
  };
}

function patterns(node: Node | undefined, error: ErrorFn, path: string): string[] {
  if (node === undefined) return [];
  const items = isSeq(node) ? node.items : [node];
  const out: string[] = [];
  items.forEach((item, i) => {
    const at = isSeq(node) ? `${path}/${i}` : path;
    const text = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    const problem = text === undefined || text === '' ? 'skills must be a skill name pattern or a list of them' : globProblem(text);
    if (problem !== undefined) error(problem, item as Node, at);
    else out.push(text!);
  });
  if (items.length === 0) error('skills must not be empty', node, path);
  return out;
}

function readRange(node: Node | undefined, error: ErrorFn, path: string): [number, number] | undefined {
  if (node === undefined) return undefined;
  const [low, high] = isSeq(node) && node.items.length === 2 ? node.items.map((i) => (isScalar(i) ? i.value : undefined)) : [];
  if (typeof low === 'number' && typeof high === 'number' && Number.isFinite(low) && Number.isFinite(high) && low <= high) return [low, high];
  error('range must be [LOW, HIGH], two numbers with LOW at most HIGH (e.g. [0, 5] for CSAT)', node, path);
  return undefined;
}

function readThresholds(node: Node | undefined, error: ErrorFn, path: string): Threshold[] {
  if (node === undefined) return [];
  if (!isSeq(node) || node.items.length === 0) {
    error('thresholds must be a non-empty list of { atLeast: N, proficiency: P } or { atMost: N, proficiency: P }', node, path);
    return [];
  }
  const out: Threshold[] = [];
  node.items.forEach((item, i) => {
    const at = `${path}/${i}`;
    const shape = 'a threshold is { atLeast: N, proficiency: P } (higher is better) or { atMost: N, proficiency: P } (lower is better)';
    if (!isMap(item)) return error(shape, item as Node, at);
    const keys = item.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
    const kinds = keys.filter((k): k is Threshold['kind'] => k === 'atLeast' || k === 'atMost');
    const bound = kinds.length === 1 ? item.get(kinds[0]!) : undefined;
    const proficiency = item.get('proficiency');
    if (kinds.length !== 1 || keys.length !== 2 || typeof bound !== 'number' || !Number.isFinite(bound)) return error(shape, item, at);
    if (!isProficiency(proficiency)) return error(`proficiency must be ${PROFICIENCY_RULE}`, (item.get('proficiency', true) as Node | undefined) ?? item, `${at}/proficiency`);
    out.push({ kind: kinds[0]!, bound, proficiency });
  });
  return out;
}

/** What a performance rule made of one row's value: the proficiency, and why (for the comment), or a problem naming the value. */
export type Outcome = { proficiency: number; why: string } | { problem: { code: string; message: string } };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)\s*%?$/;

/** The proficiency `rule` gives a row whose cell in its column is `cell` (trimmed). */
export function evaluatePerformance(rule: PerformanceRule, cell: string): Outcome {
  const label = rule.columnLabel;
  if (cell === '') return { proficiency: rule.default, why: `${rule.name}: ${label} empty → default ${rule.default}` };
  if (!NUMBER.test(cell)) {
    const comma = /^[+-]?\d+,\d+$/.test(cell) ? ` (write ${cell.replace(',', '.')} with a decimal point)` : '';
    return { problem: { code: 'ROSTER_VALUE_NOT_NUMBER', message: `${label} is ${JSON.stringify(cell)}, not a number${comma}; ${rule.name} needs a number or an empty cell (default ${rule.default})` } };
  }
  const value = Number(cell.replace('%', '').trim());
  if (rule.range && (value < rule.range[0] || value > rule.range[1])) {
    return { problem: { code: 'ROSTER_VALUE_OUT_OF_RANGE', message: `${label} is ${cell}, outside the range ${rule.range[0]}..${rule.range[1]} of ${rule.name}` } };
  }
  for (const t of rule.thresholds) {
    const holds = t.kind === 'atLeast' ? value >= t.bound : value <= t.bound;
    if (holds) return { proficiency: t.proficiency, why: `${rule.name}: ${label} ${cell} ${t.kind === 'atLeast' ? '≥' : '≤'} ${t.bound} → ${t.proficiency}` };
  }
  if (rule.otherwise !== undefined) return { proficiency: rule.otherwise, why: `${rule.name}: ${label} ${cell} meets no threshold → otherwise ${rule.otherwise}` };
  return { problem: { code: 'ROSTER_NO_THRESHOLD', message: `${label} is ${cell}, which meets no threshold of ${rule.name}, and it has no "otherwise"` } };
}

/** The first performance rule whose skills match `skill`, if any. */
export function performanceFor(rules: readonly PerformanceRule[], skill: string): PerformanceRule | undefined {
  return rules.find((rule) => compileSkillScope(rule.skills)(skill));
}
