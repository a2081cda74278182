/** The application layer: what commands (and the bench) do with a tenant, a state directory and a plan; commands only parse options and print. */
export { openTenant, withTenant, callsPerWave, type Tenant, type TenantOptions } from './tenant.js';
export { loadState, planFromState, type LoadedState, type PlanOptions } from './state.js';
export { parseReviewedPlan, reviewedDir, checkCommitted, recheckReviewed } from './reviewed.js';
export { settleInterrupted, type Settled } from './settle.js';
export { executeApproved, type ApprovedRun, type ExecuteApprovedOptions } from './execute.js';
export { checkReviewedPlan, openIntents, planRead, readForScope, type ReviewedCheck, type ReviewedCheckOptions } from './read.js';
export { prepareApply, type PrepareOptions, type PreparedApply } from './prepare.js';
