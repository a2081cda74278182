import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadDesiredState, MAX_FILE_BYTES } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';

const LOADER = fileURLToPath(new URL('../../dist/src/config/index.js', import.meta.url));

/** Runs loadDesiredState(dir) in a child process as uid/gid 65534 (nobody), from the built sources. */
async function loadAsNobody(target: string): Promise<Diagnostic[]> {
  const script = `import(${JSON.stringify(LOADER)}).then(async (m) => process.stdout.write(JSON.stringify((await m.loadDesiredState(${JSON.stringify(target)})).diagnostics)))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { uid: 65534, gid: 65534, cwd: '/' });
  return JSON.parse(stdout) as Diagnostic[];
}

const CONFIG = 'version: 1\nscope:\n  skills: ["Billing *"]\n';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxskills-load-'));
  await writeFile(join(dir, 'cxskills.yaml'), CONFIG);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, text: string | Buffer): Promise<void> {
  await mkdir(join(dir, path, '..'), { recursive: true });
  await writeFile(join(dir, path), text);
}

describe('loadDesiredState', () => {
  test('reports DIR_UNREADABLE for a directory that does not exist', async () => {
    const missing = join(dir, 'nope');
    const result = await loadDesiredState(missing);
    expect(result.state).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'DIR_UNREADABLE', file: missing, message: `cannot read the skills-state directory ${missing}: it does not exist` }]);
  });

  test('reads .yaml and .yml files at any depth', async () => {
    await put('a.yml', 'agents:\n  amy: {}\n');
    await put('teams/x/deep.yaml', 'agents:\n  bob: {}\n');
    const { state } = await loadDesiredState(dir);
    expect(state?.agents.map((a) => a.key)).toEqual(['amy', 'bob']);
  });

  test('skips dot-directories, dot-files, node_modules and files that are not YAML', async () => {
    await put('.git/config.yaml', 'not: [valid');
    await put('.yamllint.yaml', 'rules: {}\n');
    await put('node_modules/x/y.yaml', 'agents:\n  ghost: {}\n');
    await put('README.md', '# agents');
    await put('agents.json', '{"agents": {"ghost": {}}}');
    await put('agents.yaml', 'agents:\n  amy: {}\n');
    const result = await loadDesiredState(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.state?.agents.map((a) => a.key)).toEqual(['amy']);
  });

  test('refuses a file over 5 MiB by its size, without reading it, and accepts one of exactly 5 MiB', async () => {
    await put('big.yaml', Buffer.alloc(MAX_FILE_BYTES + 1, 'x'));
    await put('fits.yaml', `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n`);
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['FILE_TOO_LARGE', join(dir, 'big.yaml')]]);
    expect(result.state).toBeUndefined();
  });

  test('does not report profiles as unknown, or as unused, when a file that may declare or use them was refused', async () => {
    await put('big.yaml', Buffer.alloc(MAX_FILE_BYTES + 1, 'x'));
    await put('agents.yaml', 'profiles:\n  maybe-used-in-big: {}\nagents:\n  amy: { profiles: [maybe-in-big] }\n');
    const codes = (await loadDesiredState(dir)).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['FILE_TOO_LARGE']);
  });

  test('reports FILE_ENCODING for a file that is not UTF-8', async () => {
    await put('latin1.yaml', Buffer.from('agents:\n  j\xe9r\xf4me: {}\n', 'latin1'));
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['FILE_ENCODING', join(dir, 'latin1.yaml')]]);
  });

  test('reports CONFIG_MISSING for a directory without cxskills.yaml, and allows one without agents', async () => {
    expect((await loadDesiredState(dir)).state?.agents).toEqual([]);
    await rm(join(dir, 'cxskills.yaml'));
    const result = await loadDesiredState(dir);
    expect(result.diagnostics).toMatchObject([{ code: 'CONFIG_MISSING', file: join(dir, 'cxskills.yaml') }]);
  });

  // Permissions do not stop root, so this can only be shown as an ordinary user.
  test('reports FILE_UNREADABLE for a file or sub-directory it may not read', async () => {
    await put('secret.yaml', 'agents:\n  amy: {}\n');
    await put('locked/x.yaml', 'agents:\n  bob: {}\n');
    await chmod(dir, 0o755);
    await chmod(join(dir, 'cxskills.yaml'), 0o644);
    await chmod(join(dir, 'secret.yaml'), 0o000);
    await chmod(join(dir, 'locked'), 0o000);
    try {
      // Permissions do not stop root: then the load runs in a child process as the unprivileged "nobody".
      const diagnostics = process.getuid?.() === 0 ? await loadAsNobody(dir) : (await loadDesiredState(dir)).diagnostics;
      expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['FILE_UNREADABLE', join(dir, 'locked')],
        ['FILE_UNREADABLE', join(dir, 'secret.yaml')],
      ]);
    } finally {
      await chmod(join(dir, 'secret.yaml'), 0o644);
      await chmod(join(dir, 'locked'), 0o755);
    }
  });

  test('reads symlinked files but does not follow symlinked directories (no loops)', async () => {
    await put('real/agents.yaml', 'agents:\n  amy: {}\n');
    await symlink(join(dir, 'real/agents.yaml'), join(dir, 'linked.yaml'));
    await symlink(join(dir, 'real'), join(dir, 'loop'));
    await put('extra/more.yaml', 'agents:\n  bob: {}\n');
    const result = await loadDesiredState(dir);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['AGENT_DUPLICATE']);
    expect(result.diagnostics[0]?.file).toBe(join(dir, 'real/agents.yaml'));
  });
});
