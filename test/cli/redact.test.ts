import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { redact, secretValues } from '../../src/cli/redact.js';
import type { CliIo } from '../../src/cli/command.js';

function fakeIo(env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env, cwd };
  return { io, text: () => out.join('') + err.join('') };
}

describe('secret values', () => {
  it('are taken from secret-looking names, not from key ids or short values', () => {
    const secrets = secretValues({
      CXONE_CLIENT_SECRET: 'client-secret-1',
      GITHUB_TOKEN: 'ghp_abcdef',
      MY_API_KEY: 'api-key-value',
      DB_PASSWORD: 'pass-word-9',
      CXONE_ACCESS_KEY_ID: 'key-id-visible',
      SESSION_TOKEN: 'abc',
      HOME: '/home/user',
    });
    expect(secrets).toEqual(expect.arrayContaining(['client-secret-1', 'ghp_abcdef', 'api-key-value', 'pass-word-9']));
    expect(secrets).not.toContain('key-id-visible');
    expect(secrets).not.toContain('abc');
    expect(secrets).not.toContain('/home/user');
  });

  it('are blanked plain and JSON-escaped', () => {
    const secrets = secretValues({ CXONE_CLIENT_SECRET: 'se"cr\\et-1' });
    expect(redact('a se"cr\\et-1 b "se\\"cr\\\\et-1"', secrets)).toBe('a [redacted] b "[redacted]"');
  });

  it('never reach what a command prints, whatever path brought them there', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cxskills-redact-'));
    try {
      await mkdir(join(cwd, 'skills-state'));
      await writeFile(join(cwd, 'skills-state/cxskills.yaml'), 'version: 1\nscope:\n  skills: ["*"]\n');
      // A value that happens to hold a secret is quoted in a message: the excerpt is blanked at print.
      await writeFile(join(cwd, 'skills-state/a.yaml'), 'agents:\n  jdoe:\n    skills:\n      Billing EN: "x=hunter2-secret"\n');
      const { io, text } = fakeIo({ CXONE_CLIENT_SECRET: 'hunter2-secret' }, cwd);
      expect(await main(['validate'], io)).toBe(1);
      expect(text()).toContain('PROFICIENCY_INVALID');
      expect(text()).toContain('[redacted]');
      expect(text()).not.toContain('hunter2-secret');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
