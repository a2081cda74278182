/** The emulator as a child process for benchmarks, so its CPU is not shared with the client under test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { copyFile } from 'node:fs/promises';
import { DEMO_CREDENTIALS, type EmulatorStats } from '../src/emulator/index.js';
import type { CxoneConfig } from '../src/cxone/index.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js');

export interface EmulatorProcess {
  /** The access-key grant against the API base directly, as cxskills connects in the bench. */
  config: CxoneConfig;
  /** For the per-agent baseline scripts: the base and the registered-app token endpoint. */
  apiBase: string;
  registeredAppUrl: string;
  env: NodeJS.ProcessEnv;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnEmulator(args: string[]): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=4096', CLI, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const apiBase = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`emulator did not start: ${out}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /API base:\s+(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`emulator exited (${code}): ${out}`)));
  });
  const origin = new URL(apiBase).origin;
  const control = `${origin}/__emulator`;
  const config: CxoneConfig = {
    apiBase,
    authUrl: `${origin}/authentication/v1/token/access-key`,
    credentials: { accessKeyId: DEMO_CREDENTIALS.accessKeyId, accessKeySecret: DEMO_CREDENTIALS.accessKeySecret },
  };
  const call = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const res = await request(`${control}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    config,
    apiBase,
    registeredAppUrl: `${origin}/auth/token`,
    env: {
      ...process.env,
      NO_COLOR: '1',
      CXONE_API_BASE: apiBase,
      CXONE_AUTH_URL: config.authUrl!,
      CXONE_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
      CXONE_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
    },
    stats: async () => (await call('GET', '/stats')) as EmulatorStats,
    resetStats: async () => void (await call('POST', '/stats/reset')),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench');
export const resultsFile = join(BENCH_DIR, 'results.json');

/** Runs `fn` against a fresh emulator loaded from a copy of `stateFile` (the original stays as it was). */
export async function withEmulator<T>(stateFile: string, args: string[], fn: (emulator: EmulatorProcess) => Promise<T>): Promise<T> {
  const copy = `${stateFile}.run.json`;
  await copyFile(stateFile, copy);
  const emulator = await spawnEmulator(['--state', copy, ...args]);
  try {
    return await fn(emulator);
  } finally {
    await emulator.stop();
  }
}
