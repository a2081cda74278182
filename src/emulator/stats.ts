/** Counters for the control endpoint: calls per route and method, statuses, 429s, faults and the peak request rate. */
import type { EmulatorStats, FaultKind } from './types.js';

const WINDOW_MS = 1000;

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

export class StatsCollector {
  private data: EmulatorStats = StatsCollector.empty();
  /** Arrival times inside the last second, oldest first (a queue with a moving head, compacted now and then). */
  private arrivals: number[] = [];
  private head = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  private static empty(): EmulatorStats {
    return {
      calls: {},
      byMethod: {},
      reads: 0,
      writes: 0,
      status: {},
      rateLimited: 0,
      faultsInjected: {},
      tokensIssued: 0,
      tokenRequests: 0,
      peakRatePerSecond: 0,
      itemsWritten: 0,
    };
  }

  /** Every API request that arrives, whatever it is answered. */
  apiRequest(method: string, routeKey: string, isWrite: boolean): void {
    bump(this.data.calls, routeKey);
    bump(this.data.byMethod, method);
    if (isWrite) this.data.writes++;
    else this.data.reads++;
    const now = this.now();
    this.arrivals.push(now);
    while (this.head < this.arrivals.length && (this.arrivals[this.head] as number) <= now - WINDOW_MS) this.head++;
    if (this.head > 4096) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
    this.data.peakRatePerSecond = Math.max(this.data.peakRatePerSecond, this.arrivals.length - this.head);
  }

  tokenRequest(): void {
    this.data.tokenRequests++;
  }

  tokenIssued(): void {
    this.data.tokensIssued++;
  }

  answered(status: number): void {
    bump(this.data.status, String(status));
  }

  rateLimited(): void {
    this.data.rateLimited++;
  }

  fault(kind: FaultKind): void {
    const faults = this.data.faultsInjected;
    faults[kind] = (faults[kind] ?? 0) + 1;
  }

  itemsWritten(count: number): void {
    this.data.itemsWritten += count;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = StatsCollector.empty();
    this.arrivals = [];
    this.head = 0;
  }
}
