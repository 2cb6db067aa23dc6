import { afterEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, offlineEnv, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type LanternService, postJson, startService } from '../support/lantern-service.js';
import { unusedPort } from '../support/redis-server.js';

const UNDERSTAND = { code: 'def total(items):\n    return sum(items)\n', language: 'python', line: 2 };
const ANSWER = 'Sums the items.';

describe('lantern serve drains on SIGTERM', () => {
  let fake: FakeModelServer | undefined;
  let service: LanternService | undefined;
  afterEach(async () => {
    service?.child.kill('SIGKILL');
    await fake?.close();
  });

  it('the request in flight completes, readiness and new requests get 503, liveness stays, exit code 0', async () => {
    fake = await FakeModelServer.start();
    let release: () => void = () => undefined;
    fake.script({ kind: 'gate', text: ANSWER, release: new Promise<void>((resolve) => (release = resolve)) });
    service = await startService(fakeModelEnv('anthropic', fake));
    const url = service.url;

    const inFlight = postJson(`${url}/api/v1/understand`, UNDERSTAND);
    await fake.waitForRequests(1);
    service.child.kill('SIGTERM');
    await service.waitForLog('draining');

    const ready = await fetch(`${url}/api/v1/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, draining: true });
    const refused = await postJson(`${url}/api/v1/understand`, UNDERSTAND);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.message).toBe('the service is shutting down; retry on another replica');
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    expect(fake.requests).toHaveLength(1);

    release();
    const completed = await inFlight;
    expect(completed.status).toBe(200);
    expect(completed.body.explanation).toBe(ANSWER);
    expect(await service.exited).toBe(0);
  });

  it('with nothing in flight it exits 0 at once', async () => {
    service = await startService(offlineEnv());
    expect(await service.stop()).toBe(0);
    expect(service.stdout()).toContain('"msg":"stopped"');
  });
});

describe('GET /api/v1/ready', () => {
  let service: LanternService | undefined;
  afterEach(async () => {
    await service?.stop();
  });

  it('503 when the store is unreachable (a redis URL nothing listens on); liveness stays 200', async () => {
    const env = offlineEnv();
    writeUserConfig(env, { cache: { store: `redis://127.0.0.1:${await unusedPort()}` } });
    service = await startService(env);
    const ready = await fetch(`${service.url}/api/v1/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      ready: false,
      draining: false,
      store: 'unreachable',
      // The usage log is kept in the cache's store when cache.usageStore is not set.
      usageStore: 'unreachable',
      circuit: 'offline',
    });
    expect((await fetch(`${service.url}/api/v1/health`)).status).toBe(200);
  });
});
