import { describe, expect, it } from 'vitest';
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
