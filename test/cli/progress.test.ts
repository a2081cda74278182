import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { progressReporter, progressText } from '../../src/cli/progress.js';
import { capture } from '../github/harness.js';

function ioWith(tty: boolean, env: NodeJS.ProcessEnv = {}): { io: CliIo; text: () => string } {
  const err = capture();
  const stderr = Object.assign(err.stream, { isTTY: tty });
  return { io: { stdout: capture().stream, stderr, stdin: Readable.from(['']), env, cwd: '.' }, text: err.text };
}

const at = (done: number) => ({ callsDone: done, callsTotal: 200, changesApplied: done * 10, changesFailed: 0 });

describe('apply progress', () => {
  it('states the percentage, the calls, the changes and an ETA from the pace so far', () => {
    expect(progressText('Applying', at(50), 20_000)).toBe('Applying: 25 % (50/200 calls) · 500 applied · 0 failed · ETA 60 s');
    expect(progressText('Applying', at(0), 0)).toBe('Applying: 0 % (0/200 calls) · 0 applied · 0 failed');
    expect(progressText('Applying', { callsDone: 1_500, callsTotal: 3_000, changesApplied: 12_000, changesFailed: 3 }, 600_000)).toBe(
      'Applying: 50 % (1,500/3,000 calls) · 12,000 applied · 3 failed · ETA 10 min',
    );
  });

  it('rewrites one line on a TTY and clears it at the end', () => {
    let t = 0;
    const { io, text } = ioWith(true);
    const p = progressReporter(io, { label: 'Applying', now: () => t });
    t = 200;
    p.onProgress(at(10));
    t = 250;
    p.onProgress(at(11)); // under 100 ms later: skipped
    t = 400;
    p.onProgress(at(20));
    p.done();
    expect(text()).toBe('\r\u001b[2KApplying: 5 % (10/200 calls) · 100 applied · 0 failed · ETA 4 s\r\u001b[2KApplying: 10 % (20/200 calls) · 200 applied · 0 failed · ETA 4 s\r\u001b[2K');
  });

  it('writes a plain line every ~10 s in a CI log, never a control sequence', () => {
    let t = 0;
    const { io, text } = ioWith(true, { CI: 'true' });
    const p = progressReporter(io, { label: 'Applying', now: () => t });
    for (let s = 1; s <= 25; s += 1) {
      t = s * 1_000;
      p.onProgress(at(s * 8));
    }
    p.done();
    expect(text().split('\n').filter(Boolean)).toEqual([
      'Applying: 40 % (80/200 calls) · 800 applied · 0 failed · ETA 15 s',
      'Applying: 80 % (160/200 calls) · 1,600 applied · 0 failed · ETA 5 s',
    ]);
  });
});
