/** The tenant as a terminal user connects to it: the rate, waits announced on stderr, a progress line while the tenant is read. */
import type { PageProgress, RequestInfo } from '../cxone/index.js';
import { openTenant, type Tenant, type TenantOptions } from '../run/tenant.js';
import type { CliIo } from './command.js';
import { OPTION_INVALID } from './options.js';
import { UsageError } from './command.js';
import { progressLine } from './output.js';

const LIST_NAMES: Record<string, string> = { '/agents': 'agents', '/skills': 'skills', '/agents/skills': 'assignments' };

/** A tenant for the environment (CXONE_*), at `ratePerSecond`; its bulk read draws a progress line on a TTY. */
export function connect(io: CliIo, ratePerSecond: number): Tenant {
  const progress = progressLine(io);
  const seen = new Map<string, string>();
  let skillPages = 0;
  const onPage = ({ path, read, total }: PageProgress) => {
    if (/^\/skills\/\d+\/agents$/.test(path)) {
      skillPages++;
      seen.set('skill lists', `${skillPages.toLocaleString('en-US')} pages of in-scope skills' lists`);
      return progress.update(`Reading the tenant: ${[...seen.values()].join(', ')}`);
    }
    const name = LIST_NAMES[path];
    if (name === undefined) return;
    seen.set(name, `${read.toLocaleString('en-US')}${total === undefined ? '' : `/${total.toLocaleString('en-US')}`} ${name}`);
    progress.update(`Reading the tenant: ${[...seen.values()].join(', ')}`);
  };
  const tenant = openTenant(tenantOptions(io, ratePerSecond, onPage));
  return {
    ...tenant,
    async readLive() {
      try {
        return await tenant.readLive();
      } finally {
        progress.done();
        seen.clear();
      }
    },
    async readScoped(inScope, mode) {
      try {
        return await tenant.readScoped(inScope, mode);
      } finally {
        progress.done();
        seen.clear();
      }
    },
  };
}

/** Connects, runs `work`, closes the client whatever happens. */
export async function withConnection<T>(io: CliIo, ratePerSecond: number, work: (tenant: Tenant) => Promise<T>): Promise<T> {
  const tenant = connect(io, ratePerSecond);
  try {
    return await work(tenant);
  } finally {
    await tenant.close();
  }
}

export function tenantOptions(io: CliIo, ratePerSecond: number, onPage?: (page: PageProgress) => void): TenantOptions {
  return {
    env: io.env,
    ratePerSecond,
    maxWaitMs: maxWaitFromEnv(io.env),
    onNotice: (message) => io.stderr.write(`note: ${message}\n`),
    onRetry: announceWaits(io),
    ...(onPage ? { onPage } : {}),
  };
}


/** `CXSKILLS_MAX_WAIT_S`: the most a run waits for 429s in all before it gives up (default 900 s). */
export function maxWaitFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.CXSKILLS_MAX_WAIT_S;
  if (raw === undefined || raw === '') return 900_000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0)) throw new UsageError(`CXSKILLS_MAX_WAIT_S must be a positive number of seconds, got "${raw}".`, OPTION_INVALID);
  return seconds * 1000;
}

/**
 * A long wait for the API's rate limit is never silent: one line on stderr (TTY and CI logs alike) when a
 * wait of 5 s or more begins, saying how long and until when; calls waiting side by side say it once.
 */
export function announceWaits(io: CliIo, now: () => number = Date.now): (info: RequestInfo, reason: string, waitMs: number) => void {
  let announcedUntil = 0;
  return (info, reason, waitMs) => {
    if (reason !== '429' || waitMs < 5000) return;
    const until = now() + waitMs;
    if (until <= announcedUntil + 1000) return;
    announcedUntil = until;
    io.stderr.write(`note: the API answered 429 (rate limit) to ${info.method} ${info.path}: waiting ${Math.round(waitMs / 1000)} s, until ${new Date(until).toISOString().slice(11, 19)} UTC\n`);
  };
}
