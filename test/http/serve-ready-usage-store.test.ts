import { afterEach, describe, expect, it } from 'vitest';
import { offlineEnv } from '../support/cli-runner.js';
import { type LanternService, startService } from '../support/lantern-service.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';

const SUITE = 'GET /api/v1/ready checks the usage store (LANTERN_USAGE_STORE) too';
describe.skipIf(Boolean(postgresTestsSkipReason(SUITE)))(SUITE, () => {
  const postgres = postgresForSuite();
  let service: LanternService | undefined;
  afterEach(async () => {
    await service?.stop();
  });

  const ready = async () => {
    const response = await fetch(`${service?.url}/api/v1/ready`);
    return { status: response.status, body: await response.json() };
  };

  it('Postgres down: 503 naming the usage store (the cache still reachable); back up: 200 again', async () => {
    // The cache and sessions in memory (always reachable): only the usage log depends on Postgres.
    service = await startService({
      ...offlineEnv(),
      LANTERN_CACHE_STORE: 'memory',
      LANTERN_USAGE_STORE: postgres().url,
    });
    expect(await ready()).toEqual({
      status: 200,
      body: { ready: true, draining: false, store: 'reachable', usageStore: 'reachable', circuit: 'offline' },
    });

    await postgres().stop();
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: {
          ready: false,
          draining: false,
          store: 'reachable',
          usageStore: 'unreachable',
          circuit: 'offline',
        },
      });
    } finally {
      await postgres().start();
    }
    expect(await ready()).toMatchObject({ status: 200, body: { ready: true, usageStore: 'reachable' } });
  }, 90_000);

  it('Postgres not running when the service starts: 503 until it comes up', async () => {
    await postgres().stop();
    try {
      service = await startService({
        ...offlineEnv(),
        LANTERN_CACHE_STORE: 'memory',
        LANTERN_USAGE_STORE: postgres().url,
      });
      expect(await ready()).toMatchObject({ status: 503, body: { ready: false, usageStore: 'unreachable' } });
    } finally {
      await postgres().start();
    }
    expect(await ready()).toMatchObject({ status: 200, body: { ready: true, usageStore: 'reachable' } });
  }, 90_000);
});
