/** What validate adds to a load: the policy findings that need no tenant (src/plan/policy.ts, over the declared skills). */
import { checkPolicyOffline } from '../plan/policy.js';
import { finishDiagnostics } from '../config/diagnostic.js';
import type { LoadResult } from '../config/types.js';

/** The load with its offline policy findings among its diagnostics; a state with a policy error is not valid, so `state` is dropped then. */
export function withOfflinePolicy(loaded: LoadResult): LoadResult {
  if (loaded.state === undefined) return loaded;
  const findings = checkPolicyOffline(loaded.state);
  if (findings.length === 0) return loaded;
  const diagnostics = finishDiagnostics([...loaded.diagnostics, ...findings]);
  return findings.some((d) => d.severity === 'error') ? { diagnostics } : { state: loaded.state, diagnostics };
}
