/** `cxskills plan`: read the state and the live tenant, compute the full-state diff, render it. Never writes to CXone. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { hasChanges, serializePlan, type Plan } from '../../plan/index.js';
import { gate } from '../../plan/gate.js';
import { loadState, planFromState, type PlanOptions } from '../../run/state.js';
import { planRead, readForScope } from '../../run/read.js';
import { READ_MODES, type ReadMode } from '../../cxone/read-scope.js';
import { renderJsonView, renderMarkdown, renderText } from '../../render/index.js';
import { ExitError, type CliIo, type Command } from '../command.js';
import { enumOption, parse, rateOption, TARGET_OPTIONS, targetOptions } from '../options.js';
import { useColor } from '../output.js';
import { checkOutFile } from '../paths.js';
import { withConnection } from '../connect.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change (full-state diff of skills-state vs the live tenant)',
  help: `Usage: cxskills plan [--dir DIR] [--out plan.json] [--format text|markdown|json] [--detailed-exitcode]
                     [--agents KEYS]... [--skills GLOBS]... [--allow-uncovered] [--force] [--read auto|full]

Reads the desired state from DIR and the live tenant from CXone (bulk reads, a few calls per
thousand assignments), and prints the changes apply would make. Never writes to CXone.

Options:
  --dir DIR             skills-state directory (default: skills-state)
  --out FILE            also save the plan as JSON, for a reviewed 'apply --plan FILE'
  --format FMT          text (default; colour on a TTY, plain under NO_COLOR), markdown (for a
                        pull-request comment), or json (machine format with formatVersion)
  --detailed-exitcode   exit 0 when there are no changes, 2 when there are, 1 on error
  --allow-uncovered     routing-coverage findings (an active in-scope skill left with no active
                        agent, or an active managed agent left with no active in-scope skill) are
                        warnings instead of errors; without it such a plan is shown, not saved,
                        and plan exits 1
  --no-upsert           group adds and changes per agent or per skill, not in POST /agents/skills
                        upserts (for servers without the upsert: see cxskills doctor --probe-writes)
  --force               same as --allow-uncovered for plan (apply's --force also passes the
                        safety thresholds)
  --agents KEYS         narrow the plan to these managed agents (agentId, userName or emailAddress;
                        repeatable or comma-separated), like terraform -target: the safety and
                        coverage rules judge the narrowed slice, every rendering and the saved plan
                        say it is narrowed, and a key or glob matching nothing is TARGET_NO_MATCH
  --skills GLOBS        narrow the plan to the in-scope skills matching these globs (repeatable or
                        comma-separated; write ? for a comma inside a skill name)
  --read MODE           auto (default): read the whole tenant's assignments or only the in-scope
                        skills' own lists, whichever the API's totals say is fewer pages (said on
                        stderr, and recorded in the plan); full: always the whole tenant (the
                        scheduled drift check). Agents and skills are read in full either way
  --rate N              client-side request rate limit per second (default: CXSKILLS_RATE, else
                        cxskills.yaml's rate, else ${DEFAULT_RATE_PER_SECOND})
  -h, --help            show this help

Environment: CXONE_API_BASE, CXONE_AUTH_URL, CXONE_CLIENT_ID, CXONE_CLIENT_SECRET,
CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET (secrets are read from here only, never printed).

A state that breaks an error rule of cxskills.yaml's policy (allowed proficiencies, requires, excludes,
maxSkillsPerAgent, minActiveAgents) is shown with its findings, not saved, and plan exits 1; --force
does not pass it. Warning rules are shown only.

Exit codes: 0 success (or no changes), 1 error, 2 changes present (with --detailed-exitcode).`,
  async run(argv, io) {
    const { values } = parse('plan', argv, {
      dir: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      'allow-uncovered': { type: 'boolean' },
      'no-upsert': { type: 'boolean' },
      force: { type: 'boolean' },
      rate: { type: 'string' },
      read: { type: 'string' },
      ...TARGET_OPTIONS,
    });
    if (values.help) {
      io.stdout.write(`${planCommand.help}\n`);
      return 0;
    }
    const format = enumOption('plan', 'format', values.format, FORMATS, 'text');
    const read = enumOption('plan', 'read', values.read, READ_MODES, 'auto');
    // --rate, else CXSKILLS_RATE, else cxskills.yaml's rate, else the default; the first two are checked before anything is read.
    const rateFor = (configured?: number) => rateOption('plan', values.rate, io.env, configured ?? DEFAULT_RATE_PER_SECOND);
    rateFor();
    const dir = values.dir ?? 'skills-state';
    // Checked before the tenant is read: a plan that cannot be saved where asked is not worth making.
    const outFile = values.out === undefined ? undefined : await checkOutFile(io, values.out, dir);
    const target = targetOptions('plan', values);
    const made = await makePlan(io, dir, rateFor, { upsert: values['no-upsert'] !== true, ...(target ? { target } : {}) }, read);
    const { plan, refusals } = gate(made, { action: values.out ? 'save' : 'plan', allowUncovered: values['allow-uncovered'] === true, force: values.force === true });
    io.stdout.write(renderPlan(plan, format, io));
    if (refusals.length > 0) throw new ExitError(refusals);
    if (values.out && outFile) {
      await writeFile(outFile, serializePlan(plan));
      io.stderr.write(`Saved the plan to ${values.out}. Apply exactly this plan with: cxskills apply --plan ${values.out}\n`);
    }
    return values['detailed-exitcode'] && hasChanges(plan) ? 2 : 0;
  },
};

/** Loads the state, reads the tenant and builds the plan; diagnostics with errors are thrown. */
export async function makePlan(io: CliIo, dir: string, rateFor: (configured?: number) => number, options: Pick<PlanOptions, 'upsert' | 'target'> = {}, mode: ReadMode = 'auto'): Promise<Plan> {
  const loaded = await loadState(resolve(io.cwd, dir));
  return withConnection(io, rateFor(loaded.desired.rate), async (tenant) => {
    const { live, read } = await readForScope(tenant, loaded.desired.scope, mode, (message) => io.stderr.write(`note: ${message}\n`));
    return planFromState(loaded, dir, live, { ...options, cost: tenant.cost(), read: planRead(read) });
  });
}

export function renderPlan(plan: Plan, format: Format, io: CliIo): string {
  if (format === 'json') return renderJsonView(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderText(plan, { color: useColor(io) });
}
