/** The API base of a tenant: discovered from its tenantId, else derived from its cluster, else a clear error. */
import { retryAfterMs } from './auth.js';
import { checkUrl } from './config.js';
import { CxoneError, excerptOf, isCxoneError } from './errors.js';
import type { TokenClaims } from './jwt.js';
import type { RequestInfo, RequestPolicy } from './policy/types.js';
import type { HttpResponse, Transport } from './transport.js';

export interface DiscoveryInput {
  discoveryUrl: URL;
  apiVersion: string;
  claims: TokenClaims;
  /** One GET of the discovery URL (no token: discovery is public), paced and retried by the caller. */
  get: (url: URL) => Promise<HttpResponse>;
  onNotice?: ((message: string) => void) | undefined;
}

export interface DiscoveredBase {
  apiBase: URL;
  fallback: boolean;
}

const HINT = 'set CXONE_API_BASE to skip discovery';

/** Why discovery gave no base: the step that failed, and the answer if there was one. */
interface Failed {
  step: string;
  status?: number;
  excerpt?: string;
}

/** `{api_endpoint}/incontactapi/services/{version}`; on failure the cluster's well-known host, said through onNotice. */
export async function discoverApiBase(input: DiscoveryInput): Promise<DiscoveredBase> {
  const { claims, apiVersion } = input;
  const found = await discover(input);
  if (found instanceof URL) return { apiBase: found, fallback: false };
  // Clusters are names like C32; anything else must not be spliced into a host name.
  if (claims.cluster === undefined || !/^[A-Za-z0-9-]{1,32}$/.test(claims.cluster)) {
    throw new CxoneError('CXONE_DISCOVERY_FAILED', `discovery: ${found.step}, and the token names no cluster to fall back on: ${HINT}`, {
      method: 'GET',
      path: input.discoveryUrl.pathname,
      ...(found.status === undefined ? {} : { status: found.status }),
      ...(found.excerpt === undefined ? {} : { excerpt: found.excerpt }),
    });
  }
  const apiBase = new URL(`https://api-${claims.cluster.toLowerCase()}.nice-incontact.com/incontactapi/services/${apiVersion}`);
  input.onNotice?.(`discovery: ${found.step}; using ${apiBase.href}, derived from the token's cluster ${claims.cluster} (${HINT}, or to choose another base)`);
  return { apiBase, fallback: true };
}

async function discover({ discoveryUrl, apiVersion, claims, get }: DiscoveryInput): Promise<URL | Failed> {
  if (claims.tenantId === undefined) return { step: 'the token carries no tenantId claim' };
  const url = new URL(discoveryUrl.href);
  url.searchParams.set('tenantId', claims.tenantId);
  let res: HttpResponse;
  try {
    res = await get(url);
  } catch (error) {
    if (!isCxoneError(error)) throw error;
    return { step: `GET ${discoveryUrl.pathname} failed (${error.code}: ${error.message})` };
  }
  const answered = { status: res.status, excerpt: excerptOf(res.text, 200) };
  if (res.status !== 200) return { step: `GET ${discoveryUrl.pathname} answered ${res.status}`, ...answered };
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return { step: 'the discovery answer is not JSON', ...answered };
  }
  const endpoint = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).api_endpoint : undefined;
  if (typeof endpoint !== 'string' || endpoint === '') return { step: 'the discovery answer has no api_endpoint', ...answered };
  try {
    // The same rules as a configured base: https only, except loopback; no credentials in the URL.
    return checkUrl('the discovered api_endpoint', `${endpoint.replace(/\/+$/, '')}/incontactapi/services/${apiVersion}`);
  } catch (error) {
    return { step: error instanceof Error ? error.message.replace(/\.$/, '') : String(error), ...answered };
  }
}

/**
 * The discovery GET, paced and retried like any call: rate limits and 5xx are worth repeating (thrown for
 * the retry policy to see); any other answer is the discovery's verdict, read by discoverApiBase.
 */
export function discoveryGet(transport: Transport, policy: RequestPolicy, signal: AbortSignal): (url: URL) => Promise<HttpResponse> {
  return (url) => {
    const info: RequestInfo = { method: 'GET', path: url.pathname, isWrite: false };
    return policy.retry(
      info,
      async () => {
        const res = await policy.throttle(() => transport.send({ method: 'GET', url, label: info.path, headers: { accept: 'application/json' } }));
        const base = { method: 'GET', path: info.path, status: res.status, excerpt: excerptOf(res.text, 200) };
        if (res.status === 429) throw new CxoneError('CXONE_RATE_LIMITED', 'rate limited', { ...base, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
        if (res.status >= 500) throw new CxoneError('CXONE_SERVER_ERROR', 'server error', base);
        return res;
      },
      signal,
    );
  };
}
