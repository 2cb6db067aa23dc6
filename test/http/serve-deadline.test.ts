import { describe, expect, it } from 'vitest';
import { fakeModelEnv, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import {
  type LanternService,
  postJson,
  serviceWithModelPerSuite,
  startService,
} from '../support/lantern-service.js';

// Long enough for the model request to be made even on a busy machine (the first request loads the grammar and the SDK).
const DEADLINE_MS = 6_000;
const UNDERSTAND = { code: 'def total(items):\n    return sum(items)\n', language: 'python', line: 2 };

describe('each request has a deadline (service.requestTimeoutMs)', () => {
  it('a model that never answers: 504 at the deadline, and the model request is dropped', async () => {
    const fake = await FakeModelServer.start();
    let service: LanternService | undefined;
    try {
      const env = fakeModelEnv('anthropic', fake);
      writeUserConfig(env, { service: { requestTimeoutMs: DEADLINE_MS } });
      service = await startService(env);
      fake.script({ kind: 'hang' });
      const pending = postJson(`${service.url}/api/v1/understand`, UNDERSTAND);
      const modelRequest = await fake.waitForRequests(1);
      const { status, body } = await pending;
      expect(status).toBe(504);
      expect(body.message).toBe(`the request's deadline of ${DEADLINE_MS} ms passed before the answer`);
      await modelRequest.closed;
    } finally {
      await service?.stop();
      await fake.close();
    }
  });
});

describe('a client that leaves (the default deadline: 120 s)', () => {
  const started = serviceWithModelPerSuite();

  it('cancels its model call, and the service goes on', async () => {
    const { fake, service } = started();
    fake.script({ kind: 'hang' });
    const client = new AbortController();
    const pending = fetch(`${service.url}/api/v1/understand`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(UNDERSTAND),
      signal: client.signal,
    }).catch(() => 'aborted');
    const modelRequest = await fake.waitForRequests(1);
    client.abort();
    expect(await pending).toBe('aborted');
    // Resolves only when the service drops the model call: long before the deadline, or the test times out.
    await modelRequest.closed;
    expect((await fetch(`${service.url}/api/v1/health`)).status).toBe(200);
  });
});
