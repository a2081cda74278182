/** Client configuration from the environment: base URLs and credentials. Secrets come from here only. */
import { CxoneError } from './errors.js';
import { DEFAULT_TIMEOUTS, type TimeoutOptions } from './transport.js';

export interface CxoneCredentials {
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface CxoneConfig {
  apiBase: string;
  authUrl: string;
  credentials: CxoneCredentials;
}

export const DEFAULT_AUTH_URL = 'https://cxone.niceincontact.com/auth/token';

const REQUIRED = ['CXONE_API_BASE', 'CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET', 'CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET'] as const;

/** Reads CXONE_* variables; names the missing ones (never any value). */
export function configFromEnv(env: NodeJS.ProcessEnv): CxoneConfig {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new CxoneError('CXONE_CONFIG', `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Set them, or run against the embedded emulator (see README).`);
  }
  const config: CxoneConfig = {
    apiBase: env.CXONE_API_BASE!,
    authUrl: env.CXONE_AUTH_URL || DEFAULT_AUTH_URL,
    credentials: {
      clientId: env.CXONE_CLIENT_ID!,
      clientSecret: env.CXONE_CLIENT_SECRET!,
      accessKeyId: env.CXONE_ACCESS_KEY_ID!,
      accessKeySecret: env.CXONE_ACCESS_KEY_SECRET!,
    },
  };
  checkUrl('CXONE_API_BASE', config.apiBase);
  checkUrl('CXONE_AUTH_URL', config.authUrl);
  return config;
}

/** Only https, except loopback (the emulator). TLS verification is never turned off anywhere. */
export function checkUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CxoneError('CXONE_CONFIG', `${name} is not a valid URL.`);
  }
  if (url.username || url.password) throw new CxoneError('CXONE_CONFIG', `${name} must not contain credentials.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new CxoneError('CXONE_CONFIG', `${name} must use https:// (http:// is accepted only for loopback addresses), got ${url.protocol}//${url.host}.`);
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const TIMEOUT_VARIABLES = {
  CXSKILLS_TIMEOUT_MS: ['connectMs', 'headersMs', 'bodyMs'],
  CXSKILLS_CONNECT_TIMEOUT_MS: ['connectMs'],
  CXSKILLS_HEADERS_TIMEOUT_MS: ['headersMs'],
  CXSKILLS_BODY_TIMEOUT_MS: ['bodyMs'],
} as const satisfies Record<string, ReadonlyArray<keyof TimeoutOptions>>;

/**
 * HTTP timeouts: `CXSKILLS_TIMEOUT_MS` sets all three (connect, headers, body); the specific variables
 * override one each. Unset means the defaults (10 s connect, 30 s headers and body).
 */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv): TimeoutOptions {
  const out: TimeoutOptions = { ...DEFAULT_TIMEOUTS };
  for (const [name, keys] of Object.entries(TIMEOUT_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const ms = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(ms) || ms < 1) {
      throw new CxoneError('CXONE_CONFIG', `${name} must be a positive whole number of milliseconds, got ${JSON.stringify(raw)}.`);
    }
    for (const key of keys) out[key] = ms;
  }
  return out;
}
