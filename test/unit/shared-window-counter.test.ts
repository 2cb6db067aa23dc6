import { describe, expect, it } from 'vitest';
import { SharedWindowCounter } from '../../server/src/store/shared-window-counter.js';
import { redisForSuite, redisTestsSkipReason, unusedPort } from '../support/redis-server.js';

const TITLE = 'SharedWindowCounter on a redis-server';
describe.skipIf(redisTestsSkipReason(TITLE) !== undefined)(TITLE, () => {
  const redis = redisForSuite();

  it('two counters (two replicas) share one count per key, each key its own, in one window', async () => {
    const problems: string[] = [];
    const [a, b] = [0, 1].map(() => new SharedWindowCounter(redis().url, 'redis', (m) => problems.push(m)));
    if (!a || !b) throw new Error('two counters expected');
    try {
      const key = `token:${Math.random()}`;
      const counts = [];
      for (const counter of [a, b, a, b]) counts.push(await counter.increment(key, 60_000));
      expect(counts.map((count) => count.current)).toEqual([1, 2, 3, 4]);
      for (const { ttlMs } of counts) expect(ttlMs).toBeGreaterThan(50_000);
      expect((await b.increment(`${key}-other`, 60_000)).current).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('SharedWindowCounter without Redis', () => {
  it('counts in this process, says so once, and its windows end on the clock', async () => {
    const problems: string[] = [];
    const clock = { now: 1_000 };
    const url = `redis://127.0.0.1:${await unusedPort()}`;
    const counter = new SharedWindowCounter(
      url,
      url,
      (message) => problems.push(message),
      () => clock.now,
    );
    expect(await counter.increment('k', 1_000)).toEqual({ current: 1, ttlMs: 1_000 });
    clock.now += 400;
    expect(await counter.increment('k', 1_000)).toEqual({ current: 2, ttlMs: 600 });
    clock.now += 600;
    expect(await counter.increment('k', 1_000)).toEqual({ current: 1, ttlMs: 1_000 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`rate limit store failed (${url})`);
    await counter.close();
  });
});
