import { describe, expect, it } from 'vitest';
import { fenced } from '../../src/github/actions-files.js';
import { auditedOutcome } from '../../src/render/apply-markdown.js';
import { safeExcerpt } from '../../src/github/errors.js';
import { fitBody, GITHUB_BODY_LIMIT } from '../../src/github/fit.js';
import { nextPageUrl } from '../../src/github/link.js';
import { hasMarker, markerFor } from '../../src/github/marker.js';
import { runUrl } from '../../src/github/run-context.js';
import { adds } from './harness.js';

describe('markers', () => {
  it('name one state directory however it is written, and cannot end the HTML comment early', () => {
    expect(markerFor('plan', './skills-state/')).toBe('<!-- cxskills:plan dir=skills-state -->');
    expect(markerFor('drift', 'tenants\\emea')).toBe('<!-- cxskills:drift dir=tenants%2Femea -->');
    expect(markerFor('plan', 'a-->b')).toBe('<!-- cxskills:plan dir=a%2D%2D%3Eb -->');
    expect(markerFor('plan', 'x y')).toBe('<!-- cxskills:plan dir=x%20y -->');
  });

  it('do not match a directory whose name starts with another', () => {
    expect(hasMarker(`${markerFor('plan', 'tenants/emea-2')}\n`, markerFor('plan', 'tenants/emea'))).toBe(false);
  });
});

describe('fitBody', () => {
  it('keeps a body within the limit as it is', () => {
    expect(fitBody({ head: 'H\n', content: 'x\n', tail: 'T' }, 'see run', 10)).toEqual({ body: 'H\nx\nT', truncated: false });
  });

  it('cuts at a line, closes an open fence and details, and stays at most at the limit', () => {
    const content = `<details>\n\n~~~~text\n${'line\n'.repeat(50_000)}~~~~\n</details>\n`;
    const { body, truncated } = fitBody({ head: '<!-- m -->\n', content, tail: '\nrun link\n' }, 'See the run.');
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_BODY_LIMIT - 200);
    expect(body).toMatch(/line\n~~~~\n\n<\/details>\n\n> \[!NOTE\]\n> This text was cut to fit GitHub's 65,536-character limit\. See the run\.\n\nrun link\n$/);
  });

  it('cuts a single huge line without splitting a surrogate pair', () => {
    const { body } = fitBody({ head: '', content: '😀'.repeat(40_000) }, 'x', 1_001);
    expect(body.length).toBeLessThanOrEqual(1_001);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('small pieces', () => {
  it('reads the next page from a Link header', () => {
    expect(nextPageUrl('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe('https://api.github.com/x?page=2');
    expect(nextPageUrl('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });

  it('cuts the token out of body excerpts', () => {
    expect(safeExcerpt('token ghs_abc and\n ghs_abc again', 'ghs_abc')).toBe('token *** and *** again');
  });

  it('builds the run URL only from what Actions sets', () => {
    expect(runUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '2' })).toBe('https://github.com/o/r/actions/runs/9/attempts/2');
    expect(runUrl({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' })).toBeUndefined();
  });

  it('fences text no line of it can close', () => {
    expect(fenced('a ```` b')).toBe('`````text\na ```` b\n`````\n');
  });

  it('reads the outcome of the last run in an append-only audit log', () => {
    const plan = { changes: adds(3) };
    const line = (runId: string, i: number, outcome: string) => JSON.stringify({ runId, time: '2026-12-01T10:00:00.000Z', outcome, kind: 'add', agentId: 1000, skillId: i + 1, before: null, after: { proficiency: 5, active: true }, error: outcome === 'failed' ? { code: 'CXONE_INVALID_ITEMS', message: 'bad' } : undefined });
    const text = [line('old', 0, 'failed'), line('new', 0, 'applied'), line('new', 1, 'failed'), '{"torn'].join('\n');
    const o = auditedOutcome(plan, text);
    expect(o.counts).toEqual({ applied: 1, 'already-applied': 0, failed: 1, 'not-attempted': 1 });
    expect(o.open.map((x) => [x.change.skillId, x.outcome, x.reason])).toEqual([
      [2, 'failed', 'CXONE_INVALID_ITEMS: bad'],
      [3, 'not-attempted', undefined],
    ]);
  });
});
