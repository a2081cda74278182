/** JWT-shaped tokens (header.payload.signature, base64url) carrying the tenant claims clients read; signed with a key per emulator run. */
import { createHmac, randomBytes } from 'node:crypto';

/** The claims CXone puts in its tokens that clients may rely on (discovery needs `tenantId`). */
export interface TenantClaims {
  tenantId: string;
  icBUId: number;
  icClusterId: string;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class JwtSigner {
  // A fresh key per run: nobody outside the emulator verifies these, they only have to look like CXone's.
  private readonly key = randomBytes(32);

  sign(payload: Record<string, unknown>): string {
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    return `${unsigned}.${createHmac('sha256', this.key).update(unsigned).digest('base64url')}`;
  }
}

/** The payload of a JWT, or undefined when the text is not one (for tests and tools; no signature check). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (token.split('.').length !== 3 || part === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
