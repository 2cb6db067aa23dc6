import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import { AgentCore } from '../../server/src/agent/agent-core.js';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import { hashInput } from '../../server/src/store/interaction-log.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { eventually } from '../support/eventually.js';
import { redisForSuite, redisTestsSkipReason } from '../support/redis-server.js';

/**
 * Clients connected to the redis-server other than the one asking: what Lantern holds open (a Redis
 * connection, unlike a pool's idle one, stays until it is closed).
 */
async function otherClients(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return (await client.clientList()).length - 1;
  } finally {
    await client.close();
  }
}

const TITLE = 'AgentCore: a store replaced by a new configuration is let go';
describe.skipIf(redisTestsSkipReason(TITLE) !== undefined)(TITLE, () => {
  const redis = redisForSuite();

  it('switching cache.store from Redis to memory closes the cache’s, the sessions’ and the usage log’s connections', async () => {
    const problems: string[] = [];
    const agent = new AgentCore({
      registry: new GrammarRegistry(),
      env: {},
      notices: {
        modelProblem: () => {},
        circuitOpened: () => {},
        cacheProblem: (message) => problems.push(message),
        toolCall: () => {},
      },
    });
    const offline = { ...DEFAULT_CONFIG, provider: 'offline' as const };
    agent.configure({ ...offline, cache: { ...DEFAULT_CONFIG.cache, store: redis().url } });
    try {
      await agent.cache().get('a-key');
      await agent.sessions().append('s', { question: 'q', answer: 'a', at: Date.now() });
      await agent.interactions().record({
        type: 'ask',
        inputHash: hashInput(['q']),
        inputTokens: 1,
        outputTokens: 1,
        durationMs: 1,
        status: 'ok',
        at: Date.now(),
      });
      expect(await otherClients(redis().url)).toBeGreaterThanOrEqual(3);

      agent.configure({ ...offline, cache: { ...DEFAULT_CONFIG.cache, store: 'memory' } });
      await eventually(async () => (await otherClients(redis().url)) === 0);
      // The new stores work, and letting go of the old ones was no problem to report.
      await agent.sessions().append('s', { question: 'q2', answer: 'a2', at: Date.now() });
      expect((await agent.sessions().history('s')).map((turn) => turn.question)).toEqual(['q2']);
      expect(problems).toEqual([]);
    } finally {
      await agent.close();
    }
  }, 60_000);
});
