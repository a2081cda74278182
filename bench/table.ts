/** The bench table as printed: one row per tool, tenant and scenario. */

export interface TableRow {
  tenant: string;
  scenario: string;
  tool: string;
  reads: number;
  writes: number;
  rateLimited: number;
  wallS: number;
  extrapolated: boolean;
  writesPerLowerBound?: number;
  wallPerIdeal: number;
  cxskillsWallRatio?: number;
}

export function formatTable(rows: TableRow[]): string {
  const head = ['tenant', 'scenario', 'tool', 'reads', 'writes', '429s', 'wall s', 'writes/LB', 'wall/(calls÷rate)', 'cxskills wall ÷ this'];
  const body = rows.map((r) => {
    const approx = r.extrapolated ? '~' : '';
    return [
      r.tenant,
      r.scenario,
      r.tool,
      `${approx}${r.reads}`,
      `${approx}${r.writes}`,
      `${approx}${r.rateLimited}`,
      `${approx}${r.wallS}`,
      r.writesPerLowerBound === undefined ? '' : String(r.writesPerLowerBound),
      String(r.wallPerIdeal),
      r.cxskillsWallRatio === undefined ? '' : String(r.cxskillsWallRatio),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
