import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/model/time.js';
import { emulatorWorkspaces, runCli } from './harness.js';
import { pairs, tenant } from './tenant.js';

const ZONE = 'Europe/Berlin';
const CONFIG = `version: 1\nscope:\n  skills: ["Billing *", "Sales *"]\n  agents: declared\ntimeZone: ${ZONE}\n`;
const HOUR = 3_600_000;
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Apply runs at the real now, so the windows are placed around it: opened an hour ago, closing in a day. */
const opens = minute(Date.now()) - HOUR;
const closes = opens + 25 * HOUR;
const AGENTS = [
  'agents:',
  '  agent01:',
  '    skills:',
  '      Billing EN: 3',
  `      Sales EN: { proficiency: 4, from: "${iso(opens)}", until: "${iso(closes)}" }`,
  '  agent02:',
  '    skills:',
  '      Sales EN: 6',
  '',
].join('\n');
const LIVE = tenant(2, [
  [1001, 101, 3],
  [1002, 103, 6],
]);
const workspaces = emulatorWorkspaces({ rateLimit: { perSecond: 50, burst: 50 } });

describe('time windows against the emulator', () => {
  it('plans a window before it opens and once it is open, applies it, and refuses the earlier saved plan a transition has passed', async () => {
    const { cwd, env, emulator } = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    // Before the window: nothing to do, the opening listed as upcoming.
    const before = await runCli(['plan', '--at', iso(opens - HOUR), '--out', 'before.json', '--detailed-exitcode'], { cwd, env });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('No changes.');
    expect(before.stdout).toContain(`${formatInstant(opens, ZONE)}  + agent01  Sales EN  proficiency 4`);
    expect(before.stdout).toContain(`Next window transition: ${formatInstant(opens, ZONE)}.`);
    // That plan was made for an hour before the window opened; it opened since, so apply refuses it and writes nothing.
    const late = await runCli(['apply', 'before.json', '--auto-approve'], { cwd, env });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain(`error PLAN_WINDOW_PASSED: A window opened for agent01 × "Sales EN" at ${formatInstant(opens, ZONE)}`);
    expect(emulator.stats().writes).toBe(0);

    // Now, inside the window: one add, scheduled (the window opened since), and the closing is upcoming.
    const open = await runCli(['plan', '--out', 'open.json'], { cwd, env });
    expect(open.code).toBe(0);
    expect(open.stdout.split('\n')[0]).toBe('Plan: 1 to add, 0 to change, 0 to remove (1 API call).');
    expect(open.stdout).toContain(`${formatInstant(closes, ZONE)}  - agent01  Sales EN  (was proficiency 4)`);
    expect(open.stdout).toContain('Scheduled: 1 of the changes above enacts a window that opened or closed since the last apply (not drift).');
    const json = JSON.parse((await runCli(['show', 'open.json', '--format', 'json'], { cwd, env })).stdout);
    expect(json.windows.next).toBe(iso(closes));
    expect(json.windows.scheduled).toEqual([{ agentId: 1001, skillId: 103, since: iso(opens) }]);
    const apply = await runCli(['apply', 'open.json', '--auto-approve'], { cwd, env });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=3', '1001/103=4', '1002/103=6']);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  }, 90_000);

  it('plans the closing of a window at a later instant, and refuses that plan before the window closes', async () => {
    // The window is open and applied: agent01 has Sales EN.
    const { cwd, env, emulator } = await workspaces.start(tenant(2, [[1001, 101, 3], [1001, 103, 4], [1002, 103, 6]]), { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
    // At the second instant the window has closed: the pair is removed.
    const closed = await runCli(['plan', '--at', iso(closes), '--out', 'closed.json', '--detailed-exitcode'], { cwd, env });
    expect(closed.code).toBe(2);
    expect(closed.stdout.split('\n')[0]).toBe('Plan: 0 to add, 0 to change, 1 to remove (1 API call).');
    expect(closed.stdout).toContain('- Sales EN  (was proficiency 4)');
    // A plan made ahead for the closing is refused now as well: the window is still open until then.
    const early = await runCli(['apply', 'closed.json', '--auto-approve'], { cwd, env });
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('PLAN_WINDOW_PASSED');
    expect(pairs(emulator.snapshot())).toEqual(['1001/101=3', '1001/103=4', '1002/103=6']);
    expect(emulator.stats().writes).toBe(0);
  }, 60_000);

  it('refuses a window whose until is not after its from, with file:line:col, before reading the tenant', async () => {
    const { cwd, env, emulator } = await workspaces.start(LIVE, { 'cxskills.yaml': CONFIG, 'agents.yaml': AGENTS.replace(`until: "${iso(closes)}"`, 'until: 2000-01-01') });
    const run = await runCli(['plan'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/skills-state\/agents\.yaml:5:\d+: error WINDOW_EMPTY: the window is empty: until \(2000-01-01\) is not after from/);
    expect(emulator.stats().reads + emulator.stats().writes).toBe(0);
  });
});
