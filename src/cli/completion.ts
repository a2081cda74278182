/** Shell completion scripts (bash, zsh, fish) for the commands and the options their help lists. */

export interface CompletionCommand {
  name: string;
  summary: string;
  help: string;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The `--options` a command's help text lists, in order, once each: the help is the one place they are written. */
export function optionsOf(help: string): string[] {
  return [...new Set(help.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? [])];
}

const GLOBAL = ['--help', '--version', '--no-color'];

export function completionScript(shell: Shell, commands: readonly CompletionCommand[]): string {
  const names = commands.map((c) => c.name);
  if (shell === 'bash') {
    const cases = commands.map((c) => `    ${c.name}) opts="${[...optionsOf(c.help), '--help'].join(' ')}" ;;`).join('\n');
    return `# cxskills bash completion: eval "$(cxskills completion bash)" in ~/.bashrc
_cxskills() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${[...names, ...GLOBAL].join(' ')}" -- "$cur") )
    return
  fi
  local opts=""
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _cxskills cxskills
`;
  }
  if (shell === 'zsh') {
    const described = commands.map((c) => `    '${c.name}:${c.summary.replace(/'/g, "'\\''").replace(/:/g, '\\:')}'`).join('\n');
    const cases = commands.map((c) => `    ${c.name}) _values 'option' ${[...optionsOf(c.help), '--help'].map((o) => `'${o}'`).join(' ')} ;;`).join('\n');
    return `#compdef cxskills
# cxskills zsh completion: cxskills completion zsh > "\${fpath[1]}/_cxskills"
_cxskills() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  if [[ "\${words[CURRENT]}" == -* ]]; then
    case "\${words[2]}" in
${cases}
    esac
  else
    _files
  fi
}
_cxskills "$@"
`;
  }
  const lines = ['# cxskills fish completion: cxskills completion fish > ~/.config/fish/completions/cxskills.fish', 'complete -c cxskills -f'];
  for (const c of commands) lines.push(`complete -c cxskills -n __fish_use_subcommand -a ${c.name} -d '${c.summary.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  for (const c of commands) {
    for (const o of optionsOf(c.help)) lines.push(`complete -c cxskills -n '__fish_seen_subcommand_from ${c.name}' -l ${o.slice(2)}`);
  }
  lines.push("complete -c cxskills -l help -l version -l no-color", '');
  return lines.join('\n');
}
