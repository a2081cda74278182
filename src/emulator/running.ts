/** A started emulator, as startEmulator returns it: its addresses, the live tenant, and its controls. */
import type { Tenant } from './tenant.js';
import type { EmulatorCredentials, EmulatorStats, FaultConfig, TenantData } from './types.js';

export interface RunningEmulator {
  /** `http://host:port`: where discovery says the API and auth live. */
  origin: string;
  /** The direct API base, `{origin}/incontactapi/services/v31.0` (what discovery leads to). */
  apiBase: string;
  /** The registered-app token URL, `{origin}/auth/token`. */
  authUrl: string;
  /** The access-key token URL, `{origin}/authentication/v1/token/access-key`. */
  accessKeyUrl: string;
  /** `{origin}/.well-known/cxone-configuration` (clients add `?tenantId=`). */
  discoveryUrl: string;
  tenantId: string;
  controlUrl: string;
  port: number;
  credentials: EmulatorCredentials;
  /** The live in-memory tenant, for tests to inspect or seed directly. */
  tenant: Tenant;
  stats(): EmulatorStats;
  resetStats(): void;
  setFaults(f: FaultConfig): void;
  expireTokens(): void;
  snapshot(): TenantData;
  save(file: string): Promise<void>;
  close(): Promise<void>;
}
