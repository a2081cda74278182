import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/config/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';

const load = (config: string) => parseDesiredState('d', [{ path: 'cxskills.yaml', text: config }]);
const BASE = 'version: 1\nscope:\n  skills: ["*"]\n';

describe('rate in cxskills.yaml', () => {
  it('is read as requests per second, and absent when not set', () => {
    expect(load(`${BASE}rate: 5\n`).state?.rate).toBe(5);
    expect(load(`${BASE}rate: 0.5\n`).state?.rate).toBe(0.5);
    expect(load(BASE).state?.rate).toBeUndefined();
  });

  it('refuses a rate below 0.1 or not a number with RATE_INVALID at file:line:col', () => {
    const slow = load(`${BASE}rate: 0.01\n`).diagnostics.map(formatDiagnostic);
    expect(slow).toEqual(['d/cxskills.yaml:4:7: error RATE_INVALID: rate must be a number of requests per second, at least 0.1 (one call every 10 s), got 0.01 at /rate']);
    const text = load(`${BASE}rate: fast\n`).diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`);
    expect(text).toEqual(['RATE_INVALID 4:7']);
    expect(load(`${BASE}rate: 1e1\n`).diagnostics.map((d) => d.code)).toEqual(['NUMBER_FORM']);
  });

  it('belongs in cxskills.yaml only', () => {
    const r = parseDesiredState('d', [{ path: 'cxskills.yaml', text: BASE }, { path: 'a.yaml', text: 'rate: 5\n' }]);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['SCHEMA_UNKNOWN_KEY', '"rate" belongs in the top-level cxskills.yaml; other files may only hold profiles and agents']]);
  });
});
