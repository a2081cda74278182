/** End-to-end harness: the real CLI (built dist) as a child process against an emulator over loopback HTTP. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { cxoneEnv, startEmulator, type EmulatorOptions, type RunningEmulator, type TenantData, type TenantSpec } from '../../src/emulator/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a user would export to point cxskills at this emulator. */
export function emulatorEnv(emulator: RunningEmulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NO_COLOR: '1', ...cxoneEnv(emulator), ...extra };
}

export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number; nodeArgs?: string[] }): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A fresh work directory with a skills-state/ holding `files` (paths relative to skills-state/). */
export async function workspace(files: Record<string, string>): Promise<{ cwd: string; dir: string; cleanup: () => Promise<void> }> {
  const cwd = await mkdtemp(join(tmpdir(), 'cxskills-e2e-'));
  const dir = join(cwd, 'skills-state');
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return { cwd, dir, cleanup: () => rm(cwd, { recursive: true, force: true }) };
}

/**
 * Per-test emulators and workspaces for a test file: `start(tenant, files)` begins both, and every
 * one started is stopped and removed after each test.
 */
export function emulatorWorkspaces(options: Pick<EmulatorOptions, 'rateLimit'> = { rateLimit: null }) {
  const started: RunningEmulator[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const e of started.splice(0)) await e.close();
    for (const c of cleanups.splice(0)) await c();
  });
  return {
    async start(tenant: TenantSpec | TenantData, files: Record<string, string>) {
      const emulator = await startEmulator({ tenant: structuredClone(tenant), ...options });
      started.push(emulator);
      const ws = await workspace(files);
      cleanups.push(ws.cleanup);
      return { ...ws, env: emulatorEnv(emulator), emulator };
    },
  };
}
