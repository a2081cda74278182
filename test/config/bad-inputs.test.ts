import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadDesiredState } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';

// Each directory under fixtures/config/bad/ is one skills-state directory plus expected.json:
// the exact list of diagnostics it must produce ({code, file, line, col?}); add a case by adding a directory.
const BAD = fileURLToPath(new URL('../fixtures/config/bad/', import.meta.url));

interface Expected {
  code: string;
  file: string;
  line: number | null;
  col?: number;
}

const cases = readdirSync(BAD, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function expectedOf(name: string): Expected[] {
  return JSON.parse(readFileSync(join(BAD, name, 'expected.json'), 'utf8')) as Expected[];
}

function shape(dir: string, d: Diagnostic): Expected {
  const file = relative(dir, d.file ?? dir).split(sep).join('/');
  return d.col === undefined ? { code: d.code, file, line: d.line ?? null } : { code: d.code, file, line: d.line ?? null, col: d.col };
}

const withoutCol = ({ code, file, line }: Expected): Expected => ({ code, file, line });
const order = (a: Expected, b: Expected): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('bad-input corpus', () => {
  test('holds at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases.map((name) => [name, expectedOf(name).map((e) => `${e.code}@${e.file}:${e.line ?? '-'}`).join(', ')]))(
    '%s reports exactly %s',
    async (name) => {
      const dir = join(BAD, name);
      const expected = expectedOf(name);
      const result = await loadDesiredState(dir);
      const actual = result.diagnostics.map((d) => shape(dir, d));
      expect(actual.map(withoutCol).sort(order)).toEqual(expected.map(withoutCol).sort(order));
      // A column is checked wherever expected.json gives one.
      for (const e of expected.filter((x) => x.col !== undefined)) expect(actual).toContainEqual(e);
      for (const d of result.diagnostics) {
        expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        expect(d.message.length).toBeGreaterThan(10);
      }
      const onlyWarnings = result.diagnostics.every((d) => d.severity === 'warning');
      expect(result.state === undefined).toBe(!onlyWarnings);
    },
  );
});
