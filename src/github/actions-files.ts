/** The files Actions reads after a step: step outputs (GITHUB_OUTPUT) and the job summary (GITHUB_STEP_SUMMARY). */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

/** GitHub keeps at most 1 MiB of summary per step; past that it drops the summary with an error. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export type OutputValue = string | number | boolean;

/**
 * Appends `name<<DELIM … DELIM` entries (the multi-line form for every value, with a random delimiter no
 * value contains), so no value can inject a second output. Does nothing when GITHUB_OUTPUT is unset.
 */
export async function writeOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, OutputValue>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  let text = '';
  for (const [name, raw] of Object.entries(outputs)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`invalid output name "${name}"`);
    const value = String(raw);
    let delimiter = `ghadelimiter_${randomUUID()}`;
    while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  await appendFile(file, text, 'utf8');
}

/** Appends Markdown to the job summary; false when GITHUB_STEP_SUMMARY is unset. */
export async function appendSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return true;
}

/** Plain text (a log, a report) as a fenced block no line of it can close. */
export function fenced(text: string, info = 'text'): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}\n`;
}
