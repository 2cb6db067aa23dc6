import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hoverText,
  modelSessionsPerTest,
  openSample,
  SAMPLE_URI,
  TOTAL_HEADER,
} from '../support/model-session.js';
import { type RedisServer, redisTestsSkipReason, startRedisServer } from '../support/redis-server.js';

const ANSWER = 'Adds up every price and returns the sum.';

// The one multi-machine piece: a team's servers share explanations through one redis-server.
const TITLE = 'explain with a redis cache shared by two servers';
describe.skipIf(redisTestsSkipReason(TITLE) !== undefined)(TITLE, () => {
  const model = modelSessionsPerTest('anthropic');
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());

  it("the second server's hover is served from the first one's entry: one model request in all", async () => {
    if (!redis) throw new Error('redis-server did not start');
    model.fake.script({ kind: 'text', text: ANSWER });
    // Each server gets its own LANTERN_CACHE_DIR: redis is the only thing they share.
    const settings = { cache: { store: redis.url } };
    const first = await model.start({ settings, traceName: 'explain-redis-first' });
    const second = await model.start({ settings, traceName: 'explain-redis-second' });
    const { total } = await openSample(first.session);
    await openSample(second.session);

    const asked = await hoverText(first.session, SAMPLE_URI, total);
    expect(asked).toContain(ANSWER);
    expect(asked).not.toContain('cached');
    const shared = await hoverText(second.session, SAMPLE_URI, total);
    expect(shared).toContain(TOTAL_HEADER);
    expect(shared).toContain(ANSWER);
    expect(shared).toContain('· cached');
    expect(model.fake.requests).toHaveLength(1);
    expect(await second.session.request('lantern/status', null)).toMatchObject({
      cache: { location: redis.url, hits: 1, misses: 0 },
      requests: 0,
    });
  });
});
