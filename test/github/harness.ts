/** Runs `cxskills github …` in-process with a captured io, in a temp directory, with plan files made from fixtures. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import type { CliIo, Command } from '../../src/cli/command.js';
import { githubCommand } from '../../src/cli/commands/github/index.js';
import { main } from '../../src/cli/main.js';
import { withDigest, type Change, type Plan } from '../../src/plan/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { makePlan } from '../fixtures/plans/build.js';
import { startEmulator, type RunningEmulator, type TenantData } from '../../src/emulator/index.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  cwd: string;
  /** Writes `text` under the sandbox and returns its path relative to it. */
  file(name: string, text: string): Promise<string>;
  read(name: string): Promise<string>;
  /** A saved plan (digest, calls grouped as the planner would) of `changes` for `dir`. */
  planFile(name: string, changes: Change[], dir?: string): Promise<string>;
  run(argv: string[], env?: NodeJS.ProcessEnv, stdin?: string): Promise<Run>;
  /** Another command (plan, apply) in-process, the way main would run it. */
  runCommand(command: Command, argv: string[], env?: NodeJS.ProcessEnv, stdin?: string): Promise<Run>;
  cleanup(): Promise<void>;
}

/** A stream that keeps what is written, synchronously (so it is complete when the command resolves). */
export function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream, text: () => text };
}

export function savedPlan(changes: Change[], dir = 'skills-state'): Plan {
  const agentIds = [...new Set(changes.map((c) => c.agentId))].sort((a, b) => a - b);
  const names = { agents: Object.fromEntries(agentIds.map((id) => [String(id), `agent.${id}`])), skills: Object.fromEntries(changes.map((c) => [String(c.skillId), `Skill ${c.skillId}`])) };
  return withDigest(makePlan({ changes, managedAgents: agentIds.length, managedAssignments: changes.length * 2, managedAgentIds: agentIds, names, dir }));
}

export function githubEnv(gh: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { GITHUB_API_URL: gh.url, GITHUB_TOKEN: gh.token, GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`, NO_COLOR: '1', ...extra };
}

export async function sandbox(): Promise<Sandbox> {
  const cwd = await mkdtemp(join(tmpdir(), 'cxskills-github-'));
  const box: Sandbox = {
    cwd,
    async file(name, text) {
      await writeFile(join(cwd, name), text);
      return name;
    },
    read: (name) => readFile(join(cwd, name), 'utf8'),
    planFile: (name, changes, dir) => box.file(name, serializePlan(savedPlan(changes, dir))),
    run: (argv, env, stdin) => box.runCommand(githubCommand, argv, env, stdin),
    async runCommand(command, argv, env = {}, stdin = '') {
      const out = capture();
      const err = capture();
      const io: CliIo = { stdout: out.stream, stderr: err.stream, stdin: Readable.from([stdin]), env, cwd };
      // Through main, as a user runs it: its one error map prints what the command throws.
      const code = await main([command.name, ...argv], io);
      return { code, stdout: out.text(), stderr: err.text() };
    },
    cleanup: () => rm(cwd, { recursive: true, force: true }),
  };
  return box;
}

/** `n` add changes over agents of 10 changes each. */
export function adds(n: number, proficiency = 5): Change[] {
  return Array.from({ length: n }, (_, i): Change => ({ kind: 'add', agentId: 1000 + Math.floor(i / 10), skillId: 1 + (i % 10), after: { proficiency, active: true } }));
}

/** What `githubPerTest` gives each test: its own fake GitHub, sandbox and (when asked for) emulator. */
export interface GithubTest {
  readonly gh: FakeGitHub;
  readonly box: Sandbox;
  /** Started only when `githubPerTest` was given a tenant. */
  readonly emulator: RunningEmulator;
  /** The environment a workflow step has for this test's fake GitHub (`githubEnv`), plus `extra`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/**
 * A fresh fake GitHub and sandbox for every test of the file, and an emulator serving a copy of `tenant`
 * when one is given: started before each test (then `setup` runs), closed and removed after it. Read the
 * handle's fields inside a test or hook, not at the top of the file: each test gets new ones.
 */
export function githubPerTest(options: { tenant?: TenantData; setup?: (t: GithubTest) => Promise<void> } = {}): GithubTest {
  let current: { gh: FakeGitHub; box: Sandbox; emulator: RunningEmulator | undefined } | undefined;
  const now = () => {
    if (current === undefined) throw new Error('githubPerTest: read inside a test or hook (a fresh fake GitHub and sandbox start before each test)');
    return current;
  };
  const handle: GithubTest = {
    get gh() {
      return now().gh;
    },
    get box() {
      return now().box;
    },
    get emulator() {
      const { emulator } = now();
      if (emulator === undefined) throw new Error('githubPerTest: no emulator; pass a tenant to start one per test');
      return emulator;
    },
    env: (extra = {}) => githubEnv(now().gh, extra),
  };
  beforeEach(async () => {
    const gh = await startFakeGitHub();
    const box = await sandbox();
    const emulator = options.tenant === undefined ? undefined : await startEmulator({ tenant: structuredClone(options.tenant), rateLimit: { perSecond: 100, burst: 100 } });
    current = { gh, box, emulator };
    await options.setup?.(handle);
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.emulator?.close();
    await done?.gh.close();
    await done?.box.cleanup();
  });
  return handle;
}
