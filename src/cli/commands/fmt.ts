/** `cxskills fmt`: rewrite skills-state files in their canonical form (`--check` only lists them), for pre-commit hooks. */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadDesiredState } from '../../config/index.js';
import { listStateFiles } from '../../config/list-files.js';
import { formatStateText } from '../../format/canonical.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import type { Command } from '../command.js';
import { parse } from '../options.js';

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'Rewrite skills-state files in the canonical form (--check lists them instead); for pre-commit hooks',
  help: `Usage: cxskills fmt [--check] [--dir DIR]

Rewrites every state file and cxskills.yaml of DIR in one canonical form, as terraform fmt does:
skills within an agent or a profile sorted by name; agents and profiles kept in the order written
(that grouping is the author's); keys in a fixed order (profiles before skills and agents; version,
scope, safety, coverage, rate); an active skill as \`Name: 5\`, one switched off as
\`Name: {proficiency: 5, active: false}\`; text plain unless YAML needs quotes, then double quotes;
lists in flow style. Comments are kept. The meaning never changes: a file with an error (see
cxskills validate) is left as it is and reported. Files written by import and generate are already
in this form.

Options:
  --dir DIR    skills-state directory (default: skills-state)
  --check      change nothing; list the files that are not in canonical form
  -h, --help   show this help

As a pre-commit hook: npx cxskills fmt --check --dir skills-state
Exit codes: 0 every file canonical (or rewritten), 1 a file is not canonical (--check) or has errors.`,
  async run(argv, io) {
    const { values } = parse('fmt', argv, { dir: { type: 'string' }, check: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${fmtCommand.help}\n`);
      return 0;
    }
    const dir = values.dir ?? 'skills-state';
    const root = resolve(io.cwd, dir);
    // Only files the loader reads without error are rewritten: YAML 1.2 would read `010` as 10, and fmt must not turn an error into a value.
    const { diagnostics } = await loadDesiredState(root);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const broken = new Set(errors.map((d) => d.file));
    for (const d of errors) io.stderr.write(`${formatDiagnostic({ ...d, ...(d.file ? { file: shown(io.cwd, d.file) } : {}) })}\n`);
    if (errors.some((d) => d.code === 'DIR_UNREADABLE')) return 1;
    const changed: string[] = [];
    let skipped = 0;
    for (const path of (await listStateFiles(root)).files) {
      const file = join(root, path);
      const name = join(dir, path);
      if (broken.has(file)) {
        skipped++;
        continue;
      }
      const text = await readFile(file, 'utf8');
      const canonical = formatStateText(text);
      if (canonical === undefined) {
        skipped++;
        continue;
      }
      if (canonical === text) continue;
      changed.push(name);
      if (!values.check) await writeFile(file, canonical);
    }
    for (const name of changed) io.stdout.write(`${name}\n`);
    if (skipped > 0) io.stderr.write(`fmt: left ${skipped} file${skipped === 1 ? '' : 's'} with errors as ${skipped === 1 ? 'it is' : 'they are'} (see above).\n`);
    if (values.check && changed.length > 0) {
      io.stderr.write(`fmt: ${changed.length} file${changed.length === 1 ? ' is' : 's are'} not in canonical form; run \`cxskills fmt --dir ${dir}\`.\n`);
      return 1;
    }
    return skipped > 0 ? 1 : 0;
  },
};

function shown(cwd: string, file: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
