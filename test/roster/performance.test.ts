import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { parseDesiredState } from '../../src/config/index.js';
import { generateAgents } from '../../src/roster/index.js';
import { evaluatePerformance, type PerformanceRule } from '../../src/roster/performance.js';

const RULES = `version: 1
rules:
  - name: billing
    match: { department: Billing }
    skills: { Billing EN: 8, Billing ES: { proficiency: 9, active: false }, Sales EN: 3 }
  - match: { department: Sales }
    skills: { Sales EN: 6 }
performance:
  - name: CSAT
    skills: "Billing *"
    column: CSAT
    range: [0, 5]
    thresholds:
      - { atLeast: 4.5, proficiency: 2 }
      - { atLeast: 4.0, proficiency: 4 }
    otherwise: 10
    default: 8
  - skills: [Sales EN]
    column: aht
    thresholds:
      - { atMost: 240, proficiency: 1 }
      - { atMost: 400, proficiency: 4 }
    default: 5
`;

function generate(roster: string, rules = RULES) {
  return generateAgents({ roster: { file: 'hr/roster.csv', text: roster }, rules: { file: 'hr/rules.yaml', text: rules } });
}

describe('proficiency from performance data', () => {
  it('sets the matching skills from thresholds, keeps active, and comments each entry with the rule and value', () => {
    const r = generate('agent,department,csat,aht\nann,Billing,4.6,300\nbob,Billing,,200\ncy,Sales,2,100\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.yaml).toContain(`agents:
  ann:
    skills:
      Billing EN: 2 # rule 1 (billing), performance 1 (CSAT): CSAT 4.6 ≥ 4.5 → 2
      Billing ES: {proficiency: 2, active: false} # rule 1 (billing), performance 1 (CSAT): CSAT 4.6 ≥ 4.5 → 2
      Sales EN: 4 # rule 1 (billing), performance 2: aht 300 ≤ 400 → 4
  bob:
    skills:
      Billing EN: 8 # rule 1 (billing), performance 1 (CSAT): CSAT empty → default 8
      Billing ES: {proficiency: 8, active: false} # rule 1 (billing), performance 1 (CSAT): CSAT empty → default 8
      Sales EN: 1 # rule 1 (billing), performance 2: aht 200 ≤ 240 → 1
  cy:
    skills:
      Sales EN: 1 # rule 2, performance 2: aht 100 ≤ 240 → 1
`);
  });

  it('is still a valid state file, comments and all', () => {
    const r = generate('agent,department,csat,aht\nann,Billing,4.1,300\n');
    const loaded = parseDesiredState('s', [{ path: 'cxskills.yaml', text: 'version: 1\nscope:\n  skills: ["*"]\n' }, { path: 'roster.yaml', text: r.yaml! }]);
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.state!.agents[0]!.skills].map(([name, v]) => `${name}=${v.proficiency}${v.active ? '' : '!'}`)).toEqual(['Billing EN=4', 'Billing ES=4!', 'Sales EN=4']);
  });

  it('uses otherwise when no threshold holds, and refuses a value no threshold takes when there is no otherwise', () => {
    const r = generate('agent,department,csat,aht\nann,Billing,3.2,200\nbob,Billing,4.7,999\n');
    expect(r.yaml).toBeUndefined();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'hr/roster.csv:3: error ROSTER_NO_THRESHOLD: agent "bob": aht is 999, which meets no threshold of performance 2, and it has no "otherwise" (for "Sales EN")',
    ]);
    expect(generate('agent,department,csat,aht\nann,Billing,3.2,200\n').yaml).toContain('Billing EN: 10 # rule 1 (billing), performance 1 (CSAT): CSAT 3.2 meets no threshold → otherwise 10');
  });

  it('refuses non-numeric and out-of-range values with the roster line, once per rule and row', () => {
    const r = generate('agent,department,csat,aht\nann,Billing,good,200\nbob,Billing,5.5,200\ncy,Billing,"4,5",200\ndee,Sales,,fast\n');
    expect(r.yaml).toBeUndefined();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'hr/roster.csv:2: error ROSTER_VALUE_NOT_NUMBER: agent "ann": CSAT is "good", not a number; performance 1 (CSAT) needs a number or an empty cell (default 8) (for "Billing EN", "Billing ES")',
      'hr/roster.csv:3: error ROSTER_VALUE_OUT_OF_RANGE: agent "bob": CSAT is 5.5, outside the range 0..5 of performance 1 (CSAT) (for "Billing EN", "Billing ES")',
      'hr/roster.csv:4: error ROSTER_VALUE_NOT_NUMBER: agent "cy": CSAT is "4,5", not a number (write 4.5 with a decimal point); performance 1 (CSAT) needs a number or an empty cell (default 8) (for "Billing EN", "Billing ES")',
      'hr/roster.csv:5: error ROSTER_VALUE_NOT_NUMBER: agent "dee": aht is "fast", not a number; performance 2 needs a number or an empty cell (default 5) (for "Sales EN")',
    ]);
  });

  it('names a performance column the roster does not have', () => {
    const r = generate('agent,department,csat\nann,Billing,4\n');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['hr/rules.yaml:18: error RULES_COLUMN: performance 2 uses column "aht", which the roster does not have (roster columns: agent, department, csat) at /performance/1']);
  });

  it('refuses malformed performance rules at file:line:col', () => {
    const rules = `version: 1
rules:
  - skills: { A: 1 }
performance:
  - skills: "[x"
    column: csat
    range: [5, 0]
    thresholds:
      - { atLeast: 4, proficiency: 0 }
      - { over: 4, proficiency: 2 }
    default: 21
    bonus: 1
  - column: csat
`;
    expect(generate('agent\nann\n', rules).diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([
      '12:5 RULES_INVALID unknown key "bonus" in a performance rule; allowed: name, skills, column, range, thresholds, otherwise, default',
      '5:13 RULES_INVALID "[x" has a [ without a closing ]',
      '7:12 RULES_INVALID range must be [LOW, HIGH], two numbers with LOW at most HIGH (e.g. [0, 5] for CSAT)',
      '9:36 RULES_INVALID proficiency must be an integer from 1 (best) to 20',
      '10:9 RULES_INVALID a threshold is { atLeast: N, proficiency: P } (higher is better) or { atMost: N, proficiency: P } (lower is better)',
      '11:14 RULES_INVALID default must be a proficiency, an integer from 1 (best) to 20',
      '13:5 RULES_INVALID a performance rule needs "skills"',
      '13:5 RULES_INVALID a performance rule needs "thresholds"',
      '13:5 RULES_INVALID a performance rule needs "default"',
    ]);
  });
});

describe('evaluatePerformance', () => {
  const rule: PerformanceRule = { index: 0, name: 'performance 1', skills: ['*'], column: 'fcr', columnLabel: 'FCR', range: [0, 100], thresholds: [{ kind: 'atLeast', bound: 80, proficiency: 3 }], default: 7, line: 1 };

  it('takes a bound as met when equal, and a value with a percent sign', () => {
    expect(evaluatePerformance(rule, '80')).toEqual({ proficiency: 3, why: 'performance 1: FCR 80 ≥ 80 → 3' });
    expect(evaluatePerformance(rule, '85 %')).toMatchObject({ proficiency: 3 });
    expect(evaluatePerformance(rule, '79.9')).toMatchObject({ problem: { code: 'ROSTER_NO_THRESHOLD' } });
    expect(evaluatePerformance(rule, '100.1')).toMatchObject({ problem: { code: 'ROSTER_VALUE_OUT_OF_RANGE' } });
  });
});

describe('generate --dir and the policy', () => {
  it('reports a level from performance data that breaks a policy rule of the directory, at the generated line', async () => {
    const { checkInState } = await import('../../src/roster/context.js');
    const r = generate('agent,department,csat,aht\nann,Billing,4.1,300\n');
    const config = 'version: 1\nscope:\n  skills: ["*"]\npolicy:\n  - skills: "Billing *"\n    proficiencies: [1, 2, 8]\n';
    const problems = checkInState('s', [{ path: 'cxskills.yaml', text: config }], { path: 'roster.yaml', text: r.yaml! });
    expect(problems.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`)).toEqual(['s/roster.yaml:7 error POLICY_PROFICIENCY', 's/roster.yaml:8 error POLICY_PROFICIENCY']);
  });
});
