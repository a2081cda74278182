import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatStateText } from '../../src/format/canonical.js';

const CONFIG = `version: 1
scope:
  skills: ["PCI *", "Tier *"]
policy:
  - name: PCI levels
    skills: "PCI *"
    proficiencies: [1, 5]   # compliance
  - skills: ["*"]
    maxSkillsPerAgent: 3
  - skills: "Tier 2 *"
    requires: "Tier 1 *"
    proficiencies: "1..5"
    severity: warning
`;

describe('cxskills fmt and the policy', () => {
  it('keeps every rule and its meaning (comments too), and is stable', () => {
    const formatted = formatStateText(CONFIG)!;
    expect(formatted).toContain('# compliance');
    expect(formatStateText(formatted)).toBe(formatted);
    const policy = (text: string) => parseDesiredState('d', [{ path: 'cxskills.yaml', text }]).state?.policy?.map(({ source: _source, ...rule }) => rule);
    expect(policy(formatted)).toEqual(policy(CONFIG));
    expect(policy(CONFIG)).toHaveLength(3);
  });
});
