/** `cxskills demo` (what `npm start` runs): the whole loop against the embedded emulator, no tenant needed. */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { cxoneEnv, startEmulator } from '../../emulator/index.js';
import type { CliIo, Command } from '../command.js';
import { parse } from '../options.js';
import { applyCommand } from './apply.js';
import { planCommand } from './plan.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run plan → apply → plan against the embedded emulator with a generated demo tenant',
  help: `Usage: cxskills demo [--dir DIR] [--keep-running]

Starts the CXone emulator on a free loopback port with a generated demo tenant (40 agents, 16 skills),
then runs, exactly as you would against a real tenant:
  1. cxskills plan --dir DIR --out .cxskills/demo/plan.json     (shows the diff)
  2. cxskills apply --plan .cxskills/demo/plan.json --auto-approve (writes, verifies)
  3. cxskills plan --dir DIR --detailed-exitcode                 (shows no changes)
and stops the emulator. The emulator's demo credentials are passed to the commands through their
environment; nothing of yours is used or needed.

Options:
  --dir DIR         skills-state directory (default: skills-state)
  --keep-running    leave the emulator running afterwards (Ctrl-C stops it)
  -h, --help        show this help`,
  async run(argv, io) {
    const { values } = parse('demo', argv, { dir: { type: 'string' }, 'keep-running': { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${demoCommand.help}\n`);
      return 0;
    }
    const dir = values.dir ?? 'skills-state';
    const work = resolve(io.cwd, '.cxskills/demo');
    await mkdir(work, { recursive: true });
    const emulator = await startEmulator();
    const say = (text: string) => io.stdout.write(`\n\u001b[1m== ${text}\u001b[0m\n`.replace(/\u001b\[\d+m/g, io.stdout.isTTY ? '$&' : ''));
    try {
      const env = { ...io.env, ...cxoneEnv(emulator) };
      const sub: CliIo = { ...io, env };
      const snapshot = emulator.snapshot();
      io.stdout.write(
        `cxskills demo: CXone emulator on ${emulator.origin}\n` +
          `Demo tenant: ${snapshot.agents.length} agents, ${snapshot.skills.length} skills, ${snapshot.assignments.length} assignments (rate limit 10 requests/s, pages of 100 rows).\n` +
          `Connecting as a real user does: an access key only (${Object.keys(cxoneEnv(emulator)).sort().join(', ')}); ` +
          'the token names the tenant, discovery finds the API base.\n',
      );
      const planFile = join(work, 'plan.json');
      say(`1/3 cxskills plan --dir ${dir} --out ${join('.cxskills/demo', 'plan.json')}`);
      const planned = await planCommand.run(['--dir', dir, '--out', relative(io.cwd, planFile)], sub);
      if (planned !== 0) return planned;
      const afterPlan = emulator.stats();
      say(`2/3 cxskills apply --plan ${join('.cxskills/demo', 'plan.json')} --auto-approve`);
      const applied = await applyCommand.run(['--plan', relative(io.cwd, planFile), '--auto-approve', '--audit', join(work, 'audit.jsonl')], sub);
      const afterApply = emulator.stats();
      say(`3/3 cxskills plan --dir ${dir} --detailed-exitcode`);
      const replanned = await planCommand.run(['--dir', dir, '--detailed-exitcode'], sub);
      const end = emulator.stats();
      io.stdout.write(
        `\nEmulator counted ${end.tokensIssued} access-key tokens and ${end.discoveryRequests} discovery requests (one each per command); ` +
          `${afterPlan.reads} reads for the plan; ${afterApply.reads - afterPlan.reads} reads and ${afterApply.writes - afterPlan.writes} writes for the apply; ` +
          `${end.reads - afterApply.reads} reads for the second plan; ${end.rateLimited} rate-limited answers.\n`,
      );
      if (applied !== 0 || replanned !== 0) {
        io.stderr.write(`Demo did not converge (apply exit ${applied}, second plan exit ${replanned}).\n`);
        return 1;
      }
      io.stdout.write('Demo complete: the tenant now matches skills-state. Edit skills-state/*.yaml and run `npm start` again.\n');
      if (values['keep-running']) {
        io.stdout.write(`Emulator still running at ${emulator.apiBase} (Ctrl-C to stop).\n`);
        await new Promise<void>((done) => {
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
      }
      return 0;
    } finally {
      await emulator.close();
    }
  },
};
