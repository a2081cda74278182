/** How fast the emulator itself answers (unthrottled), so a bench can show it is not the bottleneck. */
import { CxoneClient } from '../src/cxone/index.js';
import { spawnEmulator } from './emulator-process.js';

export async function emulatorThroughput(): Promise<{ readsPerSecond: number; writesPerSecond: number }> {
  const emulator = await spawnEmulator(['--no-rate-limit', '--agents', '10000', '--skills', '300', '--skills-per-agent', '8', '--seed', '5']);
  try {
    const client = new CxoneClient(emulator.config);
    await client.listSkills();
    let t0 = performance.now();
    let reads = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() - t0 < 3000) {
          await client.getAgentSkills(1001 + (reads % 10_000));
          reads++;
        }
      }),
    );
    const readsPerSecond = Math.round(reads / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    let writes = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        while (performance.now() - t0 < 3000) {
          const agentId = 1001 + ((writes * 8 + w) % 10_000);
          const { assignments } = await client.getAgentSkills(agentId);
          const first = assignments[0];
          if (first) await client.write({ method: 'PUT', target: 'agent', id: agentId, items: [{ agentId, skillId: first.skillId, proficiency: (first.proficiency % 20) + 1, active: first.active }] });
          writes++;
        }
      }),
    );
    const writesPerSecond = Math.round(writes / ((performance.now() - t0) / 1000));
    await client.close();
    return { readsPerSecond, writesPerSecond };
  } finally {
    await emulator.stop();
  }
}
