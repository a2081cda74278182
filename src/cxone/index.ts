/** The CXone API client. */
export {
  CxoneClient,
  DIRECT_POLICY,
  type ClientOptions,
  type Connection,
  type PageProgress,
  type ProbeResult,
  type RequestInfo,
  type RequestPolicy,
  type FirstPage,
  type SliceRead,
} from './client.js';
export { chooseRead, describeRead, readScoped, READ_MODES, type ReadChoice, type ReadCounts, type ReadMode, type ScopedRead } from './read-scope.js';
export {
  configFromEnv,
  resolveConfig,
  timeoutsFromEnv,
  checkUrl,
  isLoopback,
  DEFAULT_AUTH_URL,
  ACCESS_KEY_AUTH_URL,
  REGISTERED_APP_AUTH_URL,
  DEFAULT_DISCOVERY_URL,
  DEFAULT_API_VERSION,
  type CxoneConfig,
  type CxoneCredentials,
  type Grant,
  type ResolvedConfig,
} from './config.js';
export { CxoneError, isCxoneError, excerptOf, redact, type CxoneErrorCode, type Outcome } from './errors.js';
export { retryAfterMs } from './auth.js';
export { claimsOf, type TokenClaims } from './jwt.js';
export { encodingsOf } from './secrets.js';
export { DEFAULT_TIMEOUTS, type TimeoutOptions } from './transport.js';
