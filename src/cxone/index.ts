/** The CXone API client. */
export { CxoneClient, DIRECT_POLICY, type ClientOptions, type PageProgress, type RequestInfo, type RequestPolicy, type SliceRead } from './client.js';
export { configFromEnv, timeoutsFromEnv, checkUrl, isLoopback, DEFAULT_AUTH_URL, type CxoneConfig, type CxoneCredentials } from './config.js';
export { CxoneError, isCxoneError, excerptOf, type CxoneErrorCode, type Outcome } from './errors.js';
export { retryAfterMs } from './auth.js';
export { DEFAULT_TIMEOUTS, type TimeoutOptions } from './transport.js';
