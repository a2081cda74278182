import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_TIMEOUTS, timeoutsFromEnv } from '../../src/cxone/index.js';

const ENV = { CXONE_API_BASE: 'https://api.example.test/v31.0', CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 'SECRET-1', CXONE_ACCESS_KEY_ID: 'key', CXONE_ACCESS_KEY_SECRET: 'SECRET-2' };

describe('configuration from the environment', () => {
  it('names missing variables, never values', () => {
    expect(() => configFromEnv({ ...ENV, CXONE_CLIENT_SECRET: '' })).toThrow('Missing environment variable: CXONE_CLIENT_SECRET.');
    try {
      configFromEnv({ ...ENV, CXONE_API_BASE: 'http://api.example.test/v31.0' });
    } catch (error) {
      expect(String(error)).not.toMatch(/SECRET-/);
      expect(String(error)).toContain('CXONE_API_BASE must use https://');
    }
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
