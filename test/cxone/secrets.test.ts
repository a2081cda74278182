import { describe, expect, it } from 'vitest';
import { excerptOf } from '../../src/cxone/errors.js';
import { credentialSecrets } from '../../src/cxone/secrets.js';
import { CREDENTIALS, TOKEN, clientOf, failure, json, startStub } from './stub.js';

const BASIC = Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64');

/** Every form in which a secret of the test could leak into a message. */
function leaks(text: string): string[] {
  return [TOKEN, BASIC, ...Object.values(CREDENTIALS), encodeURIComponent(CREDENTIALS.accessKeySecret)].filter((s) => text.includes(s));
}

describe('errors never carry a secret, even when the server echoes the request', () => {
  it('blanks the bearer token out of an API error body that echoes the Authorization header', async () => {
    const stub = await startStub((req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end(`<pre>debug: authorization=${req.headers.authorization}</pre>`));
    const error = await failure(clientOf(stub).listAgents());
    expect(error.message).toContain('GET /agents → 500');
    expect(error.message).toContain('authorization=Bearer ***');
    expect(leaks(error.message)).toEqual([]);
  });

  it('blanks the token out of a second 401 that echoes it', async () => {
    const stub = await startStub((req, res) => json(res, 401, { error: 'invalid_token', seen: req.headers.authorization }));
    const error = await failure(clientOf(stub).listAgents());
    expect(error.code).toBe('CXONE_UNAUTHORIZED');
    expect(leaks(error.message)).toEqual([]);
  });

  it('blanks the credentials (plain, form-encoded and as HTTP Basic) out of a token endpoint error that echoes the request', async () => {
    const stub = await startStub(
      () => undefined,
      (req, res, body) => json(res, 400, { error: 'invalid_grant', authorization: req.headers.authorization, body }),
    );
    const error = await failure(clientOf(stub).listAgents());
    expect(error.code).toBe('CXONE_AUTH_FAILED');
    expect(error.message).toContain('POST /auth/token → 400');
    expect(leaks(error.message)).toEqual([]);
  });
});

/** Secrets holding every character that encodes differently: quote, backslash, plus, ampersand, space, slash, non-ASCII. */
const AWKWARD = {
  accessKeyId: 'akid "id"+&ü',
  accessKeySecret: 'ak\\"sec+ret& wört€/',
  clientId: 'cid+& "ñ"',
  clientSecret: 'cs\\ec"re+t& é€',
};

/** Non-ASCII as \uXXXX, as JSON serializers with ASCII-only output write it. */
function asciiJson(value: string, upper = false): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(/[^\x00-\x7f]/g, (c) => `\\u${(upper ? c.charCodeAt(0).toString(16).toUpperCase() : c.charCodeAt(0).toString(16)).padStart(4, '0')}`);
}

const ENCODINGS: Array<[string, (v: string) => string]> = [
  ['plain', (v) => v],
  ['form-encoded', (v) => new URLSearchParams({ v }).toString().slice(2)],
  ['URL-encoded', (v) => encodeURIComponent(v)],
  ['JSON-escaped', (v) => JSON.stringify(v).slice(1, -1)],
  ['JSON-escaped with \\u escapes of non-ASCII', (v) => asciiJson(v)],
  ['JSON-escaped with upper-case \\u escapes', (v) => asciiJson(v, true)],
  ['JSON-escaped with escaped slashes', (v) => JSON.stringify(v).slice(1, -1).replace(/\//g, '\\/')],
];

describe('every encoding of every credential is blanked out of an excerpt', () => {
  const secrets = credentialSecrets(AWKWARD);

  it('has secrets that really do encode differently (the test would prove nothing otherwise)', () => {
    for (const [name, encode] of ENCODINGS.slice(1)) expect(encode(AWKWARD.accessKeySecret), name).not.toBe(AWKWARD.accessKeySecret);
  });

  it.each(ENCODINGS)('blanks each credential %s', (_name, encode) => {
    for (const value of Object.values(AWKWARD)) {
      const echoed = `{"echo": "${encode(value)}", "more": 1}`;
      const excerpt = excerptOf(echoed, 500, secrets);
      expect(excerpt).not.toContain(encode(value));
      expect(excerpt).toContain('***');
    }
  });

  it('blanks the HTTP Basic value of the client pair', () => {
    const basic = Buffer.from(`${AWKWARD.clientId}:${AWKWARD.clientSecret}`).toString('base64');
    expect(excerptOf(`authorization: Basic ${basic}`, 500, secrets)).toBe('authorization: Basic ***');
    expect(basic).toMatch(/[+/=]/);
    expect(excerptOf(`authorization=Basic%20${encodeURIComponent(basic)}`, 500, secrets)).toBe('authorization=Basic%20***');
  });

  it('blanks a JSON body echoed by the access-key endpoint, raw and with ASCII-only escapes', async () => {
    const stub = await startStub(
      () => undefined,
      (_req, res, body) => {
        const parsed = JSON.parse(body) as Record<string, string>;
        res.writeHead(400, { 'content-type': 'application/json' }).end(`{"error":"invalid_request","raw":${body},"escaped":"${asciiJson(parsed.accessKeySecret ?? '')}"}`);
      },
    );
    const error = await failure(clientOf(stub, {}, { authUrl: `${stub.origin}/authentication/v1/token/access-key`, apiBase: `${stub.origin}/api`, credentials: { accessKeyId: AWKWARD.accessKeyId, accessKeySecret: AWKWARD.accessKeySecret } }).listAgents());
    expect(error.code).toBe('CXONE_AUTH_FAILED');
    expect(error.message).toContain('invalid_request');
    for (const [name, encode] of ENCODINGS) {
      expect(error.message, name).not.toContain(encode(AWKWARD.accessKeySecret));
      expect(error.message, name).not.toContain(encode(AWKWARD.accessKeyId));
    }
  });

  it('blanks a form body and Basic header echoed by the registered-app endpoint', async () => {
    const stub = await startStub(
      () => undefined,
      (req, res, body) => json(res, 401, { error: 'invalid_client', body, authorization: req.headers.authorization }),
    );
    const error = await failure(clientOf(stub, {}, { ...stub.config, credentials: AWKWARD }).listAgents());
    expect(error.code).toBe('CXONE_AUTH_FAILED');
    const basic = Buffer.from(`${AWKWARD.clientId}:${AWKWARD.clientSecret}`).toString('base64');
    expect(error.message).not.toContain(basic);
    for (const [name, encode] of ENCODINGS) for (const value of Object.values(AWKWARD)) expect(error.message, name).not.toContain(encode(value));
  });
});
