/**
 * The read-less issue's benchmark: plan reads sized to a scope of 5 skills, and `apply --plan` of a saved
 * plan checked by delta (shuffle 10 % within a 20-skill scope), in-process on the same modules as the CLI,
 * against the emulator as a child process (pages of 100 rows, `isAssigned: false` items in per-skill lists).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDesiredState } from '../src/config/index.js';
import { CxoneClient, describeRead, readScoped, type ScopedRead } from '../src/cxone/index.js';
import { createPolicy } from '../src/cxone/policy/create.js';
import { checkSavedPlan } from '../src/apply/staleness.js';
import { runApply } from '../src/apply/run.js';
import { compileSkillScope } from '../src/model/glob.js';
import { buildPlan, withDigest, type Plan } from '../src/plan/index.js';
import { writeTenantFile, type TenantData } from '../src/emulator/index.js';
import { withEmulator, type EmulatorProcess } from './emulator-process.js';
import type { TenantSize } from './scenarios.js';
// A small deterministic PRNG (mulberry32), so every run changes the same pairs: the emulator's own.
import { mulberry32 as prng } from '../src/emulator/prng.js';

export interface Check {
  target: string;
  measured: string;
  ok: boolean;
}

export interface ReadLessRow {
  tenant: string;
  scenario: string;
  read: string;
  reads: number;
  listPages: number;
  otherPages: number;
  wholeTenantPages: number;
  writes: number;
  deltaPages: number;
  bound: string;
  wallS: number;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
/** The emulator's `isAssigned: false` rows: every agent whose id is a multiple of 10 and lacks the skill. */
const UNASSIGNED_EVERY = 10;

/** Pages of one skill's list as the emulator serves it (assigned rows and the `isAssigned: false` ones). */
function skillListPages(data: TenantData, skillId: number, pageRows = 100): number {
  const holders = new Set(data.assignments.filter((a) => a.skillId === skillId).map((a) => a.agentId));
  const unassigned = data.agents.filter((a) => a.agentId % UNASSIGNED_EVERY === 0 && !holders.has(a.agentId)).length;
  return Math.max(1, Math.ceil((holders.size + unassigned) / pageRows));
}

/** In-scope skills for the bench: active ones, away from the popular skill and the cohort's. */
function scopeSkills(data: TenantData, count: number): TenantData['skills'] {
  return data.skills.filter((s) => s.isActive && s.skillId >= 120).slice(0, count);
}

/** A skills-state directory whose scope is `skills` (by name) and whose agents are their holders, each with `value(agent, skill)`. */
async function writeScopedState(dir: string, data: TenantData, skills: TenantData['skills'], value: (agentId: number, skillId: number, proficiency: number, active: boolean) => { proficiency: number; active: boolean }): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const names = new Map(skills.map((s) => [s.skillId, s.skillName]));
  await writeFile(join(dir, 'cxskills.yaml'), `version: 1\nscope:\n  skills: ${JSON.stringify(skills.map((s) => s.skillName))}\n  agents: declared\nsafety:\n  maxRemoveRatio: 1\n  maxChangeRatio: 1\n`);
  const byAgent = new Map<number, string[]>();
  for (const a of data.assignments) {
    const name = names.get(a.skillId);
    if (name === undefined) continue;
    const v = value(a.agentId, a.skillId, a.proficiency, a.active);
    const lines = byAgent.get(a.agentId) ?? [];
    lines.push(v.active ? `      ${JSON.stringify(name)}: ${v.proficiency}` : `      ${JSON.stringify(name)}: { proficiency: ${v.proficiency}, active: false }`);
    byAgent.set(a.agentId, lines);
  }
  const userNames = new Map(data.agents.map((a) => [a.agentId, a.userName]));
  const out = ['agents:'];
  for (const [agentId, lines] of byAgent) out.push(`  ${userNames.get(agentId)}:`, '    skills:', ...lines);
  await writeFile(join(dir, 'agents.yaml'), `${out.join('\n')}\n`);
  return byAgent.size;
}

async function plan(dir: string, client: CxoneClient): Promise<{ plan: Plan; read: ScopedRead['read'] }> {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (!state) throw new Error(`bench state did not load: ${diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const { live, read } = await readScoped(client, compileSkillScope(state.scope.skills));
  const built = buildPlan({ desired: state, live, createdAt: new Date().toISOString(), toolVersion: 'bench' });
  if (!built.plan) throw new Error(`bench plan failed: ${built.diagnostics.map((d) => d.code).join(', ')}`);
  const { tenantRows: _rows, skills: _skills, ...recorded } = read;
  return { plan: withDigest({ ...built.plan, read: recorded }), read };
}


/** Counts the client's full reads (the whole tenant or a skill's whole list) while `fn` runs. */
async function countingFullReads<T>(client: CxoneClient, fn: () => Promise<T>): Promise<{ value: T; fullReads: number }> {
  let fullReads = 0;
  const c = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of ['readLive', 'listAssignments', 'getSkillAgents', 'listAgents']) {
    const original = c[name]!.bind(client);
    originals.set(name, c[name]!);
    c[name] = (...args: unknown[]) => {
      fullReads++;
      return original(...args);
    };
  }
  try {
    return { value: await fn(), fullReads };
  } finally {
    for (const [name, fn2] of originals) c[name] = fn2;
  }
}

export async function readLessBench(size: TenantSize & { base: TenantData }, work: string, rate: number, rows: ReadLessRow[], checks: Check[], log: (s: string) => void): Promise<void> {
  const data = size.base;
  const stateFile = join(work, `tenant-read-less-${size.name}.json`);
  await writeTenantFile(stateFile, data);
  const limitArgs = ['--rate', String(rate), '--burst', String(rate * 2)];
  const pageOf = (n: number) => Math.max(1, Math.ceil(n / 100));
  const wholeTenantPages = pageOf(data.assignments.length);
  const otherPages = pageOf(data.agents.length) + pageOf(data.skills.length);
  const dir = join(work, 'skills-state-read-less');

  // 1. Plan reads for a scope of 5 skills.
  const five = scopeSkills(data, 5);
  const fivePages = five.reduce((n, s) => n + skillListPages(data, s.skillId), 0);
  await writeScopedState(dir, data, five, (_a, _s, proficiency, active) => ({ proficiency, active }));
  log(`${size.name} · plan reads, scope of 5 skills …`);
  await withEmulator(stateFile, limitArgs, async (emulator) => {
    const { policy } = createPolicy({ ratePerSecond: rate });
    const client = new CxoneClient(emulator.config, { policy });
    await emulator.resetStats();
    const t0 = performance.now();
    try {
      const { read } = await plan(dir, client);
      const wallS = (performance.now() - t0) / 1000;
      const stats = await emulator.stats();
      const listPages = (stats.calls['GET /agents/skills'] ?? 0) + (stats.calls['GET /skills/:id/agents'] ?? 0);
      const bound = fivePages + 3;
      rows.push({ tenant: size.name, scenario: 'plan, scope of 5 skills', read: read.kind, reads: stats.reads, listPages, otherPages: stats.reads - listPages, wholeTenantPages, writes: 0, deltaPages: 0, bound: `≤ ${bound}`, wallS: round(wallS) });
      checks.push({
        target: `${size.name} plan reads for a scope of 5 skills: assignment pages ≤ those 5 lists' pages + 3 (${fivePages} + 3), against ${wholeTenantPages} for the whole tenant`,
        measured: `${listPages} pages (${describeRead(read)}); plus ${stats.reads - listPages} pages of agents and skills, as before; ${round(wallS)} s at ${rate}/s`,
        ok: read.kind === 'skills' && listPages <= bound,
      });
    } finally {
      await client.close();
    }
  });

  // 2. Apply of a saved plan: shuffle 10 % within a 20-skill scope, checked by delta.
  const twenty = scopeSkills(data, 20);
  const rand = prng(23);
  const managed = await writeScopedState(dir, data, twenty, (_a, _s, proficiency, active) => (rand() < 0.1 ? { proficiency: 1 + (proficiency % 20), active } : { proficiency, active }));
  log(`${size.name} · apply of a saved plan, shuffle 10 % in a 20-skill scope (${managed} agents) …`);
  await withEmulator(stateFile, limitArgs, async (emulator: EmulatorProcess) => {
    const { policy } = createPolicy({ ratePerSecond: rate });
    const planner = new CxoneClient(emulator.config, { policy });
    let saved: Plan;
    try {
      saved = (await plan(dir, planner)).plan;
    } finally {
      await planner.close();
    }
    // The saved plan goes through its file format, as `apply --plan` reads it.
    saved = JSON.parse(JSON.stringify(saved)) as Plan;
    await new Promise((r) => setTimeout(r, 1000));
    const { policy: applyPolicy } = createPolicy({ ratePerSecond: rate });
    const client = new CxoneClient(emulator.config, { policy: applyPolicy });
    await emulator.resetStats();
    const t0 = performance.now();
    const notices: string[] = [];
    try {
      const { value, fullReads } = await countingFullReads(client, async () => {
        const check = await checkSavedPlan(client, saved, { onNotice: (m) => notices.push(m) });
        if (check.plan === undefined) throw new Error(`saved plan refused: ${check.diagnostics.map((d) => d.code).join(', ')}`);
        const run = await runApply(check.plan, client, check.live, { concurrency: 4, readAt: check.readAt, waveCalls: Math.max(4, Math.round(rate * 2)), updatesPerList: check.how === 'delta', tenantRows: wholeTenantPages * 100 });
        return { check, run };
      });
      const wallS = (performance.now() - t0) / 1000;
      const stats = await emulator.stats();
      const { check, run } = value;
      const writes = stats.writes;
      // Every page of /agents/skills here is an UpdatedSince read (the delta check and the guard), and /agents an updateSince one.
      const deltaPages = (stats.calls['GET /agents/skills'] ?? 0) + (stats.calls['GET /agents'] ?? 0);
      const total = stats.reads + stats.writes;
      const bound = 1.2 * (writes + deltaPages + 3);
      const verified = run.result.failed === 0 && run.verification.mismatches.length === 0;
      rows.push({ tenant: size.name, scenario: `apply --plan, shuffle 10 % of a 20-skill scope (${saved.changes.length} changes)`, read: check.how, reads: stats.reads, listPages: stats.calls['GET /skills/:id/agents'] ?? 0, otherPages: stats.reads - deltaPages, wholeTenantPages, writes, deltaPages, bound: `≤ ${round(bound, 1)}`, wallS: round(wallS) });
      checks.push({
        target: `${size.name} apply of a saved plan (shuffle 10 % in a 20-skill scope): total calls ≤ 1.2 × (writes + delta pages + 3), zero full re-reads, verified`,
        measured: `${total} calls (${writes} writes, ${stats.reads} reads of which ${deltaPages} delta pages) ≤ ${round(bound, 1)}; ${fullReads} full re-reads; staleness by ${check.how}; verified ${verified}; ${round(wallS)} s (${notices.join(' | ')})`,
        ok: total <= bound && fullReads === 0 && check.how === 'delta' && verified,
      });
    } finally {
      await client.close();
    }
  });
}

export function formatReadLessTable(rows: readonly ReadLessRow[]): string {
  const head = ['tenant', 'scenario', 'read', 'reads', 'list pages', 'agents+skills+other', 'whole tenant', 'writes', 'delta pages', 'bound', 'wall s'];
  const body = rows.map((r) => [r.tenant, r.scenario, r.read, String(r.reads), String(r.listPages), String(r.otherPages), String(r.wholeTenantPages), String(r.writes), String(r.deltaPages), r.bound, String(r.wallS)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
