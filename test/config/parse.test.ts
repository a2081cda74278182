import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadDesiredState, parseDesiredState, type StateFile } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { DEFAULT_SAFETY, type DesiredAgent, type DesiredState } from '../../src/model/types.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Support *"]\n';
const VALID = fileURLToPath(new URL('../fixtures/config/valid/', import.meta.url)).replace(/\/$/, '');

function files(map: Record<string, string>): StateFile[] {
  return Object.entries({ 'cxskills.yaml': CONFIG, ...map }).map(([path, text]) => ({ path, text }));
}

function parseOk(map: Record<string, string>): DesiredState {
  const result = parseDesiredState('state', files(map));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!result.state) throw new Error('no state');
  return result.state;
}

function agent(state: DesiredState, key: string): DesiredAgent {
  const found = state.agents.find((a) => a.key === key);
  if (!found) throw new Error(`no agent ${key}`);
  return found;
}

function values(a: DesiredAgent): Record<string, string> {
  return Object.fromEntries([...a.skills].map(([name, s]) => [name, `${s.proficiency}${s.active ? '' : ' off'} via ${s.via}`]));
}

describe('a valid multi-file directory', () => {
  test('loads every agent in file-path order, then file order, skipping dot-dirs, node_modules and non-YAML files', async () => {
    const result = await loadDesiredState(VALID);
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.agents.map((a) => a.key)).toEqual(['jdoe', 'ana.silva@example.com', '1042', 'leaver', '0042']);
  });

  test('reads scope and merges partial safety limits with the defaults', async () => {
    const { state } = await loadDesiredState(VALID);
    expect(state?.scope).toEqual({ skills: ['Billing *', 'Support ?? Tier[12]', 'Escalations'], agents: 'declared' });
    expect(state?.safety).toEqual({ ...DEFAULT_SAFETY, maxRemoveRatio: 0.1 });
    expect(state?.configFile).toBe(`${VALID}/cxskills.yaml`);
    expect(state?.dir).toBe(VALID);
  });

  test('a nested profile overrides the profile it includes, and each value says where it was written', async () => {
    const { state } = await loadDesiredState(VALID);
    if (!state) throw new Error('no state');
    const jdoe = agent(state, 'jdoe');
    expect(values(jdoe)).toEqual({ 'Billing EN': '2 via billing-senior', 'Billing FR': '8 via billing-core' });
    expect(jdoe.skills.get('Billing EN')?.source).toEqual({ file: `${VALID}/profiles.yaml`, line: 9, col: 7 });
    expect(jdoe.source).toEqual({ file: `${VALID}/teams/billing.yml`, line: 2, col: 3 });
  });

  test("an agent's own skills override its profiles', and active: false is kept", async () => {
    const { state } = await loadDesiredState(VALID);
    if (!state) throw new Error('no state');
    expect(values(agent(state, 'ana.silva@example.com'))).toEqual({
      'Billing EN': '5 via billing-core',
      'Billing FR': '1 via agent',
      Escalations: '3 off via agent',
      'Support EN Tier1': '4 via support',
      'Support EN Tier2': '10 off via support',
    });
  });

  test('a numeric key is the agent "1042"; an empty agent and {} both mean no in-scope skills', async () => {
    const { state } = await loadDesiredState(VALID);
    if (!state) throw new Error('no state');
    expect(values(agent(state, '1042'))).toEqual({ 'Support EN Tier1': '4 via support', 'Support EN Tier2': '10 off via support' });
    expect(agent(state, 'leaver').skills.size).toBe(0);
    expect(agent(state, '0042').skills.size).toBe(0);
  });
});

describe('parseDesiredState', () => {
  test('keeps agent keys exactly as written: 007, 0x10 and 1e3 are not turned into numbers', () => {
    const state = parseOk({ 'a.yaml': 'agents:\n  007: {}\n  0x10: {}\n  1e3: {}\n  true: {}\n' });
    expect(state.agents.map((a) => a.key)).toEqual(['007', '0x10', '1e3', 'true']);
  });

  test('orders agents by file path whatever order the files are given in', () => {
    const result = parseDesiredState('d', [
      { path: 'teams/z.yaml', text: 'agents:\n  zed: {}\n' },
      { path: 'a.yaml', text: 'agents:\n  amy: {}\n  bob: {}\n' },
      { path: 'cxskills.yaml', text: CONFIG },
      { path: 'teams/b.yaml', text: 'agents:\n  bea: {}\n' },
    ]);
    expect(result.state?.agents.map((a) => a.key)).toEqual(['amy', 'bob', 'bea', 'zed']);
  });

  test('defaults scope.agents to declared and safety to DEFAULT_SAFETY', () => {
    const state = parseOk({});
    expect(state.scope.agents).toBe('declared');
    expect(state.safety).toEqual(DEFAULT_SAFETY);
  });

  test('accepts scope.agents: all', () => {
    const state = parseDesiredState('d', [{ path: 'cxskills.yaml', text: 'version: 1\nscope:\n  skills: ["*"]\n  agents: all\n' }]).state;
    expect(state?.scope.agents).toBe('all');
  });

  test('a directory with only cxskills.yaml, an empty file and a comment-only file has no agents and no errors', () => {
    expect(parseOk({ 'empty.yaml': '', 'notes.yaml': '# nothing yet\n' }).agents).toEqual([]);
  });

  test("the agent's own value settles a clash between two of its profiles", () => {
    const state = parseOk({
      'p.yaml': 'profiles:\n  a: { skills: { Billing EN: 3 } }\n  b: { skills: { Billing EN: 5 } }\n',
      'agents.yaml': 'agents:\n  jdoe:\n    profiles: [a, b]\n    skills: { Billing EN: 4 }\n',
    });
    expect(values(agent(state, 'jdoe'))).toEqual({ 'Billing EN': '4 via agent' });
  });

  test('a profile reached twice (a diamond) gives equal values and is not a conflict', () => {
    const state = parseOk({
      'p.yaml': 'profiles:\n  base: { skills: { Billing EN: 3 } }\n  x: { profiles: [base] }\n  y: { profiles: [base] }\n',
      'agents.yaml': 'agents:\n  jdoe: { profiles: [x, y] }\n',
    });
    expect(values(agent(state, 'jdoe'))).toEqual({ 'Billing EN': '3 via base' });
  });

  test('resolves profiles three levels deep, the nearer level winning', () => {
    const state = parseOk({
      'p.yaml':
        'profiles:\n  l1: { skills: { Billing EN: 9, Billing FR: 9, Support EN: 9 } }\n' +
        '  l2: { profiles: [l1], skills: { Billing FR: 5 } }\n  l3: { profiles: [l2], skills: { Support EN: 1 } }\n',
      'agents.yaml': 'agents:\n  jdoe: { profiles: [l3] }\n',
    });
    expect(values(agent(state, 'jdoe'))).toEqual({ 'Billing EN': '9 via l1', 'Billing FR': '5 via l2', 'Support EN': '1 via l3' });
  });

  test('profiles may be declared in a later file than the agents that use them', () => {
    const state = parseOk({ 'a.yaml': 'agents:\n  jdoe: { profiles: [late] }\n', 'z.yaml': 'profiles:\n  late: { skills: { Billing EN: 7 } }\n' });
    expect(values(agent(state, 'jdoe'))).toEqual({ 'Billing EN': '7 via late' });
  });

  test('YAML anchors and aliases within the limit are fine', () => {
    const state = parseOk({ 'a.yaml': 'agents:\n  jdoe:\n    skills: &std { Billing EN: 3 }\n  ana:\n    skills: *std\n' });
    expect(values(agent(state, 'ana'))).toEqual({ 'Billing EN': '3 via agent' });
  });

  test('a leading byte-order mark is ignored', () => {
    expect(parseOk({ 'a.yaml': '\uFEFFagents:\n  jdoe: {}\n' }).agents).toHaveLength(1);
  });

  test('names files in diagnostics as joined from the dir argument', () => {
    const result = parseDesiredState('skills-state', files({ 'teams/a.yaml': 'agents:\n  jdoe:\n    skills: { Billing EN: "3" }\n' }));
    expect(result.diagnostics[0]).toMatchObject({ file: 'skills-state/teams/a.yaml', line: 3, col: 27 });
  });

  test('gives no state when there are errors, and keeps the state when there are only warnings', () => {
    const bad = parseDesiredState('d', files({ 'a.yaml': 'agents:\n  jdoe: { skills: { Billing EN: 0 } }\n' }));
    expect(bad.state).toBeUndefined();
    const warned = parseDesiredState('d', files({ 'a.yaml': 'profiles:\n  spare: {}\nagents:\n  jdoe: {}\n' }));
    expect(warned.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning PROFILE_UNUSED']);
    expect(warned.state?.agents).toHaveLength(1);
  });

  test('refuses a file over 5 MiB before parsing it', () => {
    const huge = `# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const result = parseDesiredState('d', files({ 'big.yaml': huge }));
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['FILE_TOO_LARGE', 'd/big.yaml', undefined]]);
  });
});

describe('diagnostics say what is wrong, where, in plain words', () => {
  function only(map: Record<string, string>): Diagnostic {
    const { diagnostics } = parseDesiredState('d', files(map));
    expect(diagnostics).toHaveLength(1);
    const [first] = diagnostics;
    if (!first) throw new Error('no diagnostic');
    return first;
  }

  test('a quoted proficiency', () => {
    expect(only({ 'a.yaml': 'agents:\n  jdoe:\n    skills:\n      Billing EN: "3"\n' })).toMatchObject({
      severity: 'error',
      code: 'PROFICIENCY_INVALID',
      message: 'proficiency must be an integer from 1 (best) to 20, got "3"',
      file: 'd/a.yaml',
      line: 4,
      col: 19,
      path: '/agents/jdoe/skills/Billing EN',
    });
  });

  test('a JSON path escapes / and ~ in names', () => {
    expect(only({ 'a.yaml': 'agents:\n  a/b~c:\n    skills:\n      Billing/EN: 0\n' }).path).toBe('/agents/a~1b~0c/skills/Billing~1EN');
  });

  test('collects all problems of one file in one run: three problems, three diagnostics', () => {
    const { diagnostics } = parseDesiredState(
      'd',
      files({ 'a.yaml': 'agents:\n  jdoe:\n    skills:\n      Billing EN: 21\n      Billing FR: 2.5\n    profile: [x]\n' }),
    );
    expect(diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`)).toEqual([
      'PROFICIENCY_INVALID@4:19',
      'PROFICIENCY_INVALID@5:19',
      'SCHEMA_UNKNOWN_KEY@6:5',
    ]);
    expect(diagnostics[2]?.suggestions).toEqual(['profiles']);
  });

  test('an unknown key suggests the closest allowed one', () => {
    expect(only({ 'a.yaml': 'agents:\n  jdoe:\n    skils: {}\n' })).toMatchObject({
      code: 'SCHEMA_UNKNOWN_KEY',
      message: 'unknown key "skils" in an agent; allowed: profiles, skills',
      suggestions: ['skills'],
    });
  });

  test('active: yes explains that YAML 1.2 reads it as text', () => {
    expect(only({ 'a.yaml': 'agents:\n  jdoe:\n    skills:\n      Billing EN: { proficiency: 2, active: yes }\n' }).message).toBe(
      'active must be true or false, got "yes" (YAML 1.2 reads yes/no/on/off as text; write true or false)',
    );
  });

  test('a duplicate YAML key names the first occurrence', () => {
    expect(only({ 'a.yaml': 'agents:\n  jdoe: {}\n  jdoe: {}\n' })).toMatchObject({
      code: 'YAML_DUPLICATE_KEY',
      message: 'key "jdoe" appears twice in this mapping; first at line 2, column 3',
      line: 3,
      col: 3,
    });
  });

  test('an agent declared in two files names both places', () => {
    expect(only({ 'a.yaml': 'agents:\n  jdoe: {}\n', 'b.yaml': 'agents:\n  x: {}\n  jdoe: {}\n' })).toMatchObject({
      code: 'AGENT_DUPLICATE',
      message: 'agent "jdoe" is declared twice; first at d/a.yaml:2:3',
      file: 'd/b.yaml',
      line: 3,
      col: 3,
    });
  });

  test('a profile cycle is named in full, once', () => {
    const d = only({ 'p.yaml': 'profiles:\n  a: { profiles: [b] }\n  b: { profiles: [c] }\n  c: { profiles: [a] }\n' });
    expect(d).toMatchObject({ code: 'PROFILE_CYCLE', message: 'profiles include each other in a cycle: a → b → c → a', line: 4, col: 19 });
  });

  test('a conflict names both profiles, their values and where they were written', () => {
    const d = only({
      'p.yaml': 'profiles:\n  a: { skills: { Billing EN: 3 } }\n  b: { skills: { Billing EN: { proficiency: 3, active: false } } }\n',
      'agents.yaml': 'agents:\n  jdoe: { profiles: [a, b] }\n',
    });
    expect(d).toMatchObject({ code: 'PROFILE_CONFLICT', file: 'd/agents.yaml', line: 2, col: 25, path: '/agents/jdoe/profiles/1' });
    expect(d.message).toBe(
      'agent "jdoe" gets skill "Billing EN" with different values from profile "a" (proficiency 3 at d/p.yaml:2:18) ' +
        'and profile "b" (proficiency 3, inactive at d/p.yaml:3:18); set "Billing EN" on the agent itself to choose',
    );
  });

  test('an unknown profile comes with did-you-mean suggestions', () => {
    const d = only({ 'a.yaml': 'profiles:\n  billing-core: {}\n  billing-senior: {}\nagents:\n  jdoe: { profiles: [billing-cor] }\n' });
    expect(d).toMatchObject({ code: 'PROFILE_UNKNOWN', message: 'unknown profile "billing-cor"', suggestions: ['billing-core'] });
  });

  test('a skill outside scope.skills is an error that names the patterns', () => {
    const d = only({ 'a.yaml': 'agents:\n  jdoe:\n    skills:\n      Sales FR: 2\n' });
    expect(d).toMatchObject({ code: 'SKILL_OUT_OF_SCOPE', line: 4, col: 7, path: '/agents/jdoe/skills/Sales FR' });
    expect(d.message).toContain('matches no scope.skills pattern ("Billing *", "Support *")');
  });

  test('a skill that misses the scope only by letter case says patterns are case-sensitive', () => {
    const d = only({ 'a.yaml': 'agents:\n  jdoe:\n    skills:\n      billing EN: 2\n' });
    expect(d.message).toContain('("Billing *", "Support *") (patterns are case-sensitive), so');
  });

  test('an empty scope.skills says it needs a pattern', () => {
    const result = parseDesiredState('d', [{ path: 'cxskills.yaml', text: 'version: 1\nscope:\n  skills: []\n' }]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['scope.skills must not be empty: it needs at least one skill name pattern']);
  });

  test('scope in a state file points at cxskills.yaml', () => {
    expect(only({ 'a.yaml': 'safety: { minManaged: 3 }\n' }).message).toBe(
      '"safety" belongs in the top-level cxskills.yaml; other files may only hold profiles and agents',
    );
  });
});

describe('scale', () => {
  test('reads agents in one mapping in linear time (no quadratic duplicate-key check): 4× the agents take well under 16× the time', () => {
    const parse = (n: number) => {
      const agents = Array.from({ length: n }, (_, i) => `  agent${i}: { skills: { Billing EN: ${1 + (i % 20)} } }\n`).join('');
      const started = performance.now();
      const result = parseDesiredState('d', files({ 'a.yaml': `agents:\n${agents}` }));
      const elapsed = performance.now() - started;
      expect(result.state?.agents).toHaveLength(n);
      return elapsed;
    };
    parse(1_000); // warm-up: the first parse compiles the schema and the parser's code paths
    // Best of two runs each, as a ratio in one process (machines are noisy): linear is ~4×, quadratic ~16×.
    const small = Math.min(parse(5_000), parse(5_000));
    const large = Math.min(parse(20_000), parse(20_000));
    expect(large / small).toBeLessThan(9);
  });
});
