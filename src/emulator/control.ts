/** The control endpoint (`/__emulator/...`, outside the API): stats, state, faults and token expiry for tests and benchmarks. */
import { resolve } from 'node:path';
import { errorReply, jsonReply, type Reply } from './reply.js';
import { parseTenantData } from './tenant-file.js';
import type { EmulatorStats, FaultConfig, TenantData } from './types.js';

export const CONTROL_ROOT = '/__emulator';

export interface ControlTarget {
  stats(): EmulatorStats;
  resetStats(): void;
  snapshot(): TenantData;
  /** Replaces the tenant; returns its counts. */
  load(data: TenantData): { agents: number; skills: number; assignments: number };
  faults(): FaultConfig;
  setFaults(config: unknown): void;
  expireTokens(): void;
  save(file: string): Promise<void>;
}

const ENDPOINTS = [
  'GET /__emulator/stats',
  'POST /__emulator/stats/reset',
  'GET /__emulator/state',
  'PUT /__emulator/state',
  'GET /__emulator/faults',
  'POST /__emulator/faults',
  'POST /__emulator/expire-tokens',
  'POST /__emulator/save',
];

/** A control request the emulator cannot act on (answered 400). */
class ControlError extends Error {}

function badRequest(message: string): Reply {
  return errorReply(400, 'InvalidControlRequest', message);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ControlError('body is not valid JSON');
  }
}

async function route(method: string, path: string, body: string, target: ControlTarget): Promise<Reply | undefined> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /':
      return jsonReply(200, { endpoints: ENDPOINTS });
    case 'GET /stats':
      return jsonReply(200, target.stats());
    case 'POST /stats/reset':
      target.resetStats();
      return jsonReply(200, { ok: true });
    case 'GET /state':
      return jsonReply(200, target.snapshot());
    case 'PUT /state':
      return jsonReply(200, { ok: true, ...target.load(parseTenantData(parseJson(body), 'PUT /__emulator/state')) });
    case 'GET /faults':
      return jsonReply(200, target.faults());
    case 'POST /faults':
      target.setFaults(parseJson(body));
      return jsonReply(200, { ok: true, faults: target.faults() });
    case 'POST /expire-tokens':
      target.expireTokens();
      return jsonReply(200, { ok: true });
    case 'POST /save': {
      const parsed = parseJson(body);
      const file = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).file : undefined;
      if (typeof file !== 'string' || file === '') throw new ControlError('body must be {"file": "<path>"}');
      const absolute = resolve(file);
      try {
        await target.save(absolute);
      } catch (error) {
        return errorReply(500, 'SaveFailed', `could not save to ${absolute}: ${(error as Error).message}`);
      }
      return jsonReply(200, { ok: true, file: absolute });
    }
    default:
      return undefined;
  }
}

/** `path` is below `/__emulator` (`/stats`, `/state`, …). Never rate-limited, counted or faulted. */
export async function handleControl(method: string, path: string, body: string, target: ControlTarget): Promise<Reply> {
  const normalised = path === '' ? '/' : path.replace(/\/+$/, '') || '/';
  try {
    const reply = await route(method, normalised, body, target);
    if (reply) return reply;
  } catch (error) {
    // Everything else that throws here is bad control input (JSON, state shape, fault config,
    // dangling references): the caller's mistake, so 400 with the exact message.
    return badRequest(error instanceof Error ? error.message : String(error));
  }
  const known = ENDPOINTS.some((e) => e.endsWith(` ${CONTROL_ROOT}${normalised === '/' ? '' : normalised}`));
  if (known) return errorReply(405, 'MethodNotAllowed', `${method} is not allowed on ${CONTROL_ROOT}${normalised}`);
  return errorReply(404, 'NotFound', `no control endpoint ${method} ${CONTROL_ROOT}${normalised}`);
}
