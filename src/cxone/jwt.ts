/** Reads the three claims cxskills needs from a JWT (tenant, business unit, cluster); nothing else is kept. */

export interface TokenClaims {
  tenantId?: string;
  businessUnit?: number;
  cluster?: string;
}

/**
 * The payload of `base64url(header).base64url(payload).signature`, reduced to tenantId, icBUId and
 * icClusterId. The signature is not checked: the claims only steer discovery, and the token came over
 * TLS from the token endpoint. A token that is not a JWT gives no claims, never an error.
 */
export function claimsOf(token: string | undefined): TokenClaims {
  if (token === undefined) return {};
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return {};
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return {};
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return {};
  const o = payload as Record<string, unknown>;
  const claims: TokenClaims = {};
  if (typeof o.tenantId === 'string' && o.tenantId !== '') claims.tenantId = o.tenantId;
  const bu = typeof o.icBUId === 'string' && /^\d+$/.test(o.icBUId) ? Number(o.icBUId) : o.icBUId;
  if (typeof bu === 'number' && Number.isSafeInteger(bu)) claims.businessUnit = bu;
  if (typeof o.icClusterId === 'string' && o.icClusterId !== '') claims.cluster = o.icClusterId;
  return claims;
}

/** The id_token's claims, each missing one taken from the access token. */
export function mergeClaims(idToken: TokenClaims, accessToken: TokenClaims): TokenClaims {
  return { ...accessToken, ...idToken };
}
