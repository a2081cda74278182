/** Hints for Terraform spellings typed at cxskills: `-out=FILE` is `--out FILE` here, not "Unknown option '-o'". */

/** Terraform's single-dash options and what cxskills calls them (undefined: no equivalent). */
const SPELLINGS: Readonly<Record<string, string | undefined>> = {
  out: '--out FILE',
  'auto-approve': '--auto-approve',
  'detailed-exitcode': '--detailed-exitcode',
  'no-color': '--no-color',
  json: '--format json',
  chdir: '--dir DIR',
  state: '--dir DIR (the skills-state directory)',
  target: undefined,
  var: undefined,
  'var-file': undefined,
  input: undefined,
  lock: undefined,
  'lock-timeout': undefined,
  parallelism: '--concurrency N',
  refresh: undefined,
  replace: undefined,
  help: '--help',
  version: '--version',
};

/** The first argument spelt the Terraform way (one dash, a word), and what to type instead. */
export function terraformHint(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    const m = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg);
    if (m === null) continue;
    const name = m[1] as string;
    if (!Object.hasOwn(SPELLINGS, name)) continue;
    const ours = SPELLINGS[name];
    return ours === undefined
      ? `"${arg}" is a Terraform option; cxskills has no equivalent of -${name}.`
      : `"${arg}" is the Terraform spelling; cxskills uses ${ours} (two dashes${m[2] !== undefined ? ', the value after a space or =' : ''}).`;
  }
  return undefined;
}
