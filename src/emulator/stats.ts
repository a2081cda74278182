/** Counters for the control endpoint: calls per route and method, statuses, 429s, faults and the peak request rate. */
import type { EmulatorStats, FaultKind, ItemFaultKind } from './types.js';

/** What one write did to its items, as the stats count it. */
export interface ItemCounts {
  itemsWritten: number;
  itemsFailed: number;
  /** Items failed by `item-fail` or `itemFailRate`. */
  injectedFailures: number;
  /** Results left out by `item-omit`. */
  omitted: number;
}

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
      discoveryRequests: 0,
      peakRatePerSecond: 0,
      itemsWritten: 0,
      itemsFailed: 0,
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

  discoveryRequest(): void {
    this.data.discoveryRequests++;
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

  fault(kind: FaultKind | ItemFaultKind, by = 1): void {
    const faults = this.data.faultsInjected;
    faults[kind] = (faults[kind] ?? 0) + by;
  }

  writeOutcome(counts: ItemCounts): void {
    this.data.itemsWritten += counts.itemsWritten;
    this.data.itemsFailed += counts.itemsFailed;
    if (counts.injectedFailures > 0) this.fault('item-fail', counts.injectedFailures);
    if (counts.omitted > 0) this.fault('item-omit', counts.omitted);
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
