/** The executor's vocabulary, shared by its modules (execute, execute-call, breaker) and its callers. */
import type { SliceRead } from '../cxone/client.js';
import type { Assignment, AssignmentValue, WriteResult } from '../model/types.js';
import type { Change, ChangeKind, HttpMethod, PlannedCall } from '../plan/types.js';

/** What the executor needs of a client (CxoneClient fits; tests may pass a decorated one). */
export interface WriteClient {
  write(call: PlannedCall, ifMatch?: string): Promise<WriteResult>;
  getAgentSkills(agentId: number): Promise<SliceRead>;
  getSkillAgents(skillId: number): Promise<SliceRead>;
  listAssignmentsUpdatedSince(iso: string): Promise<Assignment[]>;
}

export interface AuditEntry {
  time: string;
  /** `intent`: written (and flushed) before the write is sent; the outcome line follows its answer. */
  outcome: 'intent' | 'applied' | 'already-applied' | 'failed';
  kind: ChangeKind;
  agentId: number;
  agentName?: string;
  skillId: number;
  skillName?: string;
  before: AssignmentValue | null;
  after: AssignmentValue | null;
  call: { method: HttpMethod; path: string; attempt: number };
  error?: { code: string; message: string };
}

export interface ItemFailure {
  change: Change;
  code: string;
  message: string;
}

export interface CallOutcome {
  call: PlannedCall;
  status: 'applied' | 'partial' | 'failed';
  attempts: number;
  applied: number;
  failures: ItemFailure[];
}
