import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';

const load = (config: string, agents = 'agents: {}\n') => parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: agents }]);
const BASE = 'version: 1\nscope:\n  skills: ["*"]\npolicy:\n';

describe('policy in cxskills.yaml', () => {
  it('reads each rule with its checks, a range expanded, error as the default severity and the place of the rule', () => {
    const config = `${BASE}  - skills: "PCI *"\n    proficiencies: [5, 1]\n  - name: tiers\n    skills: ["Tier 2 *", "Tier 3 *"]\n    requires: "Tier 1 *"\n    proficiencies: "2..4"\n    severity: warning\n  - skills: Sales\n    excludes: [Collections]\n    maxSkillsPerAgent: 3\n    minActiveAgents: 2\n`;
    const { state, diagnostics } = load(config);
    expect(diagnostics).toEqual([]);
    expect(state?.policy).toEqual([
      { index: 0, skills: ['PCI *'], severity: 'error', proficiencies: [1, 5], source: { file: 'd/cxskills.yaml', line: 5, col: 5 } },
      { index: 1, name: 'tiers', skills: ['Tier 2 *', 'Tier 3 *'], severity: 'warning', requires: ['Tier 1 *'], proficiencies: [2, 3, 4], source: { file: 'd/cxskills.yaml', line: 7, col: 5 } },
      { index: 2, skills: ['Sales'], severity: 'error', excludes: ['Collections'], maxSkillsPerAgent: 3, minActiveAgents: 2, source: { file: 'd/cxskills.yaml', line: 12, col: 5 } },
    ]);
  });

  it('is absent from the state when cxskills.yaml has no policy', () => {
    const loaded = load('version: 1\nscope:\n  skills: ["*"]\n');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.state).toBeDefined();
    expect(loaded.state!.policy).toBeUndefined();
  });

  it('refuses malformed rules at file:line:col with stable codes, every problem at once', () => {
    const config = `${BASE}  - skills: 5\n    proficiencies: [0, 3]\n  - skills: A\n    proficiencies: one\n    severity: fatal\n    maxSkillsPerAgent: 0\n    bogus: 1\n  - proficiencies: [1]\n`;
    expect(load(config).diagnostics.map(formatDiagnostic)).toEqual([
      'd/cxskills.yaml:5:13: error SCHEMA_TYPE: a skill name pattern must be non-empty text, got 5 at /policy/0/skills',
      'd/cxskills.yaml:6:21: error PROFICIENCY_INVALID: proficiency must be an integer from 1 (best) to 20, got 0 at /policy/0/proficiencies/0',
      'd/cxskills.yaml:8:20: error SCHEMA_VALUE: proficiencies must be a list of proficiencies such as [1, 5], or a range "LOW..HIGH" of proficiencies from 1 to 20 such as "1..5", got "one" at /policy/1/proficiencies',
      'd/cxskills.yaml:9:15: error SCHEMA_VALUE: severity must be "error" or "warning", got "fatal" at /policy/1/severity',
      'd/cxskills.yaml:10:24: error SCHEMA_VALUE: maxSkillsPerAgent must be a whole number, 1 or more, got 0 at /policy/1/maxSkillsPerAgent',
      'd/cxskills.yaml:11:5: error SCHEMA_UNKNOWN_KEY: unknown key "bogus" in a policy rule; allowed: name, skills, proficiencies, requires, excludes, maxSkillsPerAgent, minActiveAgents, severity at /policy/1/bogus',
      'd/cxskills.yaml:12:5: error SCHEMA_REQUIRED: missing required key "skills" in a policy rule at /policy/2',
    ]);
  });

  it('refuses what the schema cannot see: a reversed range, a rule that checks nothing, an invalid glob', () => {
    const config = `${BASE}  - skills: X\n    proficiencies: "5..1"\n  - skills: "Y"\n  - skills: "[Z"\n    excludes: ["a\\\\"]\n`;
    expect(load(config).diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.path}`)).toEqual([
      '6:20 POLICY_RANGE_INVALID /policy/0/proficiencies',
      '7:5 POLICY_RULE_EMPTY /policy/1',
      '8:13 POLICY_PATTERN_INVALID /policy/2/skills',
      '9:16 POLICY_PATTERN_INVALID /policy/2/excludes/0',
    ]);
  });

  it('belongs in cxskills.yaml only', () => {
    const r = parseDesiredState('d', [{ path: 'cxskills.yaml', text: 'version: 1\nscope:\n  skills: ["*"]\n' }, { path: 'a.yaml', text: 'policy: []\n' }]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['"policy" belongs in the top-level cxskills.yaml; other files may only hold profiles and agents']);
  });
});

describe('policy over skills from profiles', () => {
  it('points at the profile line that gives the skill, naming the profile', async () => {
    const { checkPolicyOffline } = await import('../../src/plan/policy.js');
    const r = load(`${BASE}  - skills: "PCI *"\n    proficiencies: [1, 5]\n`, 'profiles:\n  pci:\n    skills:\n      PCI Payments: 3\nagents:\n  ann:\n    profiles: [pci]\n');
    expect(checkPolicyOffline(r.state!).map(formatDiagnostic)).toEqual([
      'd/a.yaml:4:7: error POLICY_PROFICIENCY: "ann" has "PCI Payments" at proficiency 3; policy rule 1 allows only 1, 5 for "PCI *" (rule at cxskills.yaml:5:5, from profile "pci"). at /agents/ann/skills/PCI Payments',
    ]);
  });
});
