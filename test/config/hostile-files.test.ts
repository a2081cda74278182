import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadDesiredState } from '../../src/config/index.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *"]\n';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxskills-hostile-'));
  await writeFile(join(dir, 'cxskills.yaml'), CONFIG);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('files a state directory must not read', () => {
  test('refuses a pipe named like a state file instead of hanging on it or skipping it', async () => {
    execFileSync('mkfifo', [join(dir, 'agents.yaml')]);
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['FILE_NOT_REGULAR', join(dir, 'agents.yaml')]]);
    expect(result.state).toBeUndefined();
  });

  test('refuses a symlink to a pipe inside the directory', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await symlink('pipe', join(dir, 'agents.yaml'));
    expect((await loadDesiredState(dir)).diagnostics.map((d) => d.code)).toEqual(['FILE_NOT_REGULAR']);
  });

  test('refuses a symlink to /proc/self/environ and never quotes the environment', async () => {
    await symlink('/proc/self/environ', join(dir, 'env.yaml'));
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FILE_LINK_OUTSIDE']);
    expect(JSON.stringify(result.diagnostics)).not.toContain('PATH=');
  });

  test('a broken symlink is an error, so its agents do not silently vanish', async () => {
    await symlink(join(dir, 'gone.yaml'), join(dir, 'team.yaml'));
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FILE_LINK_BROKEN']);
    expect(result.state).toBeUndefined();
  });

  test('a symlinked directory of state files outside the directory is FILE_LINK_DIRECTORY, one inside loses nothing', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'cxskills-outside-'));
    try {
      await writeFile(join(outside, 'team.yaml'), 'agents:\n  jdoe: {}\n');
      await symlink(outside, join(dir, 'team'));
      expect((await loadDesiredState(dir)).diagnostics.map((d) => d.code)).toEqual(['FILE_LINK_DIRECTORY']);
      await rm(join(dir, 'team'));
      await symlink(dir, join(dir, 'self'));
      expect((await loadDesiredState(dir)).diagnostics).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('a link through a symlinked directory back outside is refused', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'cxskills-outside-'));
    try {
      await writeFile(join(outside, 'agents.yaml'), 'agents:\n  jdoe: {}\n');
      await symlink(join(outside, 'agents.yaml'), join(dir, 'agents.yaml'));
      expect((await loadDesiredState(dir)).diagnostics.map((d) => d.code)).toEqual(['FILE_LINK_OUTSIDE']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('what messages quote', () => {
  test('a long value is cut to an excerpt of 60 characters', async () => {
    await writeFile(join(dir, 'agents.yaml'), `agents:\n  jdoe:\n    skills:\n      Billing EN: "${'k'.repeat(5000)}"\n`);
    const [d] = (await loadDesiredState(dir)).diagnostics;
    expect(d?.code).toBe('PROFICIENCY_INVALID');
    expect(d?.message).toContain('(5000 characters)');
    expect(d?.message.length).toBeLessThan(200);
  });

  test('a long unknown key is cut too', async () => {
    await writeFile(join(dir, 'agents.yaml'), `agents:\n  jdoe:\n    ${'s'.repeat(1000)}: 1\n`);
    const [d] = (await loadDesiredState(dir)).diagnostics;
    expect(d?.code).toBe('SCHEMA_UNKNOWN_KEY');
    expect(d?.message.length).toBeLessThan(250);
  });

  test('a skill name with a zero-width space is shown escaped', async () => {
    await writeFile(join(dir, 'agents.yaml'), 'agents:\n  jdoe:\n    skills:\n      "Bill\u200bing EN": 3\n');
    const [d] = (await loadDesiredState(dir)).diagnostics;
    expect(d?.code).toBe('SKILL_OUT_OF_SCOPE');
    expect(d?.message).toContain('"Bill<U+200B>ing EN"');
  });
});

describe('one reading of a file', () => {
  test('validation and declarations agree: merge keys are refused, not merged by one and skipped by the other', async () => {
    await writeFile(join(dir, 'agents.yaml'), 'x: &b\n  Billing EN: 3\nagents:\n  jdoe:\n    skills:\n      <<: *b\n');
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => d.code)).toContain('YAML_MERGE_KEY');
    expect(result.state).toBeUndefined();
  });

  test('200,000-deep nesting ends in YAML_TOO_DEEP, not a stack overflow', async () => {
    await writeFile(join(dir, 'a.yaml'), `agents: ${'['.repeat(200_000)}`);
    await writeFile(join(dir, 'b.yaml'), `agents:\n  x:\n    skills:\n      ${'- '.repeat(200_000)}x\n`);
    const codes = (await loadDesiredState(dir)).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['YAML_TOO_DEEP', 'YAML_TOO_DEEP']);
  });
});

describe('the size limit holds on the bytes read', () => {
  test('a special file whose stat size is 0 is cut off at the limit, not read whole', async () => {
    const { readBounded } = await import('../../src/config/read-bounded.js');
    const { statSync } = await import('node:fs');
    expect(statSync('/proc/self/environ').size).toBe(0);
    expect(await readBounded('/proc/self/environ', 4)).toBe('too-large');
  });

  test('a file of exactly the limit is read, one byte more is too large', async () => {
    const { readBounded } = await import('../../src/config/read-bounded.js');
    await writeFile(join(dir, 'x.yaml'), 'x'.repeat(100_000));
    expect((await readBounded(join(dir, 'x.yaml'), 100_000)) as Buffer).toHaveLength(100_000);
    expect(await readBounded(join(dir, 'x.yaml'), 99_999)).toBe('too-large');
  });
});

describe('parser messages are cut too', () => {
  test('an unknown tag of 5,000 characters is not quoted whole', async () => {
    await writeFile(join(dir, 'agents.yaml'), `agents:\n  jdoe: !${'t'.repeat(5000)} {}\n`);
    const diagnostics = (await loadDesiredState(dir)).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.message.length).toBeLessThan(300);
  });
});
