/**
 * Time windows of skills: what a declared skill says at an instant, through the profiles that give it.
 * Pure: instants are numbers (ms since the epoch) passed in, never read from a clock.
 */
import type { AssignmentValue, DesiredAgent, DesiredSkill, DesiredState, Outside, ScheduleNode, SourceLocation, TimeWindow } from './types.js';

export type { TimeWindow, Outside, OwnSetting, Membership, ScheduleNode } from './types.js';

export const DEFAULT_OUTSIDE: Outside = 'remove';

export interface Said {
  value: AssignmentValue;
  source: SourceLocation;
  via: string;
  /** Where the window that decides this opinion was written (a skill's key, or a membership); absent when none does. */
  windowSource?: SourceLocation;
}

export function inWindow(window: TimeWindow | undefined, t: number): boolean {
  return window === undefined || ((window.from === undefined || t >= window.from) && (window.until === undefined || t < window.until));
}

const same = (a: AssignmentValue, b: AssignmentValue) => a.proficiency === b.proficiency && a.active === b.active;

/** What the node says at `t`: every opinion that holds then (more than one only where included profiles disagree). */
export function opinionsAt(node: ScheduleNode, t: number): Said[] {
  const own = node.own;
  if (own !== undefined) {
    const windowSource = own.window ? { windowSource: own.source } : {};
    if (inWindow(own.window, t)) return [{ value: own.value, source: own.source, via: own.via, ...windowSource }];
    if (own.outside === 'inactive') return [{ value: { ...own.value, active: false }, source: own.source, via: own.via, ...windowSource }];
  }
  const out: Said[] = [];
  for (const m of node.inherited) {
    const inside = inWindow(m.window, t);
    if (!inside && m.outside !== 'inactive') continue;
    for (const said of opinionsAt(m.node, t)) {
      const value = inside ? said.value : { ...said.value, active: false };
      const windowSource = m.window ? { windowSource: m.source } : {};
      if (!out.some((o) => same(o.value, value))) out.push({ ...said, value, ...windowSource });
    }
  }
  return out;
}

/** The value at `t`, or undefined when the assignment is not desired then. */
export function valueAt(node: ScheduleNode, t: number): Said | undefined {
  return opinionsAt(node, t)[0];
}

/** Every instant at which some window of the node opens or closes, ascending, without repeats. */
export function boundaries(node: ScheduleNode, into: Set<number> = new Set()): number[] {
  const add = (w?: TimeWindow) => {
    if (w?.from !== undefined) into.add(w.from);
    if (w?.until !== undefined) into.add(w.until);
  };
  add(node.own?.window);
  for (const m of node.inherited) {
    add(m.window);
    boundaries(m.node, into);
  }
  return [...into].sort((a, b) => a - b);
}

/** Whether any window lies in the tree (an all-open tree is a plain, always-desired skill). */
export function hasWindow(node: ScheduleNode): boolean {
  return node.own?.window !== undefined || node.inherited.some((m) => m.window !== undefined || hasWindow(m.node));
}

/** The first instant from which the nodes' opinions disagree (a window overlap with different values), or undefined. */
export function firstDisagreement(node: ScheduleNode): number | undefined {
  for (const t of [Number.MIN_SAFE_INTEGER, ...boundaries(node)]) if (opinionsAt(node, t).length > 1) return t;
  return undefined;
}

/** The state at instant `t`: windowed skills evaluated (kept with their value then, or left out), every other skill as it is. */
export function desiredAt(state: DesiredState, t: number): DesiredState {
  if (!state.agents.some((a) => [...a.skills.values()].some((s) => s.schedule !== undefined))) return state;
  return { ...state, agents: state.agents.map((a) => agentAt(a, t)) };
}

function agentAt(agent: DesiredAgent, t: number): DesiredAgent {
  if (![...agent.skills.values()].some((s) => s.schedule !== undefined)) return agent;
  const skills = new Map<string, DesiredSkill>();
  for (const [name, skill] of agent.skills) {
    if (skill.schedule === undefined) {
      skills.set(name, skill);
      continue;
    }
    const said = valueAt(skill.schedule, t);
    if (said !== undefined) skills.set(name, { ...said.value, source: said.source, via: said.via });
  }
  return { ...agent, skills };
}

/** One change of a pair's desired value at a window boundary. */
export interface WindowTransition {
  at: number;
  agentKey: string;
  skillName: string;
  kind: 'add' | 'update' | 'remove';
  before?: AssignmentValue;
  after?: AssignmentValue;
  /** Where the window that opens or closes was declared. */
  source: SourceLocation;
}

/** The transitions of one skill of an agent in `(from, to]` (both ends instants; `to` may be Infinity). */
export function skillTransitions(agentKey: string, skillName: string, node: ScheduleNode, from: number, to: number): WindowTransition[] {
  const out: WindowTransition[] = [];
  for (const b of boundaries(node)) {
    if (b <= from || b > to) continue;
    const before = valueAt(node, b - 1);
    const after = valueAt(node, b);
    if (before === undefined && after === undefined) continue;
    if (before !== undefined && after !== undefined && same(before.value, after.value)) continue;
    const kind = before === undefined ? 'add' : after === undefined ? 'remove' : 'update';
    out.push({
      at: b,
      agentKey,
      skillName,
      kind,
      ...(before ? { before: before.value } : {}),
      ...(after ? { after: after.value } : {}),
      source: after?.windowSource ?? before?.windowSource ?? (after ?? before)!.source,
    });
  }
  return out;
}

/** Every transition of the state in `(from, to]`, by time, then agent key and skill name. */
export function transitionsBetween(state: DesiredState, from: number, to: number): WindowTransition[] {
  const out: WindowTransition[] = [];
  for (const agent of state.agents) {
    for (const [name, skill] of agent.skills) if (skill.schedule !== undefined) out.push(...skillTransitions(agent.key, name, skill.schedule, from, to));
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((x, y) => x.at - y.at || cmp(x.agentKey, y.agentKey) || cmp(x.skillName, y.skillName));
}

/** The most recent transition of a pair at or before `t`, with the value the pair had just before it. */
export function lastTransition(node: ScheduleNode, t: number): { at: number; before: AssignmentValue | undefined } | undefined {
  const past = boundaries(node).filter((b) => b <= t);
  for (let i = past.length - 1; i >= 0; i--) {
    const b = past[i]!;
    const before = valueAt(node, b - 1);
    const after = valueAt(node, b);
    if ((before === undefined) !== (after === undefined) || (before && after && !same(before.value, after.value))) return { at: b, before: before?.value };
  }
  return undefined;
}

/** A stretch of time over which a pair keeps one value: `from` absent when it began before any window, `until` when it never ends. */
export interface Segment {
  from?: number;
  until?: number;
  value: AssignmentValue;
}

/** The stretches with a value from the one holding at `t` on (export's `from`/`until` columns), adjacent equal ones merged. */
export function segmentsFrom(node: ScheduleNode, t: number): Segment[] {
  const all = boundaries(node);
  const starts = [Number.MIN_SAFE_INTEGER, ...all];
  const out: Segment[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = starts[i + 1];
    if (end !== undefined && end <= t) continue;
    const said = valueAt(node, start);
    const last = out[out.length - 1];
    if (said === undefined) continue;
    if (last !== undefined && last.until === start && same(last.value, said.value)) {
      if (end === undefined) delete last.until;
      else last.until = end;
      continue;
    }
    out.push({ ...(start === Number.MIN_SAFE_INTEGER ? {} : { from: start }), ...(end === undefined ? {} : { until: end }), value: said.value });
  }
  return out;
}
