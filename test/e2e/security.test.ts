import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { planDigest } from '../../src/plan/index.js';
import { runCli, workspace, type CliRun } from './harness.js';
import { AGENTS, CONFIG, LIVE, emulatorFor, envFor, proxyFor, stateDir } from './faults-harness.js';

const SECRETS = {
  clientId: 'cid-Zq7RECOGNISABLE',
  clientSecret: 'csec-Wx9RECOGNISABLE',
  accessKeyId: 'akid-Pm4RECOGNISABLE',
  accessKeySecret: 'aksec-Hj2RECOGNISABLE',
};
const APPLY = ['apply', '--auto-approve', '--rate', '50'];

/** Every file under `dir`, recursively, as text. */
async function filesUnder(dir: string): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push([join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8')]);
  }
  return out;
}

describe('secrets never leave the environment', () => {
  it('appear in no output, plan file, audit log or error message of any command, also when the API echoes the request', async () => {
    const emulator = await emulatorFor({ credentials: SECRETS, faults: { script: [{ fault: '502', method: 'POST' }, { fault: 'reset-after', method: 'PUT' }] } });
    const proxy = await proxyFor(emulator);
    // A debugging gateway that echoes the request headers into its error page, once per read below.
    const echo = (headers: Record<string, string | string[] | undefined>) => `<pre>${JSON.stringify(headers)}</pre>`;
    proxy.rules.push({ method: 'GET', path: '/agents/skills', count: 1, action: { kind: 'answer', status: 500, body: echo } });
    proxy.rules.push({ method: 'GET', path: '/skills', count: 2, action: { kind: 'answer', status: 401, body: echo } });
    const cwd = await stateDir();
    const env = envFor(emulator, { CXONE_API_BASE: proxy.apiBase });
    const runs: CliRun[] = [];
    const run = async (args: string[], extra: Record<string, string> = {}) => {
      const r = await runCli(args, { cwd, env: { ...env, ...extra } });
      runs.push(r);
      return r;
    };
    // Echoed 500 (retried), then echoed 401s until the client gives up: errors quote the gateway's page.
    expect((await run(['plan'])).code).toBe(1);
    expect(runs[0]!.stderr).toContain('GET /skills → 401');
    expect(runs[0]!.stderr).toContain('Bearer ***');
    expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
    expect((await run(['plan', '--format', 'json'])).code).toBe(0);
    expect((await run(['plan', '--format', 'markdown'])).code).toBe(0);
    expect((await run([...APPLY, '--plan', 'plan.json'])).code).toBe(0);
    expect((await run([...APPLY, '--format', 'json'])).code).toBe(0);
    // The registered-application grant too (client id and secret over HTTP Basic), right and wrong.
    const registered = { CXONE_CLIENT_ID: SECRETS.clientId, CXONE_CLIENT_SECRET: SECRETS.clientSecret, CXONE_AUTH_URL: emulator.authUrl };
    expect((await run(['plan'], registered)).code).toBe(0);
    expect((await run(['plan'], { ...registered, CXONE_CLIENT_SECRET: `${SECRETS.clientSecret}-wrong` })).stderr).toContain('CXONE_AUTH_FAILED');
    expect((await run(['plan'], { CXONE_ACCESS_KEY_SECRET: `${SECRETS.accessKeySecret}-wrong` })).stderr).toContain('CXONE_AUTH_FAILED');
    expect((await run(['plan'], { CXONE_API_BASE: `${proxy.apiBase}/nope` })).code).toBe(1);

    const bearers = [...new Set(proxy.arrivals.map((a) => a.authorization?.replace(/^Bearer /, '')).filter((t): t is string => t !== undefined))];
    expect(bearers.length).toBeGreaterThan(0);
    const basic = Buffer.from(`${SECRETS.clientId}:${SECRETS.clientSecret}`).toString('base64');
    const needles = [...Object.values(SECRETS), basic, ...bearers];
    const texts: Array<[string, string]> = [...runs.flatMap((r, i): Array<[string, string]> => [[`run ${i} stdout`, r.stdout], [`run ${i} stderr`, r.stderr]]), ...(await filesUnder(cwd))];
    expect(texts.some(([name]) => name.endsWith('plan.json'))).toBe(true);
    expect(texts.some(([name]) => name.endsWith('audit.jsonl'))).toBe(true);
    const leaks = texts.flatMap(([name, text]) => needles.filter((n) => text.includes(n)).map((n) => `${name}: ${n}`));
    expect(leaks).toEqual([]);
  });
});

describe('base URLs', () => {
  it.each([
    ['CXONE_API_BASE', 'http://api-c32.niceincontact.com/incontactapi/services/v31.0'],
    ['CXONE_AUTH_URL', 'http://cxone.niceincontact.com/auth/token'],
  ])('refuses %s over http:// to a host that is not loopback, before any call', async (name, value) => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const run = await runCli(['plan'], { cwd, env: envFor(emulator, { [name]: value }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${name} must use https:// (http:// is accepted only for loopback addresses)`);
    expect(emulator.stats().tokenRequests).toBe(0);
  });
});

describe('a saved plan is data: an edited one is refused with zero calls to CXone', () => {
  const cases: Array<[string, (plan: Record<string, unknown> & { calls: Array<{ items: Array<Record<string, unknown>> }>; changes: Array<Record<string, unknown>> }) => void, string]> = [
    ['an edited call (the digest no longer matches)', (p) => void (p.calls[0]!.items[0]!.proficiency = 1), 'PLAN_TAMPERED'],
    ['a call added', (p) => void p.calls.push({ ...p.calls[0]!, items: [{ agentId: 1004, skillId: 101 }] }), 'PLAN_INVALID'], // a POST item without a proficiency: refused by the shape check before the digest
    ['an edited change', (p) => void (p.changes[0]!.agentId = 1005), 'PLAN_TAMPERED'],
    ['a wrong digest', (p) => void (p.digest = `sha256:${'0'.repeat(64)}`), 'PLAN_TAMPERED'],
    ['no digest', (p) => void delete p.digest, 'PLAN_TAMPERED'],
    ['an edited live checksum', (p) => void (p.liveChecksum = `sha256:${'1'.repeat(64)}`), 'PLAN_TAMPERED'],
    ['calls that no longer match the changes, digest recomputed', (p) => {
      p.calls[0]!.items[0]!.proficiency = 1;
      p.digest = planDigest(p as never);
    }, 'PLAN_TAMPERED'],
    ['another format version', (p) => void (p.formatVersion = 2), 'PLAN_FORMAT_VERSION'],
    ['not JSON', () => undefined, 'PLAN_NOT_JSON'],
  ];

  // One reviewed plan, edited a different way in each case; nothing is ever written, so one emulator serves all.
  let emulator: RunningEmulator;
  let saved: string;
  let work: { cwd: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    emulator = await startEmulator({ tenant: structuredClone(LIVE), rateLimit: null });
    work = await workspace({ 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: work.cwd, env: envFor(emulator) })).code).toBe(0);
    saved = await readFile(join(work.cwd, 'plan.json'), 'utf8');
  });
  afterAll(async () => {
    await emulator.close();
    await work.cleanup();
  });

  it.each(cases)('refuses %s', async (name, edit, code) => {
    const { cwd } = work;
    const env = envFor(emulator);
    const file = join(cwd, 'plan.json');
    const plan = JSON.parse(saved);
    edit(plan);
    await writeFile(file, name === 'not JSON' ? '{"formatVersion": 1, ' : JSON.stringify(plan));
    emulator.resetStats();
    const run = await runCli([...APPLY, '--plan', 'plan.json'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(code);
    const stats = emulator.stats();
    expect(stats.tokenRequests + stats.reads + stats.writes).toBe(0);
  });

  // The digest is a checksum anyone can recompute: apply --plan checks every change against the scope,
  // the managed agents and the live values (src/plan/saved.ts).
  it('refuses a plan edited with care (digest recomputed) to touch an out-of-scope skill and an unmanaged agent', async () => {
    const emulator = await emulatorFor();
    const cwd = await stateDir();
    const env = envFor(emulator);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd, env })).code).toBe(0);
    const file = join(cwd, 'plan.json');
    const plan = JSON.parse(await readFile(file, 'utf8'));
    plan.changes.push({ kind: 'remove', agentId: 1001, skillId: 111, before: { proficiency: 2, active: true } }, { kind: 'remove', agentId: 1004, skillId: 101, before: { proficiency: 1, active: true } });
    plan.calls.push({ method: 'DELETE', target: 'agent', id: 1001, items: [{ agentId: 1001, skillId: 111 }] }, { method: 'DELETE', target: 'agent', id: 1004, items: [{ agentId: 1004, skillId: 101 }] });
    plan.digest = planDigest(plan);
    await writeFile(file, JSON.stringify(plan));
    emulator.resetStats();
    const run = await runCli([...APPLY, '--plan', 'plan.json'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/PLAN_OUT_OF_SCOPE/g)).toHaveLength(2);
    expect(run.stderr).toMatch(/skill 111 for agent 1001/);
    expect(run.stderr).toMatch(/skill 101 for agent 1004/);
    expect(emulator.stats().writes).toBe(0);
    expect(emulator.tenant.assignment(1001, 111)).toBeDefined();
    expect(emulator.tenant.assignment(1004, 101)).toBeDefined();
  });
  // apply --plan computes counts, names and safety findings again from the changes and the tenant.
  it('refuses a plan whose safety findings were deleted by hand (no digest recomputed)', async () => {
    const emulator = await emulatorFor();
    const strict = `${CONFIG}safety: { maxRemoveRatio: 0.25, maxChangeRatio: 0.5, minManaged: 1 }\n`;
    const cwd = await stateDir({ 'cxskills.yaml': strict, 'agents.yaml': 'agents:\n  agent01: { skills: { Billing EN: 5 } }\n  agent02: { skills: { Retention: 3 } }\n  "1003": { skills: { Billing EN: 8 } }\n' });
    const env = envFor(emulator);
    expect((await runCli(['plan', '--out', 'plan.json', '--allow-uncovered'], { cwd, env })).code).toBe(0);
    const file = join(cwd, 'plan.json');
    const plan = JSON.parse(await readFile(file, 'utf8'));
    expect(plan.safety.map((f: { code: string }) => f.code)).toEqual(['TOO_MANY_REMOVALS', 'TOO_MANY_CHANGES']);
    plan.safety = [];
    plan.counts.remove = 0;
    await writeFile(file, JSON.stringify(plan));
    const run = await runCli([...APPLY, '--plan', 'plan.json'], { cwd, env });
    expect(run.code).toBe(1);
    // The findings come back from the changes and the tenant, whichever stream shows them.
    const shown = `${run.stdout}${run.stderr}`;
    expect(shown).toMatch(/removes 50 % of managed assignments \(limit 25 %\)/);
    expect(shown).toMatch(/--force/);
    expect(emulator.stats().writes).toBe(0);
  });
});
