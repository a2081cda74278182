/** Interactive approval before any write: "yes" at a terminal, or --auto-approve; never a silent default. */
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './command.js';

/** `action` completes "pass --auto-approve to … without a prompt", `question` is asked on a TTY. */
export async function approve(io: CliIo, action: string, question: string): Promise<boolean> {
  if (io.stdin.isTTY !== true) {
    io.stderr.write(`stdin is not a terminal: pass --auto-approve to ${action} without a prompt (CI).\n`);
    return false;
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(`${question} Only "yes" is accepted: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
