import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import type { DesiredState } from '../../src/model/types.js';
import { buildPlan, planDigest, serializePlan, type Plan } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/run/plan-file.js';
import { windowPassed } from '../../src/plan/windows.js';
import { renderMarkdown, renderText } from '../../src/render/index.js';
import { agent, live, skill } from '../helpers/state.js';
import { expectGolden } from '../render/golden.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *", "Sales *"]\ntimeZone: Europe/Berlin\n';
const STATE = [
  'profiles:',
  '  campaign:',
  '    skills:',
  '      Sales EN: 4',
  'agents:',
  '  ann:',
  '    profiles: [{ profile: campaign, from: 2026-12-02, until: 2026-12-24 }]',
  '    skills:',
  '      Billing EN: 3',
  '  bob:',
  '    skills:',
  '      Billing EN: { proficiency: 5, from: "2026-12-02T09:00", outside: inactive }',
  '      Sales EN: { proficiency: 2, until: 2026-12-10 }',
  '',
].join('\n');

function state(text = STATE): DesiredState {
  const r = parseDesiredState('s', [{ path: 'cxskills.yaml', text: CONFIG }, { path: 'a.yaml', text }]);
  if (r.state === undefined) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.state;
}

const tenant = live([agent(1001, 'ann'), agent(1002, 'bob')], [skill(101, 'Billing EN'), skill(103, 'Sales EN')], [
  [1001, 101, 3],
  [1002, 101, 5, false],
  [1002, 103, 2],
]);

function plan(at: string, extra: { horizonMs?: number; l?: typeof tenant; target?: { agents: string[]; skills: string[] } } = {}): Plan {
  const r = buildPlan({ desired: state(), live: extra.l ?? tenant, createdAt: '2026-12-01T12:00:00.000Z', at, toolVersion: 'test', ...(extra.horizonMs ? { horizonMs: extra.horizonMs } : {}), ...(extra.target ? { target: extra.target } : {}) });
  if (r.plan === undefined) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.plan;
}

describe('plans of a state with windows', () => {
  it('is computed at its instant, not at createdAt, and records that instant', () => {
    expect(plan('2026-12-01T12:00:00Z').changes).toEqual([]);
    const p = plan('2026-12-02T12:00:00Z');
    expect(p.at).toBe('2026-12-02T12:00:00.000Z');
    expect(p.changes).toEqual([
      { kind: 'add', agentId: 1001, skillId: 103, after: { proficiency: 4, active: true } },
      { kind: 'update', agentId: 1002, skillId: 101, before: { proficiency: 5, active: false }, after: { proficiency: 5, active: true } },
    ]);
  });

  it('lists the transitions within the horizon, and the next one however far', () => {
    const p = plan('2026-12-01T12:00:00Z');
    expect(p.windows?.upcoming.map((t) => `${t.at} ${t.kind} ${t.agentName} ${t.skillName}`)).toEqual([
      '2026-12-01T23:00:00.000Z add ann Sales EN',
      '2026-12-02T08:00:00.000Z update bob Billing EN',
    ]);
    // bob's Sales EN ends on 10 December, beyond the default horizon of 7 days.
    expect(plan('2026-12-01T12:00:00Z', { horizonMs: 10 * 86_400_000 }).windows?.upcoming.map((t) => `${t.at} ${t.kind} ${t.skillName}`).at(-1)).toBe('2026-12-09T23:00:00.000Z remove Sales EN');
    expect(p.windows?.next).toBe('2026-12-01T23:00:00.000Z');
    const short = plan('2026-12-01T12:00:00Z', { horizonMs: 3_600_000 });
    expect(short.windows?.upcoming).toEqual([]);
    expect(short.windows?.next).toBe('2026-12-01T23:00:00.000Z');
    const late = plan('2026-12-30T00:00:00Z');
    expect(late.windows).toBeDefined();
    expect(late.windows!.upcoming).toEqual([]);
    expect(late.windows!.next).toBeUndefined();
  });

  it('marks changes that enact a window opened or closed since as scheduled, and changes someone made in CXone as not', () => {
    expect(plan('2026-12-02T12:00:00Z').windows?.scheduled).toEqual([
      { agentId: 1001, skillId: 103, since: '2026-12-01T23:00:00.000Z' },
      { agentId: 1002, skillId: 101, since: '2026-12-02T08:00:00.000Z' },
    ]);
    // A day after the transitions, a window still not enacted is drift again.
    expect(plan('2026-12-03T12:00:00Z').windows?.scheduled).toEqual([]);
    // bob's Billing EN was switched on by hand before its window: that is drift, not scheduled.
    const edited = live([agent(1001, 'ann'), agent(1002, 'bob')], [skill(101, 'Billing EN'), skill(103, 'Sales EN')], [[1001, 101, 3], [1002, 101, 7], [1002, 103, 2]]);
    const p = plan('2026-12-01T12:00:00Z', { l: edited });
    expect(p.changes.map((c) => `${c.kind} ${c.agentId}/${c.skillId}`)).toEqual(['update 1002/101']);
    expect(p.windows?.scheduled).toEqual([]);
  });

  it('narrows the transitions with --agents', () => {
    expect(plan('2026-12-01T12:00:00Z', { target: { agents: ['bob'], skills: [] } }).windows?.upcoming.map((t) => `${t.agentName} ${t.skillName}`)).toEqual(['bob Billing EN']);
  });

  it('covers the stretch between transitions with the digest, not the instant, and leaves plans of states without windows as they were', () => {
    const p = plan('2026-12-01T12:00:00Z');
    // An hour later, nothing opened or closed: the same plan, the same digest.
    expect(plan('2026-12-01T13:00:00Z').digest).toBe(p.digest);
    expect(planDigest({ ...p, windows: { ...p.windows!, next: '2026-12-01T23:30:00.000Z' } })).not.toBe(p.digest);
    const plain = buildPlan({ desired: state('agents:\n  ann:\n    skills:\n      Billing EN: 3\n'), live: tenant, createdAt: '2026-12-01T12:00:00.000Z', toolVersion: 'test' }).plan!;
    expect(plain.at).toBeUndefined();
    expect(plain.windows).toBeUndefined();
  });

  it('renders the transitions in text and Markdown', () => {
    const p = plan('2026-12-01T12:00:00Z', { l: live([agent(1001, 'ann'), agent(1002, 'bob')], [skill(101, 'Billing EN'), skill(103, 'Sales EN')], [[1002, 101, 5, false], [1002, 103, 2]]) });
    expectGolden('windows.txt', renderText(p, { color: false }));
    expectGolden('windows.md', renderMarkdown(p));
  });
});

describe('windowPassed', () => {
  const saved = (at: string) => ({ at, createdAt: at, managedAgentIds: [1001, 1002], scope: { skills: ['Billing *', 'Sales *'], agents: 'declared' as const }, names: { agents: {}, skills: {} } });
  const at = (iso: string) => Date.parse(iso);

  it('accepts a plan when no transition lies between its instant and now', () => {
    expect(windowPassed(saved('2026-12-01T12:00:00.000Z'), state(), tenant, at('2026-12-01T22:59:59.999Z'))).toEqual([]);
  });

  it('refuses with PLAN_WINDOW_PASSED when one lies between, either way round, at the declaration of the window', () => {
    const [late] = windowPassed(saved('2026-12-01T12:00:00.000Z'), state(), tenant, at('2026-12-01T23:00:00.000Z'));
    expect(late && formatDiagnostic(late)).toBe(
      's/a.yaml:7:16: error PLAN_WINDOW_PASSED: A window opened for ann × "Sales EN" at 2026-12-02T00:00+01:00, between the plan\'s instant (2026-12-01T13:00+01:00) and now (2026-12-02T00:00+01:00): the plan no longer says what the state wants. Run plan again and review the new plan.',
    );
    const early = windowPassed(saved('2026-12-10T12:00:00.000Z'), state(), tenant, at('2026-12-01T12:00:00.000Z'));
    expect(early.map((d) => d.code)).toEqual(['PLAN_WINDOW_PASSED']);
    expect(early[0]!.message).toContain('(and 2 more transitions)');
  });

  it('refuses from the plan\'s own stretch when the live read names no agents (a delta staleness check)', () => {
    const p = plan('2026-12-01T12:00:00Z');
    expect(p.windows?.previous).toBeUndefined();
    expect(p.windows?.next).toBe('2026-12-01T23:00:00.000Z');
    // A delta read names no agent, and the plan (made before the window) has no change, so no names either.
    const delta = { agents: [], skills: tenant.skills };
    expect(windowPassed(p, state(), delta, at('2026-12-01T22:00:00.000Z'))).toEqual([]);
    expect(windowPassed(p, state(), delta, at('2026-12-01T23:00:00.000Z')).map((d) => d.message)).toEqual([
      "A window opened for ann × \"Sales EN\" at 2026-12-02T00:00+01:00, between the plan's instant (2026-12-01T13:00+01:00) and now (2026-12-02T00:00+01:00): the plan no longer says what the state wants. Run plan again and review the new plan.",
    ]);
    // Made ahead for 3 December: its stretch began on 2 December at 09:00 Berlin, so before that it is refused.
    const ahead = plan('2026-12-03T12:00:00Z');
    expect(ahead.windows?.previous).toBe('2026-12-02T08:00:00.000Z');
    expect(windowPassed(ahead, state(), delta, at('2026-12-02T07:59:00.000Z')).map((d) => d.code)).toEqual(['PLAN_WINDOW_PASSED']);
    expect(windowPassed(ahead, state(), delta, at('2026-12-02T08:00:00.000Z'))).toEqual([]);
    // The plan names the agents of its changes: the state then says which window it was.
    expect(windowPassed(ahead, state(), delta, at('2026-12-02T07:59:00.000Z'))[0]!.message).toMatch(/^A window changed for bob × "Billing EN" at 2026-12-02T09:00\+01:00/);
  });

  it('looks only at the plan\'s managed agents', () => {
    expect(windowPassed({ ...saved('2026-12-01T12:00:00.000Z'), managedAgentIds: [1002] }, state(), tenant, at('2026-12-02T07:00:00.000Z'))).toEqual([]);
  });
});

describe('names in windows', () => {
  it('refuses an unknown skill in a window that is not open at the plan\'s instant', () => {
    const text = 'agents:\n  ann:\n    skills:\n      Billing EN: 3\n      Sales XX: { proficiency: 4, from: 2027-01-01 }\n';
    const r = buildPlan({ desired: state(text), live: tenant, createdAt: '2026-12-01T12:00:00.000Z', toolVersion: 'test' });
    expect(r.plan).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual(['UNKNOWN_SKILL 5:7']);
  });
});

describe('saved plans with windows', () => {
  it('round-trips through the plan file, and refuses windows of the wrong shape as PLAN_INVALID', () => {
    const p = plan('2026-12-02T12:00:00Z');
    const back = parsePlanFile(serializePlan(p), 'plan.json');
    expect(back.diagnostics).toEqual([]);
    expect(back.plan?.windows).toEqual(p.windows);
    const bad = JSON.parse(serializePlan(p)) as Record<string, unknown>;
    bad.windows = { ...p.windows!, next: 'soon' };
    const problems = parsePlanFile(JSON.stringify(bad), 'plan.json').diagnostics;
    expect(problems.map((d) => d.code)).toEqual(['PLAN_INVALID']);
    expect(problems[0]!.message).toContain('/windows/next');
    delete (bad.windows as Record<string, unknown>).timeZone;
    expect(parsePlanFile(JSON.stringify(bad), 'plan.json').diagnostics.map((d) => d.message)).toEqual(['the plan file is not a plan cxskills made: /windows has no "timeZone". Make a new plan.']);
  });
});

describe('routing coverage when a window closes', () => {
  const text = 'agents:\n  ann:\n    skills:\n      Billing EN: 3\n      Sales EN: { proficiency: 4, until: 2026-12-10 }\n';
  const l = live([agent(1001, 'ann')], [skill(101, 'Billing EN'), skill(103, 'Sales EN')], [[1001, 101, 3], [1001, 103, 4]]);
  const coverage = (at: string) => buildPlan({ desired: state(text), live: l, createdAt: at, toolVersion: 'test' }).plan!.coverage!.map((f) => `${f.severity} ${f.code} ${f.name}`);

  it('is a warning when only scheduled changes leave a skill without agents: the window\'s until was reviewed', () => {
    expect(coverage('2026-12-10T12:00:00.000Z')).toEqual(['warning SKILL_UNCOVERED Sales EN']);
  });

  it('is an error again once the change is no longer scheduled (a day after the window closed)', () => {
    expect(coverage('2026-12-12T00:00:00.000Z')).toEqual(['error SKILL_UNCOVERED Sales EN']);
  });
});

describe('the digest of a windowed plan', () => {
  it('covers the scheduled pairs, which turn coverage findings into warnings', () => {
    const p = plan('2026-12-02T12:00:00Z');
    expect(planDigest({ ...p, windows: { ...p.windows!, scheduled: [] } })).not.toBe(p.digest);
  });
});

describe('policy and windows', () => {
  it('judges the policy on the state at the plan\'s instant: two campaign skills in windows that only meet are never held together', () => {
    const config = `${CONFIG}policy:\n  - skills: "Sales *"\n    maxSkillsPerAgent: 1\n`;
    const text = 'agents:\n  ann:\n    skills:\n      Sales EN: { proficiency: 4, until: 2026-12-10 }\n      Sales ES: { proficiency: 5, from: 2026-12-10 }\n';
    const r = parseDesiredState('s', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text }]);
    const l = live([agent(1001, 'ann')], [skill(103, 'Sales EN'), skill(104, 'Sales ES')], []);
    for (const at of ['2026-12-09T12:00:00.000Z', '2026-12-10T12:00:00.000Z']) {
      const p = buildPlan({ desired: r.state!, live: l, createdAt: at, toolVersion: 'test' });
      expect(p.diagnostics.filter((d) => d.code.startsWith('POLICY')), at).toEqual([]);
      expect(p.plan?.changes).toHaveLength(1);
    }
    // Overlapping by a day, they are held together on 10 December: the rule finds it.
    const overlapping = parseDesiredState('s', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: text.replace('until: 2026-12-10', 'until: 2026-12-11') }]);
    const both = buildPlan({ desired: overlapping.state!, live: l, createdAt: '2026-12-10T12:00:00.000Z', toolVersion: 'test' });
    expect(both.diagnostics.filter((d) => d.code.startsWith('POLICY')).length).toBeGreaterThan(0);
  });
});
