/** Call metrics of a run: calls by kind, statuses, retries, 429s and latency percentiles, fed by the request policy. */
import type { RequestInfo } from '../client.js';

export interface MetricsSummary {
  calls: { reads: number; writes: number; token?: number; byRoute: Record<string, number> };
  statuses: Record<string, number>;
  retries: number;
  rateLimited: number;
  latencyMs: { p50: number; p95: number; max: number };
}

export class Metrics {
  reads = 0;
  writes = 0;
  retries = 0;
  rateLimited = 0;
  readonly byRoute = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  readonly #latencies: number[] = [];

  observe(info: RequestInfo, status: number | 'error', ms: number): void {
    if (info.isWrite) this.writes++;
    else this.reads++;
    const route = `${info.method} ${info.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
    this.statuses.set(String(status), (this.statuses.get(String(status)) ?? 0) + 1);
    if (status === 429) this.rateLimited++;
    this.#latencies.push(ms);
  }

  retried(): void {
    this.retries++;
  }

  summary(): MetricsSummary {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const pick = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!));
    return {
      calls: { reads: this.reads, writes: this.writes, byRoute: Object.fromEntries([...this.byRoute].sort()) },
      statuses: Object.fromEntries([...this.statuses].sort()),
      retries: this.retries,
      rateLimited: this.rateLimited,
      latencyMs: { p50: pick(0.5), p95: pick(0.95), max: Math.round(sorted[sorted.length - 1] ?? 0) },
    };
  }
}
