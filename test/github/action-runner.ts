/** A miniature Actions runner for action.yml: runs its `run:` steps under bash, with inputs, `if:`, env, outputs and the summary file. */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../e2e/harness.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: Step[] };
}

export interface ActionRun {
  /** 0 when every step passed, else the exit code of the first that failed. */
  code: number;
  /** stdout and stderr of every step, in order. */
  log: string;
  outputs: Record<string, string>;
  ran: string[];
}

export interface RunnerContext {
  /** The workspace (cwd of every step). */
  cwd: string;
  /** A directory with `dist/src/cli/main.js`, standing for the action's checkout. */
  actionPath: string;
  env: NodeJS.ProcessEnv;
  event?: { pull_request?: { number: number; head: { sha: string } } };
}

type Scope = Record<string, unknown>;

/** The subset of the expression language action.yml uses: property paths, '…' strings, ==, !=, &&, ||, !, failure(), always(). */
function evaluate(expr: string, scope: Scope): unknown {
  const js = expr
    .replace(/\bfailure\(\)/g, '__failed')
    .replace(/\balways\(\)/g, 'true')
    .replace(/'([^']*)'/g, (_m, s: string) => JSON.stringify(s))
    .replace(/([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)/g, (path: string) => `__get(${JSON.stringify(path)})`)
    .replace(/([^=!])==([^=])/g, '$1===$2')
    .replace(/!=([^=])/g, '!==$1');
  const get = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Scope)[k] : undefined) ?? '', scope);
  return new Function('__get', '__failed', `return (${js});`)(get, scope.__failed === true);
}

function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => String(evaluate(expr, scope) ?? ''));
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Runs action.yml with `inputs`; `uses:` steps and the npm install are skipped (the CLI is already built). */
export async function runAction(inputs: Record<string, string>, ctx: RunnerContext): Promise<ActionRun> {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
  const temp = join(ctx.cwd, '.runner');
  await mkdir(temp, { recursive: true });
  const github = { action_path: ctx.actionPath, token: String(ctx.env.GITHUB_TOKEN ?? ''), sha: 'f'.repeat(40), event: ctx.event ?? {} };
  const inputValues: Record<string, string> = {};
  const base: Scope = { github, inputs: inputValues };
  for (const [name, input] of Object.entries(action.inputs)) inputValues[name] = inputs[name] ?? interpolate(String(input.default ?? ''), base);
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const scope: Scope = { ...base, steps, __failed: false };
  let code = 0;
  let log = '';
  const ran: string[] = [];
  const eventPath = join(temp, 'event.json');
  await writeFile(eventPath, JSON.stringify(ctx.event ?? {}));
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined || step['working-directory'] !== undefined) continue;
    const condition = step.if ?? 'success()';
    const wanted = condition.includes('failure()') ? evaluate(condition, scope) : code === 0 && evaluate(condition.replace('success()', 'true'), scope);
    if (!wanted) continue;
    ran.push(step.name ?? `step ${i}`);
    const outputFile = join(temp, `output-${i}`);
    await writeFile(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]));
    const env = { ...ctx.env, ...stepEnv, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: temp, GITHUB_EVENT_PATH: eventPath };
    const result = await bash(step.run ?? '', ctx.cwd, env);
    log += result.output;
    if (step.id !== undefined) steps[step.id] = { outputs: parseOutputs(await readFile(outputFile, 'utf8')) };
    if (result.code !== 0 && code === 0) {
      code = result.code;
      scope.__failed = true;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, interpolate(o.value, scope)]));
  return { code, log, outputs, ran };
}
