/** `GET /.well-known/cxone-configuration?tenantId=`: where a tenant's API and auth live (here: the emulator itself). */
import { errorReply, jsonReply, type Reply } from './reply.js';

export const DISCOVERY_PATH = '/.well-known/cxone-configuration';

export interface DiscoveryTarget {
  origin: string;
  tenantId: string;
  cluster: string;
}

/** No auth, like the real one; only the emulator's own tenant is known. */
export function handleDiscovery(method: string, query: URLSearchParams, target: DiscoveryTarget): Reply {
  if (method !== 'GET') return errorReply(405, 'MethodNotAllowed', `${method} is not allowed on ${DISCOVERY_PATH}`, { allow: 'GET' });
  const tenantId = query.get('tenantId');
  if (tenantId === null || tenantId === '') return errorReply(404, 'NotFound', 'tenantId is required');
  // Tenant ids are UUIDs: compare without regard to case, as clients may print them either way.
  if (tenantId.toLowerCase() !== target.tenantId.toLowerCase()) return errorReply(404, 'NotFound', `unknown tenant ${tenantId}`);
  return jsonReply(200, {
    api_endpoint: target.origin,
    auth_endpoint: target.origin,
    area: 'na1',
    cluster: target.cluster,
    domain: 'nice-incontact.com',
  });
}
