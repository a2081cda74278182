/** The plan renderers: pure functions from a Plan to text for a terminal, a pull request, or a machine. */
export { renderText, type TextOptions } from './text.js';
export { renderMarkdown, DEFAULT_MAX_CHARS, type MarkdownOptions } from './markdown.js';
export { renderJsonView } from './json.js';
export { renderSummaryLine, NO_CHANGES } from './summary.js';
