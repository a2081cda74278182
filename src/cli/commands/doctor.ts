/** `cxskills doctor`: a read-only probe of how a real tenant answers, point by point against contract v2. */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAuditLog } from '../../apply/audit.js';
import { createPolicy } from '../../cxone/policy/create.js';
import { DEFAULT_RATE_PER_SECOND } from '../../cxone/policy/throttle.js';
import { CxoneClient, configFromEnv, timeoutsFromEnv, type RequestPolicy } from '../../cxone/index.js';
import { judge } from '../../doctor/checks.js';
import { probeTenant, type ProbeAnswer } from '../../doctor/probe.js';
import { renderDoctorJson, renderDoctorText } from '../../doctor/render.js';
import type { Observations } from '../../doctor/types.js';
import { probeWrites, type ProbeAuditEntry, type WriteProbeReport } from '../../doctor/write-probe.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { enumOption, parse, rateOption } from '../options.js';

const FORMATS = ['text', 'json'] as const;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check how the tenant answers (token, discovery, paging, filters, fields, ETags, rate) before trusting apply',
  help: `Usage: cxskills doctor [--format text|json] [--rate N]
       cxskills doctor --probe-writes --agent KEY --skill NAME [--audit FILE]

Gets a token, finds the API base, reads one page of each list, a page past the end, one agent's and
one skill's list (about ten calls), and reports each assumption cxskills makes of the CXone API as
ok / differs / unknown, with what to set when it differs. Writes nothing. Exits 1 when something
cxskills relies on does not hold.

Write replies cannot be learned read-only. --probe-writes makes a few reversible writes on ONE pair
of a sandbox agent (a PUT, an upsert, a DELETE, and the restore of each), audits every write, reads
the pair back and checks it is exactly as it was. Refused without both --agent and --skill.

Options:
  --format FMT        text (default) or json
  --rate N            client-side request rate per second (default: CXSKILLS_RATE, else ${DEFAULT_RATE_PER_SECOND})
  --probe-writes      also probe the write replies (see above)
  --agent KEY         the sandbox agent: userName, emailAddress or numeric agentId
  --skill NAME        the skill name (exact)
  --audit FILE        audit log of the probe's writes (default .cxskills/audit.jsonl)
  -h, --help          show this help

Environment: CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET (always); CXONE_CLIENT_ID,
CXONE_CLIENT_SECRET (registered application only); CXONE_API_BASE (skips discovery),
CXONE_DISCOVERY_URL, CXONE_AUTH_URL, CXONE_API_VERSION. Secrets are never printed.`,
  async run(argv, io) {
    const { values } = parse('doctor', argv, {
      format: { type: 'string' },
      rate: { type: 'string' },
      'probe-writes': { type: 'boolean' },
      agent: { type: 'string' },
      skill: { type: 'string' },
      audit: { type: 'string' },
    });
    if (values.help) {
      io.stdout.write(`${doctorCommand.help}\n`);
      return 0;
    }
    const format = enumOption('doctor', 'format', values.format, FORMATS, 'text');
    const rate = rateOption('doctor', values.rate, io.env, DEFAULT_RATE_PER_SECOND);
    const probeWritesWanted = values['probe-writes'] === true;
    if (probeWritesWanted && (!values.agent || !values.skill)) {
      throw new UsageError('doctor: --probe-writes writes to one agent × skill pair and needs both --agent KEY and --skill NAME (use a sandbox agent).');
    }
    if (!probeWritesWanted && (values.agent || values.skill)) throw new UsageError('doctor: --agent and --skill go with --probe-writes.');

    const config = configFromEnv(io.env);
    const counted = countingPolicy(createPolicy({ ratePerSecond: rate }).policy);
    const client = new CxoneClient(config, { policy: counted.policy, timeouts: timeoutsFromEnv(io.env), onNotice: (m: string) => io.stderr.write(`note: ${m}\n`) });
    const started = performance.now();
    let writes: WriteProbeReport | undefined;
    let observations: Observations;
    try {
      const seen = await probeTenant(client, (ms) => sleep(ms));
      observations = { ...seen, rate: { ...counted.counts, elapsedMs: Math.round(performance.now() - started) } };
      if (probeWritesWanted && seen.connection !== undefined) {
        writes = await runWriteProbe(client, io, values.agent!, values.skill!, values.audit ?? '.cxskills/audit.jsonl');
      }
    } finally {
      await client.close();
    }
    const report = judge(observations);
    io.stdout.write(format === 'json' ? renderDoctorJson(report, writes) : renderDoctorText(report, writes));
    return report.failed || (writes !== undefined && !writes.restored) ? 1 : 0;
  },
};

/** Counts every answer the probe gets (token calls too) and the 429s, with or without Retry-After. */
function countingPolicy(policy: RequestPolicy): { policy: RequestPolicy; counts: { requests: number; rateLimited: number; retryAfterSeen: number } } {
  const counts = { requests: 0, rateLimited: 0, retryAfterSeen: 0 };
  return {
    counts,
    policy: {
      ...policy,
      observe(info, status, ms, retryAfterMs) {
        counts.requests++;
        if (status === 429) {
          counts.rateLimited++;
          if (retryAfterMs !== undefined) counts.retryAfterSeen++;
        }
        policy.observe?.(info, status, ms, retryAfterMs);
      },
    },
  };
}

async function runWriteProbe(client: CxoneClient, io: CliIo, agentKey: string, skillName: string, auditPath: string): Promise<WriteProbeReport> {
  const agentId = await findAgent(client, agentKey);
  const skillId = await findSkill(client, skillName);
  const auditFile = resolve(io.cwd, auditPath);
  const runId = `doctor-${new Date().toISOString()}`;
  const log = openAuditLog<ProbeAuditEntry>(auditFile, runId);
  try {
    return await probeWrites(client, { agent: agentKey, agentId, skill: skillName, skillId, auditFile: auditPath, audit: (e) => log.write(e), now: () => new Date() });
  } finally {
    log.close();
  }
}

function listOf(answer: ProbeAnswer, key: string): Array<Record<string, unknown>> {
  const body = answer.body as Record<string, unknown> | null;
  const list = typeof body === 'object' && body !== null ? body[key] : undefined;
  return Array.isArray(list) ? (list.filter((i) => typeof i === 'object' && i !== null) as Array<Record<string, unknown>>) : [];
}

async function findAgent(client: CxoneClient, key: string): Promise<number> {
  const numeric = /^\d+$/.test(key) ? Number(key) : undefined;
  const answer = await client.probe('/agents', { searchString: key, top: '1000', skip: '0' });
  const found = listOf(answer, 'agents').filter((a) => a.userName === key || a.emailAddress === key || (numeric !== undefined && Number(a.agentId) === numeric));
  if (found.length === 1) return Number(found[0]!.agentId);
  if (found.length > 1) throw new UsageError(`doctor: --agent ${JSON.stringify(key)} names ${found.length} agents; give the numeric agentId.`);
  throw new UsageError(`doctor: no agent ${JSON.stringify(key)} in this tenant (searched /agents?searchString=…: ${answer.status}).`);
}

async function findSkill(client: CxoneClient, name: string): Promise<number> {
  const answer = await client.probe('/skills', { searchString: name, top: '1000', skip: '0' });
  const found = listOf(answer, 'skills').filter((s) => s.skillName === name);
  if (found.length === 1) return Number(found[0]!.skillId);
  throw new UsageError(`doctor: ${found.length === 0 ? 'no skill named' : 'several skills named'} ${JSON.stringify(name)} in this tenant (exact name; searched /skills?searchString=…: ${answer.status}).`);
}
