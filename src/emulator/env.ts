/** The CXONE_* environment that points cxskills at a running emulator (what a user would export). */
import type { RunningEmulator } from './running.js';

export interface CxoneEnvOptions {
  /** `access-key` (default): no registered app, the access-key token URL. `registered-app`: client id/secret and `/auth/token`. */
  grant?: 'access-key' | 'registered-app';
  /** Also set CXONE_API_BASE, so the client skips discovery. */
  direct?: boolean;
}

/** By default what a real user sets for the access-key path: discovery finds the API base, no client id. */
export function cxoneEnv(
  emulator: Pick<RunningEmulator, 'apiBase' | 'authUrl' | 'accessKeyUrl' | 'discoveryUrl' | 'credentials'>,
  options: CxoneEnvOptions = {},
): Record<string, string> {
  const c = emulator.credentials;
  const registered = options.grant === 'registered-app';
  return {
    CXONE_DISCOVERY_URL: emulator.discoveryUrl,
    CXONE_AUTH_URL: registered ? emulator.authUrl : emulator.accessKeyUrl,
    CXONE_ACCESS_KEY_ID: c.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: c.accessKeySecret,
    ...(registered ? { CXONE_CLIENT_ID: c.clientId, CXONE_CLIENT_SECRET: c.clientSecret } : {}),
    ...(options.direct ? { CXONE_API_BASE: emulator.apiBase } : {}),
  };
}
