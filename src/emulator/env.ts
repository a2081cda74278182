/** The CXONE_* environment that points cxskills at a running emulator (what a user would export). */
import type { RunningEmulator } from './types.js';

export function cxoneEnv(emulator: Pick<RunningEmulator, 'apiBase' | 'authUrl' | 'credentials'>): Record<string, string> {
  const c = emulator.credentials;
  return {
    CXONE_API_BASE: emulator.apiBase,
    CXONE_AUTH_URL: emulator.authUrl,
    CXONE_CLIENT_ID: c.clientId,
    CXONE_CLIENT_SECRET: c.clientSecret,
    CXONE_ACCESS_KEY_ID: c.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: c.accessKeySecret,
  };
}
