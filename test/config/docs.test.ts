import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CONFIG_CODES } from '../../src/config/index.js';
import { SCHEMA_CODES } from '../../src/schema/index.js';

test('docs/state-format.md documents exactly the diagnostic codes that loading can produce', () => {
  const doc = readFileSync(new URL('../../docs/state-format.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]).sort();
  const codes = [...Object.values(CONFIG_CODES), ...Object.values(SCHEMA_CODES)].sort();
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
