/** The pure planning core: desired + live → Plan. */
export { buildPlan, type BuildPlanInput, type BuildPlanResult } from './build.js';
export { checksumDocument } from './checksum.js';
export { liveDocument, emptyDocument, countAssignments, type SkillsDocument } from './document.js';
export { diffDocuments } from './diff.js';
export { groupIntoCalls, callsIfGroupedBy, itemOf, DEFAULT_MAX_ITEMS } from './group.js';
export { resolveDesired, type ResolvedState } from './resolve.js';
export { checkSafety } from './safety.js';
export * from './types.js';
export { checkPlanIntegrity, planDigest, withDigest } from './file.js';
export { revalidateSavedPlan } from './saved.js';
export { checkAgainstCommitted, COMMITTED_CODES, type CommittedSettings } from './committed.js';
export { describeTarget, isNarrowing, narrowSlice, targetSkillIds, TARGET_CODES } from './target.js';
export { serializePlan } from './serialize.js';
