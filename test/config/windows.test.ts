import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { desiredAt } from '../../src/model/windows.js';
import type { DesiredState } from '../../src/model/types.js';

const CONFIG = 'version: 1\nscope:\n  skills: ["*"]\ntimeZone: Europe/Berlin\n';
const load = (state: string, config = CONFIG) => parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }, { path: 'a.yaml', text: state }]);
const loaded = (state: string, config = CONFIG): DesiredState => {
  const r = load(state, config);
  if (r.state === undefined) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.state;
};
/** `{ skill: "proficiency/active" }` of one agent at an instant. */
const skillsAt = (state: DesiredState, iso: string, agent = 'ann') => {
  const a = desiredAt(state, Date.parse(iso)).agents.find((x) => x.key === agent)!;
  return Object.fromEntries([...a.skills].map(([n, s]) => [n, `${s.proficiency}${s.active ? '' : '/off'}`]));
};

describe('windows on skills', () => {
  const state = loaded(
    'agents:\n  ann:\n    skills:\n      Billing: 4\n      Holiday Sales: { proficiency: 3, from: 2026-12-02, until: "2026-12-24T12:00" }\n      Cover: { proficiency: 2, from: 2026-12-05T08:00:00Z, outside: inactive }\n',
  );

  it('desires a windowed skill from `from` (inclusive, local midnight) until `until` (exclusive)', () => {
    expect(skillsAt(state, '2026-12-01T22:59:59.999Z')).toEqual({ Billing: '4', Cover: '2/off' });
    expect(skillsAt(state, '2026-12-01T23:00:00Z')).toEqual({ Billing: '4', 'Holiday Sales': '3', Cover: '2/off' });
    expect(skillsAt(state, '2026-12-24T10:59:59.999Z')).toEqual({ Billing: '4', 'Holiday Sales': '3', Cover: '2' });
    expect(skillsAt(state, '2026-12-24T11:00:00Z')).toEqual({ Billing: '4', Cover: '2' });
  });

  it('keeps a skill with outside: inactive switched off outside its window', () => {
    expect(skillsAt(state, '2026-12-05T07:59:00Z').Cover).toBe('2/off');
    expect(skillsAt(state, '2026-12-05T08:00:00Z').Cover).toBe('2');
  });

  it('reports an unknown timeZone at its place and reads nothing in it (no crash on a local time)', () => {
    const r = load('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: 2026-12-02 }\n', 'version: 1\nscope:\n  skills: ["*"]\ntimeZone: Mars/Olympus\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual(['TIMEZONE_INVALID 4:11']);
  });

  it('reads times in UTC when cxskills.yaml sets no timeZone', () => {
    const utc = loaded('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: 2026-12-02 }\n', 'version: 1\nscope:\n  skills: ["*"]\n');
    expect(skillsAt(utc, '2026-12-01T23:30:00Z')).toEqual({});
    expect(skillsAt(utc, '2026-12-02T00:00:00Z')).toEqual({ S: '1' });
  });
});

describe('windows on profile memberships and through profiles', () => {
  it('gives a profile\'s skills only within the membership window, intersected with the skills\' own windows', () => {
    const state = loaded(
      [
        'profiles:',
        '  campaign:',
        '    skills:',
        '      Sales: 5',
        '      Promo: { proficiency: 2, until: 2026-12-10 }',
        'agents:',
        '  ann:',
        '    profiles: [{ profile: campaign, from: 2026-12-02, until: 2026-12-20 }]',
        '',
      ].join('\n'),
    );
    expect(skillsAt(state, '2026-12-01T12:00:00Z')).toEqual({});
    expect(skillsAt(state, '2026-12-05T12:00:00Z')).toEqual({ Sales: '5', Promo: '2' });
    expect(skillsAt(state, '2026-12-15T12:00:00Z')).toEqual({ Sales: '5' });
    expect(skillsAt(state, '2026-12-21T12:00:00Z')).toEqual({});
  });

  it('lets an own window override an included value while it is open, and the included value show again after', () => {
    const state = loaded('profiles:\n  base:\n    skills:\n      Billing: 8\nagents:\n  ann:\n    profiles: [base]\n    skills:\n      Billing: { proficiency: 2, from: 2026-12-02, until: 2026-12-03 }\n');
    expect(skillsAt(state, '2026-12-01T12:00:00Z')).toEqual({ Billing: '8' });
    expect(skillsAt(state, '2026-12-02T12:00:00Z')).toEqual({ Billing: '2' });
    expect(skillsAt(state, '2026-12-03T12:00:00Z')).toEqual({ Billing: '8' });
  });

  it('accepts two profiles giving one skill different values in windows that only meet', () => {
    const state = loaded(
      'profiles:\n  december:\n    skills:\n      Sales: 3\n  january:\n    skills:\n      Sales: 6\nagents:\n  ann:\n    profiles:\n      - { profile: december, from: 2026-12-01, until: 2027-01-01 }\n      - { profile: january, from: 2027-01-01, until: 2027-02-01 }\n',
    );
    expect(skillsAt(state, '2026-12-31T22:59:00Z')).toEqual({ Sales: '3' });
    expect(skillsAt(state, '2026-12-31T23:00:00Z')).toEqual({ Sales: '6' });
  });
});

describe('window validation', () => {
  const codes = (state: string, config?: string) => load(state, config).diagnostics.map(formatDiagnostic);

  it('refuses overlapping windows that give one pair different values, with WINDOW_OVERLAP at the later membership', () => {
    const out = codes(
      'profiles:\n  a:\n    skills:\n      Sales: 3\n  b:\n    skills:\n      Sales: 6\nagents:\n  ann:\n    profiles:\n      - { profile: a, from: 2026-12-01, until: 2026-12-10 }\n      - { profile: b, from: 2026-12-09 }\n',
    );
    expect(out).toEqual([
      'd/a.yaml:12:9: error WINDOW_OVERLAP: agent "ann" gets skill "Sales" with different values from 2026-12-09T00:00+01:00 on, from profile "a" (proficiency 3 at d/a.yaml:4:7) and profile "b" (proficiency 6 at d/a.yaml:7:7): their windows overlap; make the windows meet (until is exclusive) or set "Sales" on the agent itself at /agents/ann/profiles/1',
    ]);
  });

  it('accepts overlapping windows that give the same value', () => {
    expect(codes('profiles:\n  a:\n    skills:\n      Sales: 3\n  b:\n    skills:\n      Sales: 3\nagents:\n  ann:\n    profiles:\n      - { profile: a, from: 2026-12-01, until: 2026-12-10 }\n      - { profile: b, from: 2026-12-09 }\n')).toEqual([]);
  });

  it('refuses until ≤ from with WINDOW_EMPTY on until', () => {
    expect(codes('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: 2026-12-02, until: 2026-12-02 }\n')).toEqual([
      'd/a.yaml:4:53: error WINDOW_EMPTY: the window is empty: until (2026-12-02) is not after from (2026-12-02, at d/a.yaml:4:34); until is exclusive at /agents/ann/skills/S/until',
    ]);
  });

  it('refuses unparseable and impossible times with file:line:col', () => {
    const out = load('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: 2026-02-30 }\n      T: { proficiency: 1, until: tomorrow }\n').diagnostics;
    expect(out.map((d) => `${d.code} ${d.line}:${d.col}`)).toEqual(['WINDOW_TIME_INVALID 4:34', 'WINDOW_TIME_INVALID 5:35']);
  });

  it('refuses a time zone Intl does not know with TIMEZONE_INVALID', () => {
    const out = codes('agents: {}\n', 'version: 1\nscope:\n  skills: ["*"]\ntimeZone: Europe/Atlantis\n');
    expect(out).toEqual(['d/cxskills.yaml:4:11: error TIMEZONE_INVALID: timeZone "Europe/Atlantis" is not an IANA time zone this Node.js knows (such as "Europe/Berlin", "America/New_York" or "UTC") at /timeZone']);
  });

  it('refuses an unknown value of outside', () => {
    expect(load('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: 2026-12-01, outside: hide }\n').diagnostics.map((d) => d.code)).toEqual(['SCHEMA_VALUE']);
  });
});

describe('windows across daylight-saving changes', () => {
  it('reads an until inside the spring-forward gap as the time after the gap, and a repeated from as its first occurrence', () => {
    const state = loaded('agents:\n  ann:\n    skills:\n      S: { proficiency: 1, from: "2026-10-25T02:30", until: "2027-03-28T02:30" }\n');
    // 02:30 on 25 October happens twice in Berlin: the window opens at the first (00:30 UTC).
    expect(skillsAt(state, '2026-10-25T00:29:59Z')).toEqual({});
    expect(skillsAt(state, '2026-10-25T00:30:00Z')).toEqual({ S: '1' });
    // 02:30 on 28 March does not exist: the window closes at 03:30 summer time (01:30 UTC).
    expect(skillsAt(state, '2027-03-28T01:29:59Z')).toEqual({ S: '1' });
    expect(skillsAt(state, '2027-03-28T01:30:00Z')).toEqual({});
  });
});
