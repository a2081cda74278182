import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_TIMEOUTS, timeoutsFromEnv } from '../../src/cxone/index.js';

const ENV = { CXONE_API_BASE: 'https://api.example.test/v31.0', CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 'SECRET-1', CXONE_ACCESS_KEY_ID: 'key', CXONE_ACCESS_KEY_SECRET: 'SECRET-2' };
const ACCESS_KEY_ONLY = { CXONE_ACCESS_KEY_ID: 'key', CXONE_ACCESS_KEY_SECRET: 'SECRET-2' };

describe('configuration from the environment', () => {
  it('names missing variables, never values', () => {
    expect(() => configFromEnv({ ...ENV, CXONE_ACCESS_KEY_SECRET: '' })).toThrow('Missing environment variable: CXONE_ACCESS_KEY_SECRET.');
    expect(() => configFromEnv({})).toThrow('Missing environment variables: CXONE_ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET.');
    try {
      configFromEnv({ ...ENV, CXONE_API_BASE: 'http://api.example.test/v31.0' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toMatch(/SECRET-/);
      expect(String(error)).toContain('CXONE_API_BASE must use https://');
    }
  });

  it('takes the access key alone: access-key grant, default token and discovery URLs, API base discovered', () => {
    expect(configFromEnv(ACCESS_KEY_ONLY)).toEqual({
      grant: 'access-key',
      authUrl: 'https://cxone.niceincontact.com/authentication/v1/token/access-key',
      discoveryUrl: 'https://cxone.niceincontact.com/.well-known/cxone-configuration',
      apiBase: undefined,
      apiVersion: 'v31.0',
      credentials: { accessKeyId: 'key', accessKeySecret: 'SECRET-2' },
    });
  });

  it('takes the registered-app grant with the client pair, and every URL and the version from the environment', () => {
    const config = configFromEnv({ ...ENV, CXONE_AUTH_URL: 'https://auth.example.test/token', CXONE_DISCOVERY_URL: 'https://d.example.test/x', CXONE_API_VERSION: 'v33.0' });
    expect(config).toMatchObject({ grant: 'registered-app', authUrl: 'https://auth.example.test/token', discoveryUrl: 'https://d.example.test/x', apiBase: ENV.CXONE_API_BASE, apiVersion: 'v33.0' });
    expect(configFromEnv({ ...ACCESS_KEY_ONLY, CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 'SECRET-1' }).authUrl).toBe('https://cxone.niceincontact.com/auth/token');
  });

  it.each([
    ['CXONE_CLIENT_ID', 'CXONE_CLIENT_SECRET'],
    ['CXONE_CLIENT_SECRET', 'CXONE_CLIENT_ID'],
  ])('refuses %s without %s, naming both and no value', (set, unset) => {
    const env = { ...ACCESS_KEY_ONLY, [set]: 'SECRET-3' };
    expect(() => configFromEnv(env)).toThrow(`Missing environment variable: ${unset}. ${set} is set: set both (registered-app grant) or neither (access-key grant).`);
    expect(() => configFromEnv(env)).not.toThrow(/SECRET-/);
  });

  it('refuses a CXONE_API_VERSION that is not a version segment, and a plain-http discovery URL', () => {
    expect(() => configFromEnv({ ...ACCESS_KEY_ONLY, CXONE_API_VERSION: '../admin' })).toThrow('CXONE_API_VERSION must look like v31.0.');
    expect(() => configFromEnv({ ...ACCESS_KEY_ONLY, CXONE_DISCOVERY_URL: 'http://d.example.test/x' })).toThrow('CXONE_DISCOVERY_URL must use https://');
  });

  it('uses the default timeouts when none is set', () => {
    expect(timeoutsFromEnv({})).toEqual(DEFAULT_TIMEOUTS);
  });

  it('sets all three timeouts from CXSKILLS_TIMEOUT_MS, and one each from the specific variables', () => {
    expect(timeoutsFromEnv({ CXSKILLS_TIMEOUT_MS: '500' })).toEqual({ connectMs: 500, headersMs: 500, bodyMs: 500 });
    expect(timeoutsFromEnv({ CXSKILLS_TIMEOUT_MS: '500', CXSKILLS_BODY_TIMEOUT_MS: '9000' })).toEqual({ connectMs: 500, headersMs: 500, bodyMs: 9000 });
    expect(timeoutsFromEnv({ CXSKILLS_CONNECT_TIMEOUT_MS: '700' })).toEqual({ ...DEFAULT_TIMEOUTS, connectMs: 700 });
  });

  it.each(['0', '-5', '1.5', '2s', 'abc'])('refuses CXSKILLS_TIMEOUT_MS=%s with an exact message', (value) => {
    expect(() => timeoutsFromEnv({ CXSKILLS_TIMEOUT_MS: value })).toThrow(`CXSKILLS_TIMEOUT_MS must be a positive whole number of milliseconds, got "${value}".`);
  });
});
