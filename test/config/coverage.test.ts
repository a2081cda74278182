import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';

const config = (extra: string) => ({ path: 'cxskills.yaml', text: `version: 1\nscope:\n  skills: ["Billing *"]\n${extra}` });

describe('cxskills.yaml coverage exceptions', () => {
  it('reads allowUncoveredSkills and allowUncoveredAgents', () => {
    const { state, diagnostics } = parseDesiredState('s', [config('coverage:\n  allowUncoveredSkills: ["Billing ES"]\n  allowUncoveredAgents: [jdoe, "1042"]\n')]);
    expect(diagnostics).toEqual([]);
    expect(state?.coverage).toEqual({ allowUncoveredSkills: ['Billing ES'], allowUncoveredAgents: ['jdoe', '1042'] });
  });

  it('has no exceptions when the section is absent', () => {
    expect(parseDesiredState('s', [config('')]).state?.coverage).toBeUndefined();
  });

  it('refuses unknown keys and invalid patterns with their place', () => {
    const { diagnostics } = parseDesiredState('s', [config('coverage:\n  allowUncoveredSkils: []\n  allowUncoveredSkills: ["[Billing"]\n')]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['SCHEMA_UNKNOWN_KEY', 5]]);
    const bad = parseDesiredState('s', [config('coverage:\n  allowUncoveredSkills: ["[Billing"]\n')]);
    expect(bad.diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([['SCOPE_PATTERN_INVALID', 5, '/coverage/allowUncoveredSkills/0']]);
  });
});
