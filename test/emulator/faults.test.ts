import { describe, expect, it } from 'vitest';
import { parseFaultConfig } from '../../src/emulator/index.js';
import { Api, call, resultSetOf, resultsOf, smallTenant, start, token } from './helpers.js';

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

  it('sends no Retry-After on an injected 429 with retryAfter: false', async () => {
    const emulator = await start({ tenant: smallTenant(), retryAfter: false, faults: { script: [{ fault: '429', retryAfterSeconds: 7 }] } });
    const answer = await (await Api.connect(emulator)).get('/skills');
    expect(answer.status).toBe(429);
    expect(answer.headers).not.toHaveProperty('retry-after');
    expect(answer.json).toMatchObject({ error: 'TooManyRequests' });
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

describe('item faults inside a 200', () => {
  const THREE = { skills: [{ skillId: 102, proficiency: 2 }, { skillId: 103, proficiency: 2 }, { skillId: 999, proficiency: 2 }] };

  it('item-fail fails every valid item of the request (invalid ones keep their reason) and applies none', async () => {
    const { emulator, api } = await setup([{ fault: 'item-fail', route: 'POST /agents/:id/skills' }]);
    expect((await api.get('/agents/1001/skills')).status).toBe(200);
    const answer = await api.write('POST', '/agents/1001/skills', THREE);
    expect(resultSetOf(answer)).toEqual({
      errorCount: 3,
      skillResults: [
        { skillId: 102, success: false, error: 'injected item failure' },
        { skillId: 103, success: false, error: 'injected item failure' },
        { skillId: 999, success: false, error: 'skill 999 does not exist' },
      ],
    });
    expect(emulator.tenant.assignmentsOfAgent(1001).map((a) => a.skillId)).toEqual([101, 104]);
    expect(emulator.stats()).toMatchObject({ faultsInjected: { 'item-fail': 2 }, itemsWritten: 0, itemsFailed: 3 });
    expect(resultSetOf(await api.write('POST', '/agents/1001/skills', THREE)).errorCount).toBe(1);
  });

  it('item-fail with items: n fails only the first n items', async () => {
    const { emulator, api } = await setup([{ fault: 'item-fail', items: 1 }]);
    const answer = await api.write('POST', '/agents/skills', { agentAndSkillDetails: [{ agentIds: [1002], skills: [{ skillIds: [102, 103], proficiency: 6 }] }] });
    expect(resultsOf(answer)).toEqual([
      { agentId: 1002, skillId: 102, success: false, error: 'injected item failure' },
      { agentId: 1002, skillId: 103, success: true },
    ]);
    expect(emulator.tenant.assignment(1002, 102)).toBeUndefined();
    expect(emulator.tenant.assignment(1002, 103)).toMatchObject({ proficiency: 6 });
  });

  it('item-omit applies the request but leaves the last item out of the results', async () => {
    const { emulator, api } = await setup([{ fault: 'item-omit', method: 'DELETE' }]);
    const answer = await api.write('DELETE', '/skills/101/agents', { agents: [{ agentId: 1001 }, { agentId: 1002 }] });
    expect(resultSetOf(answer)).toEqual({ errorCount: 0, agentResults: [{ agentId: 1001, success: true }] });
    expect(emulator.tenant.assignmentsOfSkill(101)).toEqual([]);
    expect(emulator.stats()).toMatchObject({ faultsInjected: { 'item-omit': 1 }, itemsWritten: 2 });
  });

  it('itemFailRate fails items from a seeded stream of its own: same seed, same items; request faults unchanged', async () => {
    const run = async (seed: number) => {
      const emulator = await start({ tenant: { seed: 2, agents: 60, skills: 16, skillsPerAgent: 0 }, faults: { seed, itemFailRate: 0.3 } });
      const api = await Api.connect(emulator);
      const agents = emulator.snapshot().agents.map((a) => ({ agentId: a.agentId, proficiency: 3 }));
      const answer = await api.write('POST', '/skills/101/agents', { agents });
      const failed = resultsOf(answer).filter((r) => !r.success);
      expect(failed.every((r) => r.error === 'injected item failure')).toBe(true);
      expect(emulator.tenant.assignmentsOfSkill(101)).toHaveLength(60 - failed.length);
      expect(emulator.stats().faultsInjected).toEqual({ 'item-fail': failed.length });
      return failed.map((r) => r.agentId);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(6);
    expect(a.length).toBeLessThan(36);
    const statuses = async (itemFailRate: number) => {
      const emulator = await start({ faults: { seed: 7, rates: { '503': 0.3 }, itemFailRate } });
      const api = await Api.connect(emulator);
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await api.get('/skills?top=1')).status);
      return out;
    };
    expect(await statuses(0.5)).toEqual(await statuses(0));
  });

  it('never applies item faults to reads: a scripted one waits for the next write', async () => {
    const { emulator, api } = await setup([{ fault: 'item-fail' }]);
    expect((await api.get('/skills')).status).toBe(200);
    expect(resultsOf(await api.write('POST', '/agents/1002/skills', { skills: [{ skillId: 102, proficiency: 1 }] }))).toEqual([
      { skillId: 102, success: false, error: 'injected item failure' },
    ]);
    expect(emulator.tenant.assignment(1002, 102)).toBeUndefined();
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
    expect(resultsOf(again)).toEqual([{ skillId: 103, success: false, error: 'agent 1001 already has skill 103' }]);
    expect(emulator.stats().faultsInjected).toEqual({ 'reset-after': 1 });
  });

  it('hang never answers, and close() still ends promptly', async () => {
    const { emulator, api } = await setup([{ fault: 'hang' }]);
    const headers = { authorization: `Bearer ${api.bearer}`, accept: 'application/json' };
    await expect(call(`${emulator.apiBase}/skills`, { headers, headersTimeout: 200 })).rejects.toThrow(/timeout/i);
    emulator.setFaults({ script: [{ fault: 'hang' }] });
    const hung = call(`${emulator.apiBase}/skills`, { headers }).then(
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
    expect((await api.write('PUT', '/agents/1001/skills', { skills: [{ skillId: 101, proficiency: 1, isActive: true }] })).status).toBe(500);
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
    const put = { skills: [{ skillId: 101, proficiency: 1, isActive: true }] };
    expect((await api.write('PUT', '/agents/1001/skills', put)).status).toBe(409);
    emulator.setFaults({ rates: { '500': 1 }, appliesTo: 'writes' });
    expect((await api.get('/skills')).status).toBe(200);
    expect((await api.write('PUT', '/agents/1001/skills', put)).status).toBe(500);
    emulator.setFaults({ rates: { '500': 1 }, appliesTo: 'reads' });
    expect((await api.get('/skills')).status).toBe(500);
    expect(resultsOf(await api.write('PUT', '/agents/1001/skills', put))).toEqual([{ skillId: 101, success: true }]);
  });

  it('never touches the token endpoints, discovery or the control endpoint', async () => {
    const emulator = await start({ faults: { rates: { '503': 1 } } });
    expect(await token(emulator)).toEqual(expect.any(String));
    expect((await call(`${emulator.discoveryUrl}?tenantId=${emulator.tenantId}`)).status).toBe(200);
    expect((await call(`${emulator.controlUrl}/stats`)).status).toBe(200);
    expect(emulator.stats().faultsInjected).toEqual({});
  });

  it('validates a fault configuration with exact messages', () => {
    expect(() => parseFaultConfig({ rates: { '418': 0.1 } })).toThrow('faults: rates: unknown fault kind "418"');
    expect(() => parseFaultConfig({ rates: { '500': 2 } })).toThrow('faults: rates.500 must be a number 0..1, got 2');
    expect(() => parseFaultConfig({ script: [{ fault: 'boom' }] })).toThrow('faults: script[0].fault must be one of');
    expect(() => parseFaultConfig({ script: [{ fault: '500', count: 0 }] })).toThrow('faults: script[0].count must be an integer >= 1, got 0');
    expect(() => parseFaultConfig({ appliesTo: 'some' })).toThrow('faults: appliesTo must be all, reads or writes, got "some"');
    expect(() => parseFaultConfig({ itemFailRate: 1.5 })).toThrow('faults: itemFailRate must be a number 0..1, got 1.5');
    expect(() => parseFaultConfig({ script: [{ fault: '500', items: 2 }] })).toThrow('faults: script[0].items is only for item-fail');
    expect(() => parseFaultConfig({ script: [{ fault: 'item-fail', items: 0 }] })).toThrow('faults: script[0].items must be an integer >= 1, got 0');
    expect(parseFaultConfig({ itemFailRate: 0.1, script: [{ fault: 'item-fail', items: 2 }, { fault: 'item-omit' }] })).toEqual({
      itemFailRate: 0.1,
      script: [{ fault: 'item-fail', items: 2 }, { fault: 'item-omit' }],
    });
    expect(parseFaultConfig({ seed: 3, rates: { hang: 0.01 }, script: [{ fault: 'reset-after', route: 'PUT /agents/:id/skills' }] })).toEqual({
      seed: 3,
      rates: { hang: 0.01 },
      script: [{ fault: 'reset-after', route: 'PUT /agents/:id/skills' }],
    });
  });
});
