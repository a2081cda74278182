/** `cxskills completion bash|zsh|fish`: prints the completion script for a shell. */
import { UsageError, type Command } from '../command.js';
import { completionScript, SHELLS, type CompletionCommand, type Shell } from '../completion.js';
import { parse } from '../options.js';

/** Takes the command list lazily: main's list holds this command too. */
export function makeCompletionCommand(commands: () => readonly CompletionCommand[]): Command {
  const command: Command = {
    name: 'completion',
    summary: 'Print the shell completion script (bash, zsh or fish)',
    help: `Usage: cxskills completion bash|zsh|fish

Prints a completion script for the commands and their options.
  bash:  eval "$(cxskills completion bash)"                     (in ~/.bashrc)
  zsh:   cxskills completion zsh > "\${fpath[1]}/_cxskills"      (then restart zsh)
  fish:  cxskills completion fish > ~/.config/fish/completions/cxskills.fish

Exit codes: 0 printed, 1 unknown shell.`,
    async run(argv, io) {
      const { values, positionals } = parse('completion', argv, {}, true);
      if (values.help) {
        io.stdout.write(`${command.help}\n`);
        return 0;
      }
      const shell = positionals[0];
      if (positionals.length !== 1 || !(SHELLS as readonly string[]).includes(shell as string)) {
        throw new UsageError(`completion: give one shell: ${SHELLS.join(', ')}${shell !== undefined ? `, got "${positionals.join(' ')}"` : ''}. See \`cxskills completion --help\`.`);
      }
      io.stdout.write(completionScript(shell as Shell, commands()));
      return 0;
    },
  };
  return command;
}
