/** An HTTP answer as a value: handlers build one, the server decides whether (and when) to send it. */
import { STATUS_CODES, type ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** `null`: no body at all (204). */
  body: string | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A strong ETag for a list version, e.g. `"17"`. */
export function etag(version: number): string {
  return `"${version}"`;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** The contract's error shape: `{"error": "...", "error_description": "..."}` (plus `details` for invalid items). */
export function errorReply(status: number, error: string, description: string, headers: Record<string, string> = {}, extra: object = {}): Reply {
  return jsonReply(status, { error, error_description: description, ...extra }, headers);
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: null };
}

/** What a gateway in front of the API sends for a 5xx: HTML, not JSON, so clients must not trust error bodies. */
export function gatewayReply(status: number): Reply {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<html><body><h1>${title}</h1></body></html>` };
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== null) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? undefined);
}
