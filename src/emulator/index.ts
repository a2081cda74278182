/** Public entry of the CXone emulator: start it, generate tenants, and the types others build on. */
export { startEmulator } from './server.js';
export { generateTenant, DEMO_TENANT_SPEC, validateTenantSpec } from './generate.js';
export {
  DEMO_CREDENTIALS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_MAX_ITEMS,
  DEFAULT_TOKEN_TTL_SECONDS,
  DEFAULT_TENANT_ID,
  DEFAULT_CLUSTER,
  DEFAULT_PAGE_CAP,
  BUSINESS_UNIT_ID,
  isLoopbackHost,
  validCluster,
  validTenantId,
} from './options.js';
export { ACCESS_KEY_PATH, AUTH_PATH, DISCOVERY_PATH } from './server.js';
export { decodeJwtPayload } from './jwt.js';
export { parseTenantData, readTenantFile, writeTenantFile } from './tenant-file.js';
export { parseFaultConfig } from './faults.js';
export { Tenant } from './tenant.js';
export type { AgentRecord, SkillRecord, AssignmentRecord } from './tenant.js';
export { FAULT_KINDS, ITEM_FAULT_KINDS, TENANT_FORMAT_VERSION } from './types.js';
export type {
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorStats,
  FaultConfig,
  FaultKind,
  ItemFaultKind,
  RateLimit,
  ScriptedFault,
  TenantAgent,
  TenantAssignment,
  TenantData,
  TenantSkill,
  TenantSpec,
} from './types.js';
export { cxoneEnv, type CxoneEnvOptions } from './env.js';
export type { RunningEmulator } from './running.js';
