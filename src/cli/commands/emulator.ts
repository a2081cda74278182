/** `cxskills emulator`: runs the CXone emulator on loopback until Ctrl-C, printing the env lines to point cxskills at it. */
import { resolve } from 'node:path';
import {
  cxoneEnv,
  DEFAULT_CLUSTER,
  DEFAULT_PAGE_CAP,
  DEFAULT_TENANT_ID,
  DEMO_CREDENTIALS,
  DEMO_TENANT_SPEC,
  FAULT_KINDS,
  isLoopbackHost,
  startEmulator,
  validCluster,
  validTenantId,
} from '../../emulator/index.js';
import { validateTenantSpec, type EmulatorOptions, type FaultKind, type RunningEmulator, type TenantSpec } from '../../emulator/index.js';
import { sameCredentials } from '../../emulator/options.js';
import { UsageError, type CliIo, type Command } from '../command.js';
import { parse } from '../options.js';

const NAME = 'emulator';

const HELP = `Usage: cxskills emulator [options]

Runs the CXone emulator (the API contract cxskills speaks) as a real HTTP server on loopback,
with a generated tenant, until Ctrl-C. It prints the discovery URL, API base, token URLs and control
URL, and the export lines that point cxskills at it.

Server:
  --host HOST               loopback address to listen on (default 127.0.0.1; 127.0.0.0/8, ::1, localhost)
  --port PORT               port (default 0: a free port)
  --tenant-id ID            tenant id in token claims and discovery (default ${DEFAULT_TENANT_ID})
  --cluster NAME            cluster in token claims and discovery (default ${DEFAULT_CLUSTER})

Tenant (generated, the same for the same seed):
  --agents N                agents (default ${DEMO_TENANT_SPEC.agents})
  --skills N                skills (default ${DEMO_TENANT_SPEC.skills})
  --skills-per-agent N      assignments per agent, among active skills (default ${DEMO_TENANT_SPEC.skillsPerAgent})
  --seed N                  generator seed (default ${DEMO_TENANT_SPEC.seed})
  --state FILE              load the tenant from FILE if it exists (instead of generating);
                            save it to FILE on Ctrl-C / SIGTERM

Limits:
  --rate N                  requests per second per token (default 10)
  --burst N                 token-bucket size (default 20)
  --no-rate-limit           no rate limit at all
  --max-items N             items per write request (default 100)
  --latency MS              delay added to every API answer (default 0)
  --token-ttl S             access token lifetime in seconds (default 3600)
  --page-cap N              most rows a page serves, whatever top asks (default ${DEFAULT_PAGE_CAP})
  --quirks                  serve the quirks clients must tolerate: ids as numeric strings, no
                            totalRecords on the last page, errorCount as a string, unknown extra fields

Variations (the defaults behave as the contract says a real tenant does):
  --no-require-accept       answer API calls without Accept: application/json (default: 406)
  --require-filters         /agents/skills answers 400 without isActive and isAgentActive
  --no-unassigned-items     /skills/{id}/agents lists no isAssigned: false items
  --no-upsert               POST /agents/skills (bulk upsert) is 404
  --etags                   strong ETags on per-agent/per-skill reads and writes, 412 for a stale If-Match
  --conflicts WHAT          what two writes in flight at once collide on (409): agents (default; the
                            agents they name) or lists (also the skills they name and their path)
  --no-retry-after          send 429s without Retry-After

Faults (probability 0..1 per API request, drawn from a seeded sequence):
  --fault-429 RATE          429 Too Many Requests (with Retry-After)
  --fault-500 RATE          500 with an HTML body
  --fault-502 RATE          502 with an HTML body
  --fault-503 RATE          503 with an HTML body
  --fault-504 RATE          504 with an HTML body
  --fault-409 RATE          409 ConcurrentModification (writes only)
  --fault-412 RATE          412 Precondition Failed (writes only)
  --fault-reset-before RATE connection reset before anything happens
  --fault-reset-after RATE  connection reset after the request took effect
  --fault-hang RATE         no answer at all
  --fault-item-fail RATE    each write item fails inside its 200 (injected item failure)
  --retry-after S           Retry-After of injected 429s (default 1)
  --fault-seed N            seed of the fault sequence (default 1)

  -h, --help                show this help

Control endpoint (JSON): GET <control>/stats, POST <control>/stats/reset, GET|PUT <control>/state,
GET|POST <control>/faults, POST <control>/expire-tokens, POST <control>/save {"file": "..."}.`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'tenant-id': { type: 'string' },
  cluster: { type: 'string' },
  'page-cap': { type: 'string' },
  'no-require-accept': { type: 'boolean' },
  'require-filters': { type: 'boolean' },
  'no-unassigned-items': { type: 'boolean' },
  'no-upsert': { type: 'boolean' },
  etags: { type: 'boolean' },
  conflicts: { type: 'string' },
  'no-retry-after': { type: 'boolean' },
  'fault-item-fail': { type: 'string' },
  agents: { type: 'string' },
  skills: { type: 'string' },
  'skills-per-agent': { type: 'string' },
  seed: { type: 'string' },
  state: { type: 'string' },
  rate: { type: 'string' },
  burst: { type: 'string' },
  'no-rate-limit': { type: 'boolean' },
  quirks: { type: 'boolean' },
  'max-items': { type: 'string' },
  latency: { type: 'string' },
  'token-ttl': { type: 'string' },
  'retry-after': { type: 'string' },
  'fault-seed': { type: 'string' },
  ...Object.fromEntries(FAULT_KINDS.map((kind) => [`fault-${kind}`, { type: 'string' }])),
} as const satisfies Record<string, { type: 'string' | 'boolean' }>;

type Check = { test: (n: number) => boolean; says: string };
const INTEGER: Check = { test: Number.isSafeInteger, says: 'an integer' };
const NON_NEGATIVE_INTEGER: Check = { test: (n) => Number.isSafeInteger(n) && n >= 0, says: 'a non-negative integer' };
const POSITIVE_INTEGER: Check = { test: (n) => Number.isSafeInteger(n) && n >= 1, says: 'an integer >= 1' };
const PORT: Check = { test: (n) => Number.isSafeInteger(n) && n >= 0 && n <= 65535, says: 'an integer 0..65535' };
const POSITIVE: Check = { test: (n) => n > 0, says: 'a number > 0' };
const NON_NEGATIVE: Check = { test: (n) => n >= 0, says: 'a number >= 0' };
const PROBABILITY: Check = { test: (n) => n >= 0 && n <= 1, says: 'a number between 0 and 1' };

function numeric(name: string, value: string | undefined, check: Check): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // Plain decimal only: `1e9` or `0x10` for a count is a slip, not a size.
  if (!/^-?\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || !check.test(n)) {
    throw new UsageError(`${NAME}: --${name} must be ${check.says}, got "${value}".`);
  }
  return n;
}

export interface EmulatorRun {
  options: EmulatorOptions;
  /** Where to save the tenant on shutdown (the --state file). */
  saveTo: string | undefined;
  help: boolean;
}

/** Turns argv into emulator options; every bad value is a UsageError with an exact message. */
export function parseEmulatorArgs(argv: string[], cwd: string): EmulatorRun {
  const { values } = parse(NAME, argv, OPTIONS);
  const v = values as Record<string, string | boolean | undefined>;
  const str = (name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const host = str('host') ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new UsageError(`${NAME}: --host must be a loopback address (127.0.0.0/8, ::1 or localhost), got "${host}".`);
  }
  const tenantId = str('tenant-id') ?? DEFAULT_TENANT_ID;
  if (!validTenantId(tenantId)) throw new UsageError(`${NAME}: --tenant-id must be 1..64 letters, digits and dashes, got "${tenantId}".`);
  const cluster = str('cluster') ?? DEFAULT_CLUSTER;
  if (!validCluster(cluster)) throw new UsageError(`${NAME}: --cluster must be letters then digits, such as C32, got "${cluster}".`);
  const options: EmulatorOptions = {
    host,
    port: numeric('port', str('port'), PORT) ?? 0,
    tenant: {
      seed: numeric('seed', str('seed'), INTEGER) ?? DEMO_TENANT_SPEC.seed,
      agents: numeric('agents', str('agents'), NON_NEGATIVE_INTEGER) ?? DEMO_TENANT_SPEC.agents,
      skills: numeric('skills', str('skills'), NON_NEGATIVE_INTEGER) ?? DEMO_TENANT_SPEC.skills,
      skillsPerAgent: numeric('skills-per-agent', str('skills-per-agent'), NON_NEGATIVE_INTEGER) ?? DEMO_TENANT_SPEC.skillsPerAgent,
    },
    maxItems: numeric('max-items', str('max-items'), POSITIVE_INTEGER) ?? 100,
    latencyMs: numeric('latency', str('latency'), NON_NEGATIVE) ?? 0,
    tokenTtlSeconds: numeric('token-ttl', str('token-ttl'), POSITIVE) ?? 3600,
    quirks: v.quirks === true,
    tenantId,
    cluster,
    pageCap: numeric('page-cap', str('page-cap'), POSITIVE_INTEGER) ?? DEFAULT_PAGE_CAP,
    requireAccept: v['no-require-accept'] !== true,
    requireFilters: v['require-filters'] === true,
    unassignedItems: v['no-unassigned-items'] !== true,
    upsert: v['no-upsert'] !== true,
    etags: v.etags === true,
    conflicts: conflictsFlag(str('conflicts')),
    retryAfter: v['no-retry-after'] !== true,
  };
  try {
    validateTenantSpec(options.tenant as TenantSpec);
  } catch (error) {
    throw new UsageError(`${NAME}: ${error instanceof Error ? error.message.replace(/^tenant spec: /, '') : String(error)}.`);
  }
  const rate = numeric('rate', str('rate'), POSITIVE);
  const burst = numeric('burst', str('burst'), POSITIVE_INTEGER);
  if (v['no-rate-limit'] === true) {
    if (rate !== undefined || burst !== undefined) throw new UsageError(`${NAME}: --no-rate-limit cannot be combined with --rate or --burst.`);
    options.rateLimit = null;
  } else {
    options.rateLimit = { perSecond: rate ?? 10, burst: burst ?? 20 };
  }
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const kind of FAULT_KINDS) {
    const rate = numeric(`fault-${kind}`, str(`fault-${kind}`), PROBABILITY);
    if (rate !== undefined) rates[kind] = rate;
  }
  const retryAfter = numeric('retry-after', str('retry-after'), NON_NEGATIVE_INTEGER);
  if (retryAfter !== undefined && v['no-retry-after'] === true) {
    throw new UsageError(`${NAME}: --no-retry-after cannot be combined with --retry-after.`);
  }
  const faultSeed = numeric('fault-seed', str('fault-seed'), INTEGER);
  const itemFailRate = numeric('fault-item-fail', str('fault-item-fail'), PROBABILITY);
  options.faults = {
    rates,
    ...(itemFailRate !== undefined ? { itemFailRate } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    ...(faultSeed !== undefined ? { seed: faultSeed } : {}),
  };
  const state = str('state');
  const saveTo = state === undefined ? undefined : resolve(cwd, state);
  if (saveTo !== undefined) options.stateFile = saveTo;
  return { options, saveTo, help: v.help === true };
}

/** What the command prints on start: where the emulator is, and the lines that point cxskills at it. */
export function startupLines(emulator: RunningEmulator): string[] {
  const { agents, skills, assignments } = emulator.tenant.counts;
  const env = cxoneEnv(emulator);
  const lines = [
    `cxskills emulator: CXone emulator running with ${agents} agents, ${skills} skills, ${assignments} assignments.`,
    `  tenant id:  ${emulator.tenantId}`,
    `  discovery:  ${emulator.discoveryUrl}?tenantId=${emulator.tenantId}`,
    `  API base:   ${emulator.apiBase}`,
    `  token URLs: ${emulator.accessKeyUrl} (access key), ${emulator.authUrl} (registered app)`,
    `  control:    ${emulator.controlUrl}/stats`,
    '',
    `export CXONE_DISCOVERY_URL=${env.CXONE_DISCOVERY_URL ?? ''} CXONE_AUTH_URL=${env.CXONE_AUTH_URL ?? ''}`,
  ];
  // Only the public demo values are ever printed; other credentials are secrets.
  const c = emulator.credentials;
  if (sameCredentials(c, DEMO_CREDENTIALS)) {
    lines.push(`export CXONE_ACCESS_KEY_ID=${c.accessKeyId} CXONE_ACCESS_KEY_SECRET=${c.accessKeySecret}`);
    lines.push(`# registered app instead: CXONE_AUTH_URL=${emulator.authUrl} CXONE_CLIENT_ID=${c.clientId} CXONE_CLIENT_SECRET=${c.clientSecret}`);
  }
  return lines;
}

/** Runs until `untilStopped()` resolves (with the reason, e.g. the signal name), then saves --state and closes. */
export async function serveEmulator(argv: string[], io: CliIo, untilStopped: () => Promise<string>): Promise<number> {
  const run = parseEmulatorArgs(argv, io.cwd);
  if (run.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(run.options);
  } catch (error) {
    throw new UsageError(`${NAME}: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    io.stdout.write(`${startupLines(emulator).join('\n')}\nPress Ctrl-C to stop.\n`);
    const reason = await untilStopped();
    io.stdout.write(`\nstopping (${reason})\n`);
    if (run.saveTo !== undefined) {
      await emulator.save(run.saveTo);
      io.stdout.write(`state saved to ${run.saveTo}\n`);
    }
  } finally {
    await emulator.close();
  }
  return 0;
}

function untilSignal(): Promise<string> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const emulatorCommand: Command = {
  name: NAME,
  summary: 'Run the CXone emulator (generated tenant, rate limit, faults) on loopback until Ctrl-C',
  help: HELP,
  run: (argv, io) => serveEmulator(argv, io, untilSignal),
};

function conflictsFlag(value: string | undefined): 'agents' | 'lists' {
  if (value === undefined || value === 'agents' || value === 'lists') return value ?? 'agents';
  throw new UsageError(`${NAME}: --conflicts must be agents or lists, got "${value}".`);
}
