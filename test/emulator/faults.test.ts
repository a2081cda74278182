import { describe, expect, it } from 'vitest';
import { parseFaultConfig } from '../../src/emulator/index.js';
import { Api, call, smallTenant, start, token } from './helpers.js';

const ADD = { skills: [{ skillId: 103, proficiency: 2 }] };

async function setup(script: object[], extra: object = {}) {
  const emulator = await start({ tenant: smallTenant(), faults: { script: script as never, ...extra } });
  return { emulator, api: await Api.connect(emulator) };
}

describe('injected HTTP faults', () => {
  it.each([
    ['500', 'Internal Server Error'],
    ['502', 'Bad Gateway'],
    ['503', 'Service Unavailable'],
    ['504', 'Gateway Timeout'],
  ])('answers %s with an HTML body like a gateway', async (fault, title) => {
    const { emulator, api } = await setup([{ fault, route: 'GET /skills' }]);
    const answer = await api.get('/skills');
    expect(answer.status).toBe(Number(fault));
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).toBe(`<html><body><h1>${fault} ${title}</h1></body></html>`);
    expect((await api.get('/skills')).status).toBe(200);
    expect(emulator.stats().faultsInjected).toEqual({ [fault]: 1 });
  });

  it('answers an injected 429 with the configured Retry-After, not counted as a bucket 429', async () => {
    const { emulator, api } = await setup([{ fault: '429', route: '/agents/skills', retryAfterSeconds: 7 }]);
    const answer = await api.get('/agents/skills');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.json).toMatchObject({ error: 'TooManyRequests' });
    const stats = emulator.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.status['429']).toBe(1);
    expect(stats.faultsInjected['429']).toBe(1);
  });

  it.each(['409', '412'])('answers an injected %s to a write and changes nothing', async (fault) => {
    const { emulator, api } = await setup([{ fault, method: 'POST' }]);
    const answer = await api.write('POST', '/agents/1001/skills', ADD);
    expect(answer.status).toBe(Number(fault));
    expect(answer.json).toMatchObject({ error: fault === '409' ? 'ConcurrentModification' : 'PreconditionFailed' });
    expect(emulator.tenant.assignment(1001, 103)).toBeUndefined();
    expect(emulator.tenant.agent(1001)?.version).toBe(1);
  });
});

describe('connection faults', () => {
  it('reset-before drops the connection and leaves the state unchanged', async () => {
    const { emulator, api } = await setup([{ fault: 'reset-before', route: 'POST /agents/:id/skills' }]);
    await expect(api.write('POST', '/agents/1001/skills', ADD)).rejects.toThrow();
    expect(emulator.tenant.assignment(1001, 103)).toBeUndefined();
    expect(emulator.stats().itemsWritten).toBe(0);
  });

  it('reset-after performs the write, then drops the connection without answering', async () => {
    const { emulator, api } = await setup([{ fault: 'reset-after', route: 'POST /agents/1001/skills' }]);
    await expect(api.write('POST', '/agents/1001/skills', ADD)).rejects.toThrow();
    expect(emulator.tenant.assignment(1001, 103)).toMatchObject({ proficiency: 2 });
    expect(emulator.tenant.agent(1001)?.version).toBe(2);
    const again = await api.write('POST', '/agents/1001/skills', ADD);
    expect(again.status).toBe(400);
    expect(emulator.stats().faultsInjected).toEqual({ 'reset-after': 1 });
  });

  it('hang never answers, and close() still ends promptly', async () => {
    const { emulator, api } = await setup([{ fault: 'hang' }]);
    await expect(call(`${emulator.apiBase}/skills`, { headers: { authorization: `Bearer ${api.bearer}` }, headersTimeout: 200 })).rejects.toThrow(/timeout/i);
    emulator.setFaults({ script: [{ fault: 'hang' }] });
    const hung = call(`${emulator.apiBase}/skills`, { headers: { authorization: `Bearer ${api.bearer}` } }).then(
      () => 'answered',
      () => 'failed',
    );
    expect(await Promise.race([hung, new Promise((r) => setTimeout(() => r('still waiting'), 150))])).toBe('still waiting');
    const started = performance.now();
    await emulator.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hung).toBe('failed');
    expect(emulator.stats().faultsInjected).toEqual({ hang: 2 });
  });
});

describe('fault script and rates', () => {
  it('lets `skip` requests pass, then faults `count` matching requests, ignoring non-matching ones', async () => {
    const { api } = await setup([{ fault: '503', route: 'GET /agents/:id/skills', skip: 1, count: 2 }]);
    const statuses: number[] = [];
    for (const path of ['/agents/1001/skills', '/skills', '/agents/1002/skills', '/agents/1001/skills', '/agents/1001/skills']) {
      statuses.push((await api.get(path)).status);
    }
    expect(statuses).toEqual([200, 200, 503, 503, 200]);
  });

  it('consumes script entries in order', async () => {
    const { api } = await setup([{ fault: '500', route: 'PUT /agents/:id/skills' }, { fault: '502', route: 'GET /skills' }]);
    expect((await api.get('/skills')).status).toBe(200);
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(500);
    expect((await api.get('/skills')).status).toBe(502);
    expect((await api.get('/skills')).status).toBe(200);
  });

  it('draws random faults from a seed: the same seed gives the same sequence', async () => {
    const run = async (seed: number) => {
      const emulator = await start({ faults: { seed, rates: { '500': 0.3, '503': 0.2 } } });
      const api = await Api.connect(emulator);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api.get('/skills?top=1')).status);
      return statuses;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
    const faulted = a.filter((s) => s !== 200).length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
  });

  it('applies rates to writes only when asked, and never gives a read a 409 or 412', async () => {
    const emulator = await start({ tenant: smallTenant(), faults: { rates: { '409': 1 }, appliesTo: 'all' } });
    const api = await Api.connect(emulator);
    expect((await api.get('/skills')).status).toBe(200);
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(409);
    emulator.setFaults({ rates: { '500': 1 }, appliesTo: 'writes' });
    expect((await api.get('/skills')).status).toBe(200);
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(500);
    emulator.setFaults({ rates: { '500': 1 }, appliesTo: 'reads' });
    expect((await api.get('/skills')).status).toBe(500);
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1 }] })).status).toBe(200);
  });

  it('never touches the token endpoint or the control endpoint', async () => {
    const emulator = await start({ faults: { rates: { '503': 1 } } });
    expect(await token(emulator)).toEqual(expect.any(String));
    expect((await call(`${emulator.controlUrl}/stats`)).status).toBe(200);
    expect(emulator.stats().faultsInjected).toEqual({});
  });

  it('validates a fault configuration with exact messages', () => {
    expect(() => parseFaultConfig({ rates: { '418': 0.1 } })).toThrow('faults: rates: unknown fault kind "418"');
    expect(() => parseFaultConfig({ rates: { '500': 2 } })).toThrow('faults: rates.500 must be a number 0..1, got 2');
    expect(() => parseFaultConfig({ script: [{ fault: 'boom' }] })).toThrow('faults: script[0].fault must be one of');
    expect(() => parseFaultConfig({ script: [{ fault: '500', count: 0 }] })).toThrow('faults: script[0].count must be an integer >= 1, got 0');
    expect(() => parseFaultConfig({ appliesTo: 'some' })).toThrow('faults: appliesTo must be all, reads or writes, got "some"');
    expect(parseFaultConfig({ seed: 3, rates: { hang: 0.01 }, script: [{ fault: 'reset-after', route: 'PUT /agents/:id/skills' }] })).toEqual({
      seed: 3,
      rates: { hang: 0.01 },
      script: [{ fault: 'reset-after', route: 'PUT /agents/:id/skills' }],
    });
  });
});
