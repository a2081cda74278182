/**
 * Minimum vertex cover of a bipartite graph (agents × skills, one edge per change), by König's theorem:
 * a maximum matching (Hopcroft–Karp) and the alternating-path walk from the unmatched agents. A write to
 * `/agents/{id}/skills` or `/skills/{id}/agents` covers edges at one vertex, so no grouping of these
 * changes into such writes needs fewer calls than the cover has vertices.
 */

export interface Cover {
  agents: Set<number>;
  skills: Set<number>;
  /** |agents| + |skills| = the size of a maximum matching. */
  size: number;
}

const FREE = -1;

export function minimumVertexCover(edges: ReadonlyArray<{ agentId: number; skillId: number }>): Cover {
  const agentIndex = new Map<number, number>();
  const skillIndex = new Map<number, number>();
  const agentIds: number[] = [];
  const skillIds: number[] = [];
  const adjacency: number[][] = [];
  for (const { agentId, skillId } of edges) {
    let a = agentIndex.get(agentId);
    if (a === undefined) {
      a = agentIds.push(agentId) - 1;
      agentIndex.set(agentId, a);
      adjacency.push([]);
    }
    let s = skillIndex.get(skillId);
    if (s === undefined) {
      s = skillIds.push(skillId) - 1;
      skillIndex.set(skillId, s);
    }
    adjacency[a]!.push(s);
  }
  const { matchOfAgent, matchOfSkill, size } = maximumMatching(adjacency, skillIds.length);

  // König: Z = vertices reachable from unmatched agents by alternating paths; cover = (agents ∖ Z) ∪ (skills ∩ Z).
  const seenAgent = new Uint8Array(agentIds.length);
  const seenSkill = new Uint8Array(skillIds.length);
  const queue: number[] = [];
  for (let a = 0; a < agentIds.length; a++) {
    if (matchOfAgent[a] === FREE) {
      seenAgent[a] = 1;
      queue.push(a);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const a = queue[head]!;
    for (const s of adjacency[a]!) {
      if (seenSkill[s] || matchOfAgent[a] === s) continue;
      seenSkill[s] = 1;
      const next = matchOfSkill[s]!;
      if (next !== FREE && !seenAgent[next]) {
        seenAgent[next] = 1;
        queue.push(next);
      }
    }
  }
  const agents = new Set<number>();
  const skills = new Set<number>();
  for (let a = 0; a < agentIds.length; a++) if (!seenAgent[a]) agents.add(agentIds[a]!);
  for (let s = 0; s < skillIds.length; s++) if (seenSkill[s]) skills.add(skillIds[s]!);
  return { agents, skills, size };
}

/** Hopcroft–Karp: O(E √V). Layers by BFS, then vertex-disjoint shortest augmenting paths by an iterative DFS. */
function maximumMatching(adjacency: readonly number[][], skills: number): { matchOfAgent: Int32Array; matchOfSkill: Int32Array; size: number } {
  const agents = adjacency.length;
  const matchOfAgent = new Int32Array(agents).fill(FREE);
  const matchOfSkill = new Int32Array(skills).fill(FREE);
  const layer = new Int32Array(agents);
  const nextEdge = new Int32Array(agents);
  let size = 0;
  const INF = 0x7fffffff;

  const bfs = (): boolean => {
    const queue: number[] = [];
    for (let a = 0; a < agents; a++) {
      if (matchOfAgent[a] === FREE) {
        layer[a] = 0;
        queue.push(a);
      } else layer[a] = INF;
    }
    let found = false;
    for (let head = 0; head < queue.length; head++) {
      const a = queue[head]!;
      for (const s of adjacency[a]!) {
        const b = matchOfSkill[s]!;
        if (b === FREE) found = true;
        else if (layer[b] === INF) {
          layer[b] = layer[a]! + 1;
          queue.push(b);
        }
      }
    }
    return found;
  };

  const augment = (root: number): boolean => {
    // Iterative DFS along the BFS layers; `path` holds agents, `via` the skill taken from each.
    const path = [root];
    const via: number[] = [];
    while (path.length > 0) {
      const a = path[path.length - 1]!;
      const edges = adjacency[a]!;
      let advanced = false;
      while (nextEdge[a]! < edges.length) {
        const s = edges[nextEdge[a]!++]!;
        const b = matchOfSkill[s]!;
        if (b === FREE) {
          via.push(s);
          for (let i = path.length - 1; i >= 0; i--) {
            matchOfAgent[path[i]!] = via[i]!;
            matchOfSkill[via[i]!] = path[i]!;
          }
          return true;
        }
        if (layer[b] === layer[a]! + 1) {
          via.push(s);
          path.push(b);
          advanced = true;
          break;
        }
      }
      if (!advanced) {
        layer[a] = INF; // dead end for this phase
        path.pop();
        via.pop();
      }
    }
    return false;
  };

  while (bfs()) {
    nextEdge.fill(0);
    for (let a = 0; a < agents; a++) if (matchOfAgent[a] === FREE && augment(a)) size++;
  }
  return { matchOfAgent, matchOfSkill, size };
}
