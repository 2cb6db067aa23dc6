import { describe, expect, it } from 'vitest';
import { fakeModelEnv } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { postJson, startService } from '../support/lantern-service.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import { redisForSuite, redisTestsSkipReason } from '../support/redis-server.js';
import { postgresContents, redisContents } from '../support/store-contents.js';

const TOKEN = 'tok-usage-store-SECRET';
const UNDERSTAND = { code: 'def total(items):\n    return sum(items)\n', language: 'python', line: 2 };
const EXPLANATION = 'Sums the items.';

const SUITE = 'lantern serve: cache in Redis, usage log in Postgres (LANTERN_USAGE_STORE)';
describe.skipIf(Boolean(redisTestsSkipReason(SUITE) ?? postgresTestsSkipReason(SUITE)))(SUITE, () => {
  const redis = redisForSuite();
  const postgres = postgresForSuite();

  it('writes the usage rows to Postgres and the cached answer to Redis', async () => {
    const fake = await FakeModelServer.start();
    try {
      const env = {
        ...fakeModelEnv('anthropic', fake),
        LANTERN_API_TOKENS: TOKEN,
        LANTERN_CACHE_STORE: redis().url,
        LANTERN_USAGE_STORE: postgres().url,
      };
      const service = await startService(env);
      fake.script({ kind: 'text', text: EXPLANATION });
      const answered = await postJson(`${service.url}/api/v1/understand`, UNDERSTAND, {
        authorization: `Bearer ${TOKEN}`,
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ explanation: EXPLANATION, cached: false });
      // SIGTERM drains: the usage record under way is written before the service exits.
      expect(await service.stop()).toBe(0);

      const inPostgres = await postgresContents(postgres().url);
      expect(inPostgres).toMatch(/lantern_interactions\n\(\d+,explain,/);
      expect(inPostgres).not.toContain(EXPLANATION);
      const inRedis = await redisContents(redis().url);
      expect(inRedis).toContain(EXPLANATION);
      expect(inRedis).not.toContain('lantern:interactions');
    } finally {
      await fake.close();
    }
  }, 90_000);
});
