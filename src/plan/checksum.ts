/** A checksum of the live slice a plan was computed from, so apply can tell whether the tenant moved since review. */
import { createHash } from 'node:crypto';
import type { SkillsDocument } from './document.js';

/** sha256 over a canonical line per managed agent and assignment, ids sorted numerically. */
export function checksumDocument(doc: SkillsDocument): string {
  const hash = createHash('sha256');
  const agentIds = Object.keys(doc).sort((a, b) => Number(a) - Number(b));
  for (const agentId of agentIds) {
    hash.update(`a${agentId}\n`);
    const skills = doc[agentId] ?? {};
    const skillIds = Object.keys(skills).sort((a, b) => Number(a) - Number(b));
    for (const skillId of skillIds) {
      const v = skills[skillId]!;
      hash.update(`${skillId}:${v.proficiency}:${v.active ? 1 : 0}\n`);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}
