/**
 * `npm run bench`: cxskills against the per-agent scripts it replaces, on the same emulator and rate
 * limit, plus the targets of the performance issue. Prints a table and writes bench/results.json.
 * Options: --quick (1,000 agents only, short baseline cap), --cap S (baseline time cap, default 30 s).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectedBaselineCalls, PER_AGENT_PATCH, PER_AGENT_PUT, runBaseline } from './baselines.js';
import { runCxskills, type CxskillsOptions } from './cxskills-run.js';
import { writeTenantFile } from '../src/emulator/index.js';
import { resultsFile, withEmulator } from './emulator-process.js';
import { emulatorThroughput } from './emulator-throughput.js';
import { baseTenant, liveMap, scenarios, type TenantSize } from './scenarios.js';
import { writeState } from './state-writer.js';
import { formatTable, type TableRow } from './table.js';
import { formatReadLessTable, readLessBench, type ReadLessRow } from './read-less.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
// --only NAME: run only the sections whose name contains NAME (e.g. `--only read-less`).
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const wanted = (name: string) => only === undefined || name.includes(only);
const capIndex = args.indexOf('--cap');
const cap = capIndex >= 0 ? Number(args[capIndex + 1]) : quick ? 10 : 30;
const RATE = 50;
const SIZES: TenantSize[] = [
  { name: '1k×8', agents: 1_000, skillsPerAgent: 8, skills: 300, popular: 200 },
  ...(quick ? [] : [{ name: '10k×8', agents: 10_000, skillsPerAgent: 8, skills: 300, popular: 2_000 }]),
];

/** The read-less issue's tenants: 10k×8 and 20k×10 (2,000 pages in full); --quick: 1k×8 only. */
const READ_LESS_SIZES: TenantSize[] = quick
  ? [SIZES[0]!]
  : [SIZES[1]!, { name: '20k×10', agents: 20_000, skillsPerAgent: 10, skills: 300, popular: 4_000 }];

type Row = TableRow;

interface Check {
  target: string;
  measured: string;
  ok: boolean;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const checks: Check[] = [];
  const work = await mkdtemp(join(tmpdir(), 'cxskills-bench-'));
  const extra: Record<string, unknown> = {};
  // A section that fails is reported and the others still run: a long run never ends without its table.
  const section = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${name} failed: ${message}`);
      checks.push({ target: `${name} ran`, measured: `failed: ${message.split('\n')[0]}`, ok: false });
      return undefined;
    }
  };
  const readLessRows: ReadLessRow[] = [];
  try {
    if (wanted('pure diff')) extra.diff = await section('pure diff', () => diffBench(checks));
    for (const size of SIZES) if (wanted(`comparison on ${size.name}`)) await section(`comparison on ${size.name}`, () => compare(size, work, rows, checks));
    if (!quick) {
      if (wanted('unknown rate limit')) extra.unknownRate = await section('unknown rate limit', () => unknownRate(work, checks));
      if (wanted('plan end to end')) extra.planEndToEnd = await section('plan end to end', () => planEndToEnd(work, checks));
    }
    for (const size of READ_LESS_SIZES) {
      if (wanted(`read-less on ${size.name}`)) await section(`read-less on ${size.name}`, () => readLessBench({ ...size, base: baseTenant(size) }, work, RATE, readLessRows, checks, log));
    }
    if (readLessRows.length > 0) extra.readLess = readLessRows;
    if (wanted('emulator throughput')) extra.emulator = await section('emulator throughput', () => emulatorThroughput());
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (rows.length > 0) process.stdout.write(`\n${formatTable(rows)}\n`);
  if (readLessRows.length > 0) process.stdout.write(`\nRead less (pages of 100 rows, ${RATE} requests/s)\n${formatReadLessTable(readLessRows)}\n`);
  process.stdout.write('\nTargets\n');
  for (const c of checks) process.stdout.write(`  ${c.ok ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}\n`);
  const em = extra.emulator as { readsPerSecond: number; writesPerSecond: number } | undefined;
  if (em) process.stdout.write(`\nEmulator throughput (unthrottled, one client): ${em.readsPerSecond} page reads/s, ${em.writesPerSecond} read-then-write pairs/s.\n`);
  process.stdout.write(`Rate limit for the comparison: ${RATE} requests/s (burst ${RATE * 2}); baseline runs capped at ${cap} s and extrapolated (marked ~).\n`);
  await writeFile(resultsFile, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rateLimit: RATE, baselineCapS: cap, rows, checks, ...extra, totalS: round((Date.now() - started) / 1000, 1) }, null, 2)}\n`);
  process.stdout.write(`Results written to bench/results.json (${round((Date.now() - started) / 1000, 0)} s).\n`);
}

async function diffBench(checks: Check[]) {
  const worker = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'diff-worker.js');
  const once = async (agents: number) => JSON.parse((await run(process.execPath, ['--expose-gc', worker, String(agents)], { maxBuffer: 1 << 20 })).stdout) as { cpuS: number; wallS: number; maxRssMB: number; assignments: number };
  const median = async (agents: number) => {
    const runs = [await once(agents), await once(agents), await once(agents)].sort((a, b) => a.cpuS - b.cpuS);
    return runs[1]!;
  };
  log('pure diff: 10k × 20 and 20k × 20 …');
  const small = await median(10_000);
  const large = await median(20_000);
  checks.push({ target: `pure diff of ${small.assignments} assignments ≤ 1.0 s CPU`, measured: `${round(small.cpuS)} s CPU (${round(small.wallS)} s wall)`, ok: small.cpuS <= 1.0 });
  checks.push({ target: 'pure diff ≤ 300 MB RSS', measured: `${small.maxRssMB} MB peak RSS (process, including the generated input)`, ok: small.maxRssMB <= 300 });
  // CPU seconds, not wall: on a 2-core machine the wall time of one short process swings with whatever else runs.
  const ratio = large.cpuS / small.cpuS;
  checks.push({ target: 'doubling the input costs ≤ 2.2 × the time', measured: `${round(ratio)} × CPU (${round(small.cpuS)} s → ${round(large.cpuS)} s; wall ${round(small.wallS)} s → ${round(large.wallS)} s, ${large.assignments} assignments)`, ok: ratio <= 2.2 });
  return { small, large };
}

/** One cxskills configuration of the comparison. */
interface Config {
  tool: string;
  options: CxskillsOptions;
  /** Extra emulator flags (a server without the upsert). */
  emulatorArgs?: string[];
  /** Only for these scenarios (default all). */
  scenarios?: RegExp;
}

const CONFIGS: Config[] = [
  { tool: 'cxskills', options: {} },
  { tool: 'cxskills --no-guard', options: { guard: false } },
  { tool: 'cxskills --no-upsert', options: { upsert: false } },
  { tool: 'cxskills, server without upsert', options: {}, emulatorArgs: ['--no-upsert'], scenarios: /cohort|retire|shuffle/ },
];

async function compare(size: TenantSize, work: string, rows: Row[], checks: Check[]): Promise<void> {
  const base = baseTenant(size);
  const stateFile = join(work, `tenant-${size.agents}.json`);
  await writeTenantFile(stateFile, base);
  const limitArgs = ['--rate', String(RATE), '--burst', String(RATE * 2)];
  const agentIds = base.agents.map((a) => a.agentId);
  // The emulator serves pages of 100 rows (contract v2), whatever top asks.
  const pageOf = (n: number) => Math.max(1, Math.ceil(n / 100));
  const pages = pageOf(base.assignments.length) + pageOf(base.agents.length) + pageOf(base.skills.length);
  for (const scenario of scenarios(base)) {
    const dir = join(work, 'skills-state');
    await writeState(dir, base, scenario.desired);
    let cxWall = 0;
    let lowerBound = 0;
    let perListWrites = 0;
    const expected = expectedBaselineCalls(liveMap(base), scenario.desired);
    for (const config of CONFIGS) {
      if (config.scenarios && !config.scenarios.test(scenario.name)) continue;
      const { tool } = config;
      log(`${size.name} · ${scenario.name} · ${tool} …`);
      const cx = await withEmulator(stateFile, [...limitArgs, ...(config.emulatorArgs ?? [])], (emulator) => runCxskills(dir, emulator, RATE, config.options));
      const cxReads = cx.plan.reads + cx.apply.reads;
      const wall = cx.plan.wallS + cx.apply.wallS;
      if (tool === 'cxskills') {
        cxWall = wall;
        lowerBound = cx.planValue.grouping.lowerBound;
      }
      if (tool === 'cxskills --no-upsert') perListWrites = cx.apply.writes;
      rows.push({
        tenant: size.name,
        scenario: scenario.name,
        tool,
        reads: cxReads,
        writes: cx.apply.writes,
        rateLimited: cx.apply.rateLimited,
        wallS: round(wall),
        extrapolated: false,
        writesPerLowerBound: round(cx.apply.writes / lowerBound),
        wallPerIdeal: round(wall / ((cxReads + cx.apply.writes) / RATE)),
      });
      const label = `${size.name} ${scenario.name} (${tool})`;
      if (tool === 'cxskills') {
        checks.push({ target: `${label}: plan reads ≤ pages + 3 (${pages} + 3, pages of 100)`, measured: `${cx.plan.reads} reads`, ok: cx.plan.reads <= pages + 3 });
        checks.push({ target: `${label}: writes ÷ lower bound (⌈adds and changes ÷ 100⌉ + König bound of the removals = ${lowerBound}) ≤ 1.00`, measured: `${cx.apply.writes} writes (${round(cx.apply.writes / lowerBound)}), for ${cx.plan.changes} changes`, ok: cx.apply.writes <= lowerBound });
        const phaseCalls = cx.apply.writes + cx.apply.guardPages;
        const ideal = phaseCalls / RATE;
        checks.push({
          target: `${label}: guarded write phase ≤ 1.10 × calls ÷ limit (${phaseCalls} calls: ${cx.apply.writes} writes + ${cx.apply.guardPages} guard pages = ${round(ideal)} s), zero 429s`,
          measured: `${round(cx.apply.writeWallS)} s (${round(cx.apply.writeWallS / ideal)} ×), ${cx.apply.rateLimited} × 429, verified ${cx.apply.verified}`,
          ok: cx.apply.writeWallS <= 1.1 * ideal + 0.05 && cx.apply.rateLimited === 0 && cx.apply.verified,
        });
        checks.push({ target: `${label}: guard reads O(waves) (one per wave, and one after)`, measured: `${cx.apply.guardReads} guard reads (${cx.apply.guardPages} pages) for ${cx.apply.waves} waves`, ok: cx.apply.guardReads === cx.apply.waves + 1 });
        const estimate = cx.planValue.estimate!;
        const estimatedCalls = estimate.reads.staleness + estimate.reads.guard + estimate.reads.verify + estimate.writes;
        const actualCalls = cx.apply.reads + cx.apply.writes;
        checks.push({ target: `${label}: the plan's estimate of apply's calls within 10 %`, measured: `estimated ${estimatedCalls} calls (${estimate.seconds} s at ${RATE}/s), made ${actualCalls} in ${round(cx.apply.wallS)} s`, ok: Math.abs(actualCalls - estimatedCalls) <= Math.max(3, 0.1 * actualCalls) });
      } else if (tool === 'cxskills, server without upsert') {
        const hadUpserts = cx.planValue.calls.some((c) => c.target === 'upsert');
        const fellBack = hadUpserts ? `${cx.apply.writes} writes (refused upserts + ${cx.apply.writes - cx.planValue.calls.filter((c) => c.target === 'upsert').length} per list)` : `${cx.apply.writes} writes (no adds or changes: no upsert to refuse)`;
        checks.push({ target: `${label}: falls back to per-agent/per-skill writes and converges`, measured: `${fellBack}, per-list grouping ${perListWrites}, verified ${cx.apply.verified}`, ok: cx.apply.upsertFallback === hadUpserts && cx.apply.verified });
      } else {
        checks.push({ target: `${label}: converges`, measured: `${cx.apply.writes} writes, verified ${cx.apply.verified}, ${cx.apply.rateLimited} × 429`, ok: cx.apply.verified });
      }
    }
    for (const baseline of [PER_AGENT_PUT, PER_AGENT_PATCH]) {
      log(`${size.name} · ${scenario.name} · ${baseline.name} …`);
      const b = await withEmulator(stateFile, limitArgs, (emulator) => runBaseline(emulator, agentIds, scenario.desired, { ...baseline, capSeconds: cap }, expected));
      const { reads, writes } = b;
      rows.push({
        tenant: size.name,
        scenario: scenario.name,
        tool: baseline.name,
        reads,
        writes,
        rateLimited: b.rateLimited,
        wallS: round(b.wallS),
        extrapolated: b.extrapolated,
        writesPerLowerBound: round(writes / lowerBound),
        wallPerIdeal: round(b.wallS / ((reads + writes) / RATE)),
        cxskillsWallRatio: round(cxWall / b.wallS, 3),
      });
    }
  }
}

async function unknownRate(work: string, checks: Check[]) {
  const size: TenantSize = { name: '10k×8', agents: 10_000, skillsPerAgent: 8, skills: 300, popular: 2_000 };
  const base = baseTenant(size);
  const serverRate = 20;
  const stateFile = join(work, 'tenant-unknown.json');
  await writeTenantFile(stateFile, base);
  const out: Record<string, unknown> = {};
  for (const retryAfter of [true, false]) {
    for (const scenario of scenarios(base).filter((s) => s.name.startsWith('shuffle') || s.name === 'mixed')) {
      const how = retryAfter ? 'with Retry-After' : 'without Retry-After';
      log(`unknown rate (client 100/s, server ${serverRate}/s, 429s ${how}) · ${scenario.name} …`);
      const dir = join(work, 'skills-state');
      await writeState(dir, base, scenario.desired);
      const emulatorArgs = ['--rate', String(serverRate), '--burst', String(serverRate * 2), ...(retryAfter ? [] : ['--no-retry-after'])];
      const cx = await withEmulator(stateFile, emulatorArgs, (emulator) => runCxskills(dir, emulator, 100));
      const calls = cx.apply.reads + cx.apply.writes;
      const ideal = calls / serverRate;
      const share = cx.apply.rateLimited / calls;
      checks.push({
        target: `unknown rate, 429s ${how}, ${scenario.name}: apply wall ≤ 1.25 × ideal (${round(ideal)} s), 429s ≤ 2 % of calls`,
        measured: `${round(cx.apply.wallS)} s (${round(cx.apply.wallS / ideal)} ×), ${cx.apply.rateLimited} × 429 of ${calls} calls (${round(share * 100, 1)} %)`,
        ok: cx.apply.wallS <= 1.25 * ideal && share <= 0.02 && cx.apply.verified,
      });
      out[`${scenario.name} (${how})`] = { ...cx.apply, calls, idealS: ideal };
    }
  }
  return out;
}

async function planEndToEnd(work: string, checks: Check[]) {
  const size: TenantSize = { name: '10k×8', agents: 10_000, skillsPerAgent: 8, skills: 300, popular: 2_000 };
  const base = baseTenant(size);
  const stateFile = join(work, 'tenant-e2e.json');
  await writeTenantFile(stateFile, base);
  return withEmulator(stateFile, ['--no-rate-limit'], async (emulator) => {
    const dir = join(work, 'skills-state');
    await writeState(dir, base, scenarios(base)[3]!.desired);
    const cli = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../src/cli/main.js');
    log('plan end to end, 10,000 agents, unthrottled …');
    const t0 = performance.now();
    await run(process.execPath, [cli, 'plan', '--dir', dir, '--format', 'json', '--rate', '100000', '--allow-uncovered'], { env: emulator.env, maxBuffer: 1 << 28 });
    const wallS = (performance.now() - t0) / 1000;
    checks.push({ target: 'plan end to end on 10,000 agents, unthrottled emulator ≤ 5 s', measured: `${round(wallS)} s (CLI process, YAML load included)`, ok: wallS <= 5 });
    return { wallS };
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
