/** Apply progress from the executor's onProgress: a self-rewriting line with percentage and ETA on a TTY, a line every ~10 s in CI logs. */
import { formatDuration } from '../render/cost.js';
import { formatInteger } from '../render/format.js';
import type { CliIo } from './command.js';

export interface Progress {
  callsDone: number;
  callsTotal: number;
  changesApplied: number;
  changesFailed: number;
}

/** `Applying: 45 % (120/266 calls) · 3,400 applied · 0 failed · ETA 1 min 5 s`; no ETA before the first call ends. */
export function progressText(label: string, p: Progress, elapsedMs: number): string {
  const pct = p.callsTotal === 0 ? 100 : Math.floor((p.callsDone / p.callsTotal) * 100);
  const parts = [
    `${label}: ${pct} % (${formatInteger(p.callsDone)}/${formatInteger(p.callsTotal)} calls)`,
    `${formatInteger(p.changesApplied)} applied`,
    `${formatInteger(p.changesFailed)} failed`,
  ];
  if (p.callsDone > 0 && p.callsDone < p.callsTotal) {
    parts.push(`ETA ${formatDuration(((elapsedMs / p.callsDone) * (p.callsTotal - p.callsDone)) / 1000)}`);
  }
  return parts.join(' · ');
}

export interface ProgressOptions {
  label: string;
  now?: () => number;
  /** Between two lines in a log (non-TTY). Default 10 s. */
  logEveryMs?: number;
}

export interface ProgressReporter {
  onProgress(p: Progress): void;
  done(): void;
}

/**
 * On a TTY (and not under CI) the line rewrites itself at most every 100 ms; elsewhere a plain line is
 * written when ~10 s passed since the last, so a long apply in a CI log is never silent and never floods it.
 */
export function progressReporter(io: CliIo, o: ProgressOptions): ProgressReporter {
  const now = o.now ?? Date.now;
  const tty = io.stderr.isTTY === true && !io.env.CI;
  const every = tty ? 100 : (o.logEveryMs ?? 10_000);
  const started = now();
  let last = started;
  let shown = false;
  return {
    onProgress(p) {
      const t = now();
      if (t - last < every) return;
      last = t;
      const text = progressText(o.label, p, t - started);
      if (tty) {
        io.stderr.write(`\r\u001b[2K${text}`);
        shown = true;
      } else io.stderr.write(`${text}\n`);
    },
    done() {
      if (tty && shown) io.stderr.write('\r\u001b[2K');
    },
  };
}
