/** Client configuration from the environment: grant, token, discovery and API URLs, credentials. Secrets come from here only. */
import { CxoneError } from './errors.js';
import { DEFAULT_TIMEOUTS, type TimeoutOptions } from './transport.js';

export type Grant = 'access-key' | 'registered-app';

/** The access key is always needed; the client pair only for the registered-app grant (both or neither). */
export interface CxoneCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * What the client needs to reach a tenant. Only `credentials` is required: the grant follows from whether a
 * client id is set, the token URL from the grant, and without `apiBase` the base is discovered from the tenant.
 */
export interface CxoneConfig {
  credentials: CxoneCredentials;
  grant?: Grant;
  /** The exact token URL. */
  authUrl?: string;
  discoveryUrl?: string;
  /** Set: used as is, no discovery. */
  apiBase?: string;
  /** Version segment of a discovered base, e.g. `v31.0`. */
  apiVersion?: string;
}

/** The config with every default filled in. */
export interface ResolvedConfig {
  credentials: CxoneCredentials;
  grant: Grant;
  authUrl: string;
  discoveryUrl: string;
  apiBase: string | undefined;
  apiVersion: string;
}

export const ACCESS_KEY_AUTH_URL = 'https://cxone.niceincontact.com/authentication/v1/token/access-key';
export const REGISTERED_APP_AUTH_URL = 'https://cxone.niceincontact.com/auth/token';
/** @deprecated the registered-app token URL; the default now depends on the grant. */
export const DEFAULT_AUTH_URL = REGISTERED_APP_AUTH_URL;
export const DEFAULT_DISCOVERY_URL = 'https://cxone.niceincontact.com/.well-known/cxone-configuration';
export const DEFAULT_API_VERSION = 'v31.0';

/** Reads CXONE_* variables; names the missing or wrong ones (never any value). */
export function configFromEnv(env: NodeJS.ProcessEnv): ResolvedConfig {
  const missing = (['CXONE_ACCESS_KEY_ID', 'CXONE_ACCESS_KEY_SECRET'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new CxoneError('CXONE_CONFIG', `Missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Set them, or run against the embedded emulator (see README).`);
  }
  const clientId = env.CXONE_CLIENT_ID || undefined;
  const clientSecret = env.CXONE_CLIENT_SECRET || undefined;
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    const [set, unset] = clientId === undefined ? ['CXONE_CLIENT_SECRET', 'CXONE_CLIENT_ID'] : ['CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET'];
    throw new CxoneError('CXONE_CONFIG', `Missing environment variable: ${unset}. ${set} is set: set both (registered-app grant) or neither (access-key grant).`);
  }
  const credentials: CxoneCredentials = { accessKeyId: env.CXONE_ACCESS_KEY_ID!, accessKeySecret: env.CXONE_ACCESS_KEY_SECRET! };
  if (clientId !== undefined && clientSecret !== undefined) Object.assign(credentials, { clientId, clientSecret });
  const config: CxoneConfig = { credentials };
  if (env.CXONE_AUTH_URL) config.authUrl = env.CXONE_AUTH_URL;
  if (env.CXONE_DISCOVERY_URL) config.discoveryUrl = env.CXONE_DISCOVERY_URL;
  if (env.CXONE_API_BASE) config.apiBase = env.CXONE_API_BASE;
  if (env.CXONE_API_VERSION) config.apiVersion = env.CXONE_API_VERSION;
  return resolveConfig(config);
}

/** Fills in the defaults and checks every URL and the version (the constructor of the client calls this too). */
export function resolveConfig(config: CxoneConfig): ResolvedConfig {
  const grant: Grant = config.grant ?? (config.credentials.clientId ? 'registered-app' : 'access-key');
  if (grant === 'registered-app' && (!config.credentials.clientId || !config.credentials.clientSecret)) {
    throw new CxoneError('CXONE_CONFIG', 'The registered-app grant needs CXONE_CLIENT_ID and CXONE_CLIENT_SECRET.');
  }
  const apiVersion = config.apiVersion ?? DEFAULT_API_VERSION;
  // The version becomes a path segment of a discovered base: nothing but vNN or vNN.N.
  if (!/^v\d{1,3}(\.\d{1,3})?$/.test(apiVersion)) throw new CxoneError('CXONE_CONFIG', 'CXONE_API_VERSION must look like v31.0.');
  const resolved: ResolvedConfig = {
    credentials: config.credentials,
    grant,
    authUrl: config.authUrl ?? (grant === 'access-key' ? ACCESS_KEY_AUTH_URL : REGISTERED_APP_AUTH_URL),
    discoveryUrl: config.discoveryUrl ?? DEFAULT_DISCOVERY_URL,
    apiBase: config.apiBase,
    apiVersion,
  };
  if (resolved.apiBase !== undefined) checkUrl('CXONE_API_BASE', resolved.apiBase);
  checkUrl('CXONE_AUTH_URL', resolved.authUrl);
  checkUrl('CXONE_DISCOVERY_URL', resolved.discoveryUrl);
  return resolved;
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
