/** Terminal output decisions: colour (NO_COLOR, FORCE_COLOR, TTY), diagnostics, progress on a TTY only. */
import { Chalk } from 'chalk';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import type { CliIo } from './command.js';

export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io[stream].isTTY === true;
}

export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const chalk = new Chalk({ level: useColor(io, 'stderr') ? 1 : 0 });
  for (const d of diagnostics) {
    const line = formatDiagnostic(d);
    io.stderr.write(`${d.severity === 'error' ? chalk.red(line) : chalk.yellow(line)}\n`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) io.stderr.write(`${errors} error${errors === 1 ? '' : 's'} found; nothing was changed.\n`);
}

/** A single self-rewriting progress line on a TTY; silent otherwise (CI logs stay readable). */
export function progressLine(io: CliIo): { update(text: string): void; done(): void } {
  const tty = io.stderr.isTTY === true && !io.env.CI;
  let last = 0;
  return {
    update(text) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      io.stderr.write(`\r\u001b[2K${text}`);
    },
    done() {
      if (tty) io.stderr.write('\r\u001b[2K');
    },
  };
}
