import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, type CliIo } from '../../src/cli/command.js';
import { emulatorCommand, parseEmulatorArgs, serveEmulator } from '../../src/cli/commands/emulator.js';
import { DEFAULT_TENANT_ID, type TenantData } from '../../src/emulator/index.js';
import { call } from './helpers.js';

function io(cwd = process.cwd()): CliIo & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd, out: () => chunks.join('') };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('parseEmulatorArgs', () => {
  it('maps every option onto emulator options', () => {
    const run = parseEmulatorArgs(
      ['--port', '8123', '--agents', '500', '--skills', '20', '--skills-per-agent', '6', '--seed', '9', '--rate', '50', '--burst', '80',
        '--max-items', '50', '--latency', '25', '--token-ttl', '60', '--fault-503', '0.1', '--fault-reset-after', '0.02', '--retry-after', '3',
        '--fault-seed', '4', '--state', 'tenant.json', '--quirks', '--tenant-id', 'abc-123', '--cluster', 'B7', '--page-cap', '25',
        '--no-require-accept', '--require-filters', '--no-unassigned-items', '--no-upsert', '--etags', '--fault-item-fail', '0.05', '--conflicts', 'lists'],
      '/srv/x',
    );
    expect(run.options).toEqual({
      host: '127.0.0.1',
      port: 8123,
      tenant: { seed: 9, agents: 500, skills: 20, skillsPerAgent: 6 },
      maxItems: 50,
      latencyMs: 25,
      tokenTtlSeconds: 60,
      quirks: true,
      tenantId: 'abc-123',
      cluster: 'B7',
      pageCap: 25,
      requireAccept: false,
      requireFilters: true,
      unassignedItems: false,
      upsert: false,
      etags: true,
      retryAfter: true,
      conflicts: 'lists',
      rateLimit: { perSecond: 50, burst: 80 },
      faults: { rates: { '503': 0.1, 'reset-after': 0.02 }, itemFailRate: 0.05, retryAfterSeconds: 3, seed: 4 },
      stateFile: '/srv/x/tenant.json',
    });
    expect(run.saveTo).toBe('/srv/x/tenant.json');
    expect(parseEmulatorArgs(['--no-rate-limit'], '/').options.rateLimit).toBeNull();
    expect(parseEmulatorArgs(['--no-retry-after'], '/').options.retryAfter).toBe(false);
  });

  it('defaults every v2 option as the contract says a real tenant behaves', () => {
    expect(parseEmulatorArgs([], '/').options).toMatchObject({
      tenantId: DEFAULT_TENANT_ID,
      cluster: 'C32',
      pageCap: 100,
      requireAccept: true,
      requireFilters: false,
      unassignedItems: true,
      upsert: true,
      etags: false,
      retryAfter: true,
      faults: { rates: {} },
    });
  });

  it.each([
    [['--agents', 'ten'], 'emulator: --agents must be a non-negative integer, got "ten".'],
    [['--port', '70000'], 'emulator: --port must be an integer 0..65535, got "70000".'],
    [['--rate', '0'], 'emulator: --rate must be a number > 0, got "0".'],
    [['--burst', '1.5'], 'emulator: --burst must be an integer >= 1, got "1.5".'],
    [['--fault-500', '1.2'], 'emulator: --fault-500 must be a number between 0 and 1, got "1.2".'],
    [['--latency=-5'], 'emulator: --latency must be a number >= 0, got "-5".'],
    [['--host', '0.0.0.0'], 'emulator: --host must be a loopback address (127.0.0.0/8, ::1 or localhost), got "0.0.0.0".'],
    [['--no-rate-limit', '--rate', '5'], 'emulator: --no-rate-limit cannot be combined with --rate or --burst.'],
    [['--page-cap', '0'], 'emulator: --page-cap must be an integer >= 1, got "0".'],
    [['--tenant-id', 'a b'], 'emulator: --tenant-id must be 1..64 letters, digits and dashes, got "a b".'],
    [['--cluster', 'c-32'], 'emulator: --cluster must be letters then digits, such as C32, got "c-32".'],
    [['--fault-item-fail', '2'], 'emulator: --fault-item-fail must be a number between 0 and 1, got "2".'],
    [['--agents', '1e9'], 'emulator: --agents must be a non-negative integer, got "1e9".'],
    [['--agents', '0x10'], 'emulator: --agents must be a non-negative integer, got "0x10".'],
    [['--agents', '1000000000'], 'emulator: agents must be at most 200,000, got 1,000,000,000.'],
    [['--agents', '100000', '--skills', '300', '--skills-per-agent', '100'], 'emulator: 100,000 agents × 100 skills each is 10,000,000 assignments, above the 5,000,000 an emulator holds in memory.'],
    [['--conflicts', 'pairs'], 'emulator: --conflicts must be agents or lists, got "pairs".'],
    [['--no-retry-after', '--retry-after', '2'], 'emulator: --no-retry-after cannot be combined with --retry-after.'],
  ])('refuses %j with an exact message', (argv, message) => {
    expect(() => parseEmulatorArgs(argv, '/')).toThrow(new UsageError(message));
  });

  it('refuses unknown options', () => {
    expect(() => parseEmulatorArgs(['--agnets', '3'], '/')).toThrow(UsageError);
  });
});

describe('cxskills emulator', () => {
  it('prints the URLs and export lines (with the public demo credentials), serves until stopped, and saves --state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxskills-emulator-cli-'));
    const out = io(dir);
    let stop: (reason: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const running = serveEmulator(['--agents', '7', '--skills', '5', '--skills-per-agent', '2', '--state', 'state.json', '--no-rate-limit'], out, () => stopped);
    while (!out.out().includes('Press Ctrl-C')) await new Promise((r) => setTimeout(r, 10));
    const text = out.out();
    expect(text).toContain('7 agents, 5 skills, 14 assignments');
    const exported = /export CXONE_DISCOVERY_URL=(\S+) CXONE_AUTH_URL=(\S+)/.exec(text);
    expect(exported?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/cxone-configuration$/);
    expect(exported?.[2]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authentication\/v1\/token\/access-key$/);
    expect(text).toContain('export CXONE_ACCESS_KEY_ID=demo-access-key CXONE_ACCESS_KEY_SECRET=demo-access-secret');
    expect(text).toContain('CXONE_CLIENT_ID=cxskills-demo CXONE_CLIENT_SECRET=demo-client-secret');
    expect(text).toContain(`tenant id:  ${DEFAULT_TENANT_ID}`);
    expect(text).toMatch(/API base: +http:\/\/127\.0\.0\.1:\d+\/incontactapi\/services\/v31\.0/);
    const discovery = await call(`${exported?.[1] ?? ''}?tenantId=${DEFAULT_TENANT_ID}`);
    expect(discovery.status).toBe(200);
    const controlUrl = /control:\s+(\S+)/.exec(text)?.[1] ?? '';
    expect((await call(controlUrl)).json).toMatchObject({ tokensIssued: 0 });
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(out.out()).toContain('stopping (SIGTERM)');
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TenantData;
    expect(saved.agents).toHaveLength(7);
    await expect(call(controlUrl)).rejects.toThrow();
  });

  it('prints its help, documenting every option', async () => {
    const out = io();
    expect(await emulatorCommand.run(['--help'], out)).toBe(0);
    for (const option of ['--host', '--port', '--agents', '--skills', '--skills-per-agent', '--seed', '--state', '--rate', '--burst', '--no-rate-limit',
      '--max-items', '--latency', '--token-ttl', '--quirks', '--fault-429', '--fault-500', '--fault-502', '--fault-503', '--fault-504', '--fault-409', '--fault-412',
      '--fault-reset-before', '--fault-reset-after', '--fault-hang', '--retry-after', '--fault-seed', '--tenant-id', '--cluster', '--page-cap',
      '--no-require-accept', '--require-filters', '--no-unassigned-items', '--no-upsert', '--etags', '--no-retry-after', '--fault-item-fail']) {
      expect(out.out()).toContain(option);
    }
    expect(emulatorCommand.help).toBe(out.out().trimEnd());
  });
});
