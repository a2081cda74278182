/** `cxskills import`: read the live tenant and write a skills-state directory that plans no changes. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { globProblem, loadDesiredState } from '../../config/index.js';
import { DEFAULT_MIN_SHARED, importState, type ImportedFile } from '../../importer/index.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { numberOption, parse, rateOption } from '../options.js';
import { schemaRef, withModeline } from '../modeline.js';
import { withConnection } from '../connect.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'Write a skills-state directory from the live tenant (teams, discovered profiles); plan then shows no changes',
  help: `Usage: cxskills import --out DIR [--skills GLOB]... [--min-shared N] [--no-profiles] [--include-empty] [--force]

Reads the live tenant (bulk reads only) and writes a skills-state directory that describes it, so an
existing tenant can be adopted: review the files, commit them, and from then on change skills through
plan and apply. 'cxskills plan --dir DIR' right after an import shows no changes.

Written to DIR:
  cxskills.yaml          version 1, scope.skills from --skills, agents: declared
  profiles.yaml          identical in-scope skill sets (same skills, proficiencies and active flags)
                         held by at least --min-shared agents, named after their skills, e.g.
                         billing-en+billing-es (variants of one set of names get -v2, -v3)
  teams/<team>.yaml      one file per CXone team, agents keyed by userName (agentId when the
                         userName is not unique), commented with the agent's name

Output is deterministic: the same tenant always gives byte-identical files.

Options:
  --out DIR          directory to write (required); it must be empty or absent unless --force
  --skills GLOB      scope.skills pattern, repeatable (default "*": every skill). Only assignments of
                     matching skills are imported; e.g. --skills "Billing *" --skills Retention
  --min-shared N     agents that must share a skill set for it to become a profile (default ${DEFAULT_MIN_SHARED}, at least 2)
  --no-profiles      write every agent's skills in full, no profiles
  --include-empty    also declare agents without any in-scope skill (as "no in-scope skills");
                     by default they are left out, i.e. unmanaged
  --force            write into a non-empty DIR, replacing files of the same names
  --rate N           client-side request rate limit per second (default: CXSKILLS_RATE, else the
                     rate of the cxskills.yaml a re-import replaces, else ${DEFAULT_RATE_PER_SECOND})
  -h, --help         show this help

Environment: CXONE_API_BASE, CXONE_AUTH_URL, CXONE_CLIENT_ID, CXONE_CLIENT_SECRET,
CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET (secrets are read from here only, never printed).

Exit codes: 0 written, 1 error (nothing written).`,
  async run(argv, io) {
    const { values } = parse('import', argv, {
      out: { type: 'string' },
      skills: { type: 'string', multiple: true },
      'min-shared': { type: 'string' },
      'no-profiles': { type: 'boolean' },
      'include-empty': { type: 'boolean' },
      force: { type: 'boolean' },
      rate: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${importCommand.help}\n`);
      return 0;
    }
    if (!values.out) throw new UsageError('import: --out DIR is required (the directory to write the skills-state to).');
    const skills = values.skills ?? ['*'];
    for (const pattern of skills) {
      const problem = globProblem(pattern);
      if (problem) throw new UsageError(`import: --skills ${JSON.stringify(pattern)} is not a valid pattern: ${problem}.`);
    }
    const minShared = numberOption('import', 'min-shared', values['min-shared'], DEFAULT_MIN_SHARED, (n) => Number.isInteger(n) && n >= 2);
    rateOption('import', values.rate, io.env, DEFAULT_RATE_PER_SECOND); // --rate and CXSKILLS_RATE checked before anything is read
    const out = resolve(io.cwd, values.out);
    const existing = await listEntries(out);
    if (existing.length > 0 && !values.force) {
      throw new UsageError(`import: ${values.out} is not empty (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); choose an empty directory or pass --force to write into it.`);
    }
    // A re-import (--force) keeps the tenant's rate: it is read from the cxskills.yaml being replaced, and written back.
    const configured = existing.includes('cxskills.yaml') ? await configuredRate(out) : undefined;
    const rate = rateOption('import', values.rate, io.env, configured ?? DEFAULT_RATE_PER_SECOND);

    const live = await withConnection(io, rate, (tenant) => tenant.readLive());
    const result = importState(live, { skills, minShared: values['no-profiles'] ? 0 : minShared, includeEmpty: values['include-empty'] === true, ...(configured === undefined ? {} : { rate: configured }) });
    await writeFiles(out, result.files, io);

    const s = result.summary;
    const shown = relative(io.cwd, out) || '.';
    io.stdout.write(
      `Imported ${s.agents} agents with ${s.assignments} in-scope assignments of ${s.skills} skills into ${shown}/:\n` +
        `  cxskills.yaml   scope.skills ${JSON.stringify(skills)}, agents: declared\n` +
        (s.profiles > 0 ? `  profiles.yaml   ${s.profiles} profiles, used by ${s.agentsWithProfile} agents\n` : '') +
        `  teams/          ${s.teamFiles} team ${s.teamFiles === 1 ? 'file' : 'files'}\n` +
        `Next: cxskills plan --dir ${shown}   (it should show no changes)\n`,
    );
    const written = new Set(result.files.map((f) => f.path));
    const others = existing.filter((p) => /\.ya?ml$/.test(p) && !written.has(p));
    if (others.length > 0) {
      io.stderr.write(`warning: ${shown}/ also holds ${others.join(', ')}, not written by this import; they are part of the state too (delete them if stale).\n`);
    }
    return 0;
  },
};

/** The `rate` of the directory a re-import replaces, when it loads without error (an invalid one is replaced anyway). */
async function configuredRate(dir: string): Promise<number | undefined> {
  return (await loadDesiredState(dir)).state?.rate;
}

async function writeFiles(dir: string, files: readonly ImportedFile[], io: CliIo): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, /\.ya?ml$/i.test(file.path) ? withModeline(file.text, schemaRef(path, io.cwd, io.env)) : file.text);
  }
}

/** Files under `dir` (relative, `/`-separated); empty when it does not exist. */
async function listEntries(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    if (error instanceof Error && 'code' in error && error.code === 'ENOTDIR') throw new UsageError(`import: --out ${dir} is a file, not a directory.`);
    throw error;
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listEntries(dir, path)));
    else out.push(path);
  }
  return out;
}
