/** Shared ground of the fault, crash, concurrency and security e2e tests: a small tenant, its desired state, and convergence checks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator, type TenantData } from '../../src/emulator/index.js';
import type { AuditEntry } from '../../src/apply/execute.js';
import { CLI, emulatorEnv, workspace, type CliRun } from './harness.js';
import { pairs, tenant } from './tenant.js';
import { startProxy, type FaultProxy } from './faults-proxy.js';

export const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *", "Retention"]\n  agents: declared\n';
export const OUT_OF_SCOPE = new Set([111, 112, 116]);

// agent01..03 are managed; agent04 and agent05 are not (agent04 keeps Billing ES routable).
export const LIVE: TenantData = tenant(5, [
  [1001, 101, 5],
  [1001, 102, 7],
  [1001, 111, 2],
  [1002, 103, 9],
  [1002, 112, 4],
  [1003, 101, 8],
  [1004, 101, 1],
  [1004, 102, 4],
  [1004, 103, 6],
  [1005, 105, 3],
]);

export const AGENTS = `agents:
  agent01:
    skills:
      Billing EN: 3
      Sales EN: 4
      Retention: 2
  agent02@example.test:
    skills:
      Sales EN: { proficiency: 9, active: false }
      Retention: 2
      Billing EN: 6
  "1003":
    skills:
      Sales ES: 5
`;

/** 5 adds, 2 updates, 2 removals. */
export const CHANGES = 9;
export const EXPECTED_IN_SCOPE = [
  '1001/101=3', '1001/103=4', '1001/105=2',
  '1002/101=6', '1002/103=9!', '1002/105=2',
  '1003/104=5',
  '1004/101=1', '1004/102=4', '1004/103=6',
  '1005/105=3',
].sort();

const emulators: RunningEmulator[] = [];
const proxies: FaultProxy[] = [];
const cleanups: Array<() => Promise<void>> = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await Promise.all(emulators.splice(0).map((e) => e.close()));
  for (const c of cleanups.splice(0)) await c();
});

/** An emulator with the fault tenant (generous rate limit unless told), closed after the test. */
export async function emulatorFor(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ tenant: structuredClone(LIVE), rateLimit: { perSecond: 100, burst: 100 }, ...options });
  emulators.push(emulator);
  return emulator;
}

/** A proxy in front of `emulator`, closed after the test. */
export async function proxyFor(emulator: RunningEmulator): Promise<FaultProxy> {
  const proxy = await startProxy(emulator);
  proxies.push(proxy);
  return proxy;
}

/** A work directory holding skills-state/ with the fault tenant's desired state (or `files`), removed after the test. */
export async function stateDir(files: Record<string, string> = { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS }): Promise<string> {
  const ws = await workspace(files);
  cleanups.push(ws.cleanup);
  return ws.cwd;
}

/** The environment for `emulator`, with short HTTP timeouts so hung calls cost a second, not thirty. */
export function envFor(emulator: RunningEmulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return emulatorEnv(emulator, { CXSKILLS_TIMEOUT_MS: '1000', ...extra });
}

/** The CLI as a child process that a test may also kill; `done` resolves when it exits. */
export function spawnCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The outcome lines of an audit log (the intent lines written before each write are left out: see readIntents). */
export async function readAudit(cwd: string, file = '.cxskills/audit.jsonl'): Promise<Array<AuditEntry & { runId: string }>> {
  return (await readAuditLines(cwd, file)).filter((e) => e.outcome !== 'intent');
}

/** The intent lines: one per item, written and flushed before its write was sent. */
export async function readIntents(cwd: string, file = '.cxskills/audit.jsonl'): Promise<Array<AuditEntry & { runId: string }>> {
  return (await readAuditLines(cwd, file)).filter((e) => e.outcome === 'intent');
}

async function readAuditLines(cwd: string, file: string): Promise<Array<AuditEntry & { runId: string }>> {
  const text = await readFile(join(cwd, file), 'utf8');
  return text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l) as AuditEntry & { runId: string });
}

/** The tenant holds exactly the desired state, and nothing out of scope or of unmanaged agents moved. */
export function expectConverged(data: TenantData, expected = EXPECTED_IN_SCOPE): void {
  expect(pairs(data, (s) => !OUT_OF_SCOPE.has(s))).toEqual(expected);
  expect(pairs(data, (s) => OUT_OF_SCOPE.has(s))).toEqual(pairs(LIVE, (s) => OUT_OF_SCOPE.has(s)));
}
