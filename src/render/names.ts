/** Display names for the ids of a plan: the name from `plan.names`, else `#id`, made safe to print. */
import type { Plan } from '../plan/types.js';

export interface Names {
  agent(id: number): string;
  skill(id: number): string;
}

/**
 * Control characters (ANSI escapes, newlines) and bidirectional overrides in a tenant's names could
 * forge or hide lines in a terminal or a pull-request comment; they are shown as spaces.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function safeText(text: string): string {
  return text.replace(UNSAFE, ' ');
}

function resolver(table: Readonly<Record<string, string>> | undefined): (id: number) => string {
  const cache = new Map<number, string>();
  return (id) => {
    let name = cache.get(id);
    if (name === undefined) {
      const raw = table && Object.hasOwn(table, String(id)) ? table[String(id)] : undefined;
      name = typeof raw === 'string' && raw.trim() !== '' ? safeText(raw) : `#${id}`;
      cache.set(id, name);
    }
    return name;
  };
}

export function namesOf(plan: Pick<Plan, 'names'>): Names {
  return { agent: resolver(plan.names?.agents), skill: resolver(plan.names?.skills) };
}
