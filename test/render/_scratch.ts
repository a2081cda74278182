import { renderMarkdown } from '../../src/render/index.js';
import { largePlan } from '../../test/fixtures/plans/large.js';
console.log(renderMarkdown(largePlan(150)).split('\n').slice(0,25).join('\n'));
