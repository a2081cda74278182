import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { connect } from '../../src/cli/connect.js';
import { cxoneEnv, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function fakeIo(env: NodeJS.ProcessEnv, tty: boolean): { io: CliIo; stderr: () => string } {
  const err = new PassThrough();
  let text = '';
  err.on('data', (d: Buffer) => (text += d.toString()));
  const stderr = Object.assign(err, { isTTY: tty });
  const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env, cwd: process.cwd() };
  return { io, stderr: () => text };
}

describe('connect().readLive', () => {
  it('shows a progress line of the bulk reads on a terminal, and clears it', async () => {
    emulator = await startEmulator({ tenant: { seed: 2, agents: 1500, skills: 16, skillsPerAgent: 4 }, rateLimit: null });
    const { io, stderr } = fakeIo({ ...cxoneEnv(emulator) }, true);
    // 4 calls a second: the pages arrive far enough apart for every progress update to be drawn.
    const connection = connect(io, 4);
    const live = await connection.readLive();
    await connection.client.close();
    expect(live.assignments).toHaveLength(6000);
    // Redraws are limited to ten a second, so the last one drawn may be any page of the read.
    expect(stderr()).toMatch(/Reading the tenant: .*\d[\d,]*\/6,000 assignments/);
    expect(stderr().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('is silent when stderr is not a terminal, or under CI', async () => {
    emulator = await startEmulator({ tenant: { seed: 2, agents: 50, skills: 16, skillsPerAgent: 4 }, rateLimit: null });
    for (const [env, tty] of [[{}, false], [{ CI: 'true' }, true]] as const) {
      const { io, stderr } = fakeIo({ ...cxoneEnv(emulator), ...env }, tty);
      const connection = connect(io, 1000);
      await connection.readLive();
      await connection.client.close();
      expect(stderr()).toBe('');
    }
  });
});
