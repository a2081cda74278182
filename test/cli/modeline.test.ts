import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { schemaRef, withModeline } from '../../src/cli/modeline.js';
import { sandbox, type Sandbox } from '../github/harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED = join(REPO, 'schemas/skills-state.schema.json');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/roster/${name}`, import.meta.url), 'utf8');

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.cleanup());

describe('the yaml-language-server modeline', () => {
  it('points at the shipped schema by a relative path when it lies inside the repository', () => {
    expect(schemaRef(join(REPO, 'skills-state/teams/a.yaml'), REPO, {}, SHIPPED)).toBe('../../schemas/skills-state.schema.json');
  });

  it('finds the shipped schema itself, built or not', () => {
    expect(schemaRef(join(REPO, 'skills-state/a.yaml'), REPO, {})).toBe('../schemas/skills-state.schema.json');
  });

  it('falls back to the schema $id outside it, and CXSKILLS_SCHEMA_URL wins over both', () => {
    expect(schemaRef('/elsewhere/agents.yaml', '/elsewhere', {}, SHIPPED)).toBe('https://raw.githubusercontent.com/cxskills/cxskills/main/schemas/skills-state.schema.json');
    expect(schemaRef(join(REPO, 'x.yaml'), REPO, { CXSKILLS_SCHEMA_URL: 'https://example.test/s.json' }, SHIPPED)).toBe('https://example.test/s.json');
  });

  it('goes first, replacing a modeline already there', () => {
    expect(withModeline('# yaml-language-server: $schema=old\na: 1\n', 'new')).toBe('# yaml-language-server: $schema=new\na: 1\n');
    expect(withModeline('# note\na: 1\n', 'new')).toBe('# yaml-language-server: $schema=new\n# note\na: 1\n');
  });

  it('is the first line of what generate writes, and generate --check accepts it', async () => {
    await box.file('roster.csv', fixture('roster.csv'));
    await box.file('rules.yaml', fixture('rules.yaml'));
    const env = { NO_COLOR: '1', CXSKILLS_SCHEMA_URL: 'https://example.test/skills-state.schema.json' };
    const run = await box.runCommand(generateCommand, ['--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'agents.yaml'], env);
    expect(run.stderr).toBe('');
    expect((await box.read('agents.yaml')).split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.test/skills-state.schema.json');
    const check = await box.runCommand(generateCommand, ['--roster', 'roster.csv', '--rules', 'rules.yaml', '--out', 'agents.yaml', '--check'], env);
    expect(check.code).toBe(0);
  });
});
