/** Runs `cxskills github …` in-process with a captured io, in a temp directory, with plan files made from fixtures. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { CliIo, Command } from '../../src/cli/command.js';
import { githubCommand } from '../../src/cli/commands/github/index.js';
import { main } from '../../src/cli/main.js';
import { withDigest, type Change, type Plan } from '../../src/plan/index.js';
import { serializePlan } from '../../src/plan/serialize.js';
import { makePlan } from '../fixtures/plans/build.js';
import type { FakeGitHub } from './fake-github.js';

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
