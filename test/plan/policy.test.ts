import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import type { PolicyRule } from '../../src/model/policy.js';
import type { DesiredState, LiveState } from '../../src/model/types.js';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { checkPolicyOffline, policyErrors, recheckPolicy } from '../../src/plan/policy.js';
import { gate } from '../../src/plan/gate.js';
import { renderJsonView, renderMarkdown, renderText } from '../../src/render/index.js';
import { agent, desired, live, skill } from '../helpers/state.js';
import { expectGolden } from '../render/golden.js';

const RULE_FILE = 'skills-state/cxskills.yaml';
const skills = [skill(101, 'PCI Payments'), skill(102, 'PCI Refunds'), skill(103, 'Tier 1 Billing'), skill(104, 'Tier 2 Billing'), skill(105, 'Sales EN'), skill(106, 'Collections EN'), skill(107, 'Legacy', { isActive: false })];
const agents = [agent(1001, 'ann'), agent(1002, 'bob'), agent(1003, 'cy'), agent(1004, 'dee', { isActive: false })];

function rule(index: number, fields: Omit<PolicyRule, 'index' | 'severity' | 'source'> & { severity?: PolicyRule['severity'] }): PolicyRule {
  return { index, severity: 'error', source: { file: RULE_FILE, line: 5 + index * 3, col: 5 }, ...fields };
}

function withPolicy(d: DesiredState, ...rules: PolicyRule[]): DesiredState {
  return { ...d, policy: rules };
}

function plan(d: DesiredState, l: LiveState): Plan {
  const result = buildPlan({ desired: d, live: l, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test' });
  if (!result.plan) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.plan;
}

const shown = (p: Plan) => p.diagnostics.map(formatDiagnostic);

describe('policy findings in a plan', () => {
  const empty = live(agents, skills, []);

  it('reports a proficiency the rule does not allow at the declaration of that skill, naming the rule and its place', () => {
    const d = desired({ ann: { 'PCI Payments': 3, 'PCI Refunds': 5 } });
    const p = plan(withPolicy(d, rule(0, { name: 'PCI levels', skills: ['PCI *'], proficiencies: [1, 5] })), empty);
    expect(shown(p)).toEqual([
      'skills-state/agents.yaml:2:5: error POLICY_PROFICIENCY: "ann" has "PCI Payments" at proficiency 3; policy rule 1 ("PCI levels") allows only 1, 5 for "PCI *" (rule at cxskills.yaml:5:5). at /agents/ann/skills/PCI Payments',
    ]);
    expect(policyErrors(p)).toHaveLength(1);
  });

  it('words a range of allowed proficiencies as LOW..HIGH', () => {
    const p = plan(withPolicy(desired({ ann: { 'PCI Payments': 9 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 2, 3, 4, 5] })), empty);
    expect(p.diagnostics[0]?.message).toContain('allows only 1..5 for "PCI *"');
  });

  it('reports a skill held without the skill it requires, and is satisfied by any skill matching the pattern', () => {
    const r = rule(1, { skills: ['Tier 2 *'], requires: ['Tier 1 *'] });
    const missing = plan(withPolicy(desired({ ann: { 'Tier 2 Billing': 4 } }), r), empty);
    expect(missing.diagnostics.map((x) => `${x.code} ${x.line}:${x.col} ${x.path}`)).toEqual(['POLICY_REQUIRES 2:5 /agents/ann/skills/Tier 2 Billing']);
    expect(missing.diagnostics[0]?.message).toBe('"ann" has "Tier 2 Billing" but no skill matching "Tier 1 *"; policy rule 2 requires it with "Tier 2 *" (rule at cxskills.yaml:8:5).');
    // Switched off still counts as held: the assignment is there.
    expect(plan(withPolicy(desired({ ann: { 'Tier 2 Billing': 4, 'Tier 1 Billing': [2, false] } }), r), empty).diagnostics).toEqual([]);
  });

  it('does not let a skill satisfy its own requirement', () => {
    const p = plan(withPolicy(desired({ ann: { 'Tier 2 Billing': 4 } }), rule(0, { skills: ['Tier *'], requires: ['Tier *'] })), empty);
    expect(p.diagnostics.map((x) => x.code)).toEqual(['POLICY_REQUIRES']);
  });

  it('reports two skills the rule keeps apart, at the skill the rule is about', () => {
    const p = plan(withPolicy(desired({ bob: { 'Collections EN': 3, 'Sales EN': 2 } }), rule(2, { skills: ['Sales *'], excludes: ['Collections *'] })), empty);
    expect(shown(p)).toEqual([
      'skills-state/agents.yaml:3:5: error POLICY_EXCLUDES: "bob" has "Sales EN" together with "Collections EN"; policy rule 3 keeps "Sales *" and "Collections *" apart (rule at cxskills.yaml:11:5). at /agents/bob/skills/Sales EN',
    ]);
  });

  it('reports more matching skills than allowed at the agent, listing them', () => {
    const p = plan(withPolicy(desired({ cy: { 'PCI Payments': 1, 'PCI Refunds': 1, 'Sales EN': 1 } }), rule(0, { skills: ['PCI *', 'Sales *'], maxSkillsPerAgent: 2 })), empty);
    expect(shown(p)).toEqual([
      'skills-state/agents.yaml:1:3: error POLICY_MAX_SKILLS: "cy" has 3 skills matching "PCI *" or "Sales *" ("PCI Payments", "PCI Refunds", "Sales EN"); policy rule 1 allows at most 2 (rule at cxskills.yaml:5:5). at /agents/cy',
    ]);
    expect(plan(withPolicy(desired({ cy: { 'PCI Payments': 1, 'Sales EN': 1 } }), rule(0, { skills: ['PCI *', 'Sales *'], maxSkillsPerAgent: 2 })), empty).diagnostics).toEqual([]);
  });

  it('counts active agents per active skill after the plan, unmanaged agents included, at the rule', () => {
    // bob (unmanaged) keeps Sales EN; ann's is switched off by the plan; dee is an inactive agent; Legacy is an inactive skill.
    const l = live(agents, skills, [
      [1001, 105, 2],
      [1002, 105, 4],
      [1004, 105, 1],
    ]);
    const d = desired({ ann: { 'Sales EN': [2, false], 'Tier 1 Billing': 1 } });
    const p = plan(withPolicy(d, rule(0, { skills: ['Sales *', 'Legacy'], minActiveAgents: 2 })), l);
    expect(shown(p)).toEqual([
      'skills-state/cxskills.yaml:5:5: error POLICY_MIN_AGENTS: after this plan "Sales EN" has 1 active agent with it switched on (bob); policy rule 1 requires at least 2. at /policy/0',
    ]);
    const enough = plan(withPolicy(desired({ ann: { 'Sales EN': 2 } }), rule(0, { skills: ['Sales *'], minActiveAgents: 2 })), l);
    expect(enough.diagnostics).toEqual([]);
  });

  it('reports an unmanaged agent that breaks a rule in the tenant at the rule, and leaves out-of-scope skills alone', () => {
    const l = live(agents, skills, [
      [1002, 101, 7],
      [1003, 105, 1],
      [1003, 106, 1],
    ]);
    const d = desired({ ann: { 'Sales EN': 1 } }, { skills: ['PCI *', 'Sales *'] });
    const p = plan(withPolicy(d, rule(0, { skills: ['PCI *'], proficiencies: [1, 5] }), rule(1, { skills: ['Sales *'], excludes: ['Collections *'] })), l);
    expect(shown(p)).toEqual([
      'skills-state/cxskills.yaml:5:5: error POLICY_PROFICIENCY: agent "bob" (not managed by skills-state) has in the tenant "PCI Payments" at proficiency 7; policy rule 1 allows only 1, 5 for "PCI *". at /policy/0',
    ]);
  });

  it('judges the desired values, not the live ones, of managed agents', () => {
    const l = live(agents, skills, [[1001, 101, 3]]);
    const r = rule(0, { skills: ['PCI *'], proficiencies: [1, 5] });
    expect(plan(withPolicy(desired({ ann: { 'PCI Payments': 5 } }), r), l).diagnostics).toEqual([]);
    expect(plan(withPolicy(desired({ ann: {} }), r), l).diagnostics).toEqual([]);
  });

  it('a warning rule is shown and does not block; an error rule blocks', () => {
    const d = desired({ ann: { 'PCI Payments': 3 } });
    const warned = plan(withPolicy(d, rule(0, { skills: ['PCI *'], proficiencies: [1, 5], severity: 'warning' })), empty);
    expect(warned.diagnostics.map((x) => `${x.severity} ${x.code}`)).toEqual(['warning POLICY_PROFICIENCY']);
    expect(policyErrors(warned)).toEqual([]);
  });

  it('warns at the rule when its skills match no in-scope skill of the tenant, with a did-you-mean', () => {
    const p = plan(withPolicy(desired({ ann: { 'Sales EN': 1 } }, { skills: ['Sales *', 'PCI *'] }), rule(0, { skills: ['PCI Paymnts'], proficiencies: [1, 5] }), rule(1, { skills: ['Collections *'], maxSkillsPerAgent: 1 })), empty);
    expect(shown(p)).toEqual([
      'skills-state/cxskills.yaml:5:5: warning POLICY_RULE_UNMATCHED: policy rule 1 is about "PCI Paymnts", which matches no in-scope skill of the tenant, so it checks nothing (is the skill outside scope.skills, or the pattern mistyped?). at /policy/0/skills (did you mean "PCI Payments"?)',
      'skills-state/cxskills.yaml:8:5: warning POLICY_RULE_UNMATCHED: policy rule 2 is about "Collections *", which matches no in-scope skill of the tenant, so it checks nothing (is the skill outside scope.skills, or the pattern mistyped?). at /policy/1/skills',
    ]);
    expect(policyErrors(p)).toEqual([]);
  });

  it('judges the whole state when the plan is narrowed', () => {
    const d = withPolicy(desired({ ann: { 'Sales EN': 1 }, bob: { 'PCI Payments': 3 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5] }));
    const result = buildPlan({ desired: d, live: empty, createdAt: '2026-01-01T00:00:00.000Z', toolVersion: 'test', target: { agents: ['ann'], skills: [] } });
    expect(result.plan?.diagnostics.map((x) => x.code)).toEqual(['POLICY_PROFICIENCY']);
  });

  it('shows policy errors in every rendering, as a refusing block and on the verdict line', () => {
    const p = plan(withPolicy(desired({ ann: { 'PCI Payments': 3 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5] })), empty);
    const text = renderText(p, { color: false });
    expect(text).toContain('│ Error: policy of cxskills.yaml: refused, no option passes it\n│\n│ skills-state/agents.yaml:2:5: POLICY_PROFICIENCY: "ann" has "PCI Payments" at proficiency 3');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 1 to add, 0 to change, 0 to remove (1 API call). 1 policy error (refused: the plan is not saved and apply writes nothing).');
    const markdown = renderMarkdown(p);
    expect(markdown).toContain('> [!CAUTION]\n> **Error: policy of cxskills.yaml: refused, no option passes it.**');
    expect(markdown).toContain('1 policy error (refused');
    expect(JSON.parse(renderJsonView(p)).diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'POLICY_PROFICIENCY', file: 'skills-state/agents.yaml', line: 2, col: 5 })]);
  });
});

describe('policy findings rendered (golden files)', () => {
  it('shows errors as a refusing block and warnings with the planner\'s, in text and Markdown', () => {
    const l = live(agents, skills, [[1003, 102, 7]]);
    const d = withPolicy(
      desired({ ann: { 'PCI Payments': 3, 'Tier 2 Billing': 4 }, bob: { 'Sales EN': 2, 'Collections EN': 5 } }),
      rule(0, { name: 'PCI levels', skills: ['PCI *'], proficiencies: [1, 5] }),
      rule(1, { skills: ['Tier 2 *'], requires: ['Tier 1 *'], severity: 'warning' }),
      rule(2, { skills: ['Sales *'], excludes: ['Collections *'] }),
    );
    const p = plan(d, l);
    expectGolden('policy.txt', renderText(p, { color: false }));
    expectGolden('policy.md', renderMarkdown(p));
  });
});

describe('the verdict of a plan without changes that breaks the policy', () => {
  it('is red, not the green of "no changes"', () => {
    // bob, unmanaged, breaks the rule in the tenant; ann's state is already live.
    const l = live(agents, skills, [
      [1001, 105, 1],
      [1002, 101, 3],
    ]);
    const p = plan(withPolicy(desired({ ann: { 'Sales EN': 1 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5] })), l);
    const last = renderText(p, { color: true }).trimEnd().split('\n').at(-1)!;
    expect(last).toContain('No changes');
    expect(last).toContain('1 policy error');
    expect(last.startsWith('\u001b[1m\u001b[31m') || last.startsWith('\u001b[31m\u001b[1m')).toBe(true);
  });
});

describe('recheckPolicy (a saved plan at apply time)', () => {
  it('replaces the saved policy findings with those of the committed rules and what is live now', () => {
    const d = desired({ ann: { 'Sales EN': 1 } });
    const saved = plan(withPolicy(d, rule(0, { skills: ['Sales *'], proficiencies: [1, 5], severity: 'warning' })), live(agents, skills, []));
    expect(saved.diagnostics).toEqual([]);
    // Since the plan was made, bob (unmanaged) got Sales EN at 3 and the rule became an error.
    const now = live(agents, skills, [[1002, 105, 3]]);
    const checked = recheckPolicy(saved, withPolicy(d, rule(0, { skills: ['Sales *'], proficiencies: [1, 5] })), now);
    expect(checked.diagnostics.map((x) => `${x.severity} ${x.code} ${x.line}`)).toEqual(['error POLICY_PROFICIENCY 5']);
  });

  it('judges what the plan writes, not only what the state says: a change edited to a level the rule forbids is an error', () => {
    const d = withPolicy(desired({ ann: { 'PCI Payments': 1 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5] }));
    const saved = plan(d, live(agents, skills, []));
    expect(policyErrors(saved)).toEqual([]);
    const edited: Plan = { ...saved, changes: saved.changes.map((c) => (c.kind === 'add' ? { ...c, after: { proficiency: 3, active: true } } : c)) };
    const checked = recheckPolicy(edited, d, live(agents, skills, []));
    expect(policyErrors(checked).map((x) => `${x.code} ${x.message.slice(0, 41)}`)).toEqual(['POLICY_PROFICIENCY "ann" has "PCI Payments" at proficiency 3']);
  });
});

describe('checkPolicyOffline (validate)', () => {
  it('checks the declared skills of declared agents by name, without the tenant: no minActiveAgents', () => {
    const d = withPolicy(
      desired({ ann: { 'PCI Payments': 3, 'Tier 2 Billing': 1 }, bob: {} }),
      rule(0, { skills: ['PCI *'], proficiencies: [1, 5] }),
      rule(1, { skills: ['Tier 2 *'], requires: ['Tier 1 *'], severity: 'warning' }),
      rule(2, { skills: ['*'], minActiveAgents: 5 }),
    );
    expect(checkPolicyOffline(d).map((x) => `${x.severity} ${x.code} ${x.line}:${x.col}`)).toEqual(['error POLICY_PROFICIENCY 2:5', 'warning POLICY_REQUIRES 3:5']);
    expect(checkPolicyOffline({ agents: d.agents })).toEqual([]);
  });
});

describe('gate and policy', () => {
  const empty = live(agents, skills, []);
  const broken = () => plan(withPolicy(desired({ ann: { 'PCI Payments': 3 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5] })), empty);

  it('refuses policy errors for every action, with --force and --allow-uncovered too, repeating each error at its place', () => {
    for (const action of ['plan', 'save', 'apply'] as const) {
      const { refusals } = gate(broken(), { action, force: true, allowUncovered: true });
      expect(refusals.map((r) => `${r.code} ${r.line ?? '-'}`)).toEqual(['POLICY_PROFICIENCY 2', 'PLAN_POLICY -']);
    }
    expect(gate(broken(), { action: 'save' }).refusals.at(-1)?.message).toBe(
      'The desired state breaks the policy of cxskills.yaml (see above), so it was not saved. Change skills-state, or the rule (severity: warning only reports it); --force does not pass policy errors.',
    );
    expect(gate(broken(), { action: 'apply' }).refusals.at(-1)?.message).toMatch(/^Refusing to apply: the desired state breaks the policy/);
  });

  it('lets warnings through', () => {
    const warned = plan(withPolicy(desired({ ann: { 'PCI Payments': 3 } }), rule(0, { skills: ['PCI *'], proficiencies: [1, 5], severity: 'warning' })), empty);
    expect(gate(warned, { action: 'apply' }).refusals).toEqual([]);
  });
});
