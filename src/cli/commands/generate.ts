/** `cxskills generate`: an HR roster (CSV) and mapping rules (YAML) → the agents' skills-state YAML, for review as a pull request. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { listStateFiles } from '../../config/list-files.js';
import type { StateFile } from '../../config/index.js';
import { DiagnosticsError, hasErrors } from '../../model/diagnostics.js';
import { checkInState } from '../../roster/context.js';
import { generateAgents } from '../../roster/index.js';
import { checkAgentsExist } from '../../roster/lookup.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { parse, rateOption } from '../options.js';
import { printDiagnostics } from '../output.js';
import { withModeline, schemaRef } from '../modeline.js';
import { withConnection } from '../connect.js';

const DEFAULT_FILE = 'roster.yaml';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate agents YAML from an HR roster (CSV) and mapping rules (YAML), for review as a pull request',
  help: `Usage: cxskills generate --roster roster.csv --rules rules.yaml --out PATH
                         [--dir DIR] [--check-live] [--check] [--delimiter C]

Turns an HR or training roster into the agents' part of skills-state: each roster row is one agent,
and the rules say which profiles and skills a row gets. A CI job can run this and open a pull
request, so HR changes go through the same review and plan as a hand edit.

The roster is CSV (RFC 4180: header row, quoted fields may hold commas, quotes as "" and line
breaks). Column names are matched case-insensitively; values are compared trimmed and
case-insensitively. The rules file:

  version: 1
  key: userName                 # the column holding the agent key: userName, email or agentId
                                # (default: agent)
  rules:                        # every rule a row matches applies, in order
    - name: billing seniors     # optional, for messages
      match: { department: Billing, role: [Senior, Lead] }   # all columns; a list is "any of"
      profiles: [billing-senior]
      stop: true                # later rules are not considered for rows matching this one
    - match: { department: Billing }
      profiles: [billing-core]
    - match: { language: "*" }  # "*": any non-empty value; no match (or {}) matches every row
      skills:
        "Support {language}": 8 # {column} is replaced by the row's value
        Retention: { proficiency: 4, active: false }
    - match: { status: Contractor }
      skip: true                # matching rows are left out (not declared, not an error)
  performance:                  # optional: proficiency from numeric columns, for the skills the
    - name: billing by CSAT     # rules above give a row (first performance rule matching wins)
      skills: "Billing *"       # a glob, or a list of them
      column: csat              # the roster column (a number; "85 %" is read as 85)
      range: [0, 5]             # optional: a value outside is ROSTER_VALUE_OUT_OF_RANGE
      thresholds:               # the first that holds wins; atMost for lower-is-better columns
        - { atLeast: 4.5, proficiency: 2 }
        - { atLeast: 4.0, proficiency: 4 }
      otherwise: 10             # optional: when no threshold holds (else ROSTER_NO_THRESHOLD)
      default: 8                # when the cell is empty
  Each entry set this way gets a comment naming the rule and the value:
      Billing EN: 4 # rule 2 (billing), performance 1 (billing by CSAT): csat 4.2 ≥ 4 → 4

Errors name the roster line: a row that matches no rule (ROSTER_NO_RULE), has no key
(ROSTER_KEY_MISSING), repeats an agent (ROSTER_DUPLICATE), gets two different values for one
skill from two rules (ROSTER_CONFLICT), or has a performance value that is not a number
(ROSTER_VALUE_NOT_NUMBER), is out of range or meets no threshold; with --check-live also an agent the tenant does not have
(ROSTER_UNKNOWN_AGENT, with suggestions). Nothing is written while there is an error.

Options:
  --roster FILE     the roster CSV (required)
  --rules FILE      the mapping rules YAML (required)
  --out PATH        a .yaml/.yml file to write, or a directory to write ${DEFAULT_FILE} in (required)
  --dir DIR         also check the result together with this skills-state directory, offline:
                    profiles it names exist, skills are in scope, no agent is declared elsewhere too,
                    and the policy of its cxskills.yaml holds for the generated levels
  --check-live      look every agent key up in the live tenant (one bulk read of /agents)
  --check           write nothing; exit 0 when PATH is up to date, 2 when it would change (for CI)
  --delimiter C     field separator of the roster (default ","; e.g. ";" for some spreadsheet exports)
  --rate N          client-side request rate limit per second with --check-live (default: CXSKILLS_RATE, else ${DEFAULT_RATE_PER_SECOND})
  -h, --help        show this help

Output is deterministic: agents sorted by key, skills by name.
Exit codes: 0 written (or up to date), 1 error (nothing written), 2 out of date (with --check).`,
  async run(argv, io) {
    const { values } = parse('generate', argv, {
      roster: { type: 'string' },
      rules: { type: 'string' },
      out: { type: 'string' },
      dir: { type: 'string' },
      'check-live': { type: 'boolean' },
      check: { type: 'boolean' },
      delimiter: { type: 'string' },
      rate: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${generateCommand.help}\n`);
      return 0;
    }
    for (const name of ['roster', 'rules', 'out'] as const) {
      if (!values[name]) throw new UsageError(`generate: --${name} is required. See \`cxskills generate --help\`.`);
    }
    const delimiter = values.delimiter ?? ',';
    if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new UsageError(`generate: --delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}.`);
    const rate = rateOption('generate', values.rate, io.env, DEFAULT_RATE_PER_SECOND);
    const rosterFile = values.roster!;
    const rulesFile = values.rules!;
    const result = generateAgents({
      roster: { file: rosterFile, text: await readInput(io, rosterFile, 'roster') },
      rules: { file: rulesFile, text: await readInput(io, rulesFile, 'rules') },
      delimiter,
    });
    if (result.yaml === undefined) throw new DiagnosticsError(result.diagnostics);
    const outFile = /\.ya?ml$/i.test(values.out!) ? resolve(io.cwd, values.out!) : resolve(io.cwd, values.out!, DEFAULT_FILE);
    const yaml = withModeline(result.yaml, schemaRef(outFile, io.cwd, io.env));
    const shown = relative(io.cwd, outFile) || outFile;

    if (values.dir) {
      const dir = resolve(io.cwd, values.dir);
      const path = relative(dir, outFile).split(sep).join('/');
      const context = checkInState(values.dir, await readStateFiles(dir), { path, text: yaml });
      if (hasErrors(context)) {
        io.stderr.write(`The generated ${path} does not fit the skills-state in ${values.dir}:\n`);
        throw new DiagnosticsError(context);
      }
      printDiagnostics(io, context);
    }
    if (values['check-live']) {
      const agents = await withConnection(io, rate, (tenant) => tenant.client.listAgents());
      const unknown = checkAgentsExist(result.agents, agents, rosterFile);
      if (unknown.length > 0) throw new DiagnosticsError(unknown);
    }

    const current = await readFile(outFile, 'utf8').catch(() => undefined);
    const counts = `${result.agents.length} agents from ${result.rows} roster rows${result.skipped > 0 ? ` (${result.skipped} skipped by rules)` : ''}`;
    if (values.check) {
      const upToDate = current === yaml;
      io.stdout.write(upToDate ? `${shown} is up to date (${counts}).\n` : `${shown} is out of date: run cxskills generate to update it (${counts}).\n`);
      return upToDate ? 0 : 2;
    }
    if (current === yaml) {
      io.stdout.write(`${shown} is up to date (${counts}); not rewritten.\n`);
      return 0;
    }
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, yaml);
    io.stdout.write(`Wrote ${shown}: ${counts}.\n`);
    return 0;
  },
};

async function readInput(io: CliIo, file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new UsageError(`generate: cannot read the ${what} file ${file}${missing ? ': it does not exist' : `: ${error instanceof Error ? error.message : String(error)}`}.`);
  }
}

async function readStateFiles(dir: string): Promise<StateFile[]> {
  let listing;
  try {
    listing = await listStateFiles(dir);
  } catch (error) {
    throw new UsageError(`generate: cannot read the skills-state directory ${dir}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return Promise.all(listing.files.map(async (path) => ({ path, text: await readFile(join(dir, path), 'utf8') })));
}
