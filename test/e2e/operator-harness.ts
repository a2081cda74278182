/**
 * Running operator commands (import, generate, export, rollback, validate) as the built CLI in a child
 * process. Until a command is registered in src/cli/main.ts it is run through a two-line entry that
 * imports its built module, so the tests exercise the same code either way.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from '../../src/cli/main.js';
import { ROOT, runCli, type CliRun } from './harness.js';

const MODULES: Record<string, { file: string; exported: string }> = {
  import: { file: 'import.js', exported: 'importCommand' },
  generate: { file: 'generate.js', exported: 'generateCommand' },
  export: { file: 'export.js', exported: 'exportCommand' },
  rollback: { file: 'rollback.js', exported: 'rollbackCommand' },
  validate: { file: 'validate.js', exported: 'validateCommand' },
};

let entries: Promise<string> | undefined;

/** A tiny entry point per operator command, written once per test file. */
async function entryDir(): Promise<string> {
  entries ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxskills-entry-'));
    for (const [name, m] of Object.entries(MODULES)) {
      const url = pathToFileURL(join(ROOT, 'dist/src/cli/commands', m.file)).href;
      const io = '{ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }';
      const output = pathToFileURL(join(ROOT, 'dist/src/cli/output.js')).href;
      // Errors are reported the way main does: diagnostics one per line, other errors by message.
      const text =
        `import { ${m.exported} as c } from ${JSON.stringify(url)};\n` +
        `import { printDiagnostics } from ${JSON.stringify(output)};\n` +
        `const io = ${io};\n` +
        `c.run(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, (e) => {\n` +
        `  if (Array.isArray(e?.diagnostics)) printDiagnostics(io, e.diagnostics);\n` +
        `  else process.stderr.write((e?.code && e.code !== 'USAGE' ? 'error ' + e.code + ': ' : '') + String(e?.message ?? e) + '\\n');\n` +
        `  process.exitCode = 1;\n` +
        `});\n`;
      await writeFile(join(dir, `${name}.mjs`), text);
    }
    return dir;
  })();
  return entries;
}

export async function runOperator(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<CliRun> {
  const [name, ...rest] = args;
  if (name === undefined || COMMANDS.some((c) => c.name === name) || MODULES[name] === undefined) return runCli(args, options);
  const { spawn } = await import('node:child_process');
  const entry = join(await entryDir(), `${name}.mjs`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry, ...rest], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
