/** The desired state of a directory, and a plan from it against a live read. */
import { loadDesiredState } from '../config/index.js';
import { DiagnosticsError, type Diagnostic } from '../model/diagnostics.js';
import type { DesiredState, LiveState } from '../model/types.js';
import { buildPlan, type Plan, type PlanRead, type PlanTarget } from '../plan/index.js';
import type { EstimateInput } from '../plan/estimate.js';
import { toolVersion } from '../version.js';

export interface LoadedState {
  desired: DesiredState;
  /** Warnings of the state files: they travel inside the plan, so every renderer shows them. */
  warnings: Diagnostic[];
}

/** The desired state and its warnings; errors are thrown as diagnostics. */
export async function loadState(dir: string): Promise<LoadedState> {
  const { state, diagnostics } = await loadDesiredState(dir);
  if (state === undefined) throw new DiagnosticsError(diagnostics);
  return { desired: state, warnings: diagnostics };
}

export interface PlanOptions {
  /** Adds and changes in `POST /agents/skills` upserts (default true). */
  upsert?: boolean;
  /** What the read cost and the rate, for the plan's estimate of apply. */
  cost?: EstimateInput;
  /** `--agents` / `--skills`: narrow the plan (pure input of the planner). */
  target?: PlanTarget;
  /** The plan's instant (default now). */
  now?: () => Date;
  /** How the live state was read: recorded in the plan. */
  read?: PlanRead;
}

/** The plan of a loaded state against a live read, as `dir` names it; planning errors are thrown as diagnostics. */
export function planFromState(loaded: LoadedState, dir: string, live: LiveState, options: PlanOptions = {}): Plan {
  const now = options.now ?? (() => new Date());
  const { plan, diagnostics } = buildPlan({
    desired: { ...loaded.desired, dir },
    live,
    createdAt: now().toISOString(),
    toolVersion: toolVersion(),
    upsert: options.upsert ?? true,
    ...(options.target ? { target: options.target } : {}),
    ...(options.cost ? { cost: options.cost } : {}),
    ...(options.read ? { read: options.read } : {}),
  });
  if (plan === undefined) throw new DiagnosticsError([...loaded.warnings, ...diagnostics]);
  return { ...plan, diagnostics: [...loaded.warnings, ...plan.diagnostics] };
}
