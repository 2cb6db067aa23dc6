import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, runLantern } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';

const ANSWER = 'Adds the item, or tops up the stock of one already there.';
const TARGET = 'examples/inventory.py:22';

describe('lantern cache clear', () => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('empties the cache: the next explain asks the model again', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const env = fakeModelEnv('anthropic', fake);
    await runLantern(env, ['explain', TARGET]);
    const cached = await runLantern(env, ['explain', TARGET]);
    expect(cached.stdout).toContain('· cached');
    expect(fake.requests).toHaveLength(1);

    const clear = await runLantern(env, ['cache', 'clear']);
    expect(clear.stderr).toBe('');
    expect(clear.code).toBe(0);
    expect(clear.stdout).toMatch(/^cleared the response cache \(.*lantern.*\)\n$/);

    fake.script({ kind: 'text', text: ANSWER });
    const fresh = await runLantern(env, ['explain', TARGET]);
    expect(fresh.stdout).toContain(ANSWER);
    expect(fresh.stdout).not.toContain('· cached');
    expect(fake.requests).toHaveLength(2);
  });

  it('refuses anything but `clear`, with the usage', async () => {
    const run = await runLantern(fakeModelEnv('anthropic', fake), ['cache', 'drop']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('usage: lantern cache clear');
  });
});
