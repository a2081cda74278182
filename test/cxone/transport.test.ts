import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CxoneClient, DIRECT_POLICY } from '../../src/cxone/index.js';
import { CREDENTIALS, clientOf, failure, startStub } from './stub.js';

const FAST = { connectMs: 300, headersMs: 300, bodyMs: 300 };
const CALL = { method: 'PUT' as const, target: 'agent' as const, id: 1001, items: [{ agentId: 1001, skillId: 101, proficiency: 3, active: true }] };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A port whose listener never accepts (its process is blocked) and whose backlog is full: connecting to it hangs. */
async function unacceptingPort(): Promise<number> {
  const script = `const s = require('node:net').createServer();
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(s.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000);
});`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  const fillers: Socket[] = Array.from({ length: 16 }, () => connect(port, '127.0.0.1').on('error', () => undefined));
  cleanups.push(() => fillers.forEach((s) => s.destroy()));
  await new Promise((r) => setTimeout(r, 200));
  return port;
}

describe('timeouts: a hung call ends in a classified error on that call, quickly when configured so', () => {
  it('times out waiting for headers; a hung write may have happened (unknown outcome)', async () => {
    const stub = await startStub(() => undefined);
    const started = Date.now();
    const error = await failure(clientOf(stub, { timeouts: FAST }).write(CALL));
    expect(error.code).toBe('CXONE_TIMEOUT');
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('PUT /agents/1001/skills');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a body that stalls after the headers', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"totalRecords": 1, ');
    });
    const error = await failure(clientOf(stub, { timeouts: FAST }).listAgents());
    expect(error.code).toBe('CXONE_TIMEOUT');
    expect(error.message).toContain('GET /agents → 200');
    expect(error.message).toContain('UND_ERR_BODY_TIMEOUT');
  });

  it('times out a connection that is never accepted; such a write never left (not applied)', async () => {
    const port = await unacceptingPort();
    const base = `http://127.0.0.1:${port}`;
    const client = new CxoneClient({ apiBase: `${base}/api`, authUrl: `${base}/auth/token`, credentials: CREDENTIALS }, { policy: DIRECT_POLICY, timeouts: FAST });
    cleanups.push(() => void client.close());
    const started = Date.now();
    const error = await failure(client.listAgents());
    expect(error.code).toBe('CXONE_TIMEOUT');
    expect(error.outcome).toBe('not-applied');
    expect(error.message).toContain('UND_ERR_CONNECT_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('TLS verification is never turned off', () => {
  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

  it.skipIf(!hasOpenssl)('refuses a self-signed certificate even when NODE_TLS_REJECT_UNAUTHORIZED=0 is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cxskills-tls-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    expect(made.status).toBe(0);
    let served = 0;
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token": "t", "expires_in": 60}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const port = (server.address() as { port: number }).port;
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    cleanups.push(() => (previous === undefined ? delete process.env.NODE_TLS_REJECT_UNAUTHORIZED : (process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous)));
    const base = `https://127.0.0.1:${port}`;
    const client = new CxoneClient({ apiBase: `${base}/api`, authUrl: `${base}/auth/token`, credentials: CREDENTIALS }, { policy: DIRECT_POLICY, timeouts: FAST });
    cleanups.push(() => void client.close());
    const error = await failure(client.listAgents());
    expect(error.code).toBe('CXONE_NETWORK');
    expect(error.message).toMatch(/SELF_SIGNED|self.signed/i);
    expect(served).toBe(0);
  });

  it('has no code that turns verification off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED, checkServerIdentity, insecure agents)', () => {
    const files = spawnSync('git', ['ls-files', 'src', 'bench'], { encoding: 'utf8' }).stdout.split('\n').filter((f) => /\.(ts|js|mjs|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      // Code only: comments may name what is forbidden.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/ \/\/ .*$/gm, '');
      for (const pattern of [/rejectUnauthorized\s*:(?!\s*true\b)/, /NODE_TLS_REJECT_UNAUTHORIZED/, /checkServerIdentity/, /strictSSL\s*:\s*false/, /insecureHTTPParser/, /setDefaultCACertificates|NODE_EXTRA_CA_CERTS/]) {
        if (pattern.test(code)) offenders.push(`${file}: ${pattern.source}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(readFileSync('src/cxone/transport.ts', 'utf8')).toMatch(/rejectUnauthorized: true/);
  });
});

describe('base URLs', () => {
  it.each(['http://api-c32.niceincontact.com/v31.0', 'http://10.0.0.5/api', 'ftp://127.0.0.1/api', 'https://user:pw@api.example.test/api', 'not a url'])('refuses %s', (apiBase) => {
    expect(() => new CxoneClient({ apiBase, authUrl: 'https://auth.example.test/token', credentials: CREDENTIALS })).toThrow(/CXONE_API_BASE/);
  });

  it.each(['https://api.example.test/api', 'http://127.0.0.1:9/api', 'http://127.1.2.3/api', 'http://localhost:8080/api', 'http://[::1]:8080/api'])('accepts %s', async (apiBase) => {
    let client: CxoneClient | undefined;
    expect(() => (client = new CxoneClient({ apiBase, authUrl: 'https://auth.example.test/token', credentials: CREDENTIALS }))).not.toThrow();
    expect(client).toBeInstanceOf(CxoneClient);
    await client!.close();
  });

  it('refuses an http:// token endpoint that is not loopback', () => {
    expect(() => new CxoneClient({ apiBase: 'https://api.example.test/api', authUrl: 'http://auth.example.test/token', credentials: CREDENTIALS })).toThrow(/CXONE_AUTH_URL must use https/);
  });
});

describe('the token call', () => {
  it('names the call once in errors, and a hung token call never counts as a maybe-applied write', async () => {
    const stub = await startStub(
      () => undefined,
      () => undefined,
    );
    const error = await failure(clientOf(stub, { timeouts: FAST }).write(CALL));
    expect(error.code).toBe('CXONE_TIMEOUT');
    expect(error.message).toMatch(/^POST \/auth\/token: timed out/);
    // The write itself was never sent: it can be repeated as is.
    expect(error.outcome).toBe('not-applied');
    expect(stub.seen).toEqual([]);
  });

  it('names an API call once in network errors', async () => {
    const stub = await startStub((_req, res) => res.socket?.destroy());
    const error = await failure(clientOf(stub).listAgents());
    expect(error.code).toBe('CXONE_NETWORK');
    expect(error.message).toMatch(/^GET \/agents: network error/);
  });
});
