/** A checksum of the live slice a plan was computed from, so apply can tell whether the tenant moved since review. */
import { createHash } from 'node:crypto';
import type { SkillsDocument } from './document.js';

/** sha256 over a canonical line per managed agent and assignment, ids sorted numerically. */
export function checksumDocument(doc: SkillsDocument): string {
  const hash = createHash('sha256');
  const agentIds = Object.keys(doc).sort((a, b) => Number(a) - Number(b));
  // Lines are hashed in batches: one update per line costs more than the hashing itself.
  let batch = '';
  for (const agentId of agentIds) {
    batch += `a${agentId}\n`;
    const skills = doc[agentId] ?? {};
    const skillIds = Object.keys(skills).sort((a, b) => Number(a) - Number(b));
    for (const skillId of skillIds) {
      const v = skills[skillId]!;
      batch += `${skillId}:${v.proficiency}:${v.active ? 1 : 0}\n`;
    }
    if (batch.length > 65_536) {
      hash.update(batch);
      batch = '';
    }
  }
  hash.update(batch);
  return `sha256:${hash.digest('hex')}`;
}
