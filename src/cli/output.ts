/** Terminal output decisions: colour (as chalk decides it, plus NO_COLOR and --no-color), diagnostics. */
import { Chalk, supportsColor, supportsColorStderr } from 'chalk';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import type { CliIo } from './command.js';

/**
 * Chalk's answer for the process's own streams (FORCE_COLOR, TERM=dumb, CI, TTY, --no-color), except that
 * NO_COLOR (no-color.org, which chalk leaves to its caller) always wins. A stream handed in by an embedder
 * or a test is not the one chalk measured, so it gets colour only when FORCE_COLOR asks for it.
 */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io[stream] === process[stream]) {
    const level = stream === 'stdout' ? supportsColor : supportsColorStderr;
    return level !== false && level.level > 0;
  }
  const force = io.env.FORCE_COLOR;
  return force !== undefined && force !== '0' && force !== 'false';
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

/** Why a command stopped after showing its plan: the lines alone, no "errors found" tally (the plan above tells what was found). */
export function printRefusals(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  const chalk = new Chalk({ level: useColor(io, 'stderr') ? 1 : 0 });
  for (const d of diagnostics) io.stderr.write(`${chalk.red(formatDiagnostic(d))}\n`);
}

/** A single self-rewriting status line on a TTY (the tenant read); silent otherwise. Apply's progress is progress.ts. */
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
