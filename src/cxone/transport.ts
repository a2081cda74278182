/** One HTTP exchange over an undici Agent (keep-alive, timeouts), turned into a response or a classified CxoneError. */
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { CxoneError, excerptOf } from './errors.js';

export interface TimeoutOptions {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: TimeoutOptions = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  /** The path shown in errors instead of the URL (no host, no query secrets), e.g. `/agents/1001/skills`. */
  label: string;
  /** True when repeating the request cannot change anything (the token call): its failures never leave an unknown outcome. */
  idempotent?: boolean;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** No answer of this API comes near it (a page of 1,000 agents is well under 1 MiB); an endless body stops here. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class Transport {
  readonly #agent: Agent;
  readonly #maxBodyBytes: number;

  constructor(timeouts: TimeoutOptions = DEFAULT_TIMEOUTS, connections = 16, maxBodyBytes = MAX_BODY_BYTES) {
    this.#maxBodyBytes = maxBodyBytes;
    this.#agent = new Agent({
      connections,
      keepAliveTimeout: 10_000,
      // Pinned: NODE_TLS_REJECT_UNAUTHORIZED=0 in someone's environment must not turn certificate checks off.
      connect: { timeout: timeouts.connectMs, rejectUnauthorized: true },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const isWrite = req.method !== 'GET' && req.idempotent !== true;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.#agent.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers: req.headers,
        body: req.body,
      });
    } catch (error) {
      throw classifyNetworkError(error, req.method, req.label, isWrite);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.#maxBodyBytes) {
          res.body.destroy();
          throw new CxoneError('CXONE_BAD_RESPONSE', `response body is larger than ${Math.round(this.#maxBodyBytes / 1024 / 1024)} MiB: stopped reading it (no answer of this API is near that size)`, {
            method: req.method,
            path: req.label,
            status: res.statusCode,
            outcome: isWrite ? 'unknown' : 'not-applied',
          });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof CxoneError) throw error;
      throw classifyNetworkError(error, req.method, req.label, isWrite, res.statusCode);
    }
    return { status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

/** Connection refused or a connect timeout never reached the server; anything later may have. */
function classifyNetworkError(error: unknown, method: string, path: string, isWrite: boolean, status?: number): CxoneError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const neverSent = code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  const outcome = !isWrite || neverSent ? 'not-applied' : 'unknown';
  const isTimeout =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError;
  return new CxoneError(isTimeout ? 'CXONE_TIMEOUT' : 'CXONE_NETWORK', `${isTimeout ? 'timed out' : 'network error'} (${code || 'no code'}: ${excerptOf(message, 120)})`, {
    method,
    path,
    ...(status === undefined ? {} : { status }),
    outcome,
    cause: error,
  });
}
