/** Every form in which a credential could come back in a server's error body, so excerpts can blank them all out. */
import type { CxoneCredentials } from './config.js';

/**
 * One secret as it may be echoed: plain; form-encoded (what a form body sends: space → `+`); URL-encoded
 * (encodeURIComponent: space → `%20`); JSON-escaped as JSON.stringify writes it (`"` → `\"`, `\` → `\\`);
 * JSON-escaped with every non-ASCII character as `\uXXXX` (in lower and upper case hex, as other
 * serializers write it), and with `/` escaped as `\/` as some do.
 */
export function encodingsOf(secret: string): string[] {
  if (secret === '') return [];
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = (upper: boolean) =>
    json.replace(/[^\x00-\x7f]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  const forms = [secret, new URLSearchParams({ v: secret }).toString().slice(2), encodeURIComponent(secret), json, asciiJson(false), asciiJson(true)];
  const slashed = forms.slice(3).map((f) => f.replace(/\//g, '\\/'));
  return [...new Set([...forms, ...slashed])];
}

/** HTTP Basic of the client pair, as the registered-app grant sends it. */
export function basicOf(credentials: CxoneCredentials): string | undefined {
  if (!credentials.clientId || !credentials.clientSecret) return undefined;
  return Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
}

/** Every encoding of every credential, and of the Basic header value (base64 has `+`, `/` and `=`, which encode too). */
export function credentialSecrets(credentials: CxoneCredentials): string[] {
  const values = [credentials.accessKeyId, credentials.accessKeySecret, credentials.clientId ?? '', credentials.clientSecret ?? '', basicOf(credentials) ?? ''];
  return [...new Set(values.flatMap(encodingsOf))];
}
