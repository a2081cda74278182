/** The doctor's report as a person reads it (one line a check, what to set under it) and as JSON. */
import type { DoctorReport } from './types.js';
import type { WriteProbeReport } from './write-probe.js';

const MARK = { ok: 'ok     ', differs: 'differs', unknown: 'unknown' } as const;

export function renderDoctorText(report: DoctorReport, writes?: WriteProbeReport): string {
  const lines = ['cxskills doctor: how this tenant answers, against the assumptions of CXone contract v2 (read-only).', ''];
  const width = Math.max(...report.checks.map((c) => c.title.length));
  for (const c of report.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.title.padEnd(width)}  ${c.detail}`);
    if (c.fix && c.status !== 'ok') lines.push(`  ${' '.repeat(7)}  ${' '.repeat(width)}  → ${c.fix}`);
  }
  const { agents, skills, assignments } = report.counts;
  const told = [agents !== undefined && `${agents.toLocaleString('en-US')} agents`, skills !== undefined && `${skills.toLocaleString('en-US')} skills`, assignments !== undefined && `${assignments.toLocaleString('en-US')} assignments`].filter(Boolean);
  if (told.length > 0) lines.push('', `Counts (as the API told them): ${told.join(', ')}.`);
  if (writes) lines.push('', ...renderWriteProbe(writes));
  const relied = report.checks.filter((c) => c.relied && c.status === 'differs');
  lines.push(
    '',
    relied.length === 0 && !(writes && !writes.restored)
      ? 'Everything cxskills relies on holds. Next: cxskills plan.'
      : `Not safe to apply yet: ${[...relied.map((c) => c.title), ...(writes && !writes.restored ? ['write probe restore'] : [])].join(', ')} (see above).`,
  );
  return `${lines.join('\n')}\n`;
}

function renderWriteProbe(w: WriteProbeReport): string[] {
  const lines = [`Write probe on agent ${w.agent} × skill "${w.skill}" (started ${w.before === null ? 'unassigned' : `at proficiency ${w.before.proficiency}, ${w.before.active ? 'active' : 'inactive'}`}):`];
  for (const s of w.steps) {
    lines.push(`  ${s.ok ? 'ok     ' : 'differs'}  ${s.call.padEnd(34)}  ${s.status}  ${s.shape}${s.error ? ` (${s.error})` : ''}`);
  }
  lines.push(w.restored ? `  The pair is back as it was (read back and compared). ${w.audited} writes audited in ${w.auditFile}.` : `  NOT RESTORED: the pair is now ${w.after === null ? 'unassigned' : `at proficiency ${w.after.proficiency}, ${w.after.active ? 'active' : 'inactive'}`}; set it back by hand. ${w.audited} writes audited in ${w.auditFile}.`);
  return lines;
}

export function renderDoctorJson(report: DoctorReport, writes?: WriteProbeReport): string {
  return `${JSON.stringify({ formatVersion: 1, ...report, ...(writes ? { writeProbe: writes } : {}) }, null, 2)}\n`;
}
