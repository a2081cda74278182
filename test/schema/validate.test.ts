import { Ajv } from 'ajv';
import ajvErrors from 'ajv-errors';
import { describe, expect, test } from 'vitest';
import { SKILLS_STATE_SCHEMA, validateAgainstSchema } from '../../src/schema/index.js';

describe('validateAgainstSchema', () => {
  test('accepts a complete cxskills.yaml and a complete state file', () => {
    const config = { version: 1, scope: { skills: ['Billing *'], agents: 'all' }, safety: { maxRemoveRatio: 0, maxChangeRatio: 1, minManaged: 0 } };
    const state = {
      profiles: { core: { skills: { 'Billing EN': 3 } }, senior: { profiles: ['core'], skills: { 'Billing EN': { proficiency: 1, active: false } } } },
      agents: { jdoe: { profiles: ['senior'] }, '1042': null, empty: {} },
    };
    expect(validateAgainstSchema('config', config)).toEqual([]);
    expect(validateAgainstSchema('state', state)).toEqual([]);
    expect(validateAgainstSchema('state', { profiles: null, agents: null })).toEqual([]);
  });

  test.each([
    ['"3"', '3', 'proficiency must be an integer from 1 (best) to 20, got "3"'],
    ['0', 0, 'proficiency must be an integer from 1 (best) to 20, got 0'],
    ['21', 21, 'proficiency must be an integer from 1 (best) to 20, got 21'],
    ['2.5', 2.5, 'proficiency must be an integer from 1 (best) to 20, got 2.5'],
    ['true', true, 'proficiency must be an integer from 1 (best) to 20, got true'],
    ['null', null, 'proficiency must be an integer from 1 (best) to 20, got nothing (an empty value)'],
    ['a list', [3], 'proficiency must be an integer from 1 (best) to 20, got a list'],
  ])('reports exactly one PROFICIENCY_INVALID for %s', (_, value, message) => {
    const problems = validateAgainstSchema('state', { agents: { jdoe: { skills: { 'Billing EN': value } } } });
    expect(problems).toEqual([{ code: 'PROFICIENCY_INVALID', message, path: '/agents/jdoe/skills/Billing EN', target: 'value' }]);
  });

  test('checks the proficiency inside { proficiency, active } at its own path', () => {
    const problems = validateAgainstSchema('state', { agents: { j: { skills: { S: { proficiency: 25 } } } } });
    expect(problems).toEqual([
      { code: 'PROFICIENCY_INVALID', message: 'proficiency must be an integer from 1 (best) to 20, got 25', path: '/agents/j/skills/S/proficiency', target: 'value' },
    ]);
  });

  test('a missing key points at the mapping that lacks it', () => {
    expect(validateAgainstSchema('state', { agents: { j: { skills: { S: { active: true } } } } })).toEqual([
      { code: 'SCHEMA_REQUIRED', message: 'missing required key "proficiency" in a skill setting', path: '/agents/j/skills/S', target: 'container' },
    ]);
    expect(validateAgainstSchema('config', { scope: { skills: ['*'] } })).toEqual([
      { code: 'SCHEMA_REQUIRED', message: 'missing required key "version" in cxskills.yaml', path: '', target: 'container' },
    ]);
  });

  test('an unknown key points at the key, lists the allowed ones and suggests the closest', () => {
    expect(validateAgainstSchema('config', { version: 1, scope: { skills: ['*'], agent: 'all' } })).toEqual([
      {
        code: 'SCHEMA_UNKNOWN_KEY',
        message: 'unknown key "agent" in scope; allowed: skills, agents',
        path: '/scope/agent',
        target: 'key',
        suggestions: ['agents'],
      },
    ]);
  });

  test('profiles and agents in cxskills.yaml are sent to the other files', () => {
    const [problem] = validateAgainstSchema('config', { version: 1, scope: { skills: ['*'] }, agents: {} });
    expect(problem?.message).toBe('"agents" cannot be in cxskills.yaml; declare profiles and agents in other .yaml files of the directory');
  });

  test('version other than 1 is VERSION_UNSUPPORTED', () => {
    expect(validateAgainstSchema('config', { version: 2, scope: { skills: ['*'] } })).toMatchObject([
      { code: 'VERSION_UNSUPPORTED', message: 'version must be 1 (the only format version), got 2', path: '/version' },
    ]);
  });

  test('ratios and counts are range-checked with their key as the label', () => {
    const problems = validateAgainstSchema('config', { version: 1, scope: { skills: ['*'] }, safety: { maxChangeRatio: -0.1, minManaged: 1.5 } });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['SCHEMA_VALUE', 'maxChangeRatio must be a number from 0 to 1, got -0.1'],
      ['SCHEMA_TYPE', 'minManaged must be a whole number, 0 or more, got 1.5'],
    ]);
  });

  test('a profile listed twice points at the second mention', () => {
    expect(validateAgainstSchema('state', { agents: { j: { profiles: ['a', 'b', 'a'] } } })).toEqual([
      { code: 'SCHEMA_VALUE', message: 'profile "a" is listed twice', path: '/agents/j/profiles/2', target: 'value' },
    ]);
  });

  test('empty names and the reserved profile name "agent" are key problems', () => {
    const problems = validateAgainstSchema('state', { profiles: { agent: {}, '': {} }, agents: { j: { skills: { '': 3 } } } });
    expect(problems.map((p) => [p.code, p.path, p.target, p.message])).toEqual([
      ['SCHEMA_VALUE', '/profiles/agent', 'key', '"agent" cannot be a profile name: it is reserved for skills set on the agent itself'],
      ['SCHEMA_VALUE', '/profiles/', 'key', 'a profile name must not be empty'],
      ['SCHEMA_VALUE', '/agents/j/skills/', 'key', 'a skill name must not be empty'],
    ]);
  });

  test('collects every problem, not just the first', () => {
    const problems = validateAgainstSchema('state', { agents: { a: { skills: { X: 0, Y: '1' } }, b: { skils: {} }, c: [] } });
    expect(problems.map((p) => p.path)).toEqual(['/agents/a/skills/X', '/agents/a/skills/Y', '/agents/b/skils', '/agents/c']);
  });
});

describe('schemas/skills-state.schema.json', () => {
  type Json = { [key: string]: unknown };
  const definitions = SKILLS_STATE_SCHEMA.definitions as Record<string, Json>;

  test('has a stable $id and is draft-07 (widest editor support)', () => {
    expect(SKILLS_STATE_SCHEMA.$id).toBe('https://raw.githubusercontent.com/cxskills/cxskills/main/schemas/skills-state.schema.json');
    expect(SKILLS_STATE_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  test('closes every mapping: each object schema sets additionalProperties', () => {
    const open = Object.entries(definitions).filter(([, d]) => {
      const types = ([] as unknown[]).concat(d['type'] ?? []);
      return types.includes('object') && d['additionalProperties'] === undefined;
    });
    expect(open.map(([name]) => name)).toEqual([]);
  });

  test('describes every definition, for editor hovers', () => {
    expect(Object.entries(definitions).filter(([, d]) => typeof d['description'] !== 'string').map(([n]) => n)).toEqual([]);
  });

  test('as used by an editor, picks the cxskills.yaml rules when `version` is present and the state-file rules otherwise', () => {
    const validate = editorAjv().compile(SKILLS_STATE_SCHEMA);
    expect(validate({ version: 1, scope: { skills: ['*'] } })).toBe(true);
    expect(validate({ agents: { jdoe: { skills: { X: 3 } } } })).toBe(true);
    expect(validate({ version: 1, scope: { skills: ['*'] }, agents: {} })).toBe(false);
    expect(validate({ agents: { jdoe: { skills: { X: 30 } } } })).toBe(false);
    expect(validate({ scope: { skills: ['*'] } })).toBe(false);
  });

  test('carries errorMessages that an editor shows with the code and the wording of the CLI', () => {
    const validate = editorAjv().compile(SKILLS_STATE_SCHEMA);
    const cases: Array<[unknown, string]> = [
      [{ version: 2, scope: { skills: ['*'] } }, '/version'],
      [{ version: 1, scope: { skills: ['*'], agents: 'some' } }, '/scope/agents'],
      [{ version: 1, scope: { skills: ['*'] }, rate: 0 }, '/rate'],
      [{ agents: { jdoe: { skills: { X: 30 } } } }, '/agents/jdoe/skills/X'],
      [{ agents: { jdoe: { skills: { X: { proficiency: 2, active: 'yes' } } } } }, '/agents/jdoe/skills/X/active'],
    ];
    const withMessages = Object.entries(definitions).filter(([, d]) => typeof d['errorMessage'] === 'string').map(([n]) => n);
    expect(withMessages.sort()).toEqual(['active', 'agentsMode', 'proficiency', 'rate', 'version']);
    for (const [data, path] of cases) {
      expect(validate(data)).toBe(false);
      const editor = (validate.errors ?? []).filter((e) => e.keyword === 'errorMessage' && e.instancePath === path).map((e) => e.message);
      const kind = 'version' in (data as object) ? 'config' : 'state';
      const cli = validateAgainstSchema(kind, data).filter((p) => p.path === path);
      expect(cli).toHaveLength(1);
      // The CLI adds what it got ("…, got 30"); the rest, code included, is the editor's message.
      expect(editor).toEqual([`${cli[0]!.code}: ${cli[0]!.message.replace(/, got .*$/, '')}`]);
    }
  });
});

/** Ajv as an editor runs the schema: strict, every error, with the `errorMessage` keyword (ajv-errors). */
function editorAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  ajvErrors.default(ajv);
  return ajv;
}
