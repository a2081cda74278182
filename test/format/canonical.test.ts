import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatStateText } from '../../src/format/canonical.js';
import { expectGolden } from '../render/golden.js';

const MESSY = `# yaml-language-server: $schema=../schemas/skills-state.schema.json
# Team file, hand-written.
agents:
  # seniors first: this order is kept
  zed: # Zed Zimmer
    skills:
      # alphabetical after fmt
      'Sales EN': { proficiency: 5, active: true }  # trailing comment stays
      "Billing EN": 3
      Retention: {active: false, proficiency: 2}
    profiles:
      - billing
      - "support"
  ann:
    skills: { Sales ES: { proficiency: 7 }, Billing ES: 4 }
  007:
    skills:
      Billing EN: 1
  "1042":
  leaver: {}
profiles:
  billing:
    skills:
      Billing ES: 6
      Billing EN: 2
  support:
    skills: { Support EN: 9 }
`;

const CONFIG = `# what we own
scope:
  agents: declared
  skills:
    - 'Billing *'
    - "Sales *"
safety: { minManaged: 20, maxRemoveRatio: 0.25, maxChangeRatio: 0.5 }
version: 1
`;

describe('formatStateText (cxskills fmt)', () => {
  it('sorts skills, keeps the order of agents and profiles, keeps every comment (golden file)', () => {
    const out = formatStateText(MESSY)!;
    expectGolden('fmt-state.yaml', out);
    expect(out.indexOf('  zed:')).toBeLessThan(out.indexOf('  ann:'));
    expect(out.indexOf('profiles:\n  billing:')).toBe(out.indexOf('profiles:'));
    for (const comment of ['# Team file, hand-written.', '# seniors first: this order is kept', '# Zed Zimmer', '# alphabetical after fmt', '# trailing comment stays']) expect(out).toContain(comment);
    expect(out).toContain('      Billing EN: 3\n      Retention: {proficiency: 2, active: false}\n      Sales EN: 5 # trailing comment stays\n');
  });

  it('never changes the meaning: the formatted file loads to the same desired state', () => {
    const config = 'version: 1\nscope:\n  skills: ["*"]\n  agents: declared\n';
    const before = parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: MESSY }]);
    const after = parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: formatStateText(MESSY)! }]);
    expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const view = (r: typeof before) => r.state!.agents.map((a) => [a.key, [...a.skills].map(([n, v]) => `${n}=${v.proficiency}${v.active ? '' : '!'}`).sort()]);
    expect(view(after)).toEqual(view(before));
    expect(after.state!.agents.map((a) => a.key)).toEqual(['zed', 'ann', '007', '1042', 'leaver']);
  });

  it('is idempotent, and orders cxskills.yaml as documented (golden file)', () => {
    const once = formatStateText(MESSY)!;
    expect(formatStateText(once)).toBe(once);
    const config = formatStateText(CONFIG)!;
    expectGolden('fmt-config.yaml', config);
    expect(formatStateText(config)).toBe(config);
    expect(config.split('\n').filter((l) => /^\w/.test(l))).toEqual(['version: 1', 'scope:', 'safety: {maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 20}']);
  });

  it('leaves a file it cannot read safely alone', () => {
    expect(formatStateText('agents: [unclosed')).toBeUndefined();
    expect(formatStateText('- a list\n')).toBeUndefined();
    expect(formatStateText('')).toBe('');
  });
});

describe('formatStateText keeps time windows', () => {
  const WINDOWED = [
    'agents:',
    '  ann:',
    '    profiles:',
    '      - {until: 2026-12-20, profile: campaign}',
    '    skills:',
    '      Z: {proficiency: 3, from: 2026-12-02}',
    '      A:',
    '        outside: inactive',
    '        until: "2026-12-24T12:00"',
    '        proficiency: 2',
    '        active: true',
    '',
  ].join('\n');

  it('writes a windowed value long, in key order, without active: true, and a membership profile first', () => {
    expect(formatStateText(WINDOWED)).toBe(
      [
        'agents:',
        '  ann:',
        '    profiles:',
        '      - {profile: campaign, until: 2026-12-20}',
        '    skills:',
        '      A: {proficiency: 2, until: 2026-12-24T12:00, outside: inactive}',
        '      Z: {proficiency: 3, from: 2026-12-02}',
        '',
      ].join('\n'),
    );
  });

  it('changes nothing a plan reads', () => {
    const config = 'version: 1\nscope:\n  skills: ["*"]\n';
    const profile = 'profiles:\n  campaign:\n    skills:\n      C: 1\n';
    const read = (text: string) => parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: profile + text }]).state!.agents[0]!.skills;
    const before = read(WINDOWED);
    const after = read(formatStateText(WINDOWED)!);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, skill] of before) expect(JSON.stringify(after.get(name)?.schedule?.own?.window ?? after.get(name)?.schedule?.inherited.map((m) => m.window))).toBe(JSON.stringify(skill.schedule?.own?.window ?? skill.schedule?.inherited.map((m) => m.window)));
  });
});
