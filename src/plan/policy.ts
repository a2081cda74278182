/**
 * Skill policy (cxskills.yaml `policy`): checks a desired result against its rules, findings as
 * diagnostics. Pure: model and plan types in, diagnostics out. A finding points at the declaration
 * that breaks the rule; when the live tenant breaks it (an unmanaged agent, too few active agents),
 * at the rule in cxskills.yaml.
 */
import type { Diagnostic } from '../model/diagnostics.js';
import { compileSkillScope } from '../model/glob.js';
import { POLICY_CODES, type PolicyRule } from '../model/policy.js';
import { showName } from '../model/show.js';
import { suggest } from '../model/suggest.js';
import type { AssignmentValue, DesiredState, LiveState, SourceLocation } from '../model/types.js';
import { withChanges } from './document.js';
import { resolveDesired, type ResolvedState } from './resolve.js';
import type { Plan } from './types.js';

/** One skill an agent holds in the result, and (for a declared one) where it is declared. */
interface Holding {
  skill: string;
  value: AssignmentValue;
  source?: SourceLocation;
  /** The profile the skill comes from (its declaration is then in the profile), when not set on the agent. */
  via?: string;
}

/** One agent of the result: managed (declared skills) or unmanaged (live skills, only when the tenant is known). */
interface Holder {
  name: string;
  managed: boolean;
  active: boolean;
  /** The agent's declaration, for findings about the whole agent. */
  source?: SourceLocation;
  /** The agent key as written, for `/agents/KEY/skills/NAME` paths. */
  key?: string;
  holdings: Holding[];
}

/** The result a policy judges: every agent's in-scope skills, and (when the tenant is known) which skills exist and are active. */
interface World {
  holders: Holder[];
  skills?: Array<{ name: string; active: boolean }>;
}

export interface PolicyInput {
  rules: readonly PolicyRule[];
  live: LiveState;
  scope: { skills: readonly string[] };
  /** The whole desired state resolved against the tenant (not a narrowed slice: a rule is about the state, not one run). */
  resolved: Pick<ResolvedState, 'managedAgentIds' | 'desired' | 'declarations'>;
}

/** Plan-time check: the desired skills of managed agents, plus the live in-scope skills of every other agent. */
export function checkPolicy(input: PolicyInput): Diagnostic[] {
  if (input.rules.length === 0) return [];
  const world = worldOf(input);
  return inFileOrder([...unmatched(input.rules, world), ...evaluate(input.rules, world)]);
}

/** A rule whose globs match no in-scope skill checks nothing: a compliance rule must not be silently idle. */
function unmatched(rules: readonly PolicyRule[], world: World): Diagnostic[] {
  const names = (world.skills ?? []).map((s) => s.name);
  return rules
    .filter((rule) => !names.some(compileSkillScope(rule.skills)))
    .map((rule) => {
      const suggestions = rule.skills.flatMap((pattern) => suggest(pattern, names));
      return {
        severity: 'warning' as const,
        code: POLICY_CODES.RULE_UNMATCHED,
        message: `${ruleName(rule)} is about ${patterns(rule.skills)}, which matches no in-scope skill of the tenant, so it checks nothing (is the skill outside scope.skills, or the pattern mistyped?).`,
        file: rule.source.file,
        line: rule.source.line,
        col: rule.source.col,
        path: `/policy/${rule.index}/skills`,
        ...(suggestions.length > 0 ? { suggestions: [...new Set(suggestions)] } : {}),
      };
    });
}

/**
 * A saved plan at apply time: its policy findings made again from the committed state and policy and
 * what is live now (unmanaged agents' skills are outside the plan's checksum, and the rules may have
 * changed since the plan was made).
 */
export function recheckPolicy(plan: Plan, desired: DesiredState, live: LiveState): Plan {
  // What the plan will write counts, not only what the state says: the committed state with the plan's changes made.
  const resolved = resolveDesired(desired, live);
  const written = { ...resolved, desired: withChanges(resolved.desired, plan.changes) };
  const fresh = checkPolicy({ rules: desired.policy ?? [], live, scope: desired.scope, resolved: written });
  const others = plan.diagnostics.filter((d) => !d.code.startsWith('POLICY_'));
  return { ...plan, diagnostics: [...others, ...fresh] };
}

/** The policy errors among a plan's diagnostics: the gate refuses every action while there are any. */
export function policyErrors(plan: Pick<Plan, 'diagnostics'>): Diagnostic[] {
  return plan.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('POLICY_'));
}

/**
 * Offline check (validate): the declared skills of declared agents, by name as written. Rules about
 * the tenant (minActiveAgents) and agents not declared are left to plan.
 */
export function checkPolicyOffline(desired: Pick<DesiredState, 'policy' | 'agents'>): Diagnostic[] {
  const rules = desired.policy ?? [];
  if (rules.length === 0) return [];
  const holders = desired.agents.map(
    (agent): Holder => ({
      name: agent.key,
      key: agent.key,
      managed: true,
      active: true,
      source: agent.source,
      holdings: [...agent.skills].map(([skill, s]) => ({ skill, value: { proficiency: s.proficiency, active: s.active }, source: s.source, via: s.via })),
    }),
  );
  return evaluate(rules, { holders });
}

function worldOf({ live, scope, resolved }: PolicyInput): World {
  const inScope = compileSkillScope([...scope.skills]);
  const skillName = new Map(live.skills.filter((s) => inScope(s.skillName)).map((s) => [s.skillId, s.skillName]));
  const agents = new Map(live.agents.map((a) => [a.agentId, a]));
  const managed = new Set(resolved.managedAgentIds);
  const holders: Holder[] = [];
  for (const agentId of resolved.managedAgentIds) {
    const declaration = resolved.declarations.get(agentId);
    const holdings: Holding[] = [];
    for (const [skillId, value] of Object.entries(resolved.desired[String(agentId)] ?? {})) {
      const skill = skillName.get(Number(skillId));
      if (skill === undefined) continue;
      const declared = declaration?.skills.get(skill);
      holdings.push({ skill, value, ...(declared ? { source: declared.source, via: declared.via } : {}) });
    }
    const agent = agents.get(agentId);
    holders.push({
      name: declaration?.key ?? agent?.userName ?? String(agentId),
      managed: true,
      active: agent?.isActive ?? true,
      ...(declaration ? { source: declaration.source, key: declaration.key } : {}),
      holdings,
    });
  }
  const unmanaged = new Map<number, Holding[]>();
  for (const a of live.assignments) {
    const skill = skillName.get(a.skillId);
    if (managed.has(a.agentId) || skill === undefined) continue;
    const list = unmanaged.get(a.agentId) ?? [];
    list.push({ skill, value: { proficiency: a.proficiency, active: a.active } });
    unmanaged.set(a.agentId, list);
  }
  for (const [agentId, holdings] of unmanaged) {
    const agent = agents.get(agentId);
    holders.push({ name: agent?.userName ?? String(agentId), managed: false, active: agent?.isActive ?? true, holdings });
  }
  const skills = live.skills.filter((s) => inScope(s.skillName)).map((s) => ({ name: s.skillName, active: s.isActive }));
  return { holders, skills };
}

function evaluate(rules: readonly PolicyRule[], world: World): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    // Globs compiled once per rule: a tenant has many agents, a policy few rules.
    const about = compileSkillScope(rule.skills);
    const requires = rule.requires?.map((pattern) => ({ pattern, match: compileSkillScope([pattern]) }));
    const excluded = rule.excludes ? compileSkillScope(rule.excludes) : undefined;
    for (const holder of world.holders) {
      const subject = holder.holdings.filter((h) => about(h.skill));
      if (subject.length === 0) continue;
      if (rule.proficiencies) out.push(...checkProficiencies(rule, rule.proficiencies, holder, subject));
      if (requires) out.push(...checkRequires(rule, requires, holder, subject));
      if (rule.excludes && excluded) out.push(...checkExcludes(rule, rule.excludes, excluded, holder, subject));
      if (rule.maxSkillsPerAgent !== undefined && subject.length > rule.maxSkillsPerAgent) out.push(tooMany(rule, rule.maxSkillsPerAgent, holder, subject));
    }
    if (rule.minActiveAgents !== undefined && world.skills) out.push(...checkMinAgents(rule, rule.minActiveAgents, world, about));
  }
  return inFileOrder(out);
}

/** In file order, as every other list of diagnostics is shown (stable: rule order within one place). */
function inFileOrder(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) => compareText(a.d.file ?? '', b.d.file ?? '') || (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.col ?? 0) - (b.d.col ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkProficiencies(rule: PolicyRule, allowed: number[], holder: Holder, subject: Holding[]): Diagnostic[] {
  return subject
    .filter((h) => !allowed.includes(h.value.proficiency))
    .map((h) =>
      finding(rule, POLICY_CODES.PROFICIENCY, holder, h, `${who(holder)} ${has(holder)} ${showName(h.skill)} at proficiency ${h.value.proficiency}; ${ruleName(rule)} allows only ${showAllowed(allowed)} for ${patterns(rule.skills)}`),
    );
}

function checkRequires(rule: PolicyRule, requires: Array<{ pattern: string; match: (skill: string) => boolean }>, holder: Holder, subject: Holding[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const h of subject) {
    const missing = requires.filter(({ match }) => !holder.holdings.some((other) => other.skill !== h.skill && match(other.skill))).map(({ pattern }) => pattern);
    if (missing.length === 0) continue;
    out.push(finding(rule, POLICY_CODES.REQUIRES, holder, h, `${who(holder)} ${has(holder)} ${showName(h.skill)} but no skill matching ${patterns(missing)}; ${ruleName(rule)} requires it with ${patterns(rule.skills)}`));
  }
  return out;
}

function checkExcludes(rule: PolicyRule, excludes: string[], excluded: (skill: string) => boolean, holder: Holder, subject: Holding[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const h of subject) {
    const clashes = holder.holdings.filter((other) => other.skill !== h.skill && excluded(other.skill)).map((other) => showName(other.skill));
    if (clashes.length === 0) continue;
    out.push(finding(rule, POLICY_CODES.EXCLUDES, holder, h, `${who(holder)} ${has(holder)} ${showName(h.skill)} together with ${clashes.join(', ')}; ${ruleName(rule)} keeps ${patterns(rule.skills)} and ${patterns(excludes)} apart`));
  }
  return out;
}

function tooMany(rule: PolicyRule, max: number, holder: Holder, subject: Holding[]): Diagnostic {
  const names = subject.map((h) => showName(h.skill)).sort();
  const message = `${who(holder)} ${has(holder)} ${subject.length} skills matching ${patterns(rule.skills)} (${names.join(', ')}); ${ruleName(rule)} allows at most ${max}`;
  return finding(rule, POLICY_CODES.MAX_SKILLS, holder, undefined, message);
}

function checkMinAgents(rule: PolicyRule, min: number, world: World, about: (skill: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Who has each matching skill switched on, in one pass over the result.
  const holdersOf = new Map<string, string[]>();
  for (const holder of world.holders) {
    if (!holder.active) continue;
    for (const h of holder.holdings) {
      if (!h.value.active || !about(h.skill)) continue;
      const list = holdersOf.get(h.skill) ?? [];
      list.push(holder.name);
      holdersOf.set(h.skill, list);
    }
  }
  for (const skill of world.skills ?? []) {
    if (!skill.active || !about(skill.name)) continue;
    const agents = holdersOf.get(skill.name) ?? [];
    if (agents.length >= min) continue;
    const listed = agents.length === 0 ? 'none' : agents.length <= 5 ? agents.sort().join(', ') : `${agents.sort().slice(0, 5).join(', ')}, …`;
    const message = `after this plan ${showName(skill.name)} has ${agents.length} active ${agents.length === 1 ? 'agent' : 'agents'} with it switched on (${listed}); ${ruleName(rule)} requires at least ${min}`;
    out.push(at(rule, POLICY_CODES.MIN_AGENTS, rule.source, message, `/policy/${rule.index}`));
  }
  return out;
}

/** A finding about `holder` (and one of its skills): at the declaration, or at the rule when there is none (the live tenant). */
function finding(rule: PolicyRule, code: string, holder: Holder, holding: Holding | undefined, message: string): Diagnostic {
  const declared = holding ? holding.source : holder.source;
  if (declared === undefined) return at(rule, code, rule.source, message, `/policy/${rule.index}`);
  const path = holder.key === undefined ? undefined : holding ? `/agents/${holder.key}/skills/${holding.skill}` : `/agents/${holder.key}`;
  // A skill from a profile is declared in the profile: say so, or the line would seem to be about another agent.
  const through = holding?.via !== undefined && holding.via !== 'agent' ? `, from profile ${showName(holding.via)}` : '';
  return at(rule, code, declared, `${message} (${placeText(rule.source)}${through})`, path);
}

function at(rule: PolicyRule, code: string, place: SourceLocation, message: string, path: string | undefined): Diagnostic {
  return { severity: rule.severity, code, message: `${message}.`, file: place.file, line: place.line, col: place.col, ...(path === undefined ? {} : { path }) };
}

function who(holder: Holder): string {
  return holder.managed ? showName(holder.name) : `agent ${showName(holder.name)} (not managed by skills-state)`;
}

function has(holder: Holder): string {
  return holder.managed ? 'has' : 'has in the tenant';
}

function ruleName(rule: PolicyRule): string {
  return `policy rule ${rule.index + 1}${rule.name === undefined ? '' : ` (${showName(rule.name)})`}`;
}

function patterns(list: readonly string[]): string {
  return list.map((p) => showName(p)).join(' or ');
}

/** The rule's place as `cxskills.yaml:8:5`: the settings file is always that name in the state directory, and plan stays free of the working directory. */
function placeText(place: SourceLocation): string {
  const base = place.file.slice(Math.max(place.file.lastIndexOf('/'), place.file.lastIndexOf('\\')) + 1);
  return `rule at ${base}:${place.line}:${place.col}`;
}

/** `1, 5`, or `1..5` for a run of three or more. */
function showAllowed(allowed: readonly number[]): string {
  const first = allowed[0];
  const last = allowed[allowed.length - 1];
  if (first !== undefined && last !== undefined && allowed.length >= 3 && last - first === allowed.length - 1) return `${first}..${last}`;
  return allowed.join(', ');
}
