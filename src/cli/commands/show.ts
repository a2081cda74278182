/** `cxskills show PLAN`: renders a saved plan (text, Markdown, JSON view) without contacting CXone, as `terraform show` does. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DiagnosticsError } from '../../model/diagnostics.js';
import { parsePlanFile } from '../../run/plan-file.js';
import { UsageError, type Command } from '../command.js';
import { enumOption, parse } from '../options.js';
import { renderPlan } from './plan.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

export const showCommand: Command = {
  name: 'show',
  summary: 'Render a saved plan (text, markdown or json) without contacting CXone',
  help: `Usage: cxskills show PLAN [--format text|markdown|json]

Reads a plan saved by 'cxskills plan --out PLAN' and prints it as plan would have: the verdict, the
per-skill rollup, the changes per agent, the calls and the estimate. Needs no credentials and makes
no network call. A plan file that was edited by hand (its digest no longer matches) is refused, as
apply would refuse it.

Options:
  --format FMT   text (default; colour as for plan), markdown (a pull-request comment), or json
                 (the JSON view: the plan with agent and skill names beside the ids)
  -h, --help     show this help

Exit codes: 0 shown, 1 the file is missing, not a plan, or edited.`,
  async run(argv, io) {
    const { values, positionals } = parse('show', argv, { format: { type: 'string' } }, true);
    if (values.help) {
      io.stdout.write(`${showCommand.help}\n`);
      return 0;
    }
    const format = enumOption('show', 'format', values.format, FORMATS, 'text');
    if (positionals.length !== 1) throw new UsageError('show: give one saved plan, e.g. `cxskills show plan.json`. See `cxskills show --help`.');
    const file = positionals[0] as string;
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new UsageError(`show: cannot read ${file} (${error instanceof Error && 'code' in error ? String(error.code) : String(error)}).`);
    }
    const { plan, diagnostics } = parsePlanFile(text, file);
    if (plan === undefined) throw new DiagnosticsError(diagnostics);
    io.stdout.write(renderPlan(plan, format, io));
    return 0;
  },
};
