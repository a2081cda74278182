import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CONFIG_CODES } from '../../src/config/index.js';
import { SCHEMA_CODES } from '../../src/schema/index.js';
import { OPTION_INVALID } from '../../src/cli/options.js';
import { PATH_CODES } from '../../src/cli/paths.js';
import { COMMITTED_CODES } from '../../src/plan/index.js';
import { SCOPE_MATCHES_NOTHING } from '../../src/plan/scope-match.js';
import { POLICY_CODES } from '../../src/model/policy.js';

test('docs/state-format.md documents exactly the diagnostic codes that loading can produce', () => {
  const whole = readFileSync(new URL('../../docs/state-format.md', import.meta.url), 'utf8');
  // The loading codes' table; plan, apply and rollback have their own section after it.
  const doc = whole.slice(whole.indexOf('\n## Diagnostics'), whole.indexOf('\n## Codes of plan, apply and rollback'));
  const documented = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]).sort();
  const codes = [...Object.values(CONFIG_CODES), ...Object.values(SCHEMA_CODES), POLICY_CODES.RULE_EMPTY, POLICY_CODES.RANGE_INVALID, POLICY_CODES.PATTERN_INVALID].sort();
  expect(documented).toEqual(codes);
});

test('every code in the bad-input corpus is a known code', () => {
  const bad = new URL('../fixtures/config/bad/', import.meta.url);
  const known = new Set<string>([...Object.values(CONFIG_CODES), ...Object.values(SCHEMA_CODES)]);
  for (const name of readdirSync(bad)) {
    const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, bad), 'utf8')) as { code: string }[];
    for (const { code } of expected) expect(known, `${name}: ${code}`).toContain(code);
  }
});

test('docs/state-format.md documents the codes of flags, saved plans, audit logs and tenant-only checks', () => {
  const whole = readFileSync(new URL('../../docs/state-format.md', import.meta.url), 'utf8');
  const section = whole.slice(whole.indexOf('\n## Codes of plan, apply and rollback'));
  const documented = new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
  const codes = [
    ...Object.values(PATH_CODES), ...Object.values(COMMITTED_CODES), OPTION_INVALID, SCOPE_MATCHES_NOTHING,
    'PLAN_INVALID', 'AUDIT_TRUNCATED', 'ROLLBACK_OUT_OF_SCOPE', 'AGENT_AMBIGUOUS',
  ];
  for (const code of codes) expect(documented, code).toContain(code);
});

test('docs/state-format.md documents every policy code', () => {
  const whole = readFileSync(new URL('../../docs/state-format.md', import.meta.url), 'utf8');
  const documented = new Set([...whole.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
  for (const code of Object.values(POLICY_CODES)) expect(documented, code).toContain(code);
});
