/** Fault injection: a script consumed in order, then seeded random draws per request, so a run repeats exactly. */
import { mulberry32, type Random } from './prng.js';
import { FAULT_KINDS, ITEM_FAULT_KINDS, type FaultConfig, type FaultKind, type ItemFaultKind, type ScriptedFault } from './types.js';

export interface FaultTarget {
  method: string;
  /** Normalised route, e.g. `PUT /agents/:id/skills`. */
  routeKey: string;
  /** Path below the API base, e.g. `/agents/1001/skills`. */
  path: string;
  isWrite: boolean;
}

/** A fault inside a `200` write answer: `failFirst` items fail (all when undefined), or the last result is left out. */
export type ItemFault = { kind: 'item-fail'; failFirst?: number } | { kind: 'item-omit' };

export interface InjectedFault {
  kind: FaultKind | ItemFaultKind;
  retryAfterSeconds: number;
  /** Set for the item kinds: the request is carried out, its answer is what changes. */
  item?: ItemFault;
}

/** Item draws get a stream of their own, so turning itemFailRate on does not shift the per-request fault sequence. */
const ITEM_STREAM = 0x9e3779b9;

/** 409 and 412 only mean something for a write: random draws never give them to a read. */
const WRITE_ONLY: ReadonlySet<FaultKind> = new Set<FaultKind>(['409', '412']);

interface ScriptState {
  entry: ScriptedFault;
  skip: number;
  count: number;
}

function isItemKind(value: unknown): value is ItemFaultKind {
  return typeof value === 'string' && (ITEM_FAULT_KINDS as readonly string[]).includes(value);
}

function scriptMatches(entry: ScriptedFault, t: FaultTarget): boolean {
  // Item faults live inside write answers: a read never consumes one.
  if (isItemKind(entry.fault) && !t.isWrite) return false;
  if (entry.method !== undefined && entry.method.toUpperCase() !== t.method) return false;
  if (entry.route === undefined) return true;
  const route = entry.route.trim();
  const space = route.indexOf(' ');
  if (space > 0) {
    const method = route.slice(0, space).toUpperCase();
    const path = route.slice(space + 1).trim();
    return method === t.method && (`${method} ${path}` === t.routeKey || path === t.path);
  }
  return route === t.routeKey.slice(t.method.length + 1) || route === t.path;
}

export class FaultInjector {
  private current: FaultConfig = {};
  private random: Random = mulberry32(1);
  private itemRandom: Random = mulberry32(1 ^ ITEM_STREAM);
  private script: ScriptState[] = [];

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the configuration and restarts the script and the random sequence. */
  configure(config: FaultConfig): void {
    const valid = parseFaultConfig(config);
    this.current = valid;
    this.random = mulberry32(valid.seed ?? 1);
    this.itemRandom = mulberry32((valid.seed ?? 1) ^ ITEM_STREAM);
    this.script = (valid.script ?? []).map((entry) => ({ entry, skip: entry.skip ?? 0, count: entry.count ?? 1 }));
  }

  config(): FaultConfig {
    return structuredClone(this.current);
  }

  /** The fault for this request, if any. The script's head entry goes first; random rates only when it passes. */
  pick(t: FaultTarget): InjectedFault | null {
    const head = this.script[0];
    if (head && scriptMatches(head.entry, t)) {
      if (head.skip > 0) {
        head.skip--;
      } else {
        head.count--;
        if (head.count <= 0) this.script.shift();
        const { fault, items } = head.entry;
        const retryAfterSeconds = head.entry.retryAfterSeconds ?? this.current.retryAfterSeconds ?? 1;
        if (fault === 'item-fail') return { kind: fault, retryAfterSeconds, item: items === undefined ? { kind: fault } : { kind: fault, failFirst: items } };
        if (fault === 'item-omit') return { kind: fault, retryAfterSeconds, item: { kind: fault } };
        return { kind: fault, retryAfterSeconds };
      }
    }
    return this.draw(t);
  }

  /** One draw per write item (only when itemFailRate > 0): true when that item is to fail. */
  itemFails(): boolean {
    const rate = this.current.itemFailRate ?? 0;
    return rate > 0 && this.itemRandom() < rate;
  }

  private draw(t: FaultTarget): InjectedFault | null {
    const rates = this.current.rates;
    if (!rates) return null;
    const appliesTo = this.current.appliesTo ?? 'all';
    if ((appliesTo === 'reads' && t.isWrite) || (appliesTo === 'writes' && !t.isWrite)) return null;
    const kinds = FAULT_KINDS.filter((k) => (rates[k] ?? 0) > 0 && (t.isWrite || !WRITE_ONLY.has(k)));
    if (kinds.length === 0) return null;
    // One draw per request against cumulative rates keeps the sequence stable whatever the rates are.
    const r = this.random();
    let cumulative = 0;
    for (const kind of kinds) {
      cumulative += rates[kind] ?? 0;
      if (r < cumulative) return { kind, retryAfterSeconds: this.current.retryAfterSeconds ?? 1 };
    }
    return null;
  }
}

function fail(message: string): never {
  throw new RangeError(`faults: ${message}`);
}

function isKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

function nonNegativeInt(value: unknown, path: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < min) fail(`${path} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return value as number;
}

function parseScripted(value: unknown, path: string): ScriptedFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${path} must be an object`);
  const o = value as Record<string, unknown>;
  if (!isKind(o.fault) && !isItemKind(o.fault)) {
    fail(`${path}.fault must be one of ${[...FAULT_KINDS, ...ITEM_FAULT_KINDS].join(', ')}, got ${JSON.stringify(o.fault)}`);
  }
  const entry: ScriptedFault = { fault: o.fault };
  if (o.method !== undefined) {
    if (typeof o.method !== 'string') fail(`${path}.method must be a string`);
    entry.method = o.method;
  }
  if (o.route !== undefined) {
    if (typeof o.route !== 'string') fail(`${path}.route must be a string`);
    entry.route = o.route;
  }
  const count = nonNegativeInt(o.count, `${path}.count`, 1);
  if (count !== undefined) entry.count = count;
  const skip = nonNegativeInt(o.skip, `${path}.skip`);
  if (skip !== undefined) entry.skip = skip;
  const retry = nonNegativeInt(o.retryAfterSeconds, `${path}.retryAfterSeconds`);
  if (retry !== undefined) entry.retryAfterSeconds = retry;
  const items = nonNegativeInt(o.items, `${path}.items`, 1);
  if (items !== undefined) {
    if (entry.fault !== 'item-fail') fail(`${path}.items is only for item-fail`);
    entry.items = items;
  }
  return entry;
}

/** Validates a fault configuration from JSON or code, with exact messages. */
export function parseFaultConfig(value: unknown): FaultConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('configuration must be an object');
  const o = value as Record<string, unknown>;
  const config: FaultConfig = {};
  if (o.seed !== undefined) {
    if (!Number.isSafeInteger(o.seed)) fail(`seed must be an integer, got ${JSON.stringify(o.seed)}`);
    config.seed = o.seed as number;
  }
  if (o.rates !== undefined) {
    if (typeof o.rates !== 'object' || o.rates === null || Array.isArray(o.rates)) fail('rates must be an object');
    const rates: Partial<Record<FaultKind, number>> = {};
    for (const [kind, rate] of Object.entries(o.rates)) {
      if (!isKind(kind)) fail(`rates: unknown fault kind ${JSON.stringify(kind)} (known: ${FAULT_KINDS.join(', ')})`);
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail(`rates.${kind} must be a number 0..1, got ${JSON.stringify(rate)}`);
      rates[kind] = rate;
    }
    config.rates = rates;
  }
  const retry = nonNegativeInt(o.retryAfterSeconds, 'retryAfterSeconds');
  if (retry !== undefined) config.retryAfterSeconds = retry;
  if (o.itemFailRate !== undefined) {
    const rate = o.itemFailRate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail(`itemFailRate must be a number 0..1, got ${JSON.stringify(rate)}`);
    config.itemFailRate = rate;
  }
  if (o.appliesTo !== undefined) {
    if (o.appliesTo !== 'all' && o.appliesTo !== 'reads' && o.appliesTo !== 'writes') {
      fail(`appliesTo must be all, reads or writes, got ${JSON.stringify(o.appliesTo)}`);
    }
    config.appliesTo = o.appliesTo;
  }
  if (o.script !== undefined) {
    if (!Array.isArray(o.script)) fail('script must be an array');
    config.script = o.script.map((entry, i) => parseScripted(entry, `script[${i}]`));
  }
  return config;
}
