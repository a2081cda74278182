/** `cxskills doctor` against the emulator: each unverified point of contract v2 switched on is named; zero writes; no secret printed. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cxoneEnv, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { startProxy, type FaultProxy } from './faults-proxy.js';
import { runCli, workspace, type CliRun } from './harness.js';

const started: Array<RunningEmulator | FaultProxy> = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) await c();
});

const SECRETS = { clientId: 'cid-DOCTOR-1', clientSecret: 'csecret-DOCTOR-2', accessKeyId: 'akid-DOCTOR-3', accessKeySecret: 'aksecret-DOCTOR-4' };

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ tenant: { seed: 3, agents: 120, skills: 8, skillsPerAgent: 3 }, rateLimit: null, credentials: SECRETS, ...options });
  started.push(e);
  return e;
}

async function doctor(e: RunningEmulator, args: string[] = [], env: Record<string, string> = cxoneEnv(e)): Promise<CliRun & { cwd: string }> {
  const ws = await workspace({});
  cleanups.push(ws.cleanup);
  const run = await runCli(['doctor', ...args], { cwd: ws.cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
  for (const secret of Object.values(SECRETS).filter((s) => !s.startsWith('akid') && !s.startsWith('cid'))) {
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
  return { ...run, cwd: ws.cwd };
}

/** The line of one check in the text report: `  ok       Title  detail`. */
function line(run: CliRun, title: string): string {
  const found = run.stdout.split('\n').find((l) => l.slice(11).startsWith(title));
  if (found === undefined) throw new Error(`no "${title}" line in:\n${run.stdout}`);
  return found;
}

describe('cxskills doctor', () => {
  it('on the default emulator (contract v2 as a real tenant): every assumption ok or tolerated, counts, exit 0, zero writes', async () => {
    const e = await emulator();
    const run = await doctor(e);
    expect(run.code).toBe(0);
    expect(line(run, 'Token')).toMatch(/^ {2}ok .*access-key grant .*tenant 11ee0c3a-5b7d-4e2f-9a10-00000000c32a, business unit \d+, cluster C32/);
    expect(line(run, 'API base')).toContain(`${e.origin}/incontactapi/services/v31.0 (discovered from the tenant id)`);
    expect(line(run, 'Page size for top=1000')).toMatch(/^ {2}differs .*100 rows served for top=1000; totalRecords 360; _links present/);
    expect(line(run, '/agents/skills without filters')).toMatch(/^ {2}ok .*not required/);
    expect(line(run, 'A page past the end')).toMatch(/^ {2}ok .*204 No Content/);
    expect(line(run, "Per-agent reads' agent field")).toContain('agentID_alt');
    expect(line(run, "Per-skill reads' isAssigned")).toMatch(/isAssigned sent; [1-9]\d* of \d+ items are isAssigned: false/);
    expect(line(run, 'ETags')).toMatch(/^ {2}ok .*none sent/);
    expect(run.stdout).toContain('Counts (as the API told them): 120 agents, 8 skills, 360 assignments.');
    expect(run.stdout).toContain('Everything cxskills relies on holds. Next: cxskills plan.');
    const stats = e.stats();
    expect(stats.writes).toBe(0);
    expect(stats.discoveryRequests).toBe(1);
    expect(stats.reads).toBeLessThanOrEqual(8);
  });

  it.each<[string, EmulatorOptions, string, RegExp]>([
    ['a page cap of 7 rows', { pageCap: 7 }, 'Page size for top=1000', /^ {2}differs .*7 rows served for top=1000/],
    ['required /agents/skills filters', { requireFilters: true }, '/agents/skills without filters', /^ {2}differs .*refused with 400 .*isActive.*; with the filters: 200/],
    ['ETags', { etags: true }, 'ETags', /^ {2}differs .*carry an ETag: apply also sends If-Match/],
    ['429s without Retry-After', { rateLimit: { perSecond: 2, burst: 2 }, retryAfter: false }, 'Retry-After on 429', /^ {2}differs .*0 of [1-9]\d* 429s carried Retry-After/],
    ['429s with Retry-After', { rateLimit: { perSecond: 2, burst: 2 } }, 'Retry-After on 429', /^ {2}ok .*([1-9]\d*) of \1 429s carried Retry-After/],
    ['no isAssigned: false items', { unassignedItems: false }, "Per-skill reads' isAssigned", /isAssigned sent; 0 of/],
  ])('names %s', async (_name, options, title, expected) => {
    const e = await emulator(options);
    const run = await doctor(e, ['--rate', '50']);
    expect(line(run, title)).toMatch(expected);
    // None of these is something cxskills cannot work with.
    expect(run.code).toBe(0);
    expect(e.stats().writes).toBe(0);
  });

  it('names the registered-application grant and a configured API base (no discovery)', async () => {
    const e = await emulator();
    const run = await doctor(e, [], cxoneEnv(e, { grant: 'registered-app', direct: true }));
    expect(run.code).toBe(0);
    expect(line(run, 'Token')).toContain('registered-application grant');
    expect(line(run, 'API base')).toContain('(CXONE_API_BASE is set: discovery skipped)');
    expect(e.stats().discoveryRequests).toBe(0);
  });

  it('exits 1 naming what does not hold: list answers that are HTML, and a server that ignores skip', async () => {
    const e = await emulator();
    const proxy = await startProxy(e);
    started.push(proxy);
    proxy.rules.push({ path: '/skills', action: { kind: 'answer', status: 200, body: '<html><body>No known way to render data</body></html>', headers: { 'content-type': 'text/html' } } });
    // The first page read is served again for every later page, whatever skip asks.
    let first = '';
    proxy.rules.push({ path: '/agents/skills', count: 1, action: { kind: 'rewrite', body: (original) => (first = original) } });
    proxy.rules.push({ path: '/agents/skills', action: { kind: 'answer', status: 200, body: () => first, headers: { 'content-type': 'application/json' } } });
    const run = await doctor(e, [], { ...cxoneEnv(e), CXONE_API_BASE: proxy.apiBase });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(line(run, '/skills')).toMatch(/^ {2}differs .*200 text\/html: not a JSON answer/);
    expect(line(run, 'A page past the end')).toMatch(/^ {2}differs .*the server ignores skip/);
    expect(run.stdout).toMatch(/Not safe to apply yet: \/skills, A page past the end/);
  });

  it('exits 1 naming the token step when the access key is wrong, and prints no secret', async () => {
    const e = await emulator();
    const run = await doctor(e, [], { ...cxoneEnv(e), CXONE_ACCESS_KEY_SECRET: `${SECRETS.accessKeySecret}-wrong` });
    expect(run.code).toBe(1);
    expect(line(run, 'Token and API base')).toMatch(/^ {2}differs .*token/i);
    expect(run.stdout + run.stderr).not.toContain(`${SECRETS.accessKeySecret}-wrong`);
  });

  it('--format json carries every check with status and the counts', async () => {
    const e = await emulator({ pageCap: 7 });
    const run = await doctor(e, ['--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { formatVersion: number; failed: boolean; counts: Record<string, number>; checks: Array<{ id: string; status: string; relied: boolean }> };
    expect(report.formatVersion).toBe(1);
    expect(report.failed).toBe(false);
    expect(report.counts).toEqual({ agents: 120, skills: 8, assignments: 360 });
    expect(report.checks.find((c) => c.id === 'page-size')?.status).toBe('differs');
    expect(report.checks.map((c) => c.id)).toEqual(['token', 'discovery', 'agents', 'skills', 'filters', 'assignments', 'page-size', 'empty-page', 'agent-id-field', 'is-assigned', 'etag', 'rate', 'retry-after']);
  });

  it('refuses --probe-writes without both --agent and --skill, before any call', async () => {
    const e = await emulator();
    const run = await doctor(e, ['--probe-writes', '--agent', 'agent00001']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs both --agent KEY and --skill NAME');
    expect(e.stats().tokenRequests).toBe(0);
  });

  it.each([
    ['an assigned pair', 'agent00001'],
    ['an unassigned pair', 'agent00002'],
  ])('--probe-writes on %s: learns the write replies, audits every write, and restores the pair exactly', async (_name, agent) => {
    const e = await emulator();
    const before = e.snapshot().assignments.map(({ agentId, skillId, proficiency, active }) => ({ agentId, skillId, proficiency, active }));
    const skill = e.tenant.skills()[0]!;
    const agentId = e.tenant.agents().find((a) => a.userName === agent)!.agentId;
    const assigned = e.tenant.assignment(agentId, skill.skillId) !== undefined;
    // Make the two cases what they say, whatever the generator did.
    if ((agent === 'agent00001') !== assigned) {
      if (assigned) e.tenant.remove(agentId, skill.skillId);
      else e.tenant.add(agentId, skill.skillId, 7, true);
    }
    const snapshot = e.snapshot().assignments.map(({ agentId: a, skillId, proficiency, active }) => ({ agentId: a, skillId, proficiency, active }));
    const run = await doctor(e, ['--probe-writes', '--agent', agent, '--skill', skill.skillName]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ok {7}(PUT|POST) \/agents\/\d+\/skills +200 {2}resultSet\.skillResults\[1\], errorCount as a number: success/);
    expect(run.stdout).toMatch(/ok {7}POST \/agents\/skills +200 {2}resultSet\.skillResults\[1\]/);
    expect(run.stdout).toMatch(/ok {7}(PUT|DELETE) \/skills\/\d+\/agents +200 {2}resultSet\.agentResults\[1\]/);
    expect(run.stdout).toContain('The pair is back as it was (read back and compared).');
    const after = e.snapshot().assignments.map(({ agentId: a, skillId, proficiency, active }) => ({ agentId: a, skillId, proficiency, active }));
    expect(after).toEqual(snapshot);
    expect(before.length).toBeGreaterThan(0);
    const writes = e.stats().writes;
    expect(writes).toBeGreaterThanOrEqual(5);
    const audit = (await readFile(join(run.cwd, '.cxskills/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    // An intent line before each write, an outcome line after it.
    expect(audit.filter((a) => a.outcome === 'intent')).toHaveLength(writes);
    expect(audit.filter((a) => a.outcome === 'applied')).toHaveLength(writes);
  });

  it('--probe-writes on a server without the upsert names it and still restores the pair', async () => {
    const e = await emulator({ upsert: false });
    const skill = e.tenant.skills()[0]!;
    const run = await doctor(e, ['--probe-writes', '--agent', 'agent00003', '--skill', skill.skillName]);
    expect(run.stdout).toMatch(/differs {2}POST \/agents\/skills +404/);
    expect(run.stdout).toContain('The pair is back as it was');
    expect(run.code).toBe(0);
  });
});
