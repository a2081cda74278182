import { describe, expect, it } from 'vitest';
import { runCli } from './harness.js';
import { CHANGES, emulatorFor, envFor, expectConverged, proxyFor, readAudit, stateDir } from './faults-harness.js';
import type { ProxyRule } from './faults-proxy.js';

// These cases fault the per-agent and per-skill writes (--no-upsert); the upsert has its own cases.
const APPLY = ['apply', '--auto-approve', '--rate', '50', '--no-upsert'];

/** The fault tenant behind a proxy with `rules`; returns the emulator and an apply run through the proxy. */
async function applyThrough(rules: ProxyRule[]) {
  const emulator = await emulatorFor();
  const proxy = await proxyFor(emulator);
  proxy.rules.push(...rules);
  const cwd = await stateDir();
  const run = await runCli(APPLY, { cwd, env: envFor(emulator, { CXONE_API_BASE: proxy.apiBase }) });
  return { emulator, cwd, run };
}

/** Rewrites a JSON answer's list items with `edit`. */
const editItems = (key: string, edit: (item: Record<string, unknown>) => Record<string, unknown>) => (text: string) => {
  const body = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify({ ...body, [key]: (body[key] as Array<Record<string, unknown>>).map(edit) });
};

describe('malformed answers from the API: a clear error naming the call, no crash, no write based on them', () => {
  it.each<[string, ProxyRule, RegExp]>([
    ['a body that is not JSON', { path: '/agents/skills', action: { kind: 'rewrite', body: () => '<html><body>Service maintenance</body></html>' } }, /error CXONE_BAD_RESPONSE: GET \/agents\/skills → 200: response body is not JSON \(body: <html><body>Service maintenance/],
    ['a page without its list', { path: '/agents/skills', action: { kind: 'rewrite', body: () => '{"totalRecords": 10}' } }, /error CXONE_BAD_RESPONSE: GET \/agents\/skills: malformed response: agentSkillAssignments is missing/],
    ['an agent without its userName', { path: '/agents', action: { kind: 'rewrite', body: editItems('agents', ({ userName: _, ...rest }) => rest) } }, /error CXONE_BAD_RESPONSE: GET \/agents: malformed response: agent\.userName is missing/],
    ['a proficiency of the wrong type', { path: '/agents/skills', action: { kind: 'rewrite', body: editItems('agentSkillAssignments', (a) => ({ ...a, agentProficiencyValue: 'Expert' })) } }, /error CXONE_BAD_RESPONSE: GET \/agents\/skills: malformed response: assignment\.agentProficiencyValue is not an integer 1\.\.20 \(got "Expert"\)/],
    ['a skill id that is not a number', { path: '/skills', action: { kind: 'rewrite', body: editItems('skills', (s) => ({ ...s, skillId: 'abc' })) } }, /error CXONE_BAD_RESPONSE: GET \/skills: malformed response: skill\.skillId is not an integer id \(got "abc"\)/],
  ])('refuses %s while reading the tenant: exit 1, zero writes', async (_name, rule, message) => {
    const { emulator, run } = await applyThrough([rule]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.stats().writes).toBe(0);
  });

  it('retries a read whose body was cut short, then converges', async () => {
    const { emulator, run } = await applyThrough([{ path: '/agents/skills', count: 1, action: { kind: 'truncate-body' } }]);
    expect(run.code).toBe(0);
    expectConverged(emulator.snapshot());
  });

  it('takes a garbled answer to an applied write as "maybe applied": re-reads, never writes it twice', async () => {
    const { emulator, cwd, run } = await applyThrough([{ method: 'POST', count: 2, action: { kind: 'rewrite', body: () => '{"agentSkillAssignments": "?"' } }]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(emulator.stats().itemsWritten).toBe(CHANGES);
    expect((await readAudit(cwd)).filter((e) => e.outcome === 'already-applied').length).toBeGreaterThanOrEqual(2);
    expectConverged(emulator.snapshot());
  });

  it('does not write a list whose read before the write came back garbled; the other calls go on', async () => {
    const { emulator, run } = await applyThrough([{ method: 'GET', path: '/agents/1001/skills', action: { kind: 'rewrite', body: () => 'garbage' } }]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ update agent01 \/ Billing EN: CXONE_BAD_RESPONSE: not written: its agent's list could not be read first: GET \/agents\/1001\/skills → 200: response body is not JSON/);
    expect(run.stdout).toContain('Apply incomplete: 8 applied, 1 failed');
    // agent01's update (the one call that read that list first, to learn whether ETags are sent) was not
    // written; every other call went through, agent01's removal too (it was written per skill).
    expect(emulator.tenant.assignment(1001, 101)?.proficiency).toBe(5);
    expect(emulator.tenant.assignment(1001, 102)).toBeUndefined();
  });

  it('ends promptly when one read fails for good: the other reads are not left retrying behind it', async () => {
    const emulator = await emulatorFor();
    const proxy = await proxyFor(emulator);
    proxy.rules.push({ method: 'GET', path: '/skills', action: { kind: 'answer', status: 401, body: '{"error":"invalid_token"}' } });
    proxy.rules.push({ method: 'GET', path: '/agents/skills', action: { kind: 'answer', status: 503, body: '<html>busy</html>' } });
    const cwd = await stateDir();
    const started = Date.now();
    const run = await runCli(['plan'], { cwd, env: envFor(emulator, { CXONE_API_BASE: proxy.apiBase }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error CXONE_UNAUTHORIZED: GET /skills → 401');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
