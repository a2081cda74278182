/** `cxskills export`: assignments (agent, userName, skill, proficiency, active) of the live tenant or the desired state, as CSV or JSON for WFM tools. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { globProblem } from '../../config/index.js';
import { renderCsv, renderExportJson } from '../../export/render.js';
import { desiredRows, desiredRowsOffline, liveRows, scopedLiveRows, type ExportRow } from '../../export/rows.js';
import { DiagnosticsError, hasErrors } from '../../model/diagnostics.js';
import type { LiveState } from '../../model/types.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, parse, rateOption } from '../options.js';
import { withConnection } from '../connect.js';
import { loadState } from '../../run/state.js';
import { checkOutFile } from '../paths.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export skill assignments of the live tenant or of skills-state as CSV or JSON (for WFM tools)',
  help: `Usage: cxskills export [--source live|desired] [--format csv|json] [--out FILE]
                       [--skills GLOB]... [--dir DIR] [--offline]

Writes one row per agent × skill assignment with the columns
  agentId, userName, skillId, skillName, proficiency, active
sorted by userName, then skill name. proficiency is CXone's scale (1..20, 1 = best); active is
whether the assignment is switched on.

  --source live      (default) the live tenant, read in a few bulk calls: every assignment, or
                     only those of skills matching --skills; with --dir, only those within that
                     directory's scope (its managed agents × the skills its scope matches)
  --source desired   what skills-state in --dir declares for its managed agents, resolved against
                     the tenant (agent keys to agentId/userName, skill names to skillId) exactly as
                     plan resolves them; unknown names are errors

Options:
  --format FMT       csv (default; RFC 4180, header row, CRLF line ends) or json
                     ({"formatVersion": 1, "source", "count", "assignments": [rows]})
  --out FILE         write to FILE instead of stdout
  --skills GLOB      live source only: skill-name pattern, repeatable (e.g. --skills "Billing *")
  --dir DIR          the skills-state directory: what the desired source exports (default:
                     skills-state), and the scope of a live export
  --offline          desired source only: do not contact CXone; agentId and skillId are left
                     empty (agentId is filled when the key is one) and userName holds the agent
                     key as written
  --rate N           client-side request rate limit per second (default: CXSKILLS_RATE, else
                      cxskills.yaml's rate, else ${DEFAULT_RATE_PER_SECOND})
  -h, --help         show this help

Environment (not needed with --offline): CXONE_API_BASE, CXONE_AUTH_URL, CXONE_CLIENT_ID,
CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET.

Exit codes: 0 written, 1 error.`,
  async run(argv, io) {
    const { values } = parse('export', argv, {
      source: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      skills: { type: 'string', multiple: true },
      dir: { type: 'string' },
      offline: { type: 'boolean' },
      rate: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${exportCommand.help}\n`);
      return 0;
    }
    const source = enumOption('export', 'source', values.source, ['live', 'desired'] as const, 'live');
    const format = enumOption('export', 'format', values.format, ['csv', 'json'] as const, 'csv');
    // --rate, else CXSKILLS_RATE, else the rate of --dir's cxskills.yaml, else the default.
    const rateFor = (configured?: number) => rateOption('export', values.rate, io.env, configured ?? DEFAULT_RATE_PER_SECOND);
    rateFor();
    if (source === 'live' && values.offline) throw new UsageError('export: --offline goes with --source desired (a live export reads the tenant).');
    if (source === 'desired' && values.skills !== undefined) throw new UsageError('export: --skills goes with --source live (the desired state has its own scope).');
    for (const pattern of values.skills ?? []) {
      const problem = globProblem(pattern);
      if (problem) throw new UsageError(`export: --skills ${JSON.stringify(pattern)} is not a valid pattern: ${problem}.`);
    }

    const outFile = values.out === undefined ? undefined : await checkOutFile(io, values.out, values.dir ?? 'skills-state', 'the export');
    let rows: ExportRow[];
    if (source === 'live' && values.dir === undefined) {
      rows = liveRows(await readLive(io, rateFor()), values.skills);
    } else if (source === 'live') {
      const { desired, warnings } = await loadState(resolve(io.cwd, values.dir!));
      const result = scopedLiveRows(desired, await readLive(io, rateFor(desired.rate)), values.skills);
      if (hasErrors(result.diagnostics)) throw new DiagnosticsError([...warnings, ...result.diagnostics]);
      rows = result.rows;
    } else {
      const { desired, warnings } = await loadState(resolve(io.cwd, values.dir ?? 'skills-state'));
      if (values.offline) rows = desiredRowsOffline(desired);
      else {
        const result = desiredRows(desired, await readLive(io, rateFor(desired.rate)));
        if (hasErrors(result.diagnostics)) throw new DiagnosticsError([...warnings, ...result.diagnostics]);
        rows = result.rows;
      }
    }
    const text = format === 'csv' ? renderCsv(rows) : renderExportJson(rows, source);
    if (values.out && outFile) {
      await writeFile(outFile, text);
      io.stderr.write(`Exported ${rows.length} ${source} assignments to ${values.out}.\n`);
    } else {
      io.stdout.write(text);
    }
    return 0;
  },
};

function readLive(io: CliIo, rate: number): Promise<LiveState> {
  return withConnection(io, rate, (tenant) => tenant.readLive());
}
