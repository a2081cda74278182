/** Public surface of the GitHub side: REST client, sticky comment, drift issue, annotations, Actions files. */
export { githubConfigFromEnv, DEFAULT_API_URL, type GitHubConfig } from './config.js';
export { GitHubClient, MAX_PAGES } from './client.js';
export { GitHubError, isGitHubError, safeExcerpt } from './errors.js';
export { markerFor, hasMarker, normalizeDir, type MarkerKind } from './marker.js';
export { fitBody, cutNote, GITHUB_BODY_LIMIT } from './fit.js';
export { upsertStickyComment, findMarkedComment, type StickyResult } from './sticky-comment.js';
export { syncDriftIssue, findDriftIssues, type DriftInput, type DriftResult } from './drift-issue.js';
export { annotationOf, formatAnnotation, parseDiagnosticLine, escapeData, escapeProperty, type Annotation } from './annotations.js';
export { writeOutputs, appendSummary, fenced, STEP_SUMMARY_LIMIT } from './actions-files.js';
export { runUrl, fullPlanPointer, pullRequestFromEvent } from './run-context.js';
