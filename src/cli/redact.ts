/** The last line of defence for secrets: values of secret-looking environment variables are blanked in everything the CLI prints. */
import type { CliIo } from './command.js';

/** Always secret, whatever the name rules below say. */
const SECRET_NAMES = new Set(['CXONE_ACCESS_KEY_SECRET', 'CXONE_CLIENT_SECRET', 'GITHUB_TOKEN']);
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|KEY/i;
/** Key ids name a key, they do not unlock anything (`CXONE_ACCESS_KEY_ID`, `AWS_ACCESS_KEY_ID`). */
const KEY_ID = /_KEY_ID$/i;
/** Shorter values are not blanked: a secret of 1..5 characters would blank ordinary words and numbers everywhere. */
const MIN_SECRET_LENGTH = 6;

export const REDACTED = '[redacted]';

/** The values to blank: of CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_SECRET, GITHUB_TOKEN and any *SECRET*, *TOKEN*, *PASSWORD*, *KEY* (not *_KEY_ID). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_NAMES.has(name) || (SECRET_NAME.test(name) && !KEY_ID.test(name))) {
      values.add(value);
      // The forms a value takes once quoted in JSON or a URL.
      values.add(JSON.stringify(value).slice(1, -1));
      values.add(encodeURIComponent(value));
    }
  }
  // Longest first, so a secret that contains another is blanked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A stream whose string writes are redacted; everything else (isTTY, on, end) is the stream's own. */
function redactingStream<S extends NodeJS.WritableStream>(stream: S, secrets: readonly string[]): S {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean).call(target, typeof chunk === 'string' ? redact(chunk, secrets) : chunk, ...rest);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** `io` with stdout and stderr redacted for the secrets of `io.env` (unchanged when there are none). */
export function redactingIo(io: CliIo): CliIo {
  const secrets = secretValues(io.env);
  if (secrets.length === 0) return io;
  return { ...io, stdout: redactingStream(io.stdout, secrets), stderr: redactingStream(io.stderr, secrets) };
}
